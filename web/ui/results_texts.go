package ui

import (
	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// What participants wrote, on the results page: per capability, the
// answers to its text questions and the comments on its questions, never
// with a name, and the answer the group agreed on beside each question that
// has one. The consultant hides a text (a name, an insult, something said
// in confidence) with a plain form; a hidden text's words never reach the
// page, only that there is one and a Show button.
//
//	POST /assessments/{id}/texts/{tid}   hidden=1|0, back to the results at #w-CAPABILITY

type writtenCapability struct {
	ID, Title string
	Questions []writtenQuestion
	Texts     int // visible and hidden, for the heading
}

type writtenQuestion struct {
	ID, Text          string
	Agreed, Rationale string // the answer the group settled on, described
	Groups            []writtenGroup
}

// writtenGroup is the answers to a question, or the comments on it.
type writtenGroup struct {
	Label string // the catalogue key of "Answers" or "Comments"
	Texts []writtenText
}

type writtenText struct {
	ID, Text string // Text is empty when Hidden: its words never reach the page
	Hidden   bool
}

func (s *handler) resultsTextRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.POST("/assessments/:id/texts/:tid", s.setTextHiddenPage, mw...)
}

// newWritten groups texts (in assessment.OrderTexts' order) and x's agreed
// answers by capability and question, in the model's order; capabilities
// with neither are left out.
func newWritten(p *locale.Printer, x *assessment.Export, texts []assessment.ParticipantText) []writtenCapability {
	byQuestion := map[string][]assessment.ParticipantText{}
	for _, t := range texts {
		byQuestion[t.Question] = append(byQuestion[t.Question], t)
	}
	agreed := map[string]assessment.AgreedAnswer{}
	for _, g := range x.Agreed {
		agreed[g.Answer.QuestionID] = g
	}
	m := x.Index.Model()
	var out []writtenCapability
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		wc := writtenCapability{ID: c.ID, Title: c.Title}
		for qi := range c.Questions {
			q := &c.Questions[qi]
			wq := writtenQuestion{ID: q.ID, Text: q.Text}
			if g, ok := agreed[q.ID]; ok {
				ans := g.Answer
				wq.Agreed, wq.Rationale = describeAnswer(p, q, &ans), g.Rationale
			}
			answers, comments := writtenGroup{Label: "written.answers"}, writtenGroup{Label: "written.comments"}
			for _, t := range byQuestion[q.ID] {
				wt := writtenText{ID: t.ID, Hidden: t.Hidden}
				if !t.Hidden {
					wt.Text = t.Text
				}
				if t.Kind == assessment.TextAnswer {
					answers.Texts = append(answers.Texts, wt)
				} else {
					comments.Texts = append(comments.Texts, wt)
				}
				wc.Texts++
			}
			for _, g := range []writtenGroup{answers, comments} {
				if len(g.Texts) > 0 {
					wq.Groups = append(wq.Groups, g)
				}
			}
			if wq.Agreed != "" || len(wq.Groups) > 0 {
				wc.Questions = append(wc.Questions, wq)
			}
		}
		if len(wc.Questions) > 0 {
			out = append(out, wc)
		}
	}
	return out
}

// setTextHiddenPage hides or shows one text and goes back to its capability
// on the results page.
func (s *handler) setTextHiddenPage(c echo.Context) error {
	var hidden bool
	switch c.FormValue("hidden") {
	case "1":
		hidden = true
	case "0":
	default:
		return web.BadRequest("hidden", "hidden is 1 or 0")
	}
	t, err := s.svc.SetTextHidden(c.Request().Context(), web.User(c), c.Param("id"), c.Param("tid"), hidden)
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s/results#w-%s", c.Param("id"), t.Capability)
}
