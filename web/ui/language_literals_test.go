package ui

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// templateAction is a template action, {{...}}, with its trim markers.
var templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)

// wordy matches text a reader would read: two letters in a row. Symbols,
// numbers, punctuation and entities (&middot;) pass.
var wordy = regexp.MustCompile(`\pL\pL`)

// names are words that are the same in every language: the product's
// name and formats. A text made only of them needs no key.
var names = regexp.MustCompile(`\b(Readiness|DC/OS|CSV|JSON|PDF|API|QR)\b`)

// readAttributes are the attributes whose values people read or hear.
var readAttributes = []string{"title", "alt", "placeholder", "aria-label", "aria-description", "value", "content", "data-confirm", "data-label"}

// untranslatedTemplates are pages not yet worded through the catalogue;
// the list only shrinks.
var untranslatedTemplates = []string{}

// TestTemplatesHaveNoLiteralText fails when a template holds words of its
// own, outside {{T ...}}: they would show in English on a German page.
// Template actions are blanked out, then the HTML is tokenised, and every
// text node and read attribute must be free of words.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	checked := 0
	err := fs.WalkDir(content, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := content.ReadFile(p)
		if err != nil {
			return err
		}
		checked++
		found := literalTexts(string(b))
		pending := slices.Contains(untranslatedTemplates, strings.TrimPrefix(p, "templates/"))
		switch {
		case pending && len(found) == 0:
			t.Errorf("%s has no literal text any more: take it off untranslatedTemplates", p)
		case !pending:
			for _, s := range found {
				t.Errorf("%s: literal text %q: word it with {{T \"key\"}} and put the key in both catalogues", p, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d templates", checked)
	}
}

// literalTexts returns the words of src, a template, that are not inside an
// action: text nodes, and the attributes of readAttributes.
func literalTexts(src string) []string {
	// An action becomes a placeholder without letters, so that "{{.Name}}'s"
	// leaves "'s" and an attribute value "{{T "x"}}" leaves nothing.
	blank := templateAction.ReplaceAllString(src, "\x00")
	z := html.NewTokenizer(strings.NewReader(blank))
	var out []string
	skip := 0 // inside <script>, <style> or <code>: not prose
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if skip > 0 {
				continue
			}
			s := strings.TrimSpace(strings.ReplaceAll(string(z.Text()), "\x00", " "))
			if wordy.MatchString(names.ReplaceAllString(s, "")) {
				out = append(out, s)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if notProse(string(name)) {
				skip++
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if !slices.Contains(readAttributes, string(k)) {
					continue
				}
				if s := strings.TrimSpace(strings.ReplaceAll(string(v), "\x00", " ")); wordy.MatchString(s) && !isMachineValue(string(k), s) {
					out = append(out, string(k)+"="+s)
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); notProse(string(name)) {
				skip = max(0, skip-1)
			}
		}
	}
}

func notProse(tag string) bool { return tag == "script" || tag == "style" || tag == "code" }

// isMachineValue says whether an attribute's value is for the browser, not
// a person: a <meta content> such as "noindex" or a viewport, an input's
// value that is an id.
func isMachineValue(attr, v string) bool {
	switch attr {
	case "content":
		return true // <meta>: viewport, robots, referrer
	case "value":
		return !strings.Contains(v, " ") // ids and codes; a sentence is for reading
	}
	return false
}
