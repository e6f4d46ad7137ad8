package ui

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// Fitting an assessment to its engagement: the start page (questionnaire
// and version, scope, targets, form, language, welcome note, title and
// mode) and the same choices, bar the questionnaire, on an assessment's
// fit page. Both work without script: "Update the estimates" posts the
// form back and shows it again with the question counts and warnings of
// what is ticked, without saving anything.
//
//	GET  /organisations/{id}/start              the start page (?questionnaire=&questionnaire_version=)
//	POST /organisations/{id}/assessments        start (action=check: show the form again)
//	GET  /assessments/{id}/fit                  the fit page
//	POST /assessments/{id}/fit                  save (action=check: show the form again)

func (s *handler) fitRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/organisations/:id/start", s.startPage, mw...)
	s.echo.GET("/assessments/:id/fit", s.fitPageGet, mw...)
	s.echo.POST("/assessments/:id/fit", s.saveFitPage, mw...)
}

// fitFields are the form fields of a fit; the start page adds title,
// mode, questionnaire and questionnaire_version. "scope" and "targets"
// only carry their errors: the boxes and numbers are read apart.
var fitFields = []string{"form", "language", "welcome", "scope", "targets"}

type fitPage struct {
	page
	Start        bool // the start page; else an assessment's fit page
	Action       string
	Cancel       string
	Organisation assessment.Organisation
	Assessment   assessment.Assessment
	Models       []assessment.ModelInfo // start: the questionnaires to choose from
	Versions     []assessment.ModelInfo // start: the versions of the chosen one
	Options      assessment.FitOptions
	Stages       []fitStage
	Form         form
	Full, Core   assessment.Estimate // for a respondent without a perspective
	MaxWelcome   int
	Seconds      int // a question takes, in the estimates
	// ModelTitle and the stages' and capabilities' titles are the model's
	// in the page's language, where it has that language.
	ModelTitle string
	// Warnings word the scope's warnings in the page's language.
	Warnings []string
}

type fitStage struct {
	Title        string
	Capabilities []fitCapability
}

type fitCapability struct {
	ID, Title   string
	In          bool
	ModelTarget int
	Target      string // the override typed, "" for the model's
	Requires    string // titles, joined
}

// inPageLanguage is m with its texts in the page's language where the
// model has it (a workspace's own model may have a translation of its
// own); m itself otherwise. Only titles are read from it: ids, targets
// and questions are the same in every language.
func (s *handler) inPageLanguage(c echo.Context, m *assessment.Model) (*assessment.Model, error) {
	l, err := s.svc.Localize(c.Request().Context(), web.User(c).WorkspaceID, m, s.language(c))
	if err != nil {
		return nil, fmt.Errorf("model %s in %s: %w", m, s.language(c), err)
	}
	if l.Model == nil {
		return m, nil
	}
	return l.Model, nil
}

// capabilityTitles maps the capabilities of m to their titles.
func capabilityTitles(m *assessment.Model) map[string]string {
	titles := make(map[string]string, len(m.Capabilities))
	for _, cp := range m.Capabilities {
		titles[cp.ID] = cp.Title
	}
	return titles
}

// postedFit reads the fit a form describes. A scope is only read where the
// form drew its boxes ("scope-shown"), so that a form without them keeps
// the whole model. A target that is not a whole number is the form's error.
func (s *handler) postedFit(c echo.Context, m *assessment.Model, f *form) (assessment.Fit, error) {
	local, err := s.inPageLanguage(c, m)
	if err != nil {
		return assessment.Fit{}, err
	}
	titles := capabilityTitles(local)
	fit := assessment.Fit{Form: assessment.Form(f.Get("form"))}
	params, _ := c.FormParams()
	if params.Get("scope-shown") != "" {
		fit.Scope = append([]string{}, params["scope"]...)
	}
	for _, cp := range m.Capabilities {
		raw := strings.TrimSpace(params.Get("target-" + cp.ID))
		if raw == "" {
			continue
		}
		f.Values["target-"+cp.ID] = raw
		t, err := strconv.Atoi(raw)
		if err != nil {
			f.Errors["targets"] = s.T(c, "fit.err_target", "Title", titles[cp.ID], "Target", cp.Target)
			continue
		}
		if fit.Targets == nil {
			fit.Targets = map[string]int{}
		}
		fit.Targets[cp.ID] = t
	}
	return fit, nil
}

// fitForm is the form of a fit as it stands: for an assessment's fit page
// on a GET, or the defaults of a new assessment.
func fitForm(fit assessment.Fit, language, welcome string) form {
	f := form{Values: map[string]string{"form": string(fit.Form), "language": language, "welcome": welcome}, Errors: map[string]string{}}
	if f.Values["form"] == "" {
		f.Values["form"] = string(assessment.FormFull)
	}
	if f.Values["language"] == "" {
		f.Values["language"] = assessment.DefaultLanguage
	}
	for id, t := range fit.Targets {
		f.Values["target-"+id] = strconv.Itoa(t)
	}
	return f
}

// fill lays out the choices of m for the fit chosen so far.
func (s *handler) fill(c echo.Context, v *fitPage, m *assessment.Model, fit assessment.Fit) error {
	opts, err := s.svc.FitOptions(c.Request().Context(), web.User(c), m, fit)
	if err != nil {
		return err
	}
	v.Options, v.MaxWelcome, v.Seconds = opts, assessment.MaxWelcomeLen, assessment.SecondsPerQuestion
	if len(opts.Estimates) > 0 {
		v.Full, v.Core = opts.Estimates[0].Full, opts.Estimates[0].Core
	}
	local, err := s.inPageLanguage(c, m)
	if err != nil {
		return err
	}
	v.ModelTitle = local.Title
	titles := capabilityTitles(local)
	for _, w := range opts.Warnings {
		v.Warnings = append(v.Warnings, s.T(c, "fit.warning", "Capability", cmp.Or(titles[w.Capability], w.Capability), "Requires", cmp.Or(titles[w.Requires], w.Requires)))
	}
	stageTitles := map[string]string{}
	for _, st := range local.Stages {
		stageTitles[st.ID] = st.Title
	}
	// A scope naming nothing of this version (another version's ids)
	// starts again from the whole model.
	all := fit.Scope == nil || !slices.ContainsFunc(fit.Scope, func(id string) bool { return titles[id] != "" })
	stages := slices.Clone(m.Stages)
	slices.SortStableFunc(stages, func(x, y assessment.Stage) int { return x.Order - y.Order })
	for _, st := range stages {
		fs := fitStage{Title: cmp.Or(stageTitles[st.ID], st.Title)}
		for _, cp := range m.Capabilities {
			if cp.Stage != st.ID {
				continue
			}
			var req []string
			for _, id := range cp.Requires {
				req = append(req, titles[id])
			}
			fs.Capabilities = append(fs.Capabilities, fitCapability{ID: cp.ID, Title: titles[cp.ID], In: all || slices.Contains(fit.Scope, cp.ID),
				ModelTarget: cp.Target, Target: v.Form.Get("target-" + cp.ID), Requires: strings.Join(req, ", ")})
		}
		v.Stages = append(v.Stages, fs)
	}
	return nil
}

// startPage shows the start page for a questionnaire version (the newest
// built-in one unless the query names another).
func (s *handler) startPage(c echo.Context) error {
	f := form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, n := range []string{"title", "mode", "questionnaire", "questionnaire_version"} {
		f.Values[n] = c.QueryParam(n)
	}
	return s.renderStart(c, http.StatusOK, f, nil)
}

// renderStart shows the start page with f; posted says the page was posted
// (its scope, targets and form are read from the request).
func (s *handler) renderStart(c echo.Context, status int, f form, posted *assessment.Fit) error {
	ctx, u := c.Request().Context(), web.User(c)
	o, err := s.svc.Organisation(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	models, err := s.svc.Models(ctx, u)
	if err != nil {
		return err
	}
	slug := f.Get("questionnaire")
	if slug == "" && len(models) > 0 {
		slug = models[0].Slug
	}
	versions, err := s.svc.ModelVersions(ctx, u, slug)
	if assessment.KindOf(err) == assessment.NotFound && len(models) > 0 {
		f.Errors["questionnaire"] = s.T(c, "fit.err_unknown_questionnaire", "Slug", slug)
		slug = models[0].Slug
		versions, err = s.svc.ModelVersions(ctx, u, slug)
	}
	if err != nil {
		return err
	}
	version := f.Get("questionnaire_version")
	if !slices.ContainsFunc(versions, func(i assessment.ModelInfo) bool { return i.Version == version }) {
		version = versions[0].Version // newest first
	}
	f.Values["questionnaire"], f.Values["questionnaire_version"] = slug, version
	if f.Get("mode") == "" {
		f.Values["mode"] = string(assessment.SelfService)
	}
	m, err := s.svc.Model(ctx, u, slug, version)
	if err != nil {
		return err
	}
	fit := assessment.Fit{}
	if posted != nil {
		fit = *posted
	} else {
		d := fitForm(fit, "", "")
		for k, v := range d.Values {
			if f.Values[k] == "" {
				f.Values[k] = v
			}
		}
	}
	v := fitPage{page: s.newPage(c, s.T(c, "fit.start_title", "Name", o.Name)), Start: true, Organisation: o, Models: models, Versions: versions,
		Form: f, Action: "/organisations/" + o.ID + "/assessments", Cancel: "/organisations/" + o.ID}
	if err := s.fill(c, &v, m, fit); err != nil {
		return err
	}
	return s.render(c, status, "fit.html", v)
}

// startFittedPage handles the start page's form: check shows it again with
// the estimates and warnings of what is ticked, start creates the
// assessment or shows the form again with the message at its field.
func (s *handler) startFittedPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	f := readForm(c, append([]string{"title", "mode", "questionnaire", "questionnaire_version"}, fitFields...)...)
	m, err := s.svc.Model(ctx, u, f.Get("questionnaire"), f.Get("questionnaire_version"))
	if assessment.KindOf(err) == assessment.NotFound && c.FormValue("action") == "check" {
		// Another questionnaire was chosen: show its newest version.
		f.Values["questionnaire_version"] = ""
		m, err = s.svc.Model(ctx, u, f.Get("questionnaire"), "")
	}
	if assessment.KindOf(err) == assessment.NotFound {
		f.Errors["questionnaire_version"] = s.T(c, "fit.err_choose_version")
		return s.renderStart(c, http.StatusUnprocessableEntity, f, nil)
	}
	if err != nil {
		return err
	}
	fit, err := s.postedFit(c, m, &f)
	if err != nil {
		return err
	}
	if c.FormValue("action") == "check" {
		return s.renderStart(c, http.StatusOK, f, &fit)
	}
	if len(f.Errors) > 0 {
		return s.renderStart(c, http.StatusUnprocessableEntity, f, &fit)
	}
	a, err := s.svc.CreateAssessment(ctx, u, assessment.NewAssessment{
		OrganisationID: c.Param("id"), Questionnaire: m.Slug, QuestionnaireVersion: m.Version,
		Mode: assessment.Mode(f.Get("mode")), Title: f.Get("title"), Scope: fit.Scope, Targets: fit.Targets, Form: fit.Form,
		Language: f.Get("language"), Welcome: f.Get("welcome")})
	if f.fail(err, nil) {
		return s.renderStart(c, http.StatusUnprocessableEntity, f, &fit)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", a.ID)
}

// fitPageGet shows an assessment's fit as it stands.
func (s *handler) fitPageGet(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, m, err := s.svc.AssessmentQuestionnaire(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderFit(c, http.StatusOK, a, m, fitForm(a.Fit(), a.Language, a.Welcome), a.Fit())
}

func (s *handler) renderFit(c echo.Context, status int, a assessment.Assessment, m *assessment.Model, f form, fit assessment.Fit) error {
	v := fitPage{page: s.newPage(c, s.T(c, "fit.page_title", "Title", a.Title)), Assessment: a, Form: f,
		Action: "/assessments/" + a.ID + "/fit", Cancel: "/assessments/" + a.ID}
	if err := s.fill(c, &v, m, fit); err != nil {
		return err
	}
	return s.render(c, status, "fit.html", v)
}

// saveFitPage handles the fit page's form as startFittedPage does.
func (s *handler) saveFitPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, m, err := s.svc.AssessmentQuestionnaire(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	f := readForm(c, fitFields...)
	fit, err := s.postedFit(c, m, &f)
	if err != nil {
		return err
	}
	if c.FormValue("action") == "check" {
		return s.renderFit(c, http.StatusOK, a, m, f, fit)
	}
	if len(f.Errors) > 0 {
		return s.renderFit(c, http.StatusUnprocessableEntity, a, m, f, fit)
	}
	targets := fit.Targets
	if targets == nil {
		targets = map[string]int{} // every box empty: back to the model's
	}
	language, welcome, fm := f.Get("language"), f.Get("welcome"), fit.Form
	up := assessment.AssessmentUpdate{Scope: &fit.Scope, Targets: &targets, Form: &fm, Language: &language, Welcome: &welcome}
	if fit.Scope == nil {
		up.Scope = nil // no boxes drawn: keep the scope
	}
	_, err = s.svc.UpdateAssessment(ctx, u, a.ID, up)
	if f.fail(err, nil) {
		return s.renderFit(c, http.StatusUnprocessableEntity, a, m, f, fit)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", a.ID)
}
