package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserProjectorFits opens the projector at 1280x720 and 1920x1080 on
// every capability of the built-in model, before and after the reveal, with
// four people's answers and some agreed answers: every page of questions
// fits the screen (no scrolling, either way), together the pages show every
// question, and the lobby and the results fit too. German, whose words and
// questions run longer, must fit the smaller screen as well.
func TestBrowserProjectorFits(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Fits")
	_, aID, rs := h.Setup(tok, "workshop", 4)
	for i, r := range rs {
		for qi, q := range webtest.Questions(h.Model) {
			if (qi+i)%7 == 0 { // a few left open, as in a real room
				continue
			}
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, qi+i), 200, nil)
		}
	}
	for ci := range h.Model.Capabilities {
		q := &h.Model.Capabilities[ci].Questions[0]
		body := webtest.AnswerFor(q, 1)
		body["rationale"] = strings.Repeat("The group settled on this after a long discussion. ", 4)
		h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/agreed/"+q.ID, tok, body, 200, nil)
	}
	browserSignIn(t, ctx, h, "Fits")
	// Without script: the layout is the same, and a page's event stream
	// would hold one of the browser's six connections for a while after
	// each of the hundred navigations below.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	base := h.Server.URL + "/assessments/" + aID + "/present"

	// fits measures the page: its height and width against the viewport,
	// and the questions it shows.
	type measure struct {
		Height, Width, ViewH, ViewW, Questions, Pages int
	}
	fits := func(url string) measure {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(".p-controls"))); err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		m, err := chromedp.Run(ctx, chromedp.Evaluate[measure](`({
			Height: document.documentElement.scrollHeight, Width: document.documentElement.scrollWidth,
			ViewH: innerHeight, ViewW: innerWidth,
			Questions: document.querySelectorAll(".p-q").length,
			Pages: Math.max(1, document.querySelectorAll(".p-pages a").length)})`))
		if err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		if m.Height > m.ViewH || m.Width > m.ViewW {
			t.Errorf("%s at %dx%d: page is %dx%d", strings.TrimPrefix(url, base), m.ViewW, m.ViewH, m.Width, m.Height)
		}
		return m
	}
	for _, run := range []struct {
		w, h int64
		lang string
	}{{1280, 720, "en"}, {1920, 1080, "en"}, {1280, 720, "de"}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(run.w, run.h, chromedp.EmulateScale(1)),
			chromedp.Navigate(base+"?lang="+run.lang)); err != nil { // the switch's cookie keeps the language
			t.Fatal(err)
		}
		name := fmt.Sprintf("%dx%d", run.w, run.h)
		if run.lang != "en" {
			name += "-" + run.lang
		}
		h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/focus", tok, map[string]any{"capability": nil}, 200, nil)
		fits(base)
		view(t, ctx, "projector-"+name+"-lobby")
		for _, cp := range h.Model.Capabilities {
			h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/focus", tok, map[string]any{"capability": cp.ID}, 200, nil)
			for _, reveal := range []string{"", "reveal=1&"} {
				first := fits(base + "?" + reveal)
				shown := first.Questions
				for p := 2; p <= first.Pages; p++ {
					shown += fits(fmt.Sprintf("%s?%spage=%d", base, reveal, p)).Questions
				}
				if shown != len(cp.Questions) {
					t.Errorf("%s %s%s: the pages show %d questions, want %d", name, cp.ID, reveal, shown, len(cp.Questions))
				}
				if cp.ID == "delivery" { // the longest capability: ten questions
					fits(base + "?" + reveal)
					view(t, ctx, "projector-"+name+"-"+map[string]string{"": "before", "reveal=1&": "after"}[reveal]+"-reveal")
				}
			}
		}
		fits(base + "?results=1")
		view(t, ctx, "projector-"+name+"-results")
	}
	if s := problems.String(); s != "" {
		t.Errorf("script errors: %s", s)
	}
}

// TestBrowserConsoleAndPhoneResults looks at the facilitator's console on a
// laptop and at the results page on a 390 px phone, which must not scroll
// sideways (the capability chart and the stage ladder stack).
func TestBrowserConsoleAndPhoneResults(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Look")
	_, aID, rs := h.Setup(tok, "workshop", 3)
	for i, r := range rs {
		for qi, q := range webtest.Questions(h.Model)[:40] {
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, qi+i), 200, nil)
		}
	}
	h.MustJSON("PUT", "/api/v1/assessments/"+aID+"/focus", tok, map[string]any{"capability": h.Model.Capabilities[2].ID,
		"ends_at": time.Now().Add(12 * time.Minute).UTC().Format(time.RFC3339)}, 200, nil)
	browserSignIn(t, ctx, h, "Look")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+aID+"/facilitate"), chromedp.WaitReady(chromedp.CSS(".c-agenda"))); err != nil {
		t.Fatal(err)
	}
	fullPNG(t, ctx, "console-1280")
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(h.Server.URL+"/assessments/"+aID+"/results"), chromedp.WaitReady(chromedp.CSS("#h-ladder"))); err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - innerWidth`))
	if err != nil || wide > 0 {
		t.Errorf("the results page scrolls sideways by %d px at 390 (%v)", wide, err)
	}
	for _, part := range []string{"h1", "#h-ladder", ".rs-bars-stack"} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector("`+part+`").scrollIntoView(), true)`)); err != nil {
			t.Fatal(err)
		}
		view(t, ctx, "results-phone-390-"+strings.NewReplacer("#h-", "", ".rs-", "", "-stack", "", "h1", "top").Replace(part))
	}
	if s := problems.String(); s != "" {
		t.Errorf("script errors: %s", s)
	}
}

// fullPNG writes the whole page to test-artifacts/NAME.png (quality 100
// makes Chromium send a PNG).
func fullPNG(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	writeArtifact(t, name+".png", b)
}
