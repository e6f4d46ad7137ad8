package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The agreed-answer control of the assessment page: for each question of
// the capability the group is on (single, boolean and scale questions), a
// form recording the answer the room settled on, with its rationale.
//
//	POST /assessments/{id}/agreed                      question, option|value, rationale
//	POST /assessments/{id}/agreed/{question}/delete

type agreedControl struct {
	Title     string
	Form      form
	Questions []agreedQuestion
}

type agreedQuestion struct {
	ID, Text  string
	Options   []assessment.Option
	Chosen    string // the option kept after a failed post
	Value     string
	Agreed    string // the recorded answer, described
	Rationale string
	Error     string
}

func (s *Server) agreedRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.POST("/assessments/:id/agreed", s.agreedSave, mw...)
	s.echo.POST("/assessments/:id/agreed/:question/delete", s.agreedDelete, mw...)
}

// agreedView builds the control for the focus capability; nil without one.
// kept is a failed post to show again.
func (s *Server) agreedView(c echo.Context, a assessment.Assessment, kept *agreedQuestion) (*agreedControl, error) {
	if a.Focus == "" {
		return nil, nil
	}
	list, ix, err := s.svc.Agreed(c.Request().Context(), currentUser(c), a.ID)
	if err != nil {
		return nil, err
	}
	cp, ok := ix.Capability(a.Focus)
	if !ok {
		return nil, nil
	}
	byQ := map[string]assessment.AgreedAnswer{}
	for _, g := range list {
		byQ[g.Answer.QuestionID] = g
	}
	v := &agreedControl{Title: cp.Title}
	for qi := range cp.Questions {
		q := &cp.Questions[qi]
		if q.Type != assessment.Single && q.Type != assessment.Boolean && q.Type != assessment.Scale {
			continue
		}
		aq := agreedQuestion{ID: q.ID, Text: q.Text, Options: q.Options}
		if g, ok := byQ[q.ID]; ok {
			ans := g.Answer
			aq.Agreed, aq.Rationale = describeAnswer(q, &ans), g.Rationale
		}
		if kept != nil && kept.ID == q.ID {
			aq.Chosen, aq.Value, aq.Rationale, aq.Error = kept.Chosen, kept.Value, kept.Rationale, kept.Error
		}
		v.Questions = append(v.Questions, aq)
	}
	return v, nil
}

func (s *Server) agreedSave(c echo.Context) error {
	f := readForm(c, "question", "option", "value", "rationale")
	ans := assessment.Answer{QuestionID: f.Get("question"), Option: f.Get("option")}
	kept := agreedQuestion{ID: ans.QuestionID, Chosen: ans.Option, Value: f.Get("value"), Rationale: f.Get("rationale")}
	if v := strings.TrimSpace(f.Get("value")); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			kept.Error = "The value must be a number."
			return s.renderAssessment(c, http.StatusUnprocessableEntity, assessmentPage{AgreedKept: &kept})
		}
		ans.Value = &n
	}
	_, _, err := s.svc.SetAgreed(c.Request().Context(), currentUser(c), c.Param("id"), ans, f.Get("rationale"))
	if f.fail(err, nil) {
		kept.Error = f.Message
		for _, m := range f.Errors {
			kept.Error = m
		}
		return s.renderAssessment(c, http.StatusUnprocessableEntity, assessmentPage{AgreedKept: &kept})
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}

func (s *Server) agreedDelete(c echo.Context) error {
	if err := s.svc.DeleteAgreed(c.Request().Context(), currentUser(c), c.Param("id"), c.Param("question")); err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}
