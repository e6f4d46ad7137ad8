package locale

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// messages reads one catalogue file as go-i18n does.
func messages(t *testing.T, lang string) map[string]*i18n.Message {
	t.Helper()
	b, err := catalogues.ReadFile("catalogue/" + lang + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := i18n.ParseMessageFileBytes(b, lang+".toml", map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
	if err != nil {
		t.Fatalf("%s.toml: %v", lang, err)
	}
	out := map[string]*i18n.Message{}
	for _, m := range f.Messages {
		out[m.ID] = m
	}
	return out
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

func placeholders(m *i18n.Message) []string {
	var out []string
	for _, s := range []string{m.One, m.Other} {
		for _, p := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, p[1]) {
				out = append(out, p[1])
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestCataloguesComplete fails when a key exists in one language and not in
// another, when a counted text lacks a plural form either language needs, or
// when a translation drops or invents a placeholder.
func TestCataloguesComplete(t *testing.T) {
	all := map[string]map[string]*i18n.Message{}
	for _, lang := range Languages {
		all[lang] = messages(t, lang)
		if len(all[lang]) == 0 {
			t.Fatalf("%s.toml has no texts", lang)
		}
	}
	for _, lang := range Languages {
		for _, other := range Languages {
			if lang == other {
				continue
			}
			for key, m := range all[lang] {
				twin, ok := all[other][key]
				if !ok {
					t.Errorf("%s has %q, %s lacks it", lang, key, other)
					continue
				}
				if (m.One != "") != (twin.One != "") {
					t.Errorf("%q: plural form \"one\" in %s but not in %s (or the other way)", key, lang, other)
				}
				if m.Other == "" {
					t.Errorf("%s %q: empty text", lang, key)
				}
				if a, b := placeholders(m), placeholders(twin); !slices.Equal(a, b) {
					t.Errorf("%q: placeholders %v in %s, %v in %s", key, a, lang, b, other)
				}
			}
		}
	}
}

func TestMatch(t *testing.T) {
	for header, want := range map[string]string{
		"de":                         "de",
		"de-CH":                      "de",
		"de-CH,de;q=0.9,en;q=0.8":    "de",
		"en-US,en;q=0.9":             "en",
		"fr-CH, fr;q=0.9, de;q=0.7":  "de",
		"en;q=0.5, de-AT":            "de",
		"fr":                         "",
		"":                           "",
		"*":                          "",
		"not a language header ;;;=": "",
	} {
		got, ok := Match(header)
		if got != want || ok != (want != "") {
			t.Errorf("Match(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
}

func TestPrinter(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, time.March, 2, 14, 5, 0, 0, time.UTC)
	for _, tt := range []struct {
		lang, got, want string
	}{
		{"en", c.For("en").Number(1234.5), "1,234.5"},
		{"de", c.For("de").Number(1234.5), "1.234,5"},
		{"de", c.For("de").Number(12), "12"},
		{"de", c.For("de").Fixed(72.5, 1), "72,5"},
		{"en", c.For("en").Date(when), "2 March 2026"},
		{"de", c.For("de").Date(when), "2. März 2026"},
		{"de", c.For("de").ShortDate(when), "02.03.2026"},
		{"en", c.For("en").DateTime(when), "2 March 2026 at 14:05 UTC"},
		{"de", c.For("de").DateTime(when), "2. März 2026 um 14:05 UTC"},
		{"de", c.For("de").T("layout.sign_out"), "Abmelden"},
		{"de", c.For("de").T("no.such.key"), "no.such.key"},
		{"fr", c.For("fr").T("layout.sign_out"), "Sign out"},
		{"de", c.For("de").T("layout.title", "Title", "Übersicht"), "Übersicht · Readiness"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, tt.got, tt.want)
		}
	}
}

// TestPlurals checks that counted texts pick the language's plural form.
func TestPlurals(t *testing.T) {
	c := Embedded()
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 question"},
		{"en", 2, "2 questions"},
		{"en", 0, "0 questions"},
		{"de", 1, "1 Frage"},
		{"de", 2, "2 Fragen"},
		{"de", 1200, "1.200 Fragen"},
	} {
		if got := c.For(tt.lang).Tn("plural.questions", tt.n); got != tt.want {
			t.Errorf("%s Tn(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
