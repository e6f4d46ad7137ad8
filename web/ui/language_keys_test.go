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
