package ui

import (
	"net/http"
	"net/url"

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
	Title      string
	Capability string
	Back       string // "facilitate" on the console: saves come back there
	Form       form
	Questions  []agreedQuestion
}

type agreedQuestion struct {
	ID, Text  string
	Input     questionView // the answer's inputs, as typed after a failed post
	Agreed    string       // the recorded answer, described
	Rationale string
	Error     string
	Saved     bool // just saved: the console confirms it in place
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
	return s.agreedFor(c, a.ID, a.Focus, kept)
}

// agreedFor builds the control for any capability of the assessment: the
// console records agreed answers wherever the group is. nil for an
// unknown capability.
func (s *handler) agreedFor(c echo.Context, id, capID string, kept *agreedQuestion) (*agreedControl, error) {
	list, ix, err := s.svc.Agreed(c.Request().Context(), web.User(c), id)
	if err != nil {
		return nil, err
	}
	// Questions and options in the page's language; answers are stored by id.
	if ix, err = s.modelIn(c, web.User(c).WorkspaceID, ix, s.language(c)); err != nil {
		return nil, err
	}
	cp, ok := ix.Capability(capID)
	if !ok {
		return nil, nil
	}
	byQ := map[string]assessment.AgreedAnswer{}
	for _, g := range list {
		byQ[g.Answer.QuestionID] = g
	}
	v := &agreedControl{Title: cp.Title, Capability: cp.ID}
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
	f := readForm(c, "question", "rationale", "back")
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
		kept.Error = s.T(c, "agreed.err_missing")
	default:
		_, _, err = s.svc.SetAgreed(ctx, u, c.Param("id"), ans, f.Get("rationale"))
		if !f.fail(err, nil) {
			if err != nil {
				return err
			}
			return s.agreedDone(c, f.Get("back"), q.ID)
		}
		kept.Error = f.Message
		if f.Message != "" && formPrinter(c) != nil {
			// The domain's own sentence is English; the page's says the same.
			kept.Error = s.T(c, "agreed.err_invalid")
		}
		for _, m := range f.Errors {
			kept.Error = m
		}
	}
	if f.Get("back") == "facilitate" {
		_, cp, _ := ix.Question(q.ID)
		return s.renderFacilitate(c, http.StatusUnprocessableEntity, cp.ID, &kept)
	}
	return s.renderAssessment(c, http.StatusUnprocessableEntity, assessmentPage{AgreedKept: &kept})
}

// agreedDone goes back where the form was: on the console, to the
// question just saved, with its confirmation, and without moving the group.
func (s *handler) agreedDone(c echo.Context, back, question string) error {
	if back != "facilitate" {
		return seeOther(c, "/assessments/%s", c.Param("id"))
	}
	_, ix, err := s.svc.Agreed(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	_, cp, ok := ix.Question(question)
	if !ok {
		return seeOther(c, "/assessments/%s/facilitate", c.Param("id"))
	}
	return c.Redirect(http.StatusSeeOther, "/assessments/"+url.PathEscape(c.Param("id"))+"/facilitate?capability="+
		url.QueryEscape(cp.ID)+"&saved="+url.QueryEscape(question)+"#agreed-"+url.PathEscape(question))
}
func (s *handler) agreedDelete(c echo.Context) error {
	if err := s.svc.DeleteAgreed(c.Request().Context(), web.User(c), c.Param("id"), c.Param("question")); err != nil {
		return err
	}
	return s.agreedDone(c, c.FormValue("back"), c.Param("question"))
}
