package ui_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestRespondentPerspectiveWithoutScript walks a data respondent's
// questionnaire as plain forms: the main flow holds the data and untagged
// questions only; the others stay reachable under "More questions" and never
// show as unanswered.
func TestRespondentPerspectiveWithoutScript(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Views")
	_, aID, _ := h.Setup(tok, "self-service", 0)
	var rs webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "Dana", "perspective": "data"}, 201, &rs)
	self := "/r/" + rs.Token
	v := h.Visitor()

	asked := h.Model.AskedCount("data")
	if asked >= h.Model.QuestionCount() {
		t.Fatalf("data is asked all %d questions; the test needs a model that tags questions", asked)
	}
	// The capability holding the first question not asked of data, and
	// whether it has asked questions too (then it is part of the main flow).
	var other *assessment.Question
	var otherCap *assessment.Capability
	for ci := range h.Model.Capabilities {
		c := &h.Model.Capabilities[ci]
		for qi := range c.Questions {
			if other == nil && !c.Questions[qi].AskedOf("data") {
				other, otherCap = &c.Questions[qi], c
			}
		}
	}

	r := v.Get(self + "?c=") // past the welcome
	webtest.WantPage(t, "first page", r, 200, "0 of "+strconv.Itoa(asked)+" questions answered")

	// Walk the main flow: every page holds asked questions only.
	seen := 0
	page := self + "?start=1"
	for step := 0; step < len(h.Model.Capabilities)+1; step++ {
		r := v.Get(page)
		body := string(r.Body)
		if strings.Contains(body, `data-state="review"`) {
			break
		}
		for _, q := range webtest.Questions(h.Model) {
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
		res := v.Post(self+"?c="+id, url.Values{"go": {"next"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("next from %s: %s", id, res)
		}
		page = res.Header.Get("Location")
	}
	if seen != asked {
		t.Errorf("main flow showed %d questions, want the %d asked of data", seen, asked)
	}

	// The review lists no unasked question as unanswered, and links to more.
	r = v.Get(self + "?review=1")
	webtest.WantPage(t, "review", r, 200, strconv.Itoa(asked)+" questions are still unanswered", "More questions",
		`href="`+self+`?more=`+otherCap.ID+`"`)
	if strings.Contains(string(r.Body), "#q-"+other.ID+`"`) {
		t.Errorf("review lists the unasked question %s as unanswered", other.ID)
	}

	// A "More questions" page shows and saves the other questions; progress
	// stays that of the asked ones.
	r = v.Get(self + "?more=" + otherCap.ID)
	webtest.WantPage(t, "more page", r, 200, `data-question="`+other.ID+`"`, `action="`+self+`?more=`+otherCap.ID+`"`,
		"asked of other perspectives", "0 of "+strconv.Itoa(asked)+" questions answered")
	if strings.Contains(string(r.Body), "respond.js") {
		t.Errorf("the more page loads the page script, which counts its questions as progress")
	}
	f := url.Values{"go": {"stay"}, "a-" + other.ID: formValue(other)}
	res := v.Post(self+"?more="+otherCap.ID, f)
	webtest.WantRedirect(t, "save more", res, self+"?more="+otherCap.ID)
	if got := storedAnswers(h, rs.Token); got[other.ID] == nil {
		t.Errorf("the answer to %s on the more page was not stored: %v", other.ID, got)
	}
	webtest.WantPage(t, "more page after save", v.Get(self+"?more="+otherCap.ID), 200, "0 of "+strconv.Itoa(asked)+" questions answered")

	// A bad value on a more page is shown again, never a 500.
	if c, scale := capabilityWith(h.Model, assessment.Scale); c != nil && !scale.AskedOf("data") {
		res := v.Post(self+"?more="+c.ID, url.Values{"go": {"next"}, "a-" + scale.ID: {"many"}})
		webtest.WantPage(t, "bad number on a more page", res, http.StatusUnprocessableEntity, `action="`+self+`?more=`+c.ID+`"`)
	}
	// An unknown more page goes back to the review.
	webtest.WantRedirect(t, "unknown more page", v.Get(self+"?more=nope"), self+"?review=1")
}

// TestInviteAndJoinPerspective invites people by perspective from the
// assessment page, shows it in the respondents list, and offers the same
// select on the join page; an unknown value re-shows the form, never a 500.
func TestInviteAndJoinPerspective(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Invites")
	_, aID, _ := h.Setup(tok, "workshop", 0)
	page := "/assessments/" + aID

	webtest.WantPage(t, "assessment", v.Get(page), 200, `<select id="invite-perspective" name="perspective"`,
		`<option value="operations">Operations</option>`, `<option value="management">Management</option>`)

	r := v.Post(page+"/respondents", url.Values{"names": {"Ana\nBo"}, "perspective": {"finance"}})
	webtest.WantPage(t, "unknown perspective", r, http.StatusUnprocessableEntity, `id="invite-perspective-error"`,
		perspectiveMessageText, "Ana\nBo", `aria-invalid="true"`)
	var list []struct{ Name string }
	h.MustJSON("GET", "/api/v1/assessments/"+aID+"/respondents", tok, nil, 200, &list)
	if len(list) != 0 {
		t.Fatalf("an invalid invitation added %d respondents", len(list))
	}

	r = followInvite(t, v, v.Post(page+"/respondents", url.Values{"names": {"Ana\nBo"}, "perspective": {"development"}}))
	webtest.WantPage(t, "invited", r, 200, "2 new links", `data-perspective="development"`)
	_, tokens := links(r)
	for _, token := range tokens {
		var resp struct {
			Respondent struct{ Perspective *string }
			Progress   struct{ Total int }
		}
		h.MustJSON("GET", "/api/v1/responses/"+token, "", nil, 200, &resp)
		if resp.Respondent.Perspective == nil || *resp.Respondent.Perspective != "development" || resp.Progress.Total != h.Model.AskedCount("development") {
			t.Errorf("invited respondent: perspective %v, total %d", resp.Respondent.Perspective, resp.Progress.Total)
		}
	}
	r = followInvite(t, v, v.Post(page+"/respondents", url.Values{"names": {"Cy"}, "perspective": {""}}))
	webtest.WantPage(t, "invited without perspective", r, 200, "1 new link")

	// The join page offers the same select; the API it posts to refuses an
	// unknown value naming the field, which the page shows.
	var a struct {
		JoinCode string `json:"join_code"`
	}
	h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	if a.JoinCode == "" {
		t.Fatal("a workshop without a join code")
	}
	webtest.WantPage(t, "join", h.Visitor().Get("/j/"+a.JoinCode), 200, `<select id="perspective" name="perspective"`, `<option value="data">Data</option>`)
	jr := h.Do("POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": "Di", "perspective": "finance"})
	if _, field := jr.ErrorField(); jr.Status != 422 || field != "perspective" {
		t.Fatalf("join with an unknown perspective: %s", jr)
	}
	var joined struct{ Token string }
	h.MustJSON("POST", "/api/v1/join/"+a.JoinCode, "", map[string]string{"name": "Di", "perspective": "data"}, 201, &joined)
	webtest.WantPage(t, "joined page", h.Visitor().Get("/r/"+joined.Token+"?c="), 200,
		"0 of "+strconv.Itoa(h.Model.AskedCount("data"))+" questions answered")
	webtest.WantPage(t, "respondents list", v.Get(page), 200, `data-perspective="data"`, `data-perspective="development"`)
}

const perspectiveMessageText = "Choose operations, development, data or management, or none."

// scoredOption is the id of q's highest (high) or lowest scored option.
func scoredOption(q *assessment.Question, high bool) string {
	best, id := 0.0, ""
	for _, o := range q.Options {
		if o.Score == nil {
			continue
		}
		if id == "" || (high && *o.Score > best) || (!high && *o.Score < best) {
			best, id = *o.Score, o.ID
		}
	}
	return id
}

// TestResultsByPerspective: three operations people answer high, three
// developers low, one data person is too few; the results page shows the two
// side by side, names data as withheld, and flags the capabilities apart.
func TestResultsByPerspective(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Sides")
	_, aID, _ := h.Setup(tok, "self-service", 0)
	page := "/assessments/" + aID + "/results"
	if strings.Contains(string(v.Get(page).Body), `id="perspectives"`) {
		t.Fatal("a by-perspective section without any respondent of a perspective")
	}
	perspectiveAnswers(h, tok, aID)
	r := v.Get(page)
	webtest.WantPage(t, "results", r, 200, `id="perspectives"`, `<th scope="col" class="num">Operations</th>`,
		`<th scope="col" class="num">Development</th>`, "Data: withheld (fewer than 3)", "rs-flagged")
	if strings.Contains(string(r.Body), `<th scope="col" class="num">Data</th>`) {
		t.Error("the withheld data perspective has a column")
	}
	if strings.Contains(string(r.Body), `Management`) {
		t.Error("management, which nobody answers from, is on the page")
	}

	// Every flag matches the per-perspective results of the API.
	scores := map[string]map[string]float64{}
	for _, p := range []string{"operations", "development"} {
		var res struct {
			Capabilities []struct {
				Title string
				Score *float64
			}
		}
		h.MustJSON("GET", "/api/v1/assessments/"+aID+"/result?perspective="+p, tok, nil, 200, &res)
		scores[p] = map[string]float64{}
		for _, c := range res.Capabilities {
			if c.Score != nil {
				scores[p][c.Title] = *c.Score
			}
		}
	}
	flags := 0
	for title, ops := range scores["operations"] {
		dev, ok := scores["development"][title]
		if !ok || ops-dev < assessment.PerspectiveGapPoints {
			continue
		}
		flags++
		want := fmt.Sprintf("%s: operations sees %.0f, development %.0f: discuss.", title, ops, dev)
		if !strings.Contains(html.UnescapeString(string(r.Body)), want) {
			t.Errorf("page lacks the flag %q", want)
		}
	}
	if flags == 0 {
		t.Fatal("no capability apart: the test answers do not exercise the flag")
	}
}

// perspectiveAnswers adds three operations people answering every single
// and boolean question asked of them high, three developers answering low,
// and one data person.
func perspectiveAnswers(h *webtest.Harness, tok, aID string) {
	h.T.Helper()
	for i, p := range []string{"operations", "operations", "operations", "development", "development", "development", "data"} {
		var rs webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+aID+"/respondents", tok, map[string]string{"name": "R" + strconv.Itoa(i), "perspective": p}, 201, &rs)
		for _, q := range webtest.Questions(h.Model) {
			if (q.Type != assessment.Single && q.Type != assessment.Boolean) || !q.AskedOf(p) {
				continue
			}
			if id := scoredOption(q, p == "operations"); id != "" {
				h.MustJSON("PUT", "/api/v1/responses/"+rs.Token+"/answers/"+q.ID, "", map[string]any{"option": id}, 200, nil)
			}
		}
	}
}
