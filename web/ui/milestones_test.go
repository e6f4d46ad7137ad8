package ui_test

import (
	"html"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestOrganisationOverTime shows an organisation's assessments over time
// and starts a follow-up from its page.
func TestOrganisationOverTime(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Paths")
	orgID, firstID, rs := h.Setup(tok, "workshop", 1)
	h.MustJSON("PATCH", "/api/v1/assessments/"+firstID, tok, map[string]string{"title": "Spring review"}, 200, nil)
	q := webtest.FirstScoredSingle(h.Model)
	h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, 0), 200, nil)

	r := v.Get("/organisations/" + orgID)
	webtest.WantPage(t, "one assessment", r, 200, "Over time", `<svg class="timeline ms-wide"`, `<svg class="timeline ms-narrow"`, "<title id=\"timeline-title-wide\">Overall score and level over time</title>",
		"<th scope=\"col\">Questionnaire</th>", h.Model.Version, "Start a follow-up assessment", `action="/organisations/`+orgID+`/follow-up"`)

	for _, token := range []string{"", "forged"} {
		webtest.WantPage(t, "follow-up without CSRF", v.Post("/organisations/"+orgID+"/follow-up", url.Values{"_csrf": {token}}), http.StatusForbidden)
	}

	h.Advance(24 * time.Hour)
	r = v.Post("/organisations/"+orgID+"/follow-up", nil)
	nextID := idFrom(t, r.Header.Get("Location"), "/assessments/")
	var next struct {
		Title, Mode, Questionnaire string
		Version                    string `json:"questionnaire_version"`
	}
	h.MustJSON("GET", "/api/v1/assessments/"+nextID, tok, nil, 200, &next)
	if next.Title != "Spring review (follow-up)" || next.Mode != "workshop" || next.Version != h.Model.Version {
		t.Errorf("follow-up: %+v, want the title, mode and latest version of the one before", next)
	}

	r = v.Get("/organisations/" + orgID)
	body := string(r.Body)
	webtest.WantPage(t, "two assessments", r, 200, "Spring review (follow-up)")
	if a, b := strings.Index(body, `<a href="/assessments/`+firstID+`/results">`), strings.Index(body, `<a href="/assessments/`+nextID+`/results">`); a < 0 || b < 0 || a > b {
		t.Errorf("the table is not oldest first (%d, %d)", a, b)
	}
	if strings.Count(body, `<g class="mark`) != 2*2 { // in each of the two layouts
		t.Errorf("the chart does not have a mark per assessment:\n%s", body)
	}

	// Another workspace cannot see or follow up the organisation.
	w, _ := h.SignIn("Elsewhere")
	webtest.WantPage(t, "other workspace", w.Get("/organisations/"+orgID), 404)
	webtest.WantPage(t, "other workspace follow-up", w.Post("/organisations/"+orgID+"/follow-up", nil), 404)
	var list []struct{ ID string }
	h.MustJSON("GET", "/api/v1/organisations/"+orgID+"/assessments", tok, nil, 200, &list)
	if len(list) != 2 {
		t.Errorf("assessments after a forged and a foreign follow-up: %d, want 2", len(list))
	}
}

// TestResultsSince shows what changed since the organisation's assessment
// before this one on the results page, and nothing on the first one.
func TestResultsSince(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Since")
	orgID, firstID, rs := h.Setup(tok, "self-service", 1)
	q := webtest.FirstScoredSingle(h.Model)
	capTitle := ""
	for _, c := range h.Model.Capabilities {
		for _, cq := range c.Questions {
			if cq.ID == q.ID {
				capTitle = c.Title
			}
		}
	}
	var low, high map[string]any // the lowest and highest scored options
	var lo, hi float64 = 2, -1
	for _, o := range q.Options {
		if o.Score != nil && *o.Score < lo {
			lo, low = *o.Score, map[string]any{"option": o.ID}
		}
		if o.Score != nil && *o.Score > hi {
			hi, high = *o.Score, map[string]any{"option": o.ID}
		}
	}
	h.MustJSON("PUT", "/api/v1/responses/"+rs[0].Token+"/answers/"+q.ID, "", low, 200, nil)

	first := v.Get("/assessments/" + firstID + "/results")
	webtest.WantPage(t, "first results", first, 200, "Results")
	if strings.Contains(string(first.Body), `id="h-since"`) {
		t.Error("the first assessment has a since section")
	}

	h.Advance(48 * time.Hour)
	nextID := idFrom(t, v.Post("/organisations/"+orgID+"/follow-up", nil).Header.Get("Location"), "/assessments/")
	var r2 webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+nextID+"/respondents", tok, map[string]string{"name": "Q"}, 201, &r2)
	h.MustJSON("PUT", "/api/v1/responses/"+r2.Token+"/answers/"+q.ID, "", high, 200, nil)

	var cmp struct {
		Overall      struct{ Change *float64 }
		Capabilities []struct {
			Title  string
			Change *float64
		}
	}
	h.MustJSON("GET", "/api/v1/assessments/"+nextID+"/compare/"+firstID, tok, nil, 200, &cmp)
	var change string
	for _, c := range cmp.Capabilities {
		if c.Title == capTitle && c.Change != nil {
			change = "+" + strconv.Itoa(int(math.Round(*c.Change)))
		}
	}
	if change == "" || change == "+0" {
		t.Fatalf("the test needs a capability that moved: %+v", cmp.Capabilities)
	}
	date := time.Now().UTC().Format("2 Jan 2006")
	r := v.Get("/assessments/" + nextID + "/results")
	webtest.WantPage(t, "since", r, 200, "Since "+date, `href="/assessments/`+firstID+`/results"`, "Overall score",
		"Roadmap items closed", "Roadmap items opened", "Roadmap items dropped", "Stages reached", "Stages lost")
	body := string(r.Body)
	if s := strings.Index(body, `id="h-since"`); s >= 0 {
		body = body[s:]
	}
	i := strings.Index(body, html.EscapeString(capTitle))
	if i < 0 || !strings.Contains(body[i:min(len(body), i+400)], strings.ReplaceAll(change, "+", "&#43;")) {
		t.Errorf("the since section does not show %s beside %s:\n%s", change, capTitle, body[:min(len(body), 3000)])
	}
}
