package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// pageLang is the lang attribute of the page's <html>.
func pageLang(t *testing.T, ctx context.Context) string {
	t.Helper()
	a, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	return a["lang"]
}

// viewShot keeps what the phone's screen shows (390x844) as
// test-artifacts/NAME.png.
func viewShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	writeArtifact(t, name+".png", b)
}

// TestBrowserRespondentSwitchesLanguage: a phone set to German answers in
// German (interface and model), switches to English mid-way with the
// footer link, and finds every answer it gave still there.
func TestBrowserRespondentSwitchesLanguage(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Telefon")
	_, _, rs := h.Setup(tok, "self-service", 1)
	de, err := h.Service.Localize(context.Background(), "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the model in German: %v %q", err, de.Lang)
	}
	phone(t, ctx)
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
		UserAgent: "Mozilla/5.0 (Linux; Android 14) Mobile", AcceptLanguage: "de-DE,de"}); err != nil {
		t.Fatal(err)
	}
	// The welcome comes first, in German too.
	if err := chromedp.Do(ctx, chromedp.Navigate(rs[0].URL), chromedp.WaitVisible(chromedp.CSS(".welcome a.button"))); err != nil {
		t.Fatal(err)
	}
	if l := pageLang(t, ctx); l != "de" {
		t.Fatalf("html lang %q on the welcome of a German phone", l)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".welcome a.button")), chromedp.WaitReady(chromedp.CSS("form#answers"))); err != nil {
		t.Fatal(err)
	}
	if l := pageLang(t, ctx); l != "de" {
		t.Fatalf("html lang %q on a German phone", l)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if heading != de.Model.Capabilities[0].Title {
		t.Errorf("first page's heading %q, want the German %q", heading, de.Model.Capabilities[0].Title)
	}
	screenshot(t, ctx, "respond-de-first")
	viewShot(t, ctx, "respond-de-phone")

	first := pageID(t, ctx)
	firstQs := answerShown(t, ctx, 0, true)
	note, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#n-"+firstQs[0].id)))
	if err != nil || note != "Gespeichert" {
		t.Errorf("the save note reads %q (%v), want „Gespeichert“", note, err)
	}
	screenshot(t, ctx, "respond-de-answered")
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`button[name=go][value=next]`))); err != nil {
		t.Fatal(err)
	}
	viewShot(t, ctx, "respond-de-phone-end")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=next]`))); err != nil {
		t.Fatal(err)
	}
	waitLeave(t, ctx, first)
	secondQs := answerShown(t, ctx, 1, true)
	screenshot(t, ctx, "respond-de-second")

	// Mid-way: the footer's switch to English.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.lang-switch a[hreflang=en]`)),
		chromedp.WaitReady(chromedp.CSS(`html[lang=en] form#answers`))); err != nil {
		t.Fatalf("switch to English: %v (problems: %v)", err, problems)
	}
	checkKept(t, ctx, secondQs)
	step, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".r-step")))
	if err != nil || !strings.HasPrefix(step, "Part 2 of") {
		t.Errorf("after the switch the step reads %q (%v)", step, err)
	}
	screenshot(t, ctx, "respond-en-after-switch")
	viewShot(t, ctx, "respond-en-phone-after-switch")
	second := pageID(t, ctx)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name=go][value=prev]`))); err != nil {
		t.Fatal(err)
	}
	waitLeave(t, ctx, second)
	if id := pageID(t, ctx); id != first {
		t.Fatalf("Previous went to %s, want %s", id, first)
	}
	checkKept(t, ctx, firstQs)
	if l := pageLang(t, ctx); l != "en" {
		t.Errorf("the switch was not kept: html lang %q", l)
	}
	heading, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || heading != h.Model.Capabilities[0].Title {
		t.Errorf("first page's heading after the switch %q (%v), want the English %q", heading, err, h.Model.Capabilities[0].Title)
	}
	if got := storedAnswers(h, rs[0].Token); len(got) < len(firstQs)+len(secondQs) {
		t.Errorf("%d answers stored, want %d", len(got), len(firstQs)+len(secondQs))
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations in the page: %s", p)
	}
}
