package ui

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The respondent's welcome, before the first question: who asks and why,
// how much they are asked, that answers are saved as they go, and who sees
// their name and their comments. /r/{token} leads there while nothing is
// answered; its "Start" link goes to the first page of questions.

type welcomePage struct {
	page
	Assessment   string
	Name         string
	Consultancy  string
	Organisation string
	Note         []string // paragraphs
	Questions    int
	Minutes      int
	Perspective  string
	// PerspectiveName is the perspective as the page's language names it.
	PerspectiveName string
	Core            bool
	StartURL        string
	MinGroup        int
}

func (s *handler) welcomeRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/r/:token/welcome", s.welcomePageGet, mw...)
}

func (s *handler) welcomePageGet(c echo.Context) error {
	w, err := s.svc.Welcome(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	s.respondentLanguage(c, &w.Assessment)
	p := s.printer(c)
	consultancy := w.Consultancy
	if consultancy == "" {
		consultancy = p.T("welcome.your_consultant")
	}
	// Start resumes as the link does past the welcome: the capability the
	// facilitator is on in a live workshop, else the first question.
	start := "/r/" + url.PathEscape(c.Param("token")) + "?start=1"
	v := welcomePage{page: s.newPage(c, p.T("welcome.title")), Assessment: w.Assessment.Title, Name: w.Respondent.Name,
		Consultancy: consultancy, Organisation: w.Organisation, Note: paragraphs(w.Note),
		Questions: w.Estimate.Questions, Minutes: w.Estimate.Minutes, Perspective: w.Respondent.Perspective,
		PerspectiveName: p.T("perspective." + w.Respondent.Perspective),
		Core:            w.Core, StartURL: start, MinGroup: assessment.MinGroup}
	return s.render(c, http.StatusOK, "welcome.html", v)
}

// firstVisit reports whether a GET of /r/{token} should show the welcome
// first: nothing answered yet, still open, and no page asked for.
func firstVisit(c echo.Context, r *assessment.Response) bool {
	return c.QueryString() == "" && len(r.Answers) == 0 && !r.Respondent.Submitted() && r.Assessment.Status == assessment.Open
}
