package ui_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserModels is the Models page's smoke test in real Chromium: upload
// a model file with a mistake, see the problem at its line, fix it in the
// page, preview it as a respondent would, and start an assessment on it.
func TestBrowserModels(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Modeller")
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme Logistics"}, 201, nil)
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

	good := webtest.OwnModel("fitness", "1.0.0")
	broken := strings.Replace(good, "target: 70", "target: 700", 1)
	line := strings.Count(broken[:strings.Index(broken, "target: 700")], "\n") + 1
	file := filepath.Join(t.TempDir(), "fitness.yaml")
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}

	step("sign in and open Models",
		chromedp.Navigate(h.Server.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "modeller@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), webtest.Password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("org-name")),
		chromedp.Click(chromedp.CSS("a.bar-link[href='/models']")),
		chromedp.WaitVisible(chromedp.ID("model-file")))
	both(t, ctx, "models-list")

	step("upload a model with a mistake",
		chromedp.SetUploadFiles(chromedp.ID("model-file"), []string{file}),
		chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("problems")))
	if got := text("#line-" + strconv.Itoa(line)); !strings.Contains(got, "target: 700") || !strings.HasPrefix(got, strconv.Itoa(line)) {
		t.Errorf("line %d shows %q", line, got)
	}
	if got := text("#line-" + strconv.Itoa(line) + " + .review-msg"); !strings.Contains(got, "target must be") {
		t.Errorf("the message under line %d is %q", line, got)
	}
	both(t, ctx, "models-lint-error")

	step("fix it in the page and upload again",
		chromedp.SetValue(chromedp.ID("model-source"), good),
		chromedp.Click(chromedp.CSS("form.upload button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("h-choices")))
	if got := text("main h1"); !strings.Contains(got, "Platform fitness") || !strings.Contains(got, "1.0.0") {
		t.Errorf("preview heading %q", got)
	}
	both(t, ctx, "models-preview")

	step("preview as a developer",
		chromedp.SetValue(chromedp.ID("preview-perspective"), "development"),
		chromedp.Click(chromedp.CSS("form[action='/models/fitness/preview'] button[type=submit]")),
		// The operations question goes once the developer's preview is loaded.
		chromedp.WaitNotPresent(chromedp.CSS("#q-alerts")),
		chromedp.WaitVisible(chromedp.CSS("#q-checks")))
	both(t, ctx, "models-preview-development")

	step("start an assessment on this version",
		chromedp.Click(chromedp.CSS("#start a.button")),
		chromedp.WaitVisible(chromedp.ID("start-version-note")))
	both(t, ctx, "models-start-form")
	step("start it",
		chromedp.Click(chromedp.CSS("form[action$='/assessments'] button")),
		chromedp.WaitVisible(chromedp.ID("invite-names")))
	both(t, ctx, "models-assessment")

	var list []struct {
		Questionnaire        string
		QuestionnaireVersion string `json:"questionnaire_version"`
	}
	h.MustJSON("GET", "/api/v1/assessments", tok, nil, 200, &list)
	if len(list) != 1 || list[0].Questionnaire != "fitness" || list[0].QuestionnaireVersion != "1.0.0" {
		t.Errorf("assessments = %+v", list)
	}
	// The upload with a mistake answers 422 on purpose; Chromium logs any
	// 4xx load as an error. Anything else is a script or CSP problem.
	for _, p := range strings.Split(problems.String(), "; ") {
		if p != "" && !strings.Contains(p, "responded with a status of 422") {
			t.Errorf("script or CSP problem: %s", p)
		}
	}
}
