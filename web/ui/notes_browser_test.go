package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserNotes writes the consultant's summary on the results page in
// real Chromium, saves it with the plain form and finds it shown.
func TestBrowserNotes(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Notebook")
	browserSignIn(t, ctx, h, "Notebook")
	a := seeded(h, tok, h.Model, 4, 3)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.Server.URL+"/assessments/"+a.ID+"/results"),
		chromedp.WaitReady(chromedp.CSS("#notes textarea[name=summary]")),
		chromedp.SendKeys(chromedp.CSS("#notes textarea[name=summary]"), "Zürich is ready to start; Łódź follows."),
		chromedp.Click(chromedp.CSS("#notes button[type=submit]")),
		chromedp.WaitReady(chromedp.CSS("#h-summary")),
		// load the page afresh: nodes of a document still loading after the
		// redirect may be replaced under the queries that follow
		chromedp.Navigate(h.Server.URL+"/assessments/"+a.ID+"/results"),
		chromedp.WaitReady(chromedp.CSS("#notes button[type=submit]")),
	); err != nil {
		t.Fatalf("write and save notes: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h-summary + p")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, "Zürich is ready to start; Łódź follows.") {
		t.Errorf("the saved summary shows as %q", shown)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#notes")))
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "results-notes.png", shot)
	for name, sel := range map[string]string{"results-downloads.png": ".rs-downloads", "results-summary.png": "section[aria-labelledby=h-summary]"} {
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
		if err != nil {
			t.Fatal(err)
		}
		writeArtifact(t, name, shot)
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}
