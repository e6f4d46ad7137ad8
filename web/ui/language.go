package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// Languages. A page's language is chosen per request, in the contract's
// order: the language switch (a ?lang= link in every page's footer, kept in
// a cookie for that browser), then the first language of Accept-Language the
// interface has (de-CH is de), then, on respondent pages, the assessment's
// language, else English. The page struct carries the choice, render picks
// that language's templates, and <html lang> says which one it is.

const (
	langCookie  = "lang"
	langChosen  = "ui.lang"          // the ?lang= of this request
	langDefault = "ui.lang.fallback" // the assessment's language on respondent pages
)

// languageSwitch lets ?lang=xx on any page choose the language for this
// browser: the page answers in it at once and the cookie keeps it. A
// language the interface lacks is ignored.
func (s *handler) languageSwitch(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if l := c.QueryParam("lang"); locale.Supported(l) {
			c.SetCookie(&http.Cookie{Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 60 * 60,
				HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
			c.Set(langChosen, l)
		}
		return next(c)
	}
}

// language is the language the page of this request is shown in.
func (s *handler) language(c echo.Context) string {
	if l, ok := c.Get(langChosen).(string); ok {
		return l
	}
	if ck, err := c.Cookie(langCookie); err == nil && locale.Supported(ck.Value) {
		return ck.Value
	}
	if l, ok := locale.Match(c.Request().Header.Get("Accept-Language")); ok {
		return l
	}
	if l, ok := c.Get(langDefault).(string); ok && locale.Supported(l) {
		return l
	}
	return locale.Default
}

// respondentLanguage makes the assessment's language the fallback of a
// respondent's page (after the switch and the browser's own languages).
// Call it before anything on the page is worded.
func (s *handler) respondentLanguage(c echo.Context, a *assessment.Assessment) {
	if l := assessmentLanguage(a); l != "" {
		c.Set(langDefault, l)
	}
}

// assessmentLanguage is the language an assessment asks its respondents and
// its report to use; "" when it names none.
func assessmentLanguage(a *assessment.Assessment) string { return a.Language }

// printer words this request's page.
func (s *handler) printer(c echo.Context) *locale.Printer { return s.locale.For(s.language(c)) }

// T is the text of key in this request's language (see locale.Printer.T).
func (s *handler) T(c echo.Context, key string, pairs ...any) string {
	return s.printer(c).T(key, pairs...)
}

// Tn is the text of key for a count n in this request's language.
func (s *handler) Tn(c echo.Context, key string, n int, pairs ...any) string {
	return s.printer(c).Tn(key, n, pairs...)
}

// langLink is one entry of the language switch.
type langLink struct {
	Lang, Name, URL string
}

// switchLinks are links to this page in the other languages. A page shown
// in answer to a POST (a form with its errors) links to the same address,
// which every such page also answers on GET.
func switchLinks(c echo.Context, current string) []langLink {
	var out []langLink
	for _, l := range locale.Languages {
		if l == current {
			continue
		}
		u := *c.Request().URL
		q := u.Query()
		q.Set("lang", l)
		u.RawQuery = q.Encode()
		out = append(out, langLink{Lang: l, Name: locale.Names[l], URL: (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String()})
	}
	return out
}

// response loads a respondent's questionnaire for their page and settles
// its language first: the assessment's language becomes the page's
// fallback, and the model's texts come in the page's language where the
// model has it (ids, options and scores are the same in every language, so
// answers stored by id read the same after a switch).
func (s *handler) response(c echo.Context, token string) (*assessment.Response, error) {
	r, err := s.svc.Response(c.Request().Context(), token)
	if err != nil {
		return nil, err
	}
	s.respondentLanguage(c, &r.Assessment)
	ix, err := s.modelIn(c, r.Assessment.WorkspaceID, r.Index, s.language(c))
	if err != nil {
		return nil, err
	}
	r.Index = ix
	return r, nil
}

// modelIn is ix with the model's texts (stages, capabilities, questions,
// help, option labels) in lang; ix itself when the model has no such
// translation (it then keeps its default language).
func (s *handler) modelIn(c echo.Context, workspaceID string, ix *assessment.Index, lang string) (*assessment.Index, error) {
	l, err := s.svc.Localize(c.Request().Context(), workspaceID, ix.Model(), lang)
	if err != nil {
		return nil, fmt.Errorf("model in %s: %w", lang, err)
	}
	if l.Model == nil || l.Model == ix.Model() {
		return ix, nil
	}
	return assessment.NewIndex(l.Model), nil
}

// scriptTexts are the words respond.js and follow.js show, in p's language,
// as JSON for a data attribute; {name} marks what the script fills in.
func scriptTexts(p *locale.Printer) string {
	texts := map[string]string{
		"saving":      p.T("respond.js_saving"),
		"saved":       p.T("respond.js_saved"),
		"notSaved":    p.T("respond.js_not_saved", "Message", "{msg}"),
		"offline":     p.T("respond.js_offline"),
		"offlineLong": p.T("respond.js_offline_long"),
		"oneFailed":   p.T("respond.js_one_failed", "Number", "{n}", "Message", "{msg}"),
		"manyFailed":  p.T("respond.js_many_failed", "Count", "{n}"),
		"retry":       p.T("respond.js_retry"),
		"progress":    p.T("respond.progress", "Answered", "{answered}", "Total", "{total}"),
		"chooseFirst": p.T("respond.err_choose_for_comment"),
		"tickFirst":   p.T("respond.js_tick"),
		"numberFirst": p.T("respond.js_number", "Min", "{min}", "Max", "{max}"),
		"submitted":   p.T("respond.js_submitted"),
		"serverSaid":  p.T("respond.js_server_said", "Message", "{msg}"),
		"movedTo":     p.T("respond.js_moved_to", "Title", "{title}"),
		"moved":       p.T("respond.js_moved"),
	}
	b, err := json.Marshal(texts)
	if err != nil {
		return "{}"
	}
	return string(b)
}
