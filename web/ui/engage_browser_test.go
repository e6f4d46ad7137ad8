package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserGermanStartAndModels looks at the German start form (with a
// prerequisite warning and a target's error) and the German Models page
// (with an upload's problems under their lines) on a laptop and on a
// phone: German is longer than English, and nothing may push the page
// wider than the screen.
func TestBrowserGermanStartAndModels(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Breite")
	var o webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Müller Logistik GmbH"}, 201, &o)
	c, _ := requiring(t, h.Model)
	for _, r := range []webtest.Response{
		h.SendYAML("POST", "/api/v1/questionnaires", tok, webtest.OwnModel("plattform-fitness", "1.0.0")),
		h.SendYAML("PUT", "/api/v1/questionnaires/plattform-fitness/translations/de", tok, webtest.OwnModelDE("plattform-fitness", "1.0.0")),
	} {
		if r.Status >= 300 {
			t.Fatalf("own model: %s", r)
		}
	}
	browserSignIn(t, ctx, h, "Breite")

	// Only c ticked leaves its prerequisite out; a target that is no whole number.
	tick := fmt.Sprintf(`document.querySelectorAll('input[name=scope]').forEach(b => { b.checked = b.value === %q })`, c.ID)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/organisations/"+o.ID+"/start?lang=de"),
		chromedp.WaitVisible(chromedp.CSS("form.fit")),
		chromedp.Evaluate[chromedp.Void](tick),
		chromedp.SetValue(chromedp.ID("target-"+c.ID), "12.5"),
		chromedp.Click(chromedp.CSS(`input[name=form][value=core]`)),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.ID("targets-error")),
	); err != nil {
		t.Fatalf("German start page: %v (problems: %v)", err, problems)
	}
	// Checking again shows the warning beside the form's error.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value=check]`)), chromedp.WaitVisible(chromedp.CSS(".notice .warnings"))); err != nil {
		t.Fatalf("check: %v (problems: %v)", err, problems)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(text, "gilt dann als erfüllt") || !strings.Contains(text, "Schätzung aktualisieren") {
		t.Errorf("the start page is not German (%v):\n%s", err, text)
	}
	lookAt(t, ctx, "de-start")

	broken := strings.Replace(webtest.OwnModel("fitness-mit-einem-langen-namen", "1.0.0"), "type: multi", "type: multiple", 1)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/models"),
		chromedp.WaitVisible(chromedp.ID("model-source")),
		chromedp.SetValue(chromedp.ID("model-source"), broken),
		chromedp.Click(chromedp.CSS(`form.upload button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("problems")),
	); err != nil {
		t.Fatalf("German models page: %v (problems: %v)", err, problems)
	}
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.ID("problems")))
	if err != nil || !strings.Contains(text, "Das Modell wurde nicht gespeichert") {
		t.Errorf("the problems are not framed in German (%v): %q", err, text)
	}
	lookAt(t, ctx, "de-models")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/models/plattform-fitness/preview"), chromedp.WaitVisible(chromedp.CSS(".preview-page"))); err != nil {
		t.Fatalf("German preview: %v (problems: %v)", err, problems)
	}
	lookAt(t, ctx, "de-preview")

	// An assessment's page with people invited, on a laptop and a phone.
	var a webtest.Created
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]any{"organisation_id": o.ID, "questionnaire": "dcos-readiness",
		"mode": "workshop", "title": "Frühjahrs-Workshop Plattformbetrieb", "scope": []string{c.ID}, "form": "core"}, 201, &a)
	for _, who := range []map[string]string{{"name": "Annegret Schäfer-Wolff", "role": "Leiterin Plattformbetrieb", "perspective": "operations"}, {"name": "Bo"}} {
		h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, who, 201, nil)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+a.ID), chromedp.WaitVisible(chromedp.ID("invite-names"))); err != nil {
		t.Fatalf("German assessment page: %v (problems: %v)", err, problems)
	}
	lookAt(t, ctx, "de-assessment")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.Navigate(h.Server.URL+"/assessments/"+a.ID+"/preview?perspective=operations"), chromedp.WaitVisible(chromedp.CSS(".preview"))); err != nil {
		t.Fatalf("German preview as a respondent: %v (problems: %v)", err, problems)
	}
	lookAt(t, ctx, "de-assessment-preview")

	// The forms with mistakes answer 422, which the console reports.
	if p := strings.ReplaceAll(problems.String(), "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)", ""); strings.Trim(p, "; ") != "" {
		t.Errorf("page problems: %v", p)
	}
}

// lookAt keeps the page as shown on a laptop and on a phone, and fails
// when either is wider than its screen.
func lookAt(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, size := range []struct {
		name  string
		phone bool
	}{{"laptop", false}, {"phone", true}} {
		if size.phone {
			phone(t, ctx)
		} else if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1))); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
		if err != nil || wide > 0 {
			t.Errorf("%s on a %s is %d pixels wider than the screen (%v)", name, size.name, wide, err)
		}
		pngShot(t, ctx, name+"-"+size.name)
	}
}
