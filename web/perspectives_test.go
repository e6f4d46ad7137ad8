package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// TestRespondentPerspectiveWithoutScript walks a data respondent's
// questionnaire as plain forms: the main flow holds the data and untagged
// questions only; the others stay reachable under "More questions" and never
// show as unanswered.
func TestRespondentPerspectiveWithoutScript(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	tok := h.consultant("Views")
	_, aID, _ := h.setup(tok, "self-service", 0)
	var rs created
	h.mustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "Dana", "perspective": "data"}, 201, &rs)
	self := "/r/" + rs.Token
	v := h.visitor()

	asked := h.model.AskedCount("data")
	if asked >= h.model.QuestionCount() {
		t.Fatalf("data is asked all %d questions; the test needs a model that tags questions", asked)
	}
	// The capability holding the first question not asked of data, and
	// whether it has asked questions too (then it is part of the main flow).
	var other *assessment.Question
	var otherCap *assessment.Capability
	for ci := range h.model.Capabilities {
		c := &h.model.Capabilities[ci]
		for qi := range c.Questions {
			if other == nil && !c.Questions[qi].AskedOf("data") {
				other, otherCap = &c.Questions[qi], c
			}
		}
	}

	r := v.get(self)
	wantPage(t, "first page", r, 200, "0 of "+strconv.Itoa(asked)+" questions answered")

	// Walk the main flow: every page holds asked questions only.
	seen := 0
	page := self
	for step := 0; step < len(h.model.Capabilities)+1; step++ {
		r := v.get(page)
		body := string(r.Body)
		if strings.Contains(body, `data-state="review"`) {
			break
		}
		for _, q := range questions(h.model) {
			if strings.Contains(body, `data-question="`+q.ID+`"`) {
				if !q.AskedOf("data") {
					t.Errorf("%s: question %s of %v is in the main flow", page, q.ID, q.Perspectives)
				}
				seen++
			}
		}
		i := strings.Index(body, `action="`+self+`?c=`)
		if i < 0 {
			t.Fatalf("%s: no capability form:\n%s", page, body)
		}
		id := body[i+len(`action="`+self+`?c=`):]
		id = id[:strings.IndexByte(id, '"')]
		res := v.post(self+"?c="+id, url.Values{"go": {"next"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("next from %s: %s", id, res)
		}
		page = res.Header.Get("Location")
	}
	if seen != asked {
		t.Errorf("main flow showed %d questions, want the %d asked of data", seen, asked)
	}

	// The review lists no unasked question as unanswered, and links to more.
	r = v.get(self + "?review=1")
	wantPage(t, "review", r, 200, strconv.Itoa(asked)+" questions are still unanswered", "More questions",
		`href="`+self+`?more=`+otherCap.ID+`"`)
	if strings.Contains(string(r.Body), "#q-"+other.ID+`"`) {
		t.Errorf("review lists the unasked question %s as unanswered", other.ID)
	}

	// A "More questions" page shows and saves the other questions; progress
	// stays that of the asked ones.
	r = v.get(self + "?more=" + otherCap.ID)
	wantPage(t, "more page", r, 200, `data-question="`+other.ID+`"`, `action="`+self+`?more=`+otherCap.ID+`"`,
		"asked of other perspectives", "0 of "+strconv.Itoa(asked)+" questions answered")
	if strings.Contains(string(r.Body), "respond.js") {
		t.Errorf("the more page loads the page script, which counts its questions as progress")
	}
	f := url.Values{"go": {"stay"}, "a-" + other.ID: formValue(other)}
	res := v.post(self+"?more="+otherCap.ID, f)
	wantRedirect(t, "save more", res, self+"?more="+otherCap.ID)
	if got := h.storedAnswers(rs.Token); got[other.ID] == nil {
		t.Errorf("the answer to %s on the more page was not stored: %v", other.ID, got)
	}
	wantPage(t, "more page after save", v.get(self+"?more="+otherCap.ID), 200, "0 of "+strconv.Itoa(asked)+" questions answered")

	// A bad value on a more page is shown again, never a 500.
	if c, scale := capabilityWith(h.model, assessment.Scale); c != nil && !scale.AskedOf("data") {
		res := v.post(self+"?more="+c.ID, url.Values{"go": {"next"}, "a-" + scale.ID: {"many"}})
		wantPage(t, "bad number on a more page", res, http.StatusUnprocessableEntity, `action="`+self+`?more=`+c.ID+`"`)
	}
	// An unknown more page goes back to the review.
	wantRedirect(t, "unknown more page", v.get(self+"?more=nope"), self+"?review=1")
}
