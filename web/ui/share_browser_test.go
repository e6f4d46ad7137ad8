package ui_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserShareWithSponsor: an admin brands the workspace and shares the
// results; the sponsor opens the link on a phone, signed out. Screenshots
// of the settings page, the results page's share panel, the share page on
// a phone and the shared PDF's cover go to test-artifacts/.
func TestBrowserShareWithSponsor(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	_, adminTok := signInAdmin(t, h, "Osprey")
	u, err := h.Service.Authenticate(context.Background(), adminTok)
	if err != nil {
		t.Fatal(err)
	}
	name, accent := "Osprey & Partners Consulting", "#0f766e"
	if _, err := h.Service.UpdateBranding(context.Background(), u, assessment.BrandingUpdate{Name: &name, Accent: &accent}); err != nil {
		t.Fatal(err)
	}
	if err := h.Service.SetLogo(context.Background(), u, "image/png", logoFile(t, "png", 360, 120, false)); err != nil {
		t.Fatal(err)
	}
	id := sharedAssessment(t, h, adminTok)

	step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v (problems: %v)", what, err, problems)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1))); err != nil {
		t.Fatal(err)
	}
	step("sign in", chromedp.Navigate(h.Server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "admin@osprey.example"),
		chromedp.SendKeys(chromedp.ID("password"), webtest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".bar.branded .brand-logo")))
	step("the settings page", chromedp.Click(chromedp.CSS(`.bar-nav a[href="/settings"]`)), chromedp.WaitVisible(chromedp.CSS(".logo-preview img")))
	screenshot(t, ctx, "settings-laptop")

	step("share from the results page", chromedp.Navigate(h.Server.URL+"/assessments/"+id+"/results"),
		chromedp.WaitVisible(chromedp.CSS("#share summary")),
		chromedp.Click(chromedp.CSS("#share summary")),
		chromedp.WaitVisible(chromedp.ID("share-days")),
		chromedp.Click(chromedp.CSS(`#share input[name=texts]`)),
		chromedp.Click(chromedp.CSS("#share .share-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".share-new .share-url")))
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(".share-new .share-url")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, h.Server.URL+"/s/") {
		t.Fatalf("the new link %q", link)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#share")))
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "share-panel.png", shot)

	// The sponsor: signed out, on a phone.
	step("sign out", chromedp.Click(chromedp.CSS(".bar-nav button")), chromedp.WaitVisible(chromedp.ID("email")))
	phone(t, ctx)
	step("the sponsor opens the link", chromedp.Navigate(link), chromedp.WaitReady(chromedp.CSS(".share svg.ladder"))) // on a phone the stage table stands in for the picture
	screenshot(t, ctx, "share-phone")
	body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kestrel Freight", name, visibleText, "Download the PDF report"} {
		if !strings.Contains(body, want) {
			t.Errorf("the share page lacks %q", want)
		}
	}
	if l := leaks(body); len(l) > 0 || strings.Contains(body, hiddenText) {
		t.Errorf("the share page shows people or a hidden text: %q", l)
	}
	if wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.scrollWidth > window.innerWidth`)); err != nil || wide {
		t.Errorf("the share page is wider than the phone (%v)", err)
	}
	if loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(".brand-logo").naturalWidth > 0`)); err != nil || !loaded {
		t.Errorf("the logo did not load on the share page (%v)", err)
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations: %s", p)
	}

	// The PDF the page links to, its cover rendered for a person to look at.
	pdf := h.Visitor().Get(strings.TrimPrefix(link, h.Server.URL) + "/report.pdf")
	if pdf.Status != 200 {
		t.Fatalf("the shared PDF: %d", pdf.Status)
	}
	if imgs := pdfImages(t, pdf.Body, 1); len(imgs) == 0 {
		t.Error("no logo on the shared PDF's cover")
	}
	dir := filepath.Join("..", "test-artifacts")
	path := filepath.Join(dir, "share-report.pdf")
	writeArtifact(t, "share-report.pdf", pdf.Body)
	if p, err := exec.LookPath("pdftoppm"); err == nil {
		if out, err := exec.Command(p, "-png", "-r", "80", "-singlefile", "-f", "1", "-l", "1", path, filepath.Join(dir, "share-report-cover")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") == "true" {
		t.Fatal("pdftoppm is required under CI")
	}
}
