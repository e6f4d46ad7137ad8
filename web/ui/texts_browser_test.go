package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserWrittenTexts: a phone writes a comment and a text answer; the
// facilitator reveals, and the projector (1280x720) shows the text answers
// on a wall, without names; the results page quotes the comment and hides
// a text with its Show/Hide button. Screenshots: test-artifacts/texts-*.png.
func TestBrowserWrittenTexts(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	t.Cleanup(func() { _ = chromedp.Do(ctx, chromedp.Navigate("about:blank")) })
	tok := h.Consultant("Wall")
	_, aID, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	first := h.Model.Capabilities[0]
	var tq, cq *assessment.Question // the text question; the first question, to comment on
	for qi := range first.Questions {
		q := &first.Questions[qi]
		if q.Type == assessment.Text && tq == nil {
			tq = q
		}
		if q.Type != assessment.Text && cq == nil {
			cq = q
		}
	}
	if tq == nil || cq == nil {
		t.Fatalf("%s needs a text question and another", first.ID)
	}
	step := func(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v (problems: %v)", what, err, problems)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// The phone joins and writes: an answer, a comment on it, a text answer.
	const comment, answer = "We never tested a restore", "Nobody owns the budget for the platform"
	p := participant(t, ctx, problems, "phone")
	step(p, "join",
		chromedp.Navigate(a.JoinURL),
		chromedp.WaitVisible(chromedp.CSS("#join")),
		chromedp.SendKeys(chromedp.CSS("#join input[name=name]"), "Dana Phone"),
		chromedp.Click(chromedp.CSS("#join button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".welcome a.button")), // the welcome before the first question
		chromedp.Click(chromedp.CSS(".welcome a.button")),
		chromedp.WaitReady(chromedp.CSS(`div.respond[data-page="`+first.ID+`"]`)))
	who := text(p, "#q-"+cq.ID+" .r-comment summary")
	if !strings.Contains(who, "Add a comment") {
		t.Errorf("the comment box's summary says %q, want “Add a comment”", who)
	}
	step(p, "answer and comment",
		chromedp.Click(chromedp.CSS("#q-"+cq.ID+" .r-options label:nth-of-type(1)")),
		chromedp.WaitVisible(chromedp.CSS("#n-"+cq.ID+".r-saved")),
		chromedp.Click(chromedp.CSS("#q-"+cq.ID+" .r-comment summary")),
		chromedp.WaitVisible(chromedp.ID("c-"+cq.ID)),
		chromedp.SendKeys(chromedp.ID("c-"+cq.ID), comment),
		chromedp.SendKeys(chromedp.ID("a-"+tq.ID), answer),
		chromedp.ScrollIntoView(chromedp.CSS("#q-"+cq.ID+" .r-comment")))
	if got := text(p, "#cw-"+cq.ID); !strings.Contains(got, "your consultant and, without your name, the group") {
		t.Errorf("the comment box says %q about who reads it", got)
	}
	view(t, p, "texts-phone")
	// Next posts the page's form: no script is needed to keep what was written.
	step(p, "next", chromedp.Click(chromedp.CSS(`button[name=go][value=next]`)),
		chromedp.WaitReady(chromedp.CSS(`div.respond:not([data-page="`+first.ID+`"])`)))

	// Two more people wrote, by the API, so the wall has a few texts.
	for i, words := range []string{"Ops is never asked", "The release board meets once a month, and every change waits for it"} {
		r := h.Join(a.JoinCode, fmt.Sprintf("Other %d", i))
		h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+tq.ID, "", map[string]any{"text": words}, 200, nil)
	}

	// The facilitator starts, reveals: the wall shows the answers, no names.
	browserSignIn(t, ctx, h, "Wall")
	step(ctx, "projector",
		chromedp.EmulateViewport(1280, 720, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+aID+"/present"),
		chromedp.Click(chromedp.CSS(`.p-controls form:has(input[name=capability][value="`+first.ID+`"]) button`)),
		chromedp.WaitVisible(chromedp.CSS(`.p-focus[data-capability="`+first.ID+`"] .p-questions`)))
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".p-wall").length`)); err != nil || n != 0 {
		t.Errorf("the wall shows before the reveal (%d, %v)", n, err)
	}
	step(ctx, "reveal", chromedp.Click(chromedp.ID("p-reveal")), chromedp.WaitVisible(chromedp.CSS(".p-wall")))
	wall := text(ctx, ".p-wall")
	for _, w := range []string{answer, "Ops is never asked"} {
		if !strings.Contains(wall, w) {
			t.Errorf("the wall lacks %q: %q", w, wall)
		}
	}
	for _, never := range []string{"Dana", "Other 0", comment} {
		if strings.Contains(wall, never) {
			t.Errorf("the wall shows %q: %q", never, wall)
		}
	}
	// Big enough for the back of the room: at least the projector's body text.
	size, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector(".p-wall-texts li")).fontSize)`))
	if err != nil || size < 20 {
		t.Errorf("the wall's texts are %vpx (%v), want 20 or more at 1280 wide", size, err)
	}
	inView, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".p-wall").getBoundingClientRect().bottom <= window.innerHeight`))
	if err != nil || !inView {
		t.Logf("the wall does not end within the 720 pixels of the screen (%v)", err)
	}
	view(t, ctx, "texts-projector")

	// The results page quotes the comment and the answers; hiding one takes
	// it off the page (and, on the next reveal, off the wall).
	results := h.Server.URL + "/assessments/" + aID + "/results"
	step(ctx, "results",
		chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(results),
		chromedp.WaitVisible(chromedp.ID("w-"+first.ID)))
	view(t, ctx, "texts-results-downloads")
	step(ctx, "scroll to the texts", chromedp.ScrollIntoView(chromedp.ID("w-"+first.ID)))
	section := text(ctx, "#w-"+first.ID)
	for _, w := range []string{comment, answer, "Ops is never asked"} {
		if !strings.Contains(section, w) {
			t.Errorf("the results page's texts lack %q", w)
		}
	}
	view(t, ctx, "texts-results")
	const hidden = "Ops is never asked"
	step(ctx, "hide",
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`[...document.querySelectorAll("#w-%s li")].find((li) => li.textContent.includes(%q)).querySelector("button").click()`, first.ID, hidden)),
		chromedp.WaitVisible(chromedp.CSS("#w-"+first.ID+" .rs-hidden-label")))
	if s := text(ctx, "#w-"+first.ID); strings.Contains(s, hidden) || !strings.Contains(s, answer) {
		t.Errorf("after hiding %q the results page says %q", hidden, s)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/results#w-"+first.ID) {
		t.Errorf("after hiding the browser is at %q (%v)", loc, err)
	}
	view(t, ctx, "texts-results-hidden")
	step(ctx, "projector again",
		chromedp.EmulateViewport(1280, 720, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+aID+"/present?reveal=1"),
		chromedp.WaitVisible(chromedp.CSS(".p-wall")))
	if after := text(ctx, ".p-wall"); strings.Contains(after, hidden) || !strings.Contains(after, answer) {
		t.Errorf("after hiding %q the wall says %q", hidden, after)
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations: %s", p)
	}
}
