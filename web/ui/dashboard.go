package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The consultant's pages for organisations: the dashboard, an organisation's
// page, and its forms. Each POST redirects on success (post/redirect/get)
// and shows the form again, with what was typed, on a mistake.

// consultantRoutes registers the consultant's pages, each behind mw (the
// CSRF check and the session).
func (s *handler) consultantRoutes(mw ...echo.MiddlewareFunc) {
	e := s.echo
	e.POST("/organisations", s.createOrganisationPage, mw...)
	e.GET("/organisations/:id", s.organisationPage, mw...)
	e.POST("/organisations/:id", s.renameOrganisationPage, mw...)
	e.POST("/organisations/:id/assessments", s.startAssessmentPage, mw...)
	e.POST("/organisations/:id/follow-up", s.followUpPage, mw...)
	e.GET("/organisations/:id/delete", s.deleteOrganisationConfirm, mw...)
	e.POST("/organisations/:id/delete", s.deleteOrganisationPage, mw...)
	e.GET("/assessments/:id", s.assessmentPage, mw...)
	e.POST("/assessments/:id", s.renameAssessmentPage, mw...)
	e.POST("/assessments/:id/respondents", s.invitePage, mw...)
	e.POST("/assessments/:id/respondents/:rid/link", s.reissueLinkPage, mw...)
	e.GET("/assessments/:id/respondents/:rid/erase", s.eraseRespondentConfirm, mw...)
	e.POST("/assessments/:id/respondents/:rid/erase", s.eraseRespondentPage, mw...)
	e.GET("/assessments/:id/close", s.closeAssessmentConfirm, mw...)
	e.POST("/assessments/:id/close", s.closeAssessmentPage, mw...)
	e.GET("/assessments/:id/delete", s.deleteAssessmentConfirm, mw...)
	e.POST("/assessments/:id/delete", s.deleteAssessmentPage, mw...)
	e.GET("/assessments/:id/questionnaire", s.questionnairePage, mw...)
}

// dashboardPage is the consultant's home: every organisation of the
// workspace with its assessments and their progress.
type dashboardPage struct {
	page
	Organisations []organisationView
	New           form // the "add an organisation" form
}

type organisationView struct {
	assessment.Organisation
	Assessments []assessment.Assessment // oldest first
}

// organisationsWithAssessments groups the workspace's assessments under
// their organisations.
func (s *handler) organisationsWithAssessments(c echo.Context) ([]organisationView, error) {
	ctx, u := c.Request().Context(), web.User(c)
	orgs, err := s.svc.Organisations(ctx, u)
	if err != nil {
		return nil, err
	}
	as, err := s.svc.Assessments(ctx, u)
	if err != nil {
		return nil, err
	}
	byOrg := make(map[string][]assessment.Assessment, len(orgs))
	for i := len(as) - 1; i >= 0; i-- { // the list is newest first
		byOrg[as[i].OrganisationID] = append(byOrg[as[i].OrganisationID], as[i])
	}
	out := make([]organisationView, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, organisationView{Organisation: o, Assessments: byOrg[o.ID]})
	}
	return out, nil
}

func (s *handler) dashboard(c echo.Context) error {
	return s.renderDashboard(c, http.StatusOK, form{})
}

func (s *handler) renderDashboard(c echo.Context, status int, f form) error {
	orgs, err := s.organisationsWithAssessments(c)
	if err != nil {
		return err
	}
	return s.render(c, status, "dashboard.html", dashboardPage{page: s.newPage(c, "Dashboard"), Organisations: orgs, New: f})
}

func (s *handler) createOrganisationPage(c echo.Context) error {
	f := readForm(c, "name", "industry")
	o, err := s.svc.CreateOrganisation(c.Request().Context(), web.User(c), f.Get("name"), f.Get("industry"))
	if f.fail(err, nil) {
		return s.renderDashboard(c, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/organisations/%s", o.ID)
}

// organisationPage shows one organisation: its assessments, a form to
// start another, and forms to rename or delete it.
type organisationPage struct {
	page
	Organisation   assessment.Organisation
	Assessments    []assessment.Assessment
	Milestones     milestonesView
	Questionnaires []*assessment.Model
	Rename         form
	Start          form
}

func (s *handler) organisationPage(c echo.Context) error {
	return s.renderOrganisation(c, http.StatusOK, form{}, form{Values: map[string]string{"mode": string(assessment.SelfService)}})
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
	ms, err := s.milestones(ctx, u, o.ID)
	if err != nil {
		return err
	}
	view := organisationPage{page: s.newPage(c, o.Name), Organisation: o, Questionnaires: s.svc.Questionnaires(),
		Rename: rename, Start: start, Milestones: ms}
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
	f := readForm(c, "title", "questionnaire", "mode")
	a, err := s.svc.CreateAssessment(c.Request().Context(), web.User(c), assessment.NewAssessment{
		OrganisationID: c.Param("id"), Questionnaire: f.Get("questionnaire"),
		Mode: assessment.Mode(f.Get("mode")), Title: f.Get("title")})
	if f.fail(err, nil) {
		return s.renderOrganisation(c, http.StatusUnprocessableEntity, form{}, f)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", a.ID)
}

// confirmPage asks before something that cannot be undone.
type confirmPage struct {
	page
	Question     string   // the heading: "Delete Acme?"
	Consequences []string // what will be gone
	Action       string   // where the form posts
	Button       string
	Cancel       string // where "keep it" leads
	Danger       bool
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
		page: s.newPage(c, "Delete "+o.Name+"?"), Question: "Delete " + o.Name + "?",
		Consequences: []string{
			plural(n, "assessment", "assessments") + " of this organisation will be deleted,",
			"with " + plural(people, "respondent", "respondents") + " and every answer they gave.",
			"This cannot be undone. Export what you want to keep first.",
		},
		Action: "/organisations/" + o.ID + "/delete", Button: "Delete the organisation", Cancel: "/organisations/" + o.ID, Danger: true,
	})
}

func (s *handler) deleteOrganisationPage(c echo.Context) error {
	if err := s.svc.DeleteOrganisation(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return seeOther(c, "/")
}
