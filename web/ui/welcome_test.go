package ui_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestWelcomePage: a respondent's first visit shows who asks and why, how
// much they are asked for their perspective and form, and who sees what;
// "Start" leads to the first question, and once something is answered the
// link resumes without the welcome.
func TestWelcomePage(t *testing.T) {
	m := newestModel(t)
	h := webtest.New(t, storetest.New(t))
	_, tok := h.SignIn("Northwind")
	var o, a webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme <Retail>"}, 201, &o)
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
		"mode": "self-service", "form": "core", "welcome": "We meet on Friday.\n\nPlease answer by Thursday <b>noon</b>."}, 201, &a)
	var r webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "Ana", "perspective": "operations"}, 201, &r)

	v := h.Visitor()
	self := "/r/" + r.Token
	webtest.WantRedirect(t, "first visit", v.Get(self), self+"/welcome")
	est := assessment.EstimateOf(m, assessment.Fit{Form: assessment.FormCore}, "operations")
	first := ""
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			if first == "" && q.Core && q.AskedOf("operations") {
				first = c.ID
			}
		}
	}
	page := v.Get(self + "/welcome")
	webtest.WantPage(t, "welcome", page, 200, "Welcome, Ana", "Northwind", "Acme &lt;Retail&gt;",
		"We meet on Friday.", "Please answer by Thursday &lt;b&gt;noon&lt;/b&gt;.",
		fmt.Sprintf("%d questions, about %d minutes", est.Questions, est.Minutes), "Operations perspective", "short form",
		"saved as you go", "Your name is seen by the consultant only", "without your name",
		`href="`+self+`?start=1"`)
	if strings.Contains(string(page.Body), "<script") {
		t.Error("the welcome page needs no script")
	}
	webtest.WantPage(t, "first question", v.Get(self+"?start=1"), 200, `id="answers"`, `data-page="`+first+`"`)

	// Once answered, the link resumes where the respondent stopped.
	q := webtest.FirstScoredSingle(m)
	for _, c := range m.Capabilities {
		for qi := range c.Questions {
			if cq := &c.Questions[qi]; cq.Core && cq.AskedOf("operations") && cq.Type == assessment.Single {
				q = cq
			}
		}
	}
	h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, 0), 200, nil)
	if res := v.Get(self); res.Status != http.StatusOK {
		t.Errorf("after an answer: %s, want the questions", res)
	}
	// A made-up token: 404 page.
	webtest.WantPage(t, "unknown token", v.Get("/r/nope/welcome"), 404)
}
