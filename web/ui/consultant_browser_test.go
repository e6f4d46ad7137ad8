package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// both takes a screenshot of the page as it is at phone size (390x844) and
// at laptop size (1280x800), and goes back to the phone.
func both(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshot(t, ctx, name+"-phone")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, name+"-laptop")
	phone(t, ctx)
}

// TestBrowserConsultant is the consultant's smoke test in real Chromium: sign
// in, add an organisation, start an assessment, invite people, copy a link,
// and open the results page, with a screenshot of every page.
func TestBrowserConsultant(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	h.Consultant("Smoke")
	phone(t, ctx)

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (problems: %v)", what, err, problems)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	step("open the sign-in page", chromedp.Navigate(h.Server.URL+"/"), chromedp.WaitVisible(chromedp.ID("email")))
	both(t, ctx, "consultant-login")
	step("sign in",
		chromedp.SendKeys(chromedp.ID("email"), "smoke@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), webtest.Password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("org-name")))
	both(t, ctx, "consultant-dashboard-empty")

	step("add an organisation with a mistake",
		chromedp.SendKeys(chromedp.ID("org-industry"), "Logistics"),
		chromedp.Click(chromedp.CSS("#org-name ~ *, form[action='/organisations'] button")),
		chromedp.WaitVisible(chromedp.ID("org-name-error")))
	both(t, ctx, "consultant-dashboard-error")
	step("add an organisation",
		chromedp.SendKeys(chromedp.ID("org-name"), "Acme Logistics"),
		chromedp.Click(chromedp.CSS("form[action='/organisations'] button")),
		chromedp.WaitVisible(chromedp.ID("start-title")))
	both(t, ctx, "consultant-organisation")

	step("start an assessment",
		chromedp.SendKeys(chromedp.ID("start-title"), "Platform readiness 2026"),
		chromedp.Click(chromedp.CSS("input[name=mode][value=self-service]")),
		chromedp.Click(chromedp.CSS("form[action$='/assessments'] button")),
		chromedp.WaitVisible(chromedp.ID("invite-names")))
	both(t, ctx, "consultant-assessment-empty")
	if got := text("main h1"); got != "Platform readiness 2026" {
		t.Fatalf("assessment page heading %q", got)
	}

	step("invite two people",
		chromedp.SendKeys(chromedp.ID("invite-names"), "Ana Lopez, Head of operations\nBo Chen, Developer"),
		chromedp.Click(chromedp.CSS("form[action$='/respondents'] button")),
		chromedp.WaitVisible(chromedp.CSS(".new-links")),
		// The script shows the copy buttons; pressing one copies or says how to.
		chromedp.WaitVisible(chromedp.CSS("button[data-copy='link-0']")),
		chromedp.Click(chromedp.CSS("button[data-copy='link-0']")),
		chromedp.WaitReady(chromedp.CSS(".link-text .copied:not(:empty)")))
	both(t, ctx, "consultant-invited")
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("link-0")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, h.Server.URL+"/r/") {
		t.Fatalf("first link %q", link)
	}
	h.MustJSON("GET", "/api/v1/responses/"+link[strings.LastIndex(link, "/")+1:], "", nil, 200, nil)
	assessmentURL, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS("form[action$='/respondents']")))
	if err != nil {
		t.Fatal(err)
	}
	base := h.Server.URL + strings.TrimSuffix(assessmentURL["action"], "/respondents")

	step("the assessment page", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(".respondents")))
	both(t, ctx, "consultant-assessment")
	step("the dashboard", chromedp.Click(chromedp.CSS(".crumbs a")), chromedp.WaitVisible(chromedp.CSS(".assessments")))
	both(t, ctx, "consultant-dashboard")
	if got := text(".org .progress-counts"); got != "2 invited · 0 answering · 0 submitted" {
		t.Errorf("dashboard counts %q", got)
	}
	step("an erase confirmation", chromedp.Navigate(base), chromedp.Click(chromedp.CSS(".respondent a[href$='/erase']")),
		chromedp.WaitVisible(chromedp.CSS(".confirm")))
	both(t, ctx, "consultant-confirm")
	step("the questionnaire", chromedp.Navigate(base+"/questionnaire"), chromedp.WaitVisible(chromedp.CSS(".stage")))
	// The whole questionnaire is taller than Chromium draws in one shot: its top.
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "test-artifacts", "consultant-questionnaire-phone.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}

	step("open the results", chromedp.Navigate(base), chromedp.Click(chromedp.CSS("a[href$='/results']")),
		chromedp.WaitVisible(chromedp.CSS(".results #h-ladder")))
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if location != base+"/results" {
		t.Errorf("results link led to %s", location)
	}
	both(t, ctx, "consultant-results")
	if got := text(".rs-meta"); !strings.Contains(got, "Platform readiness 2026") || !strings.Contains(got, "2 respondents") {
		t.Errorf("results page says %q", got)
	}
	// The form sent with a mistake answers 422 on purpose; Chromium logs any
	// 4xx document as a failed load. Everything else is a real problem.
	for _, p := range strings.Split(problems.String(), "; ") {
		if p != "" && !strings.Contains(p, "responded with a status of 422") {
			t.Errorf("script error or CSP violation: %s", p)
		}
	}
}
