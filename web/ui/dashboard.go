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
	return s.render(c, status, "dashboard.html", dashboardPage{page: s.newPage(c, s.T(c, "dashboard.page_title")), Organisations: orgs, New: f})
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
