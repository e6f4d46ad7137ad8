package questionnaires

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/readiness/readiness/assessment"
)

// The fixture: a small model and its complete German translation.
var (
	fixtureDir         = filepath.Join("testdata", "translations")
	fixtureTranslation = filepath.Join(fixtureDir, "acme-platform-2.10.3.de.yaml")
)

func fixtureModel(t testing.TB) *assessment.Model {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, "acme-platform.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, ps := Parse("acme-platform.yaml", data)
	if len(ps) > 0 {
		t.Fatal(Problems(ps))
	}
	return m
}

func fixtureText(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(fixtureTranslation)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lineOf is the 1-based line of the first occurrence of marker in text.
func lineOf(t *testing.T, text, marker string) int {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("marker %q not in the text", marker)
	}
	return strings.Count(text[:i], "\n") + 1
}

func TestFixtureTranslationIsClean(t *testing.T) {
	if ps := LintFiles([]string{fixtureTranslation}); len(ps) > 0 {
		t.Fatal(Problems(ps))
	}
}

// TestParseTranslationProblems breaks the fixture one way at a time and
// expects each problem at the line an author must fix: an unknown id where
// it is written, a missing text at the entry (or section) it belongs in.
func TestParseTranslationProblems(t *testing.T) {
	type want struct {
		marker string // the problem's line is this text's, in the broken file
		msg    string
	}
	for name, tt := range map[string]struct {
		old, new string
		wants    []want
	}{
		"missing help": {
			"    help: Ohne ihn kommt die Arbeit zum Stillstand.\n", "",
			[]want{{"  sponsor:", `question "sponsor": help has no translation`}},
		},
		"missing option label": {
			"      daily: Täglich\n", "",
			[]want{{"    options:\n      never", `question "ci-builds": option "daily" has no translation`}},
		},
		"missing question": {
			"  ci-notes:\n    text: Noch etwas zu Ihren Builds?\n    help: Freitext für die Workshop-Notizen.\n", "",
			[]want{{"questions:", `question "ci-notes" has no translation`}},
		},
		"missing recommendation": {
			"      middling: Schreiben Sie die Vision auf.\n", "",
			[]want{{"    recommendations:\n      low: Finden", `capability "leadership": recommendations: middling has no translation`}},
		},
		"missing stage description": {
			"    description: Services als Images paketieren.\n", "",
			[]want{{"  containers:", `stage "containers": description has no translation`}},
		},
		"unknown question": {
			"  ci-notes:", "  ci-note:",
			[]want{
				{"questions:", `question "ci-notes" has no translation`},
				{"  ci-note:", `unknown question "ci-note": acme-platform@2.10.3 has no such question (did you mean "ci-notes"?)`},
			},
		},
		"unknown option": {
			"      lint: Linter", "      lnt: Linter",
			[]want{
				{"    options:\n      unit", `question "ci-tools": option "lint" has no translation`},
				{"      lnt: Linter", `unknown option "lnt"`},
			},
		},
		"unknown capability": {
			"  images:\n", "  pictures:\n",
			[]want{
				{"capabilities:", `capability "images" has no translation`},
				{"  pictures:", `unknown capability "pictures"`},
			},
		},
		"unknown key": {
			"    text: Wie oft", "    txt: Wie oft",
			[]want{{"    txt: Wie oft", `question "ci-builds": unknown key "txt" (did you mean "text"?)`}},
		},
		"text the model lacks": {
			"  ci:\n    title: Continuous Integration\n", "  ci:\n    title: Continuous Integration\n    description: Bauen.\n",
			[]want{{"    description: Bauen.", `stage "ci" has no description in the model to translate`}},
		},
		"options of a scale question": {
			"    help: Nur Images laufen auf der Plattform.\n", "    help: Nur Images laufen auf der Plattform.\n    options: {a: b}\n",
			[]want{{"    options: {a: b}", `question "image-share" has no options to translate`}},
		},
		"unknown model": {
			"version: 2.10.3}", "version: 9.9.9}",
			[]want{{"translation_of:", "there is no questionnaire acme-platform version 9.9.9 to translate"}},
		},
		"default language": {
			"lang: de", "lang: en",
			[]want{{"lang: en", `lang "en" is the models' own language`}},
		},
		"bad language": {
			"lang: de", "lang: Deutsch",
			[]want{{"lang: Deutsch", `lang "Deutsch" must be a language tag`}},
		},
		"empty text": {
			"    text: Gibt es einen Sponsor in der Geschäftsleitung?", "    text: ''",
			[]want{{"    text: ''", `question "sponsor": text must not be empty`}},
		},
		"alias": {
			"      never: Nie", "      never: &n Nie\n      x: *n",
			[]want{
				{"      never: &n", "anchors (&n) are not allowed"},
				{"      x: *n", "aliases (*n) are not allowed"},
				{"      x: *n", `unknown option "x"`},
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			m := fixtureModel(t)
			text := fixtureText(t)
			if !strings.Contains(text, tt.old) {
				t.Fatalf("fixture lacks %q", tt.old)
			}
			text = strings.Replace(text, tt.old, tt.new, 1)
			tr, ps := ParseTranslation("t.yaml", []byte(text), func(slug, version string) *assessment.Model {
				if slug == m.Slug && version == m.Version {
					return m
				}
				return nil
			})
			if tr != nil {
				t.Errorf("a translation with problems came back: %+v", tr)
			}
			var wants []Problem
			for _, w := range tt.wants {
				wants = append(wants, Problem{File: "t.yaml", Line: lineOf(t, text, w.marker), Message: w.msg})
			}
			slices.SortStableFunc(wants, func(a, b Problem) int { return a.Line - b.Line })
			for i := range max(len(ps), len(wants)) {
				switch {
				case i >= len(wants):
					t.Errorf("unexpected problem %s", ps[i])
				case i >= len(ps):
					t.Errorf("missing problem %s", wants[i])
				case ps[i].Line != wants[i].Line || !strings.Contains(ps[i].Message, wants[i].Message):
					t.Errorf("problem %d is\n\t%s\nwant\n\t%s", i, ps[i], wants[i])
				}
			}
		})
	}
}

// TestLintFilesTranslation lints translations on disk: each finds its model
// beside it, or says at FILE:LINE that there is none.
func TestLintFilesTranslation(t *testing.T) {
	dir := t.TempDir()
	model, err := os.ReadFile(filepath.Join(fixtureDir, "acme-platform.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	text := fixtureText(t)
	good := write("acme-platform-2.10.3.de.yaml", text)
	missing := write("acme-platform-2.10.3.fr.yaml", strings.NewReplacer("lang: de", "lang: fr",
		"    help: Ohne ihn kommt die Arbeit zum Stillstand.\n", "").Replace(text))
	misnamed := write("acme-2.10.3.nl.yaml", strings.Replace(text, "lang: de", "lang: nl", 1))

	// Without the model beside them, each translation names the unknown model.
	for _, f := range []string{good, missing} {
		ps := LintFiles([]string{f})
		if len(ps) != 1 || ps[0].File != f || ps[0].Line != 3 || !strings.Contains(ps[0].Message, "there is no questionnaire acme-platform version 2.10.3") {
			t.Errorf("lint %s without its model = %v", filepath.Base(f), ps)
		}
	}
	write("acme-platform.yaml", string(model))
	if ps := LintFiles([]string{good}); len(ps) > 0 {
		t.Errorf("lint of a complete translation: %v", ps)
	}
	ps := LintFiles([]string{missing, misnamed})
	want := []string{
		fmt.Sprintf("%s:%d: question \"sponsor\": help has no translation", missing, lineOf(t, text, "  sponsor:")),
		misnamed + ":4: the file is named acme-2.10.3.nl.yaml; name it acme-platform-2.10.3.nl.yaml",
	}
	if len(ps) != len(want) {
		t.Fatalf("lint = %v, want %d problems", ps, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(ps[i].String(), want[i]) {
			t.Errorf("problem %d = %s, want %s...", i, ps[i], want[i])
		}
	}
}

// TestTranslateKeepsStructure applies the German fixture: every id, type,
// option, score, weight and rule stays; the texts change; the model itself
// is left as it was.
func TestTranslateKeepsStructure(t *testing.T) {
	c := &Catalog{}
	if err := c.AddDir(fixtureDir); err != nil {
		t.Fatal(err)
	}
	m, ok := c.Latest("acme-platform")
	if !ok {
		t.Fatal("acme-platform not loaded")
	}
	if got := c.Languages(m.Slug, m.Version); !slices.Equal(got, []string{"en", "de"}) {
		t.Errorf("Languages = %v, want [en de]", got)
	}
	tr, ok := c.Translation(m.Slug, m.Version, "de")
	if !ok {
		t.Fatal("no German translation loaded")
	}
	if _, ok := c.Translation(m.Slug, m.Version, "fr"); ok {
		t.Error("a French translation appeared")
	}
	before := fixtureModel(t)
	de := assessment.Translate(m, tr)
	if !reflect.DeepEqual(m, before) {
		t.Error("Translate changed the model it was given")
	}
	if de.Title != "ACME-Plattform-Reife" || de.Stages[1].Description != "Services als Images paketieren." {
		t.Errorf("title %q, stage description %q: not translated", de.Title, de.Stages[1].Description)
	}
	if got := de.Capabilities[0].RecommendMiddle; got != "Schreiben Sie die Vision auf." {
		t.Errorf("recommendation %q: not translated", got)
	}
	// Blanking every text of both leaves two identical structures.
	if !reflect.DeepEqual(structure(de), structure(m)) {
		t.Errorf("structure changed:\n%+v\nwant\n%+v", structure(de), structure(m))
	}
	q := de.Capabilities[1].Questions[0]
	if q.Text != "Wie oft wird der Hauptzweig gebaut?" || q.Options[3].Label != "Weiß nicht" || q.Options[3].Unscored != assessment.DontKnow {
		t.Errorf("ci-builds = %+v", q)
	}
	for _, c := range de.Capabilities {
		for _, q := range c.Questions {
			for _, o := range q.Options {
				if o.Label == before.Capabilities[0].Questions[0].Options[0].Label && o.ID != "no" {
					t.Errorf("option %s of %s kept its English label %q", o.ID, q.ID, o.Label)
				}
			}
		}
	}
}

// structure is m without any text a translation gives.
func structure(m *assessment.Model) *assessment.Model {
	out := *m
	out.Title, out.Description = "", ""
	out.Stages = slices.Clone(m.Stages)
	for i := range out.Stages {
		out.Stages[i].Title, out.Stages[i].Description = "", ""
	}
	out.Capabilities = slices.Clone(m.Capabilities)
	for i := range out.Capabilities {
		c := &out.Capabilities[i]
		c.Title, c.Description, c.RecommendLow, c.RecommendMiddle = "", "", "", ""
		c.Questions = slices.Clone(c.Questions)
		for j := range c.Questions {
			q := &c.Questions[j]
			q.Text, q.Help = "", ""
			q.Options = slices.Clone(q.Options)
			for k := range q.Options {
				q.Options[k].Label = ""
			}
		}
	}
	return &out
}

func TestIsTranslation(t *testing.T) {
	for name, tt := range map[string]struct {
		file, data string
		want       bool
	}{
		"model":                  {"dcos-readiness.yaml", "slug: x\n", false},
		"versioned model":        {"dcos-readiness-1.0.0.yaml", "slug: x\n", false},
		"translation":            {"dcos-readiness-1.1.0.de.yaml", "", true},
		"regional":               {"acme-1.0.0.pt-BR.yml", "", true},
		"translation by content": {"upload.yaml", "# c\ntranslation_of: {slug: x, version: 1.0.0}\n", true},
	} {
		if got := IsTranslation(tt.file, []byte(tt.data)); got != tt.want {
			t.Errorf("%s: IsTranslation = %v, want %v", name, got, tt.want)
		}
	}
}

// TestCatalogParseModel is the upload path: problems by line without a file
// name, NUL characters refused, a translation sent as a model named.
func TestCatalogParseModel(t *testing.T) {
	c := &Catalog{}
	model, err := os.ReadFile(filepath.Join(fixtureDir, "acme-platform.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if m, ps := c.ParseModel(model); m == nil || len(ps) > 0 {
		t.Fatalf("ParseModel of a valid model: %v", ps)
	}
	for name, tt := range map[string]struct {
		data string
		line int
		msg  string
	}{
		"nul":         {strings.Replace(string(model), "title: ACME platform readiness", `title: "ACME\0"`, 1), lineOf(t, string(model), "title: ACME"), "NUL character"},
		"broken":      {strings.Replace(string(model), "target: 50", "target: 500", 1), lineOf(t, string(model), "target: 50"), "target must be an integer from 1 to 100"},
		"translation": {fixtureText(t), 1, "this file is a translation"},
	} {
		m, ps := c.ParseModel([]byte(tt.data))
		if m != nil || len(ps) != 1 || ps[0].Line != tt.line || !strings.Contains(ps[0].Message, tt.msg) {
			t.Errorf("%s: ParseModel = %v, %v; want one problem at line %d: %s", name, m, ps, tt.line, tt.msg)
		}
	}
	if tr, ps := c.ParseTranslation([]byte(fixtureText(t)), fixtureModel(t)); tr == nil || len(ps) > 0 || tr.Lang != "de" {
		t.Errorf("ParseTranslation of the fixture = %v, %v", tr, ps)
	}
	other := fixtureModel(t)
	other.Version = "3.0.0"
	if _, ps := c.ParseTranslation([]byte(fixtureText(t)), other); len(ps) != 1 || ps[0].Line != 3 {
		t.Errorf("ParseTranslation for another version = %v, want one problem at line 3", ps)
	}
}

// FuzzParseTranslation feeds the translation loader arbitrary bytes checked
// against the fixture model: it must never panic, and whatever it accepts
// names only the model's ids.
func FuzzParseTranslation(f *testing.F) {
	m := fixtureModel(f)
	f.Add([]byte(fixtureText(f)))
	f.Add([]byte("translation_of: {slug: acme-platform, version: 2.10.3}\nlang: de\n"))
	f.Add([]byte("translation_of: [1]\nlang: {a: b}\nquestions: {ci-builds: {options: [x]}}\n"))
	ix := assessment.NewIndex(m)
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, ps := ParseTranslation("fuzz.yaml", data, func(slug, version string) *assessment.Model {
			if slug == m.Slug && version == m.Version {
				return m
			}
			return nil
		})
		if (tr == nil) == (len(ps) == 0) {
			t.Fatalf("ParseTranslation returned %v with %d problems", tr, len(ps))
		}
		for i, p := range ps {
			if p.File != "fuzz.yaml" || p.Line < 0 || p.Message == "" {
				t.Fatalf("malformed problem %#v", p)
			}
			if i > 0 && p.Line < ps[i-1].Line {
				t.Fatalf("problems out of line order: %s after %s", p, ps[i-1])
			}
		}
		if tr == nil {
			return
		}
		for id, qt := range tr.Questions {
			q, _, ok := ix.Question(id)
			if !ok {
				t.Fatalf("accepted unknown question %q", id)
			}
			for oid := range qt.Options {
				if q.Option(oid) == nil {
					t.Fatalf("accepted unknown option %q of %q", oid, id)
				}
			}
		}
		for id := range tr.Capabilities {
			if _, ok := ix.Capability(id); !ok {
				t.Fatalf("accepted unknown capability %q", id)
			}
		}
		// Applying it keeps the structure, whatever it holds.
		if !reflect.DeepEqual(structure(assessment.Translate(m, tr)), structure(m)) {
			t.Fatal("Translate changed the structure")
		}
	})
}

// FuzzCatalogParseModel is the upload path of a model: Parse plus the NUL
// check, which must not panic either.
func FuzzCatalogParseModel(f *testing.F) {
	for _, name := range []string{filepath.Join(fixtureDir, "acme-platform.yaml"), filepath.Join("testdata", "broken", "aliases.yaml")} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	c := &Catalog{}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, ps := c.ParseModel(data)
		if (m == nil) == (len(ps) == 0) {
			t.Fatalf("ParseModel returned %v with %d problems", m, len(ps))
		}
	})
}

// TestBuiltinLoadsTranslations puts a translation beside a built-in model
// in the embedded directory's layout: the catalogue loads it as a
// translation, never as a model, and an incomplete one stops the load.
func TestBuiltinLoadsTranslations(t *testing.T) {
	model, err := builtinFiles.ReadFile("builtin/dcos-readiness.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, ps := Parse("dcos-readiness.yaml", model)
	if len(ps) > 0 {
		t.Fatal(Problems(ps))
	}
	complete := pseudoTranslation(m, "de")
	name := "builtin/" + TranslationFileName(m.Slug, m.Version, "de")
	c, err := builtin(fstest.MapFS{
		"builtin/dcos-readiness.yaml": {Data: model},
		name:                          {Data: []byte(complete)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Languages(m.Slug, m.Version); !slices.Equal(got, []string{"en", "de"}) {
		t.Errorf("Languages = %v", got)
	}
	if len(c.List()) != 1 || len(c.Versions(m.Slug)) != 1 {
		t.Errorf("the translation was loaded as a model: %v", c.List())
	}
	tr, _ := c.Translation(m.Slug, m.Version, "de")
	if de := assessment.Translate(m, tr); de.Capabilities[0].Questions[0].Text != "de: "+m.Capabilities[0].Questions[0].Text {
		t.Errorf("translated text %q", de.Capabilities[0].Questions[0].Text)
	}

	q := m.Capabilities[0].Questions[0]
	incomplete := strings.Replace(complete, "    help: "+quote("de: "+q.Help)+"\n", "", 1)
	if incomplete == complete {
		t.Fatal("the help line was not removed")
	}
	_, err = builtin(fstest.MapFS{"builtin/dcos-readiness.yaml": {Data: model}, name: {Data: []byte(incomplete)}})
	if err == nil || !strings.Contains(err.Error(), name+":") || !strings.Contains(err.Error(), fmt.Sprintf("question %q: help has no translation", q.ID)) {
		t.Errorf("an incomplete built-in translation loaded: %v", err)
	}
}

// pseudoTranslation writes a complete translation of m whose every text is
// the model's own prefixed with the language.
func pseudoTranslation(m *assessment.Model, lang string) string {
	var b strings.Builder
	tx := func(indent, key, s string) {
		if s != "" {
			fmt.Fprintf(&b, "%s%s: %s\n", indent, key, quote(lang+": "+s))
		}
	}
	fmt.Fprintf(&b, "translation_of: {slug: %s, version: %s}\nlang: %s\n", m.Slug, m.Version, lang)
	tx("", "title", m.Title)
	tx("", "description", m.Description)
	b.WriteString("stages:\n")
	for _, s := range m.Stages {
		fmt.Fprintf(&b, "  %s:\n", s.ID)
		tx("    ", "title", s.Title)
		tx("    ", "description", s.Description)
	}
	b.WriteString("capabilities:\n")
	for _, c := range m.Capabilities {
		fmt.Fprintf(&b, "  %s:\n", c.ID)
		tx("    ", "title", c.Title)
		tx("    ", "description", c.Description)
		b.WriteString("    recommendations:\n")
		tx("      ", "low", c.RecommendLow)
		tx("      ", "middling", c.RecommendMiddle)
	}
	b.WriteString("questions:\n")
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			fmt.Fprintf(&b, "  %s:\n", q.ID)
			tx("    ", "text", q.Text)
			tx("    ", "help", q.Help)
			if len(q.Options) > 0 {
				b.WriteString("    options:\n")
				for _, o := range q.Options {
					tx("      ", quote(o.ID), o.Label)
				}
			}
		}
	}
	return b.String()
}

// quote writes s as a double-quoted YAML string (JSON's quoting is valid YAML).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
