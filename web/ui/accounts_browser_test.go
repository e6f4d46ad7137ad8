package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserInviteColleague: an admin, on a laptop-sized screen, invites a
// colleague from the Users page and copies the link; the colleague opens it
// on a phone, chooses a password and lands on the dashboard, signed in.
// Screenshots go to test-artifacts/accounts-*.png.
func TestBrowserInviteColleague(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	h.Admin("Browse")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1024, 768)); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(h.Server.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), webtest.AdminEmail("Browse")),
		chromedp.SendKeys(chromedp.ID("password"), webtest.Password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`.bar-nav a[href="/users"]`)),
		chromedp.Click(chromedp.CSS(`.bar-nav a[href="/users"]`)),
		chromedp.WaitVisible(chromedp.ID("invite-name")),
		chromedp.SendKeys(chromedp.ID("invite-name"), "Grace Colleague"),
		chromedp.SendKeys(chromedp.ID("invite-email"), "grace@browse.example"),
		chromedp.Click(chromedp.CSS(`form[action="/users/invitations"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("one-time-link")),
		chromedp.WaitVisible(chromedp.CSS(`button[data-copy="one-time-link"]`)), // the script showed it
	)
	if err != nil {
		t.Fatalf("invite: %v (problems: %v)", err, problems)
	}
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("one-time-link")))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".link-plain code")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, h.Server.URL+"/invite/") || plain != link {
		t.Fatalf("the link %q, as text %q", link, plain)
	}
	full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, "accounts-users-invite-link.png", full)

	colleague := participant(t, ctx, problems, "colleague")
	err = chromedp.Do(colleague,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("password")),
	)
	if err != nil {
		t.Fatalf("open the invitation: %v (problems: %v)", err, problems)
	}
	view(t, colleague, "accounts-invite-page")
	err = chromedp.Do(colleague,
		chromedp.SendKeys(chromedp.ID("password"), "grace's own password"),
		chromedp.SendKeys(chromedp.ID("repeat"), "grace's own password"),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="new-org"]`)),
	)
	if err != nil {
		t.Fatalf("join: %v (problems: %v)", err, problems)
	}
	location, err := chromedp.Run(colleague, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	who, err := chromedp.Run(colleague, chromedp.Text(chromedp.CSS(".bar-user")))
	if err != nil {
		t.Fatal(err)
	}
	if location != h.Server.URL+"/" || who != "Grace Colleague" {
		t.Errorf("after joining: at %q as %q", location, who)
	}
	view(t, colleague, "accounts-colleague-dashboard")
	h.Token("grace@browse.example", "grace's own password")

	// The admin's audit and account pages, to look at.
	for _, p := range []string{"audit", "account"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(h.Server.URL+"/"+p), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatal(err)
		}
		full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		writeArtifact(t, "accounts-"+p+".png", full)
	}
	if p := problems.String(); p != "" {
		t.Errorf("script errors or CSP violations: %s", p)
	}
}
