package ui_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// The people of the shared assessment: names, roles and perspectives that
// must never reach the sponsor. Two hold a perspective alone.
var sharedPeople = []struct{ name, role, perspective string }{
	{"Zelda Quartermaine", "Head of Platform Zyxwv", "operations"},
	{"Bartholomew Nightingale", "Chief Data Wrangler Qopqr", "data"},
	{"Ottilie Farnsworth", "Release Manager Jklmn", "development"},
	{"Ignatius Pemberton", "Release Manager Jklmn", "development"},
	{"Wilhelmina Ashcombe", "Release Manager Jklmn", "development"},
}

const (
	visibleText = "Our pipelines break on Fridays nobody knows why"
	hiddenText  = "Ask Zelda about the budget fight with finance"
)

// sharedAssessment seeds an assessment that a sponsor may see: answers
// from everyone, a text to show and one the consultant hid, a summary.
func sharedAssessment(t *testing.T, h *webtest.Harness, tok string) string {
	t.Helper()
	var o, a webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Kestrel Freight"}, 201, &o)
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]string{"organisation_id": o.ID, "questionnaire": "dcos-readiness", "mode": "self-service", "title": "Spring review"}, 201, &a)
	textQ := webtest.FirstOfType(h.Model, assessment.Text)
	for i, p := range sharedPeople {
		var r webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": p.name, "role": p.role, "perspective": p.perspective}, 201, &r)
		for qi, q := range webtest.Questions(h.Model) {
			if q.Type == assessment.Text {
				continue
			}
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i+qi), 200, nil)
		}
		switch i {
		case 0:
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+textQ.ID, "", map[string]string{"text": visibleText}, 200, nil)
		case 1:
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+textQ.ID, "", map[string]string{"text": hiddenText}, 200, nil)
		}
		h.MustJSON("POST", "/api/v1/responses/"+r.Token+"/submit", "", nil, 200, nil)
	}
	u, err := h.Service.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := h.Service.Texts(context.Background(), u, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range texts {
		if tx.Text == hiddenText {
			if _, err := h.Service.SetTextHidden(context.Background(), u, a.ID, tx.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	h.MustJSON("PUT", "/api/v1/assessments/"+a.ID+"/notes", tok, map[string]any{"summary": "Kestrel builds well and ships slowly.",
		"capabilities": map[string]string{h.Model.Capabilities[0].ID: "The sponsor owns the budget."}}, 200, nil)
	return a.ID
}

var newShareLink = regexp.MustCompile(`value="(http://[^"]+/s/([A-Za-z0-9_-]+))"`)

// createShare makes a link through the results page's form and returns
// its token, read from the page the redirect leads to.
func createShare(t *testing.T, v *webtest.Visitor, id string, form url.Values) string {
	t.Helper()
	results := "/assessments/" + id + "/results"
	v.Get(results)
	webtest.WantRedirect(t, "create a share", v.Post("/assessments/"+id+"/shares", form), results+"#share")
	page := v.Get(results)
	m := newShareLink.FindSubmatch(page.Body)
	if m == nil {
		t.Fatalf("the results page after creating a share shows no link:\n%s", page.Body)
	}
	if again := v.Get(results); newShareLink.Match(again.Body) {
		t.Error("the new link is shown a second time")
	}
	return string(m[2])
}

// pdfText is the text layer of a PDF, or a skip without pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required under CI")
		}
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "share.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(p, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// leaks lists what of the people the text shows: names, roles, and the
// perspectives that only one person holds.
func leaks(text string) []string {
	var out []string
	for _, p := range sharedPeople {
		for _, s := range append(strings.Fields(p.name), p.role) {
			if strings.Contains(text, s) {
				out = append(out, s)
			}
		}
	}
	// Perspectives are words of the questionnaire too: what must not
	// appear is a breakdown by them, where one person's view stands alone.
	for _, lone := range []string{"By perspective", "How each perspective sees it", "Data (1)", "Operations (1)"} {
		if strings.Contains(text, lone) {
			out = append(out, lone)
		}
	}
	return out
}

func TestSharePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		v, tok := h.SignIn("Sharer")
		id := sharedAssessment(t, h, tok)

		// A bad number of days is shown again in the form.
		v.Get("/assessments/" + id + "/results")
		webtest.WantPage(t, "zero days", v.Post("/assessments/"+id+"/shares", url.Values{"expires_in_days": {"0"}}), 422,
			"Expires in days must be between 1 and 365", `aria-invalid="true"`, `<details class="card share-panel" id="share" open>`)
		webtest.WantPage(t, "days as words", v.Post("/assessments/"+id+"/shares", url.Values{"expires_in_days": {"a month"}}), 422,
			"Enter a number of days from 1 to 365.")
		if r := v.Post("/assessments/"+id+"/shares", url.Values{"expires_in_days": {"30"}, "_csrf": {""}}); r.Status != 403 {
			t.Errorf("a share without the CSRF token: %s", r)
		}

		withTexts := createShare(t, v, id, url.Values{"expires_in_days": {"30"}, "texts": {"1"}})
		plain := createShare(t, v, id, url.Values{"expires_in_days": {"30"}})

		sponsor := h.Visitor() // no account, no session
		for name, tt := range map[string]struct {
			token     string
			want, not []string
		}{
			"with texts":    {withTexts, []string{visibleText}, []string{hiddenText, "Zelda"}},
			"without texts": {plain, nil, []string{visibleText, hiddenText, "What participants wrote"}},
		} {
			r := sponsor.Get("/s/" + tt.token)
			webtest.WantPage(t, name, r, 200, append([]string{"Kestrel Freight", "Spring review", "Kestrel builds well and ships slowly.", "The sponsor owns the budget.",
				"Stage ladder", `<svg class="ladder"`, "Roadmap", `<meta name="robots" content="noindex, nofollow">`, `href="/s/` + tt.token + `/report.pdf"`}, tt.want...)...)
			body := string(r.Body)
			for _, s := range tt.not {
				if strings.Contains(body, s) {
					t.Errorf("%s: the page shows %q", name, s)
				}
			}
			if l := leaks(body); len(l) > 0 {
				t.Errorf("%s: the page shows people: %q", name, l)
			}
			for _, href := range regexp.MustCompile(`(?:href|action|src)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
				if u := href[1]; !strings.HasPrefix(u, "/s/"+tt.token) && !strings.HasPrefix(u, "/static/") && !strings.HasPrefix(u, "#") &&
					!strings.HasPrefix(u, "?") && !strings.HasPrefix(u, "/brand/") {
					t.Errorf("%s: the page links to %q", name, u)
				}
			}
			for h, want := range map[string]string{"X-Robots-Tag": "noindex, nofollow", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
				if got := r.Header.Get(h); got != want {
					t.Errorf("%s: %s %q, want %q", name, h, got, want)
				}
			}
			if len(r.Header.Values("Set-Cookie")) > 0 {
				t.Errorf("%s: the share page sets cookies: %q", name, r.Header.Values("Set-Cookie"))
			}

			pdf := sponsor.Get("/s/" + tt.token + "/report.pdf")
			if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || pdf.Header.Get("X-Robots-Tag") == "" {
				t.Fatalf("%s: the PDF: %d %s", name, pdf.Status, pdf.Header)
			}
			text := pdfText(t, pdf.Body)
			for _, s := range append([]string{"Kestrel Freight", "Kestrel builds well and ships slowly."}, tt.want...) {
				if !strings.Contains(text, s) {
					t.Errorf("%s: the PDF lacks %q", name, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(text, s) {
					t.Errorf("%s: the PDF shows %q", name, s)
				}
			}
			if l := leaks(text); len(l) > 0 {
				t.Errorf("%s: the PDF shows people: %q", name, l)
			}
		}

		// The consultant sees when each link was last opened.
		r := v.Get("/assessments/" + id + "/results")
		if n := strings.Count(string(r.Body), "last opened never"); n != 0 {
			t.Errorf("%d links opened by the sponsor still say never", n)
		}

		// The PDF follows a change: a new summary is in the next one.
		h.MustJSON("PUT", "/api/v1/assessments/"+id+"/notes", tok, map[string]any{"summary": "Kestrel now ships weekly."}, 200, nil)
		if text := pdfText(t, sponsor.Get("/s/"+plain+"/report.pdf").Body); !strings.Contains(text, "Kestrel now ships weekly.") {
			t.Error("the share's PDF did not follow a change to the notes")
		}

		// Another workspace cannot revoke; the owner can, and the link dies.
		outsider, _ := h.SignIn("Outsider")
		outsider.Get("/")
		shareID := shareIDs(t, h, tok, id)[0]
		if r := outsider.Post("/assessments/"+id+"/shares/"+shareID+"/revoke", nil); r.Status != 404 {
			t.Errorf("another workspace revoked: %s", r)
		}
		webtest.WantPage(t, "after a refused revoke", sponsor.Get("/s/"+withTexts), 200)
		v.Get("/assessments/" + id + "/results")
		webtest.WantRedirect(t, "revoke", v.Post("/assessments/"+id+"/shares/"+shareID+"/revoke", nil), "/assessments/"+id+"/results#share")
		r = sponsor.Get("/s/" + withTexts)
		webtest.WantPage(t, "a revoked link", r, 404)
		if r.Header.Get("X-Robots-Tag") == "" || strings.Contains(string(r.Body), "Kestrel") {
			t.Errorf("a revoked link's page: %s", r.Header)
		}
		if r := sponsor.Get("/s/" + withTexts + "/report.pdf"); r.Status != 404 {
			t.Errorf("a revoked link's PDF: %d", r.Status)
		}
		webtest.WantPage(t, "an unknown link", sponsor.Get("/s/notatokenatallxxxxxxxx"), 404)

		// Expiry: a one-day link dies after a day.
		day := createShare(t, v, id, url.Values{"expires_in_days": {"1"}})
		webtest.WantPage(t, "a day-long link", sponsor.Get("/s/"+day), 200)
		h.Advance(25 * time.Hour)
		webtest.WantPage(t, "an expired link", sponsor.Get("/s/"+day), 404)
		if r := sponsor.Get("/s/" + day + "/report.pdf"); r.Status != 404 {
			t.Errorf("an expired link's PDF: %d", r.Status)
		}
		webtest.WantPage(t, "a 30-day link after a day", sponsor.Get("/s/"+plain), 200)
	})
}

// shareIDs are the live shares of an assessment, oldest first.
func shareIDs(t *testing.T, h *webtest.Harness, tok, id string) []string {
	t.Helper()
	var list []struct{ ID string }
	h.MustJSON("GET", "/api/v1/assessments/"+id+"/shares", tok, nil, 200, &list)
	var out []string
	for _, s := range list {
		out = append(out, s.ID)
	}
	if len(out) == 0 {
		t.Fatal("no shares")
	}
	return out
}

func TestShareLinksNeedASession(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	_, tok := h.SignIn("Lonely")
	_, id, _ := h.Setup(tok, "workshop", 0)
	anon := h.Visitor()
	anon.Get("/login")
	webtest.WantRedirect(t, "create signed out", anon.Post("/assessments/"+id+"/shares", url.Values{"expires_in_days": {"3"}}), "/login")
	if r := h.Do("GET", "/api/v1/assessments/"+id+"/shares", tok, nil); r.Status != 200 || strings.TrimSpace(string(r.Body)) != "[]" {
		t.Errorf("a signed-out form made a share: %s", r)
	}
	_ = fmt.Sprint
}
