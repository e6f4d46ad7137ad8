package ui

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/readiness/readiness/web/locale"
)

// keyUse finds catalogue keys in templates ({{T "respond.next"}}, {{Tn
// "plural.questions" .N}}) and in Go (s.T(c, "respond.next"), p.T("...")).
var keyUse = regexp.MustCompile(`\bTn?(?: |\((?:c, )?)"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

// TestUsedKeysExist fails when a page or handler asks for a text that the
// catalogues lack: it would show its key instead of words.
func TestUsedKeysExist(t *testing.T) {
	cat := locale.Embedded()
	check := func(file string, b []byte) int {
		n := 0
		for _, m := range keyUse.FindAllSubmatch(b, -1) {
			key := string(m[1])
			n++
			for _, lang := range locale.Languages {
				if cat.For(lang).T(key) == key {
					t.Errorf("%s: key %q is missing from %s.toml", file, key, lang)
				}
			}
		}
		return n
	}
	total := 0
	err := fs.WalkDir(content, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := content.ReadFile(p)
		if err != nil {
			return err
		}
		total += check(p, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The PDF report words its headings from the same catalogue.
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	reportFiles, err := filepath.Glob("../report/*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, reportFiles...)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		total += check(f, b)
	}
	if total < 10 {
		t.Fatalf("found only %d uses of catalogue keys: is the pattern still right?", total)
	}
}

// TestMappedKeysExist fails when a domain message or an audit action is
// mapped to a text the catalogues lack: those keys are chosen at run time,
// out of TestUsedKeysExist's sight.
func TestMappedKeysExist(t *testing.T) {
	cat := locale.Embedded()
	var keys []string
	for _, fe := range fieldErrors {
		keys = append(keys, fe.key)
	}
	for _, key := range auditActions {
		keys = append(keys, key)
	}
	for _, key := range keys {
		for _, lang := range locale.Languages {
			if cat.For(lang).T(key) == key {
				t.Errorf("key %q is missing from %s.toml", key, lang)
			}
		}
	}
}

// TestDomainMessagesInGerman: the domain's messages that pages show are
// matched whole, their parts put in place, and a message of no pattern is
// left to the page's English fallback.
func TestDomainMessagesInGerman(t *testing.T) {
	de := locale.Embedded().For("de")
	for msg, want := range map[string]string{
		`questionnaire "fitness" version 1.0.0 is in use by an assessment; delete the assessment first`: "Version 1.0.0 des Fragebogens „fitness“ wird von einem Assessment verwendet; löschen Sie zuerst das Assessment.",
		`the target of ci must be between 0 and 100, not 150`:                                           "Der Zielwert von ci muss zwischen 0 und 100 liegen, nicht bei 150.",
		`no capability "x" in questionnaire dcos-readiness@1.2.0`:                                       "Der Fragebogen hat keine Fähigkeit „x“.",
		`must be at most 2000 characters`:                                                               "Bitte höchstens 2000 Zeichen.",
		`is not a JPEG image that can be read`:                                                          "Das Logo ist kein lesbares JPEG-Bild.",
		`the file is 2000000 bytes; at most 1048576 (1 MiB) are accepted`:                               "Die Datei hat 2000000 Bytes; angenommen werden höchstens 1 MiB.",
	} {
		if got, ok := localMessage(de, msg); !ok || got != want {
			t.Errorf("%q in German: %q, %v; want %q", msg, got, ok, want)
		}
	}
	if got, ok := localMessage(de, "line 3: unknown type multiple"); ok {
		t.Errorf("a lint message was reworded: %q", got)
	}
	if _, ok := localMessage(nil, "is required"); ok {
		t.Error("an English page's message was reworded")
	}
}
