// Package locale holds the interface's texts in every language Readiness
// speaks, and the formatting of numbers and dates that goes with each. Pages
// (web/ui) and reports (web/report) take a Printer for one language and ask
// it for texts by key; the model's own texts (questions, options) come from
// the model's translations, not from here.
//
// The catalogues are TOML files under catalogue/, one per language, read by
// github.com/nicksnyder/go-i18n: a key is "section.name", a text with a
// count has CLDR plural forms ("one", "other"), and a text's {{.Name}}
// placeholders are filled from the arguments of T and Tn.
package locale

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Default is the language shown when nothing else chooses one.
const Default = "en"

// Languages are the languages the interface has, in the order the language
// switch lists them. Every one has catalogue/LANG.toml.
var Languages = []string{"en", "de"}

// Names are the languages' names in their own language, for the switch.
var Names = map[string]string{"en": "English", "de": "Deutsch"}

//go:embed catalogue/*.toml
var catalogues embed.FS

// Catalogue is every language's texts, parsed once.
type Catalogue struct {
	bundle   *i18n.Bundle
	printers map[string]*Printer
}

// Load parses the embedded catalogues.
func Load() (*Catalogue, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalogue{bundle: b, printers: map[string]*Printer{}}
	for _, lang := range Languages {
		if _, err := b.LoadMessageFileFS(catalogues, "catalogue/"+lang+".toml"); err != nil {
			return nil, fmt.Errorf("locale: load %s: %w", lang, err)
		}
	}
	for _, lang := range Languages {
		tag := language.Make(lang)
		c.printers[lang] = &Printer{lang: lang, loc: i18n.NewLocalizer(b, lang), num: message.NewPrinter(tag)}
	}
	return c, nil
}

// embedded is the catalogue of this binary; its files are fixed at build
// time, so parsing them once serves every caller.
var embedded = sync.OnceValues(Load)

// Embedded returns the catalogue built into the binary.
func Embedded() *Catalogue {
	c, err := embedded()
	if err != nil {
		panic(err) // the embedded files are checked by the package's tests
	}
	return c
}

// For returns the printer of lang; an unknown or empty lang gets Default's.
func (c *Catalogue) For(lang string) *Printer {
	if p, ok := c.printers[lang]; ok {
		return p
	}
	return c.printers[Default]
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Match returns the first language of an Accept-Language header, in the
// order of its weights, that the interface has; a regional variant counts as
// its language (de-CH is de). ok is false when the header names none.
func Match(acceptLanguage string) (lang string, ok bool) {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil {
		return "", false
	}
	for _, t := range tags {
		base, conf := t.Base()
		if conf == language.No {
			continue
		}
		if b := base.String(); Supported(b) {
			return b, true
		}
	}
	return "", false
}

// Printer words texts, numbers and dates in one language. It is safe for
// concurrent use.
type Printer struct {
	lang string
	loc  *i18n.Localizer
	num  *message.Printer
}

// Lang is the printer's language code, as <html lang> wants it.
func (p *Printer) Lang() string { return p.lang }

// T returns the text of key, its placeholders filled from name, value pairs:
// T("respond.step", "Step", 2, "Steps", 9). A key missing from the
// catalogue comes back as itself, so a gap shows on the page instead of
// breaking it (and the package's tests catch it first).
func (p *Printer) T(key string, pairs ...any) string {
	return p.localize(key, nil, pairs)
}

// Tn is T for a text that depends on a count n: the plural form of n in the
// printer's language, with n as {{.Count}} (already formatted as a number).
func (p *Printer) Tn(key string, n int, pairs ...any) string {
	return p.localize(key, n, append([]any{"Count", p.Number(n)}, pairs...))
}

func (p *Printer) localize(key string, count any, pairs []any) string {
	data := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if name, ok := pairs[i].(string); ok {
			data[name] = pairs[i+1]
		}
	}
	s, err := p.loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return key
	}
	return s
}

// Number formats an int or a float (up to two decimals) the way the
// language writes numbers: 1,234.5 in English, 1.234,5 in German.
func (p *Printer) Number(v any) string {
	switch x := v.(type) {
	case float64:
		return p.num.Sprint(number.Decimal(x, number.MaxFractionDigits(2)))
	case float32:
		return p.num.Sprint(number.Decimal(x, number.MaxFractionDigits(2)))
	default:
		return p.num.Sprint(number.Decimal(v))
	}
}

// Fixed formats f with exactly digits decimals: 72.5 → "72,5" in German.
func (p *Printer) Fixed(f float64, digits int) string {
	return p.num.Sprint(number.Decimal(f, number.Scale(digits)))
}

var months = map[string][12]string{
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}

// Date formats the day of t (in t's location): "2 March 2026", "2. März 2026".
func (p *Printer) Date(t time.Time) string {
	switch p.lang {
	case "de":
		return fmt.Sprintf("%d. %s %d", t.Day(), months["de"][t.Month()-1], t.Year())
	default:
		return t.Format("2 January 2006")
	}
}

// ShortDate formats the day of t compactly: "2 Mar 2026", "02.03.2026".
func (p *Printer) ShortDate(t time.Time) string {
	switch p.lang {
	case "de":
		return t.Format("02.01.2006")
	default:
		return t.Format("2 Jan 2006")
	}
}

// DateTime formats t with its time of day and zone: "2 March 2026 at 14:05
// UTC", "2. März 2026 um 14:05 UTC".
func (p *Printer) DateTime(t time.Time) string {
	return p.T("format.datetime", "Date", p.Date(t), "Time", t.Format("15:04"), "Zone", zone(t))
}

func zone(t time.Time) string {
	name, _ := t.Zone()
	return strings.TrimSpace(name)
}
