package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

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
	if c.FormValue("fitted") != "" {
		return s.startFittedPage(c) // the start page's form, with scope, targets and form
	}
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
