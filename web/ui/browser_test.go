package ui_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// browser starts headless Chromium, or skips when it is not installed
// (fails under CI=true, where .ci/run installs it).
// pageProblems collects script errors from the page's event goroutine.
type pageProblems struct {
	mu   sync.Mutex
	list []string
}

func (p *pageProblems) add(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, s)
}

func (p *pageProblems) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.list, "; ")
}

func browser(t *testing.T) (context.Context, *pageProblems) {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: .ci/run installs it")
		}
		t.Skip("chromium is not installed")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(412, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	// Script errors and CSP violations show up as exceptions or console errors.
	problems := &pageProblems{}
	if err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems.add(e.ExceptionDetails.Text + " " + exceptionDescription(e.ExceptionDetails))
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				problems.add(e.Entry.Text)
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				for _, a := range e.Args {
					problems.add(string(a.Value))
				}
			}
		}
	}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// The log domain carries CSP violations and failed loads.
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx, problems
}

// TestBrowserJoinAnswerSubmit joins a workshop from a phone-sized browser,
// answers a question, and submits; the API sees each step.
func TestBrowserJoinAnswerSubmit(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Browser")
	_, aID, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	first := h.Model.Capabilities[0].Questions[0]

	firstQ := chromedp.CSS("#q-" + first.ID)
	err := chromedp.Do(ctx,
		chromedp.Navigate(a.JoinURL),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "Phone user"),
		chromedp.SendKeys(chromedp.ID("role"), "operations"),
		chromedp.Click(chromedp.CSS("#join button")),
		chromedp.WaitVisible(chromedp.CSS(".welcome a.button")), // the welcome before the first question
		chromedp.Click(chromedp.CSS(".welcome a.button")),
		chromedp.WaitVisible(firstQ),
		chromedp.Click(chromedp.CSS("#q-"+first.ID+" input[value='"+first.Options[1].ID+"']")),
		chromedp.WaitVisible(chromedp.CSS("#n-"+first.ID+".r-saved")),
	)
	if err != nil {
		t.Fatalf("join and answer: %v (problems: %v)", err, problems)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#n-"+first.ID)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(location, h.Server.URL+"/r/") || note != "Saved" {
		t.Fatalf("location %q, note %q", location, note)
	}
	token := strings.SplitN(location[strings.LastIndex(location, "/")+1:], "?", 2)[0]
	var resp struct {
		Respondent struct{ Name, Role string }
		Answers    map[string]json.RawMessage
		Submitted  bool
	}
	h.MustJSON("GET", "/api/v1/responses/"+token, "", nil, 200, &resp)
	if resp.Respondent.Name != "Phone user" || resp.Respondent.Role != "operations" || !strings.Contains(string(resp.Answers[first.ID]), first.Options[1].ID) {
		t.Fatalf("after answering: %+v", resp)
	}

	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[name=go][value=review]`)),
		chromedp.WaitVisible(chromedp.ID("confirm")),
		chromedp.Click(chromedp.CSS(`label[for=confirm]`)),
		chromedp.Click(chromedp.CSS("#submit button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`div.respond[data-page=done]`)),
	)
	if err != nil {
		t.Fatalf("submit: %v (problems: %v)", err, problems)
	}
	h.MustJSON("GET", "/api/v1/responses/"+token, "", nil, 200, &resp)
	if !resp.Submitted {
		t.Fatal("the page said submitted, the API does not")
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}

func exceptionDescription(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}
