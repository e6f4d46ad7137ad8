package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// dashboardPage is the consultant's home: every organisation of the
// workspace with its assessments and their progress.
type dashboardPage struct {
	page
	Organisations []organisationView
}

type organisationView struct {
	assessment.Organisation
	Assessments []assessment.Assessment // oldest first
}

func (s *Server) dashboard(c echo.Context) error {
	ctx, u := c.Request().Context(), currentUser(c)
	orgs, err := s.svc.Organisations(ctx, u)
	if err != nil {
		return err
	}
	as, err := s.svc.Assessments(ctx, u)
	if err != nil {
		return err
	}
	byOrg := make(map[string][]assessment.Assessment, len(orgs))
	for i := len(as) - 1; i >= 0; i-- { // the list is newest first
		byOrg[as[i].OrganisationID] = append(byOrg[as[i].OrganisationID], as[i])
	}
	view := dashboardPage{page: s.newPage(c, "Dashboard")}
	for _, o := range orgs {
		view.Organisations = append(view.Organisations, organisationView{Organisation: o, Assessments: byOrg[o.ID]})
	}
	return s.render(c, http.StatusOK, "dashboard.html", view)
}
