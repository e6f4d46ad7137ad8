package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// browserSignIn signs the browser in through the sign-in page.
func browserSignIn(t *testing.T, ctx context.Context, h *webtest.Harness, workspace string) {
	t.Helper()
	email := strings.ToLower(workspace) + "@example.com"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(h.Server.URL+"/login"),
		chromedp.SendKeys(chromedp.CSS("input[name=email]"), email),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), webtest.Password),
		chromedp.Submit(chromedp.CSS("input[name=password]")),
		chromedp.WaitReady(chromedp.CSS("header .bar-user")),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// twentyCapabilities is the built-in model cut or stretched to exactly 20
// capabilities, to compare the charts at that size.
func twentyCapabilities(m *assessment.Model) *assessment.Model {
	titles := []string{"Release governance and change approval", "Service ownership", "Capacity planning",
		"Incident response", "Cost awareness", "Data protection and backup", "Developer self-service"}
	out := *m
	out.Slug, out.Capabilities = "wide-readiness", nil
	for i := range 20 {
		c := m.Capabilities[i%len(m.Capabilities)]
		if i >= len(m.Capabilities) {
			c.ID, c.Title, c.Requires = fmt.Sprintf("extra-%d", i), titles[i-len(m.Capabilities)], nil
			qs := make([]assessment.Question, len(c.Questions))
			for qi, q := range c.Questions {
				q.ID = fmt.Sprintf("x%d-%s", i, q.ID)
				qs[qi] = q
			}
			c.Questions = qs
		}
		out.Capabilities = append(out.Capabilities, c)
	}
	return &out
}

// TestBrowserResults opens the results page on a phone-sized screen and
// takes screenshots of both capability charts, with the built-in model and
// with 20 capabilities.
func TestBrowserResults(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Charts")
	phone(t, ctx)
	browserSignIn(t, ctx, h, "Charts")
	for _, tc := range []struct {
		name  string
		model *assessment.Model
	}{{"builtin", h.Model}, {"20", twentyCapabilities(h.Model)}} {
		a := seeded(h, tok, tc.model, 4, 5)
		// The charts on a laptop screen, where the comparison is made.
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 900)); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"bars", "radar"} {
			url := h.Server.URL + "/assessments/" + a.ID + "/results?chart=" + kind
			if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("svg."+kind))); err != nil {
				t.Fatalf("%s with %s capabilities: %v", kind, tc.name, err)
			}
			shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("svg."+kind)))
			if err != nil {
				t.Fatal(err)
			}
			writeArtifact(t, fmt.Sprintf("results-%s-%s.png", kind, tc.name), shot)
		}
		phone(t, ctx)
		if tc.name == "builtin" {
			url := h.Server.URL + "/assessments/" + a.ID + "/results?answers=" + tc.model.Capabilities[0].ID
			if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("svg.spread"))); err != nil {
				t.Fatal(err)
			}
			screenshot(t, ctx, "results-page")
		}
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}
