package ui

import (
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// organisationPage shows one organisation: its assessments, a form to
// start another, and forms to rename or delete it.
type organisationPage struct {
	page
	Organisation   assessment.Organisation
	Assessments    []assessment.Assessment
	Milestones     milestonesView
	Questionnaires []assessment.ModelInfo // the newest version of each, built-in and own
	Rename         form
	Start          form
	// VersionNote says which version a start from a model's preview runs on.
	VersionNote string
}

// versionNote words what an assessment started from a model's preview runs
// on: the version, form and scope previewed.
func versionNote(p *locale.Printer, models []assessment.ModelInfo, slug, version, form, scope string) string {
	i := slices.IndexFunc(models, func(m assessment.ModelInfo) bool { return m.Slug == slug })
	if i < 0 || version == "" {
		return ""
	}
	var choices string
	if form == string(assessment.FormCore) {
		choices += p.T("organisation.note_core")
	}
	if scope != "" {
		choices += p.Tn("organisation.note_scope", len(strings.Split(scope, ",")))
	}
	return p.T("organisation.version_note", "Version", version, "Title", models[i].Title, "Choices", choices)
}

func (s *handler) organisationPage(c echo.Context) error {
	// A model's preview links here with the model, version, form and scope
	// it showed; "previewed" names the model they belong to.
	start := form{Values: map[string]string{"mode": string(assessment.SelfService),
		"questionnaire": c.QueryParam("questionnaire"), "previewed": c.QueryParam("questionnaire"),
		"questionnaire_version": c.QueryParam("version"), "form": c.QueryParam("form"), "scope": c.QueryParam("scope")}}
	return s.renderOrganisation(c, http.StatusOK, form{}, start)
}

func (s *handler) renderOrganisation(c echo.Context, status int, rename, start form) error {
	ctx, u := c.Request().Context(), web.User(c)
	o, err := s.svc.Organisation(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if rename.Values == nil {
		rename.Values = map[string]string{"name": o.Name, "industry": o.Industry}
	}
	ms, err := s.milestones(ctx, s.printer(c), u, o.ID)
	if err != nil {
		return err
	}
	models, err := s.svc.Models(ctx, u)
	if err != nil {
		return err
	}
	view := organisationPage{page: s.newPage(c, o.Name), Organisation: o, Questionnaires: models,
		Rename: rename, Start: start, Milestones: ms}
	view.VersionNote = versionNote(s.printer(c), models, start.Get("previewed"), start.Get("questionnaire_version"), start.Get("form"), start.Get("scope"))
	for _, m := range ms.Rows {
		view.Assessments = append(view.Assessments, m.Assessment)
	}
	return s.render(c, status, "organisation.html", view)
}

func (s *handler) renameOrganisationPage(c echo.Context) error {
	f := readForm(c, "name", "industry")
	name, industry := f.Get("name"), f.Get("industry")
	_, err := s.svc.UpdateOrganisation(c.Request().Context(), web.User(c), c.Param("id"),
		assessment.OrganisationUpdate{Name: &name, Industry: &industry})
	if f.fail(err, nil) {
		return s.renderOrganisation(c, http.StatusUnprocessableEntity, f, form{})
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/organisations/%s", c.Param("id"))
}

func (s *handler) startAssessmentPage(c echo.Context) error {
	if c.FormValue("fitted") != "" {
		return s.startFittedPage(c) // the start page's form, with scope, targets and form
	}
	f := readForm(c, "title", "questionnaire", "mode", "previewed", "questionnaire_version", "form", "scope")
	n := assessment.NewAssessment{OrganisationID: c.Param("id"), Questionnaire: f.Get("questionnaire"),
		Mode: assessment.Mode(f.Get("mode")), Title: f.Get("title")}
	if f.Get("previewed") == n.Questionnaire {
		// What the model's preview showed, unless another model was chosen.
		n.QuestionnaireVersion, n.Form = f.Get("questionnaire_version"), assessment.Form(f.Get("form"))
		if sc := f.Get("scope"); sc != "" {
			n.Scope = strings.Split(sc, ",")
		}
	}
	a, err := s.svc.CreateAssessment(c.Request().Context(), web.User(c), n)
	// The previewed choices have no field of their own: their errors show
	// beside the questionnaire.
	if f.fail(err, map[string]string{"questionnaire_version": "questionnaire", "form": "questionnaire", "scope": "questionnaire"}) {
		return s.renderOrganisation(c, http.StatusUnprocessableEntity, form{}, f)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", a.ID)
}

func (s *handler) deleteOrganisationConfirm(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	o, err := s.svc.Organisation(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	as, err := s.svc.Assessments(ctx, u)
	if err != nil {
		return err
	}
	n, people := 0, 0
	for _, a := range as {
		if a.OrganisationID == o.ID {
			n++
			people += a.Respondents
		}
	}
	return s.render(c, http.StatusOK, "confirm.html", confirmPage{
		page: s.newPage(c, s.T(c, "organisation.delete_q", "Name", o.Name)), Question: s.T(c, "organisation.delete_q", "Name", o.Name),
		Consequences: []string{
			s.Tn(c, "organisation.delete_assessments", n),
			s.Tn(c, "organisation.delete_people", people),
			s.T(c, "organisation.delete_undo"),
		},
		Action: "/organisations/" + o.ID + "/delete", Button: s.T(c, "organisation.delete_button"), Cancel: "/organisations/" + o.ID, Danger: true,
	})
}

func (s *handler) deleteOrganisationPage(c echo.Context) error {
	if err := s.svc.DeleteOrganisation(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return seeOther(c, "/")
}
