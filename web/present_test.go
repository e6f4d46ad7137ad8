package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
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
	h := newHarness(t, storetest.New(t))
	v, token := h.signIn("Owner")
	_, aID, _ := h.setup(token, "workshop", 0)
	var a created
	h.mustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &a)
	var joined []created
	for i := range 3 {
		var p created
		h.mustJSON("POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": fmt.Sprintf("Phone %d", i)}, 201, &p)
		joined = append(joined, p)
	}
	present := "/assessments/" + aID + "/present"
	wantPage(t, "projector before focus", v.get(present), 200, a.JoinURL, "<svg class=\"p-qr\"", "3</strong> joined", "Start with the first capability")

	cp, q := optionCapability(t, h.model)
	wantPage(t, "focus without CSRF", v.post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}, "back": {"present"}, "_csrf": {""}}), 403)
	wantRedirect(t, "focus", v.post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}, "back": {"present"}}), present)
	var after struct{ Focus *string }
	h.mustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &after)
	if after.Focus == nil || *after.Focus != cp.ID {
		t.Fatalf("focus after the form: %v, want %s", after.Focus, cp.ID)
	}
	wantRedirect(t, "focus from the assessment page", v.post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}}), "/assessments/"+aID)

	// A phone elsewhere in the questionnaire is shown where the group is.
	other := h.model.Capabilities[0].ID
	if other == cp.ID {
		other = h.model.Capabilities[1].ID
	}
	phone := h.visitor()
	wantPage(t, "phone elsewhere", phone.get("/r/"+joined[0].Token+"?c="+url.QueryEscape(other)), 200,
		"The group is on: "+template(cp.Title), "?c="+cp.ID, "follow.")
	if r := phone.get("/r/" + joined[0].Token + "?c=" + url.QueryEscape(cp.ID)); strings.Contains(string(r.Body), "The group is on") {
		t.Error("the phone on the group's capability is told to go there")
	}

	answer := func(p created) {
		h.mustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", map[string]any{"option": q.Options[0].ID}, 200, nil)
	}
	answer(joined[0])
	answer(joined[1])
	r := v.get(present + "?reveal=1")
	wantPage(t, "two answers revealed", r, 200, template(cp.Title), "<strong>2</strong> answered", "Spread shown from 3 answers")
	if strings.Contains(string(r.Body), `class="p-spread"`) {
		t.Error("a spread of 2 answers is shown")
	}
	answer(joined[2])
	r = v.get(present)
	wantPage(t, "three answers, not revealed", r, 200, "<strong>3</strong> answered", "Reveal spread")
	if strings.Contains(string(r.Body), `class="p-spread"`) {
		t.Error("the spread is shown before the reveal")
	}
	wantPage(t, "three answers revealed", v.get(present+"?reveal=1"), 200, `class="p-spread"`, template(q.Options[0].Label), "Hide spread")

	// Next moves the focus on.
	for i := range h.model.Capabilities {
		if h.model.Capabilities[i].ID == cp.ID && i+1 < len(h.model.Capabilities) {
			next := h.model.Capabilities[i+1]
			wantPage(t, "next control", v.get(present), 200, `name="capability" value="`+next.ID+`"`)
			wantRedirect(t, "next", v.post("/assessments/"+aID+"/focus", url.Values{"capability": {next.ID}, "back": {"present"}}), present)
			wantPage(t, "projector on the next", v.get(present), 200, template(next.Title))
		}
	}

	intruder, _ := h.signIn("Intruder")
	wantPage(t, "another workspace's projector", intruder.get(present), 404, "Not Found")
	intruder.get("/")
	wantPage(t, "another workspace's focus", intruder.post("/assessments/"+aID+"/focus", url.Values{"capability": {cp.ID}}), 404)
	h.mustJSON("GET", "/api/v1/assessments/"+aID, token, nil, 200, &after)
	if after.Focus == nil || *after.Focus == cp.ID {
		t.Errorf("focus after the intruder: %v", after.Focus)
	}
}
