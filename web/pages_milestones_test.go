package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store/storetest"
)

// TestOrganisationOverTime shows an organisation's assessments over time
// and starts a follow-up from its page.
func TestOrganisationOverTime(t *testing.T) {
	h := newHarness(t, storetest.New(t))
	v, tok := h.signIn("Paths")
	orgID, firstID, rs := h.setup(tok, "workshop", 1)
	h.mustJSON("PATCH", "/api/v1/assessments/"+firstID, tok, map[string]string{"title": "Spring review"}, 200, nil)
	q := firstScoredSingle(h.model)
	h.mustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", answerFor(q, 0), 200, nil)

	r := v.get("/organisations/" + orgID)
	wantPage(t, "one assessment", r, 200, "Over time", `<svg class="timeline"`, "<title id=\"timeline-title\">Overall score and level over time</title>",
		"<th scope=\"col\">Questionnaire</th>", h.model.Version, "Start a follow-up assessment", `action="/organisations/`+orgID+`/follow-up"`)

	for _, token := range []string{"", "forged"} {
		wantPage(t, "follow-up without CSRF", v.post("/organisations/"+orgID+"/follow-up", url.Values{"_csrf": {token}}), http.StatusForbidden)
	}

	h.advance(24 * time.Hour)
	r = v.post("/organisations/"+orgID+"/follow-up", nil)
	nextID := idFrom(t, r.Header.Get("Location"), "/assessments/")
	var next struct {
		Title, Mode, Questionnaire string
		Version                    string `json:"questionnaire_version"`
	}
	h.mustJSON("GET", "/api/v1/assessments/"+nextID, tok, nil, 200, &next)
	if next.Title != "Spring review (follow-up)" || next.Mode != "workshop" || next.Version != h.model.Version {
		t.Errorf("follow-up: %+v, want the title, mode and latest version of the one before", next)
	}

	r = v.get("/organisations/" + orgID)
	body := string(r.Body)
	wantPage(t, "two assessments", r, 200, "Spring review (follow-up)")
	if a, b := strings.Index(body, `<a href="/assessments/`+firstID+`/results">`), strings.Index(body, `<a href="/assessments/`+nextID+`/results">`); a < 0 || b < 0 || a > b {
		t.Errorf("the table is not oldest first (%d, %d)", a, b)
	}
	if strings.Count(body, `<g class="mark`) != 2 {
		t.Errorf("the chart does not have a mark per assessment:\n%s", body)
	}

	// Another workspace cannot see or follow up the organisation.
	w, _ := h.signIn("Elsewhere")
	wantPage(t, "other workspace", w.get("/organisations/"+orgID), 404)
	wantPage(t, "other workspace follow-up", w.post("/organisations/"+orgID+"/follow-up", nil), 404)
	var list []struct{ ID string }
	h.mustJSON("GET", "/api/v1/organisations/"+orgID+"/assessments", tok, nil, 200, &list)
	if len(list) != 2 {
		t.Errorf("assessments after a forged and a foreign follow-up: %d, want 2", len(list))
	}
}
