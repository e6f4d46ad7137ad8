package ui

import (
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The respondent's page shows the questionnaire's texts (titles, questions,
// help, option labels) in the respondent's language when the model has it:
// the same ids, options and scores, so answers stay comparable.

// modelLangKey keeps, per request, the language the model's texts are
// shown in, for the page's lang attribute.
const modelLangKey = "readiness.modelLang"

// responseFor is the respondent's answers and progress with the questions
// in lang as assessment.Service.Localize chooses it (the model's default
// language when it lacks lang; "de-CH" reads German). Page handlers call it
// instead of Service.Response; it returns the language shown.
func (s *handler) responseFor(c echo.Context, token, lang string) (*assessment.Response, string, error) {
	ctx := c.Request().Context()
	r, err := s.svc.Response(ctx, token)
	if err != nil {
		return nil, "", err
	}
	l, err := s.svc.Localize(ctx, r.Assessment.WorkspaceID, r.Index.Model(), lang)
	if err != nil {
		return nil, "", err
	}
	if l.Model != r.Index.Model() {
		r.Index = assessment.NewIndex(l.Model) // same ids: the answers still match
	}
	c.Set(modelLangKey, l.Lang)
	return r, l.Lang, nil
}

// respondentLang is the language the respondent reads in. For now the
// browser's first Accept-Language; the page's language choice (a switch
// kept per browser, then Accept-Language, then the assessment's language)
// takes its place.
func (s *handler) respondentLang(c echo.Context) string {
	first, _, _ := strings.Cut(c.Request().Header.Get("Accept-Language"), ",")
	tag, _, _ := strings.Cut(strings.TrimSpace(first), ";")
	primary, region, found := strings.Cut(strings.TrimSpace(tag), "-")
	if primary == "*" {
		return ""
	}
	if found {
		return strings.ToLower(primary) + "-" + strings.ToUpper(region)
	}
	return strings.ToLower(primary)
}

// modelLang is the language responseFor chose for this request's page.
func modelLang(c echo.Context) string {
	l, _ := c.Get(modelLangKey).(string)
	return l
}
