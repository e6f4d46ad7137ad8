package ui_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// optionCapability is the first capability with a single-choice question,
// and that question.
func optionCapability(t *testing.T, m *assessment.Model) (*assessment.Capability, *assessment.Question) {
	t.Helper()
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if q := &m.Capabilities[ci].Questions[qi]; q.Type == assessment.Single {
				return &m.Capabilities[ci], q
			}
		}
	}
	t.Fatal("no single-choice question in the questionnaire")
	return nil, nil
}

func TestPresentPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, token := h.SignIn("Owner")
	_, aID, _ := h.Setup(token, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &a)
	var joined []webtest.Created
	for i := range 3 {
		var p webtest.Created
		h.MustJSON("POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": fmt.Sprintf("Phone %d", i)}, 201, &p)
		joined = append(joined, p)
	}
	present := "/assessments/" + aID + "/present"
	webtest.WantPage(t, "projector before focus", v.Get(present), 200, strings.TrimSuffix(a.JoinURL, a.JoinCode)+`<span class="p-code">`+a.JoinCode+"</span>", "<svg class=\"p-qr\"", "3</strong> joined", "Start with the first capability")

	cp, q := optionCapability(t, h.Model)
	webtest.WantPage(t, "focus without CSRF", v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}, "back": {"present"}, "_csrf": {""}}), 403)
	webtest.WantRedirect(t, "focus", v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}, "back": {"present"}}), present)
	var after struct{ Focus *string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &after)
	if after.Focus == nil || *after.Focus != cp.ID {
		t.Fatalf("focus after the form: %v, want %s", after.Focus, cp.ID)
	}
	webtest.WantRedirect(t, "focus from the assessment page", v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}}), "/assessments/"+aID)

	// A phone elsewhere in the questionnaire is shown where the group is.
	other := h.Model.Capabilities[0].ID
	if other == cp.ID {
		other = h.Model.Capabilities[1].ID
	}
	phone := h.Visitor()
	webtest.WantPage(t, "phone elsewhere", phone.Get("/r/"+joined[0].Token+"?c="+url.QueryEscape(other)), 200,
		"The group is on: "+template(cp.Title), "?c="+cp.ID, "follow.")
	if r := phone.Get("/r/" + joined[0].Token + "?c=" + url.QueryEscape(cp.ID)); strings.Contains(string(r.Body), "The group is on") {
		t.Error("the phone on the group's capability is told to go there")
	}

	answer := func(p webtest.Created) {
		h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", map[string]any{"option": q.Options[0].ID}, 200, nil)
	}
	answer(joined[0])
	answer(joined[1])
	r := v.Get(present + "?reveal=1")
	webtest.WantPage(t, "two answers revealed", r, 200, template(cp.Title), "<strong>2</strong> answered", "Spread shown from 3 answers")
	if strings.Contains(string(r.Body), `class="p-spread"`) {
		t.Error("a spread of 2 answers is shown")
	}
	answer(joined[2])
	r = v.Get(present)
	webtest.WantPage(t, "three answers, not revealed", r, 200, "<strong>3</strong> answered", "Reveal spread")
	if strings.Contains(string(r.Body), `class="p-spread"`) {
		t.Error("the spread is shown before the reveal")
	}
	webtest.WantPage(t, "three answers revealed", v.Get(present+"?reveal=1"), 200, `class="p-spread"`, template(q.Options[0].Label), "Hide spread")

	// Next moves the focus on.
	for i := range h.Model.Capabilities {
		if h.Model.Capabilities[i].ID == cp.ID && i+1 < len(h.Model.Capabilities) {
			next := h.Model.Capabilities[i+1]
			webtest.WantPage(t, "next control", v.Get(present), 200, `name="capability" value="`+next.ID+`"`)
			webtest.WantRedirect(t, "next", v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {next.ID}, "back": {"present"}}), present)
			webtest.WantPage(t, "projector on the next", v.Get(present), 200, template(next.Title))
		}
	}

	intruder, _ := h.SignIn("Intruder")
	webtest.WantPage(t, "another workspace's projector", intruder.Get(present), 404, "Not Found")
	intruder.Get("/")
	webtest.WantPage(t, "another workspace's focus", intruder.Post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}}), 404)
	h.MustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &after)
	if after.Focus == nil || *after.Focus == cp.ID {
		t.Errorf("focus after the intruder: %v", after.Focus)
	}
}

// TestPresentResults is the end of a workshop: the projector shows the
// results page's score, level, stage ladder and roadmap by phase, with every
// text from the model escaped, and only in the consultant's own workspace.
func TestPresentResults(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Reveal")
	a := seeded(h, tok, hostileModel(), 4, 1)
	present := "/assessments/" + a.ID + "/present"

	webtest.WantPage(t, "the workshop view", v.Get(present), 200, `id="p-results" href="`+present+`?results=1"`)
	r := v.Get(present + "?results=1")
	webtest.WantPage(t, "the results", r, 200, `class="p-results"`, `<svg class="ladder"`, "overall score", "stages reached",
		"Back to the workshop", `href="`+present+`?results=1">Refresh`)
	body := string(r.Body)
	if strings.Contains(body, `class="p-focus"`) || strings.Contains(body, `class="p-qr"`) {
		t.Error("the results share the screen with the workshop view")
	}

	// The figures and the roadmap are the result's, in its order.
	var res struct {
		Overall struct {
			Score *float64
			Level int
		}
		Stages  []struct{ Title string }
		Roadmap []struct {
			Position     int
			Title, Phase string
		}
	}
	h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/result", tok, nil, 200, &res)
	if res.Overall.Score == nil || len(res.Roadmap) == 0 {
		t.Fatalf("the seeded result has no score or no roadmap: %+v", res)
	}
	webtest.WantPage(t, "the figures", r, 200, fmt.Sprintf(`<span class="p-big">%.0f</span>`, *res.Overall.Score),
		fmt.Sprintf(`<span class="p-big">Level %d</span> <span>of %d stages reached</span>`, res.Overall.Level, len(res.Stages)))
	at := 0
	for _, it := range res.Roadmap {
		item := fmt.Sprintf(`<li value="%d">%s</li>`, it.Position, template(it.Title))
		i := strings.Index(body[at:], item)
		if i < 0 {
			t.Fatalf("roadmap item %d %q missing or out of order", it.Position, it.Title)
		}
		at += i
		if phase := strings.LastIndex(body[:at], `data-phase="`); phase < 0 || !strings.HasPrefix(body[phase:], `data-phase="`+it.Phase+`"`) {
			t.Errorf("roadmap item %d %q is not under %q", it.Position, it.Title, it.Phase)
		}
	}

	// Markup from the model is text, in the SVG ladder and the lists alike.
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<svg onload") || strings.Contains(body, "</text><script>") {
		t.Errorf("unescaped markup from the model in the projector's results")
	}
	if !strings.Contains(body, "&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile stage title is not shown escaped")
	}
	if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
		t.Errorf("inline style or script in the projector page")
	}

	// Another workspace's, or a made-up one: the 404 page.
	other, _ := h.SignIn("Elsewhere")
	webtest.WantPage(t, "another workspace's results", other.Get(present+"?results=1"), 404, "Not Found")
	webtest.WantPage(t, "made up", v.Get("/assessments/no-such-id/present?results=1"), 404)
	if r := h.Visitor().Get(present + "?results=1"); r.Status != 303 || r.Header.Get("Location") != "/login" {
		t.Errorf("signed out: %d to %q", r.Status, r.Header.Get("Location"))
	}
}
