package ui_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// formValue is what a browser posts for a valid answer to q.
func formValue(q *assessment.Question) []string {
	switch q.Type {
	case assessment.Multi:
		return []string{q.Options[0].ID}
	case assessment.Scale:
		return []string{strconv.FormatFloat(*q.Min, 'f', -1, 64)}
	case assessment.Text:
		return []string{"We keep it on a wiki."}
	default:
		return []string{q.Options[len(q.Options)-1].ID}
	}
}

// capabilityForm answers every question of capability c.
func capabilityForm(c *assessment.Capability, goTo string) url.Values {
	f := url.Values{"go": {goTo}}
	for i := range c.Questions {
		f["a-"+c.Questions[i].ID] = formValue(&c.Questions[i])
	}
	return f
}

func storedAnswers(h *webtest.Harness, token string) map[string]map[string]any {
	h.T.Helper()
	var resp struct {
		Answers   map[string]map[string]any
		Submitted bool
	}
	h.MustJSON("GET", "/api/v1/responses/"+token, "", nil, 200, &resp)
	return resp.Answers
}

func mustContain(t *testing.T, r webtest.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(string(r.Body), p) {
			t.Errorf("page (%d) lacks %q", r.Status, p)
		}
	}
}

func capabilityWith(m *assessment.Model, typ assessment.QuestionType) (*assessment.Capability, *assessment.Question) {
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if m.Capabilities[ci].Questions[qi].Type == typ {
				return &m.Capabilities[ci], &m.Capabilities[ci].Questions[qi]
			}
		}
	}
	return nil, nil
}

// TestRespondentWithoutScript walks the whole questionnaire as plain forms.
func TestRespondentWithoutScript(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Forms")
	_, _, rs := h.Setup(tok, "self-service", 1)
	token := rs[0].Token
	self := "/r/" + token
	v := h.Visitor()
	caps := h.Model.Capabilities
	first, second := &caps[0], &caps[1]

	webtest.WantRedirect(t, "first visit", v.Get(self), self+"/welcome")
	r := v.Get(self + "?start=1")
	if r.Status != 200 {
		t.Fatalf("past the welcome: %s", r)
	}
	mustContain(t, r, `action="`+self+`?c=`+first.ID+`"`, `method="post"`, "Part 1 of", `<progress`,
		"0 of "+strconv.Itoa(h.Model.QuestionCount())+" questions answered")

	// Every POST form carries a CSRF token; without it nothing changes.
	forged := capabilityForm(first, "next")
	forged.Set("_csrf", "")
	if r := v.Post(self+"?c="+first.ID, forged); r.Status != http.StatusForbidden {
		t.Fatalf("post without a CSRF token: %s", r)
	}
	if r := v.Post(self+"/submit", url.Values{"confirm": {"yes"}, "_csrf": {"forged"}}); r.Status != http.StatusForbidden {
		t.Fatalf("submit with a wrong CSRF token: %s", r)
	}
	if got := storedAnswers(h, token); len(got) != 0 {
		t.Fatalf("a forged post stored answers: %v", got)
	}

	// Post/redirect/get: the answers are stored and the browser is sent on.
	r = v.Post(self+"?c="+first.ID, capabilityForm(first, "next"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != self+"?c="+second.ID {
		t.Fatalf("save first page: %d %q", r.Status, r.Header.Get("Location"))
	}
	stored := storedAnswers(h, token)
	for _, q := range first.Questions {
		if stored[q.ID] == nil {
			t.Errorf("question %s not stored after the form post", q.ID)
		}
	}

	// Coming back by the same link lands where the respondent stopped.
	r = v.Get(self)
	mustContain(t, r, `action="`+self+`?c=`+second.ID+`"`, "Part 2 of")

	// Previous goes back; the stored answers are shown checked.
	r = v.Post(self+"?c="+second.ID, url.Values{"go": {"prev"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != self+"?c="+first.ID {
		t.Fatalf("previous: %d %q", r.Status, r.Header.Get("Location"))
	}
	r = v.Get(self + "?c=" + first.ID)
	q0 := &first.Questions[0]
	mustContain(t, r, `value="`+formValue(q0)[0]+`" checked`)

	t.Run("invalid number keeps everything typed", func(t *testing.T) {
		c, scale := capabilityWith(h.Model, assessment.Scale)
		if c == nil {
			t.Skip("the questionnaire has no scale question")
		}
		f := capabilityForm(c, "next")
		f.Set("a-"+scale.ID, strconv.FormatFloat(*scale.Max+7, 'f', -1, 64))
		f.Set("c-"+scale.ID, "Our figure & <b>evidence</b>")
		other := otherQuestion(c, scale)
		if other != nil {
			f.Set("c-"+other.ID, "typed comment kept")
		}
		r := v.Post(self+"?c="+c.ID, f)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("out of range: %s", r)
		}
		mustContain(t, r, `value="`+strconv.FormatFloat(*scale.Max+7, 'f', -1, 64)+`"`, "must be between",
			"Our figure &amp; &lt;b&gt;evidence&lt;/b&gt;", `href="#q-`+scale.ID+`"`)
		stored := storedAnswers(h, token)
		if stored[scale.ID] != nil {
			t.Errorf("an invalid number was stored: %v", stored[scale.ID])
		}
		if other != nil {
			mustContain(t, r, "typed comment kept")
			if stored[other.ID] == nil || stored[other.ID]["comment"] != "typed comment kept" {
				t.Errorf("the valid answer beside the invalid one was not saved: %v", stored[other.ID])
			}
		}
		f.Set("a-"+scale.ID, "not a number")
		r = v.Post(self+"?c="+c.ID, f)
		mustContain(t, r, `value="not a number"`, "Enter a number from")
		// A decimal comma is a number too.
		f.Set("a-"+scale.ID, strings.Replace(strconv.FormatFloat((*scale.Min+*scale.Max)/2, 'f', 1, 64), ".", ",", 1))
		if r := v.Post(self+"?c="+c.ID, f); r.Status != http.StatusSeeOther {
			t.Fatalf("decimal comma: %s", r)
		}
	})

	t.Run("a comment needs an answer", func(t *testing.T) {
		stored := storedAnswers(h, token)
		var c *assessment.Capability
		var q *assessment.Question
		for ci := len(caps) - 1; ci >= 0 && q == nil; ci-- {
			for qi := range caps[ci].Questions {
				if x := &caps[ci].Questions[qi]; x.Type == assessment.Single && stored[x.ID] == nil {
					c, q = &caps[ci], x
					break
				}
			}
		}
		if q == nil {
			t.Fatal("no unanswered single question left")
		}
		r := v.Post(self+"?c="+c.ID, url.Values{"go": {"next"}, "c-" + q.ID: {"only a comment"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("comment alone: %s", r)
		}
		mustContain(t, r, "to keep your comment", ">only a comment</textarea>")
	})

	t.Run("multi: none of these", func(t *testing.T) {
		c, q := capabilityWith(h.Model, assessment.Multi)
		if c == nil {
			t.Skip("the questionnaire has no multi question")
		}
		none := ""
		for _, o := range q.Options {
			if o.Score != nil && *o.Score == 0 {
				none = o.ID
			}
		}
		if none == "" {
			none = "-none"
		}
		f := url.Values{"go": {"stay"}, "a-" + q.ID: {none, q.Options[0].ID}}
		if none != q.Options[0].ID && none == "-none" {
			if r := v.Post(self+"?c="+c.ID, f); r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("none with another box: %s", r)
			}
		}
		f.Set("a-"+q.ID, none)
		if r := v.Post(self+"?c="+c.ID, f); r.Status != http.StatusSeeOther || r.Header.Get("Location") != self+"?c="+c.ID {
			t.Fatalf("none alone: %d %q", r.Status, r.Header.Get("Location"))
		}
		got, _ := json.Marshal(storedAnswers(h, token)[q.ID]["options"])
		want := `["` + none + `"]`
		if none == "-none" {
			want = "[]"
		}
		if string(got) != want {
			t.Errorf("stored options %s, want %s", got, want)
		}
		r := v.Get(self + "?c=" + c.ID)
		mustContain(t, r, `value="`+none+`" checked`)
	})

	// Review lists what is unanswered; submitting needs the confirmation.
	r = v.Get(self + "?review=1")
	stored = storedAnswers(h, token)
	var link string
	for ci := len(caps) - 1; ci >= 0 && link == ""; ci-- {
		for _, q := range caps[ci].Questions {
			if stored[q.ID] == nil {
				link = `href="` + self + `?c=` + caps[ci].ID + `#q-` + q.ID + `"`
				break
			}
		}
	}
	mustContain(t, r, "questions are still unanswered", `action="`+self+`/submit"`, link)
	r = v.Post(self+"/submit", url.Values{})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("submit without confirmation: %s", r)
	}
	mustContain(t, r, "Tick the box to confirm")
	r = v.Post(self+"/submit", url.Values{"confirm": {"yes"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != self {
		t.Fatalf("submit: %d %q", r.Status, r.Header.Get("Location"))
	}

	// The thank-you page is read-only: no form, no script, the answers listed.
	r = v.Get(self)
	mustContain(t, r, "Thank you", "Your answers were submitted", first.Questions[0].Text)
	if strings.Contains(string(r.Body), "<form") || strings.Contains(string(r.Body), "<script") {
		t.Errorf("the thank-you page has a form or a script:\n%s", r.Body)
	}
	before := storedAnswers(h, token)
	r = v.Post(self+"?c="+second.ID, capabilityForm(second, "next"))
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != self {
		t.Fatalf("post after submit: %d %q", r.Status, r.Header.Get("Location"))
	}
	if after := storedAnswers(h, token); len(after) != len(before) {
		t.Errorf("a post after submit changed the answers: %d → %d", len(before), len(after))
	}
}

func otherQuestion(c *assessment.Capability, not *assessment.Question) *assessment.Question {
	for i := range c.Questions {
		if q := &c.Questions[i]; q.ID != not.ID && q.Type != assessment.Text && q.Type != assessment.Scale {
			return q
		}
	}
	return nil
}

// TestRespondentPageStates covers a made-up link, a closed assessment,
// escaping of what respondents and consultants type, and the headers.
func TestRespondentPageStates(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("States")
	_, aID, _ := h.Setup(tok, "self-service", 0)
	var rsp webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "<script>alert(1)</script>"}, 201, &rsp)
	self := "/r/" + rsp.Token
	v := h.Visitor()

	mustContain(t, v.Get(self+"/welcome"), "Welcome, &lt;script&gt;alert(1)&lt;/script&gt;")
	r := v.Get(self + "?start=1")
	mustContain(t, r, "&lt;script&gt;alert(1)&lt;/script&gt;")
	if strings.Contains(string(r.Body), "<script>alert") {
		t.Error("the respondent's name is not escaped")
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}

	r = v.Get("/r/made-up-token")
	if r.Status != 404 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("made-up link: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	if r := v.Post("/r/made-up-token?c="+h.Model.Capabilities[0].ID, url.Values{}); r.Status != 404 {
		t.Errorf("post to a made-up link: %d", r.Status)
	}

	h.MustJSON("POST", "/api/v1/assessments/"+aID+"/close", tok, nil, 200, nil)
	r = v.Get(self)
	mustContain(t, r, "This assessment is closed")
	if strings.Contains(string(r.Body), "<form") {
		t.Error("a closed assessment still shows a form")
	}
	c := &h.Model.Capabilities[0]
	if r := v.Post(self+"?c="+c.ID, capabilityForm(c, "next")); r.Status != http.StatusSeeOther {
		t.Errorf("post to a closed assessment: %s", r)
	}
	if got := storedAnswers(h, rsp.Token); len(got) != 0 {
		t.Errorf("a closed assessment took answers: %v", got)
	}
}
