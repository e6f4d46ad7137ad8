package ui_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// phone puts the page on a 390x844 viewport, as an ordinary phone shows it.
func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
}

// screenshot writes the whole page to test-artifacts/NAME.jpg.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	writeArtifact(t, name+".jpg", b)
}

// writeArtifact keeps b as test-artifacts/NAME for people to look at.
func writeArtifact(t *testing.T, name string, b []byte) {
	t.Helper()
	dir := filepath.Join("..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// pageID is the page the browser shows: a capability id, "review" or "done".
func pageID(t *testing.T, ctx context.Context) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS("div.respond")))
	if err != nil {
		t.Fatalf("no respondent page: %v", err)
	}
	return a["data-page"]
}

// waitLeave waits until the browser shows another page than from.
func waitLeave(t *testing.T, ctx context.Context, from string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`div.respond:not([data-page="`+from+`"])`))); err != nil {
		t.Fatalf("leave page %s: %v", from, err)
	}
}

type shownQuestion struct{ id, typ, min string }

// shownQuestions lists the questions on the current page, whatever the model.
func shownQuestions(t *testing.T, ctx context.Context) []shownQuestion {
	t.Helper()
	all, err := chromedp.Run(ctx, chromedp.AttributesAll(chromedp.CSSAll("fieldset[data-question]")))
	if err != nil {
		t.Fatal(err)
	}
	var qs []shownQuestion
	for _, a := range all {
		q := shownQuestion{id: a["data-question"], typ: a["data-type"]}
		if q.typ == "scale" {
			in, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.ID("a-"+q.id)))
			if err != nil {
				t.Fatal(err)
			}
			q.min = in["min"]
		}
		qs = append(qs, q)
	}
	return qs
}

// answerShown answers every question on the page by clicking and typing
// as a person does; with script on, it waits for each "Saved".
func answerShown(t *testing.T, ctx context.Context, page int, script bool) []shownQuestion {
	t.Helper()
	qs := shownQuestions(t, ctx)
	if len(qs) == 0 {
		t.Fatal("a page without questions")
	}
	for i, q := range qs {
		fs := "#q-" + q.id
		var act chromedp.Action[chromedp.Void]
		switch q.typ {
		case "single", "boolean":
			act = chromedp.Click(chromedp.CSS(fmt.Sprintf("%s .r-options label:nth-of-type(%d)", fs, 1+(page+i)%2)))
		case "multi":
			act = chromedp.Click(chromedp.CSS(fs + " .r-options label:first-of-type"))
		case "scale":
			act = chromedp.SendKeys(chromedp.ID("a-"+q.id), q.min+"\t")
		default:
			act = chromedp.SendKeys(chromedp.ID("a-"+q.id), "Typed on a phone\t")
		}
		if err := chromedp.Do(ctx, act); err != nil {
			t.Fatalf("answer %s (%s): %v", q.id, q.typ, err)
		}
		if script {
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#n-"+q.id+".r-saved"))); err != nil {
				t.Fatalf("no “Saved” for %s: %v", q.id, err)
			}
		}
	}
	return qs
}

// checkKept fails unless every question listed shows an answer.
func checkKept(t *testing.T, ctx context.Context, qs []shownQuestion) {
	t.Helper()
	for _, q := range qs {
		sel := "#q-" + q.id + " input:checked"
		if q.typ == "scale" || q.typ == "text" {
			v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("a-"+q.id)))
			if err != nil || v == "" {
				t.Errorf("question %s lost its answer after a reload (%q, %v)", q.id, v, err)
			}
			continue
		}
		if _, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(sel), chromedp.AtLeast(1))); err != nil {
			t.Errorf("question %s lost its answer after a reload: %v", q.id, err)
		}
	}
}

func TestBrowserRespondent(t *testing.T) {
	for _, script := range []bool{true, false} {
		name := "script"
		if !script {
			name = "noscript"
		}
		t.Run(name, func(t *testing.T) { respondInBrowser(t, script, "respond-"+name) })
	}
}

// respondInBrowser answers the whole questionnaire on a phone, reloads and
// finds the answers kept, and submits.
func respondInBrowser(t *testing.T, script bool, shot string) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Phone")
	_, _, rs := h.Setup(tok, "self-service", 1)
	token := rs[0].Token
	phone(t, ctx)
	if !script {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(rs[0].URL+"?c="), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, shot+"-first")

	for page := 0; ; page++ {
		id := pageID(t, ctx)
		if id == "review" {
			break
		}
		if page > 100 {
			t.Fatal("the questionnaire never ends")
		}
		qs := answerShown(t, ctx, page, script)
		if page == 0 {
			screenshot(t, ctx, shot+"-answered")
			if script {
				// Saved by the script alone, before any form post: a reload
				// resumes on the next page, and Previous shows them kept.
				if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
					t.Fatal(err)
				}
				next := pageID(t, ctx)
				if next == id {
					t.Fatalf("the reload resumed on the page already answered (%s)", id)
				}
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=prev]`))); err != nil {
					t.Fatal(err)
				}
				waitLeave(t, ctx, next)
				checkKept(t, ctx, qs)
				screenshot(t, ctx, shot+"-kept")
			}
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=next]`))); err != nil {
			t.Fatal(err)
		}
		waitLeave(t, ctx, id)
		if page == 0 && !script {
			// Without script the form post saved them: coming back by the
			// link lands on the next page, and Previous shows them kept.
			if err := chromedp.Do(ctx, chromedp.Navigate(rs[0].URL+"?c="), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
				t.Fatal(err)
			}
			next := pageID(t, ctx)
			if next == id {
				t.Fatalf("the link resumed on the page already answered (%s)", id)
			}
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=prev]`))); err != nil {
				t.Fatal(err)
			}
			waitLeave(t, ctx, next)
			checkKept(t, ctx, qs)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=next]`))); err != nil {
				t.Fatal(err)
			}
			waitLeave(t, ctx, id)
		}
	}
	screenshot(t, ctx, shot+"-review")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".r-progress-text")))
	if err != nil {
		t.Fatal(err)
	}
	total := h.Model.QuestionCount()
	if want := fmt.Sprintf("%d of %d questions answered", total, total); text != want {
		t.Errorf("review says %q, want %q", text, want)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`label[for=confirm]`)),
		chromedp.Click(chromedp.CSS(`#submit button[type=submit]`)),
	); err != nil {
		t.Fatal(err)
	}
	waitLeave(t, ctx, "review")
	if id := pageID(t, ctx); id != "done" {
		t.Fatalf("after submit the page is %q", id)
	}
	screenshot(t, ctx, shot+"-done")
	var resp struct {
		Submitted bool
		Progress  struct{ Answered, Total int }
	}
	h.MustJSON("GET", "/api/v1/responses/"+token, "", nil, 200, &resp)
	if !resp.Submitted || resp.Progress.Answered != resp.Progress.Total {
		t.Errorf("the API says %+v", resp)
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}

// TestBrowserSaveFailure cuts the answer API off: the page says so loudly,
// keeps trying, and clears the alarm once a save lands.
func TestBrowserSaveFailure(t *testing.T) {
	ctx, _ := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Failing")
	_, _, rs := h.Setup(tok, "self-service", 1)
	phone(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Navigate(rs[0].URL+"?c="), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
		t.Fatal(err)
	}
	// Every answer PUT fails as if the network were gone.
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	paused := chromedp.Events(pctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/v1/responses/*"}}}); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: "ConnectionRefused"})
		}
	}()
	q := shownQuestions(t, ctx)[0]
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#q-"+q.id+" .r-options label:first-of-type")),
		chromedp.WaitVisible(chromedp.CSS("#save-error")),
		chromedp.WaitVisible(chromedp.CSS("#n-"+q.id+".r-failed")),
	); err != nil {
		t.Fatal(err)
	}
	alarm, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#save-error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alarm, "NOT saved") {
		t.Errorf("the alarm says %q", alarm)
	}
	screenshot(t, ctx, "respond-save-failed")
	stop()
	if _, err := chromedp.Call(ctx, fetch.Disable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#save-error button")),
		chromedp.WaitVisible(chromedp.CSS("#n-"+q.id+".r-saved")),
		chromedp.WaitNotVisible(chromedp.CSS("#save-error")),
	); err != nil {
		t.Fatal(err)
	}
	if storedAnswers(h, rs[0].Token)[q.id] == nil {
		t.Error("the retried answer is not stored")
	}
}
