package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The agreed-answer control of the assessment page: for each question of
// the capability the group is on, a form recording the answer the room
// settled on, with its rationale. Its inputs are named and read as the
// respondent page's are (a-QUESTION), so an agreed answer is typed and
// checked exactly like a participant's, for every question type.
//
//	POST /assessments/{id}/agreed                      question, a-QUESTION, rationale
//	POST /assessments/{id}/agreed/{question}/delete

type agreedControl struct {
	Title     string
	Form      form
	Questions []agreedQuestion
}

type agreedQuestion struct {
	ID, Text  string
	Input     questionView // the answer's inputs, as typed after a failed post
	Agreed    string       // the recorded answer, described
	Rationale string
	Error     string
	state     fieldState
}

func (s *handler) agreedRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.POST("/assessments/:id/agreed", s.agreedSave, mw...)
	s.echo.POST("/assessments/:id/agreed/:question/delete", s.agreedDelete, mw...)
}

// agreedView builds the control for the focus capability; nil without one.
// kept is a failed post to show again.
func (s *handler) agreedView(c echo.Context, a assessment.Assessment, kept *agreedQuestion) (*agreedControl, error) {
	if a.Focus == "" {
		return nil, nil
	}
	list, ix, err := s.svc.Agreed(c.Request().Context(), web.User(c), a.ID)
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
		aq := agreedQuestion{ID: q.ID, Text: q.Text}
		if g, ok := byQ[q.ID]; ok {
			ans := g.Answer
			aq.Agreed, aq.Rationale = describeAnswer(s.printer(c), q, &ans), g.Rationale
		}
		var st fieldState
		if kept != nil && kept.ID == q.ID {
			st, aq.Rationale, aq.Error = kept.state, kept.Rationale, kept.Error
		}
		aq.Input = newQuestionView(s.printer(c), q, qi+1, st, false)
		aq.Input.Name = "a-" + q.ID
		v.Questions = append(v.Questions, aq)
	}
	return v, nil
}

func (s *handler) agreedSave(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	_, ix, err := s.svc.Agreed(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	f := readForm(c, "question", "rationale")
	q, _, ok := ix.Question(f.Get("question"))
	if !ok {
		return assessment.Errorf(assessment.NotFound, "no question %q in this questionnaire", f.Get("question"))
	}
	posted, err := c.FormParams()
	if err != nil {
		return web.BadRequest("", "the form could not be read")
	}
	kept := agreedQuestion{ID: q.ID, Rationale: f.Get("rationale"), state: postedState(q, posted, nil)}
	ans, present, msg, _ := answerFromForm(s.printer(c), q, kept.state, nil)
	switch {
	case msg != "":
		kept.Error = msg
	case !present || (q.Type == assessment.Text && ans.Text == ""):
		kept.Error = "Give the answer the group agreed on."
	default:
		_, _, err = s.svc.SetAgreed(ctx, u, c.Param("id"), ans, f.Get("rationale"))
		if !f.fail(err, nil) {
			if err != nil {
				return err
			}
			return seeOther(c, "/assessments/%s", c.Param("id"))
		}
		kept.Error = f.Message
		for _, m := range f.Errors {
			kept.Error = m
		}
	}
	return s.renderAssessment(c, http.StatusUnprocessableEntity, assessmentPage{AgreedKept: &kept})
}
func (s *handler) agreedDelete(c echo.Context) error {
	if err := s.svc.DeleteAgreed(c.Request().Context(), web.User(c), c.Param("id"), c.Param("question")); err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}
