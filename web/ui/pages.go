package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// Pages: how to add one.
//
//  1. Write templates/pages/NAME.html defining "main" (and, for a script or
//     extra stylesheet, "head"); the layout in templates/layout/ wraps it.
//     Add NAME.html to pageNames: every page is parsed at start-up, so a
//     broken template fails the boot (and TestPagesParse).
//  2. Declare one view struct per page that embeds page, and fill it with
//     s.newPage(c, title): the layout reads Title, User and CSRF from it.
//  3. Register the route in routes (ui.go) with signedIn... (consultant pages:
//     CSRF check, then the session; a signed-out browser goes to /login) or
//     s.public... (respondent and join pages: CSRF check only). Handlers call
//     s.render(c, status, "NAME.html", view); it renders into a buffer, so a
//     failed render never sends half a page.
//  4. Every POST form carries the token: {{template "csrf" .}} inside the
//     <form>. A script's fetch sends it in the X-CSRF-Token header, read
//     from <meta name="csrf-token">. Without it a POST answers 403.
//  5. No inline script or style (the CSP forbids both): scripts are files in
//     static/ loaded with <script src="{{asset "x.js"}}" defer> in "head";
//     styles are classes in static/app.css, in the section of your page.
//  6. Errors: return them. A domain NotFound becomes the 404 page (also for
//     another workspace's object); an Invalid error from a form should be
//     caught and the form re-shown with the message beside its field.
//  7. Test the page through httptest (see the helpers of web/webtest) and, for a
//     whole flow, once in Chromium (browser_test.go).

//go:embed templates static
var content embed.FS

// pageNames lists every page; all are parsed at start-up so a broken template fails the boot.
var pageNames = []string{"error.html", "respond.html", "join.html", "login.html", "dashboard.html",
	"organisation.html", "assessment.html", "confirm.html", "questionnaire.html", "results.html", "notes.html", "present.html",
	"account.html", "users.html", "audit.html", "setpassword.html",
	"share.html", "settings.html", "facilitate.html",
	"models.html", "preview.html", "fit.html", "welcome.html", "assessment_preview.html"}

// page is what the layout needs; every view struct embeds it.
type page struct {
	Title string
	// CSRF is the token for this page's POST forms ({{template "csrf" .}}).
	CSRF string
	// User is the signed-in consultant; nil on respondent and sign-in pages.
	User *assessment.User
	// Lang is the language the page is shown in (<html lang>); Switch links
	// to the page in the others.
	Lang   string
	Switch []langLink
	// Brand is the workspace's name, logo and accent in the header; the
	// zero brandView shows Readiness's own.
	Brand brandView
}

// language is the page's language: render picks its templates.
func (p page) language() string { return p.Lang }

// newPage fills the layout's fields for the request being answered.
func (s *handler) newPage(c echo.Context, title string) page {
	lang := s.language(c)
	p := page{Title: title, CSRF: web.CSRFToken(c), Lang: lang, Switch: switchLinks(c, lang)}
	if u, ok := web.SignedIn(c); ok {
		p.User = &u
		p.Brand = s.workspaceBrand(c, u)
	}
	return p
}

// assets serves embedded static files under content-hashed names, cached for good.
type assets struct {
	byName map[string]string // "app.css" → "app.3f2a9c.css"
	byHash map[string][]byte // hashed name → content
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byHash: map[string][]byte{}}
	err := fs.WalkDir(content, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := content.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.byName[name], a.byHash[hashed] = hashed, b
		return nil
	})
	return a, err
}

func (a *assets) url(name string) (string, error) {
	h, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return "/static/" + h, nil
}

// parsePages parses every page once per language: each set's T, Tn and
// formatting functions speak that language, so a template writes
// {{T "key"}} anywhere, inside range and nested templates alike.
func parsePages(a *assets, cat *locale.Catalogue) (map[string]map[string]*template.Template, error) {
	sets := make(map[string]map[string]*template.Template, len(locale.Languages))
	for _, lang := range locale.Languages {
		pages, err := parseLanguage(a, cat.For(lang))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", lang, err)
		}
		sets[lang] = pages
	}
	return sets, nil
}

// languageFuncs are the template functions that word things in p's language.
func languageFuncs(p *locale.Printer) template.FuncMap {
	return template.FuncMap{
		"T":  p.T,
		"Tn": p.Tn,
		// num formats a number: 1.234,5 in German.
		"num": p.Number,
		// date and datetime format a time.Time (shown in UTC).
		"date":     func(t time.Time) string { return p.Date(t.UTC()) },
		"datetime": func(t time.Time) string { return p.DateTime(t.UTC()) },
		"perspectiveSelect": func(id, value, err string) perspectiveField {
			return perspectiveSelect(p, id, value, err)
		},
		// perspectiveName words a perspective; "" is a respondent without one.
		"perspectiveName": func(name string) string {
			if name == "" {
				return p.T("fit.no_perspective")
			}
			return perspectiveLabel(p, name)
		},
		// formName words an assessment's form, "full" or "core".
		"formName": func(form string) string {
			if form == string(assessment.FormCore) {
				return p.T("fit.core_name")
			}
			return p.T("fit.full_name")
		},
		// languageName names a model's language by its code: "Deutsch (de)";
		// a language the interface does not speak keeps its code.
		"languageName": func(code string) string {
			if name, ok := locale.Names[code]; ok {
				return name + " (" + code + ")"
			}
			return code
		},
		// score says how an option scores, on the questionnaire page.
		"score": func(o assessment.Option) string { return optionScore(p, o) },
		// auditAction words an action of the audit log.
		"auditAction": func(action string) string { return auditActionLabel(p, action) },
	}
}

func parseLanguage(a *assets, p *locale.Printer) (map[string]*template.Template, error) {
	funcs := template.FuncMap{"asset": a.url, "paragraphs": paragraphs, "field": field, "optionalField": optionalField, "plural": plural, "deref": number,
		"passwordField": passwordField, "emailField": emailField,
		"percent": func(n, of int) int {
			if of <= 0 {
				return 0
			}
			return n * 100 / of
		}}
	maps.Copy(funcs, languageFuncs(p))
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(content, "templates/layout/*.html", "templates/pages/"+name)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a failed render never sends half a page.
func (s *handler) render(c echo.Context, status int, name string, data any) error {
	lang := s.language(c)
	if v, ok := data.(interface{ language() string }); ok && locale.Supported(v.language()) {
		lang = v.language() // the language the view's own texts were worded in
	}
	t, ok := s.pages[lang][name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

type errorPage struct {
	page
	Status  int
	Message string
}

// errorPage shows a failure in the page's language. The detail of a
// failure (a domain rule, echo's wording) is English: other languages get
// their catalogue's sentence for the status instead.
func (s *handler) errorPage(c echo.Context, status int, message string) error {
	p := s.printer(c)
	switch {
	case status == http.StatusNotFound:
		message = p.T("error.not_found")
	case status == http.StatusRequestEntityTooLarge:
		message = p.T("error.too_large")
	case status >= http.StatusInternalServerError:
		message = p.T("error.internal")
	case p.Lang() == locale.Default:
	case status == http.StatusForbidden:
		message = p.T("error.forbidden")
	default:
		message = p.T("error.generic")
	}
	title := http.StatusText(status)
	if key := fmt.Sprintf("error.status_%d", status); p.T(key) != key {
		title = p.T(key)
	}
	return s.render(c, status, "error.html", errorPage{page: s.newPage(c, title), Status: status, Message: message})
}
