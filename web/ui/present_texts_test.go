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

// TestPresentTextWall: after the reveal the projector shows the focused
// capability's text answers, at most six with "+ N more", never a comment,
// a hidden text or a name; before the reveal, none.
func TestPresentTextWall(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Projector")
	_, id, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+id, tok, nil, 200, &a)
	tq := webtest.FirstOfType(h.Model, assessment.Text)
	capID := webtest.CapabilityOf(t, h.Model, tq.ID)
	for i := range 8 {
		r := h.Join(a.JoinCode, fmt.Sprintf("Named Person %d", i))
		h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+tq.ID, "", map[string]any{
			"text": fmt.Sprintf("wall text %d", i), "comment": fmt.Sprintf("comment text %d", i)}, 200, nil)
	}
	var texts []struct{ ID, Text string }
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/texts", tok, nil, 200, &texts)
	for _, x := range texts {
		if x.Text == "wall text 0" {
			h.MustJSON("PATCH", "/api/v1/assessments/"+id+"/texts/"+x.ID, tok, map[string]any{"hidden": true}, 200, nil)
		}
	}
	v.Get("/assessments/" + id + "/present")
	webtest.WantRedirect(t, "focus", v.Post("/assessments/"+id+"/focus", url.Values{"capability": {capID}, "back": {"present"}}), "/assessments/"+id+"/present")

	before := v.Get("/assessments/" + id + "/present")
	webtest.WantPage(t, "before the reveal", before, 200)
	if strings.Contains(string(before.Body), "wall text") {
		t.Error("the projector shows texts before the reveal")
	}
	r := v.Get("/assessments/" + id + "/present?reveal=1")
	webtest.WantPage(t, "after the reveal", r, 200, "What you wrote", "<q>wall text 1</q>", "<q>wall text 6</q>", "+ 1 more")
	body := string(r.Body)
	if n := strings.Count(body, "<q>wall text"); n != 6 {
		t.Errorf("the wall shows %d texts, want 6", n)
	}
	for _, never := range []string{"wall text 0", "wall text 7", "comment text", "Named Person"} {
		if strings.Contains(body, never) {
			t.Errorf("the projector shows %q", never)
		}
	}
}

// TestRespondCommentBox: every question has a visible way to comment that
// says who reads it, without script.
func TestRespondCommentBox(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Comments")
	_, _, rs := h.Setup(tok, "self-service", 1)
	r := h.Visitor().Get("/r/" + rs[0].Token + "?start=1")
	webtest.WantPage(t, "respondent page", r, 200)
	body := string(r.Body)
	questions := strings.Count(body, `<fieldset class="r-question`)
	if questions == 0 || strings.Count(body, "Add a comment") != questions ||
		strings.Count(body, "Read by your consultant and, without your name, the group.") != questions {
		t.Errorf("%d questions, %d “Add a comment”, %d saying who reads it", questions,
			strings.Count(body, "Add a comment"), strings.Count(body, "without your name, the group"))
	}
}
