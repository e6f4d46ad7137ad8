package ui_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserResultsByPerspective draws the results page's by-perspective
// section on a phone, for people to look at.
func TestBrowserResultsByPerspective(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Phone")
	browserSignIn(t, ctx, h, "Phone")
	_, aID, _ := h.Setup(tok, "self-service", 0)
	perspectiveAnswers(h, tok, aID)
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.Server.URL+"/assessments/"+aID+"/results"),
		chromedp.WaitReady(chromedp.CSS("#perspectives table"))); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the results page scrolls sideways on a phone")
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#perspectives")))
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "results-perspectives-phone.png", shot)
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}
