package ui_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserStartScopedCore is the smoke test of fitting a workshop: in
// Chromium a consultant picks capabilities (leaving a prerequisite out and
// seeing the warning), the core form, a target and a welcome note, starts
// the assessment, and a respondent opens the welcome page on a phone.
func TestBrowserStartScopedCore(t *testing.T) {
	ctx, problems := browser(t)
	m := newestModel(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Fitco")
	var o webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme Retail"}, 201, &o)
	c, req := requiring(t, m)
	scope := []string{c.ID}
	for _, cp := range m.Capabilities[:3] {
		if cp.ID != req.ID && cp.ID != c.ID {
			scope = append(scope, cp.ID)
		}
	}
	browserSignIn(t, ctx, h, "Fitco")
	tick := fmt.Sprintf(`document.querySelectorAll('input[name=scope]').forEach(b => { b.checked = %q.split(' ').includes(b.value) })`, strings.Join(scope, " "))
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/organisations/"+o.ID),
		chromedp.Click(chromedp.CSS(`a[href$="/start"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.fit")),
		chromedp.Evaluate[chromedp.Void](tick),
		chromedp.Click(chromedp.CSS(`input[name=form][value=core]`)),
		chromedp.Click(chromedp.CSS(`input[name=mode][value=workshop]`)),
		chromedp.Click(chromedp.CSS(`button[value=check]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice .warnings")),
	); err != nil {
		t.Fatalf("start page: %v (problems: %v)", err, problems)
	}
	warning, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".notice .warnings")))
	if err != nil || !strings.Contains(warning, c.Title+" requires "+req.Title) {
		t.Errorf("warning %q (%v), want one naming %s and %s", warning, err, c.Title, req.Title)
	}
	core := assessment.EstimateOf(m, assessment.Fit{Scope: scope, Form: assessment.FormCore}, "")
	label, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`input[value=core] + span strong`)))
	if want := "Core (≈ " + counted(core.Questions, "question") + ", ≈ " + counted(core.Minutes, "minute") + ")"; err != nil || label != want {
		t.Errorf("core label %q (%v), want %q", label, err, want)
	}
	pngShot(t, ctx, "fit-start-laptop")
	phone(t, ctx)
	pngShot(t, ctx, "fit-start-phone")
	for _, part := range []string{"scope", "form-h"} {
		if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID(part))); err != nil {
			t.Fatal(err)
		}
		viewShot(t, ctx, "fit-start-phone-"+part)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.SetValue(chromedp.ID("target-"+c.ID), "75"),
		chromedp.SendKeys(chromedp.ID("fit-welcome"), "Thanks for joining us on Friday.\nYour answers shape the plan."),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/fit"]`)),
	); err != nil {
		t.Fatalf("start: %v (problems: %v)", err, problems)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	id := loc[strings.LastIndex(loc, "/")+1:]
	var a struct {
		Scope   []string
		Targets map[string]int
		Form    string
	}
	h.MustJSON("GET", "/api/v1/assessments/"+id, tok, nil, 200, &a)
	if want := (assessment.Fit{Scope: scope}).ScopeOf(m); !slices.Equal(a.Scope, want) || a.Form != "core" || a.Targets[c.ID] != 75 {
		t.Errorf("started %+v, want scope %v, core, target 75", a, want)
	}

	var r webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+id+"/respondents", tok, map[string]string{"name": "Ana", "perspective": "operations"}, 201, &r)
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(r.URL), chromedp.WaitVisible(chromedp.CSS(".welcome a.button"))); err != nil {
		t.Fatalf("welcome: %v (problems: %v)", err, problems)
	}
	pngShot(t, ctx, "fit-welcome-phone")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".welcome")))
	est := assessment.EstimateOf(m, assessment.Fit{Scope: scope, Form: assessment.FormCore}, "operations")
	for _, want := range []string{"Fitco", "Acme Retail", "Thanks for joining us on Friday.", counted(est.Questions, "question") + ", about " + counted(est.Minutes, "minute"), "saved as you go"} {
		if err != nil || !strings.Contains(text, want) {
			t.Errorf("the welcome page lacks %q (%v):\n%s", want, err, text)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".welcome a.button")), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
		t.Fatalf("start answering: %v (problems: %v)", err, problems)
	}
	pngShot(t, ctx, "fit-first-question-phone")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+id+"/preview?form=core&perspective=operations"), chromedp.WaitVisible(chromedp.CSS(".preview"))); err != nil {
		t.Fatalf("preview: %v", err)
	}
	pngShot(t, ctx, "fit-preview-laptop")
	if problems.String() != "" {
		t.Errorf("page problems: %v", problems)
	}
}

// pngShot writes the whole page to test-artifacts/NAME.png (lossless, for
// reading small print).
func pngShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	writeArtifact(t, name+".png", b)
}

// counted says "1 question" or "3 questions".
func counted(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
