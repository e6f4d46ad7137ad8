package ui_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web/webtest"
)

// TestBrowserMilestones opens an organisation with an assessment on an
// older questionnaire and a follow-up on the newest, and the follow-up's
// "since" section, on a phone and a laptop screen.
func TestBrowserMilestones(t *testing.T) {
	ctx, problems := browser(t)
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Milestones")
	u, err := h.Service.Authenticate(context.Background(), tok)
	if err != nil {
		t.Fatal(err)
	}
	var org webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme Logistics", "industry": "Transport"}, 201, &org)
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	old, ok := cat.Version("dcos-readiness", "1.0.0")
	if !ok {
		t.Fatal("no built-in dcos-readiness 1.0.0")
	}
	before, err := h.Store.CreateAssessment(context.Background(), assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: org.ID,
		Questionnaire: old.Slug, QuestionnaireVersion: old.Version, Mode: assessment.SelfService, Title: "Spring baseline",
		CreatedAt: time.Now().Add(-90 * 24 * time.Hour)}, old)
	if err != nil {
		t.Fatal(err)
	}
	var after webtest.Created
	h.MustJSON("POST", "/api/v1/assessments", tok, map[string]string{"organisation_id": org.ID, "questionnaire": "dcos-readiness",
		"mode": "self-service", "title": "Summer follow-up"}, 201, &after)
	for i, a := range []struct {
		id   string
		m    *assessment.Model
		pick int
	}{{before.ID, old, 0}, {after.ID, h.Model, 1}} {
		var r webtest.Created
		h.MustJSON("POST", "/api/v1/assessments/"+a.id+"/respondents", tok, map[string]string{"name": fmt.Sprintf("R%d", i)}, 201, &r)
		for qi, q := range webtest.Questions(a.m) {
			h.MustJSON("PUT", "/api/v1/responses/"+r.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, a.pick+qi%2), 200, nil)
		}
	}

	browserSignIn(t, ctx, h, "Milestones")
	for _, screen := range []struct {
		name string
		set  func()
	}{
		{"phone", func() { phone(t, ctx) }},
		{"laptop", func() {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		screen.set()
		if err := chromedp.Do(ctx, chromedp.Navigate(h.Server.URL+"/organisations/"+org.ID), chromedp.WaitReady(chromedp.CSS("svg.timeline"))); err != nil {
			t.Fatalf("organisation page: %v", err)
		}
		// One layout of the timeline shows: the narrow one on a phone, whose
		// labels stay legible, the wide one on a laptop.
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("svg.timeline")]
			.filter(s => getComputedStyle(s).display !== "none")
			.map(s => s.classList.contains("ms-narrow") ? "narrow" : "wide")`))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"phone": "narrow", "laptop": "wide"}[screen.name]
		if len(shown) != 1 || shown[0] != want {
			t.Errorf("%s shows the timelines %v, want only the %s one", screen.name, shown, want)
		}
		marks, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.timeline.ms-`+want+` g.mark").length`))
		if err != nil {
			t.Fatal(err)
		}
		if marks != 2 {
			t.Errorf("%d marks on the timeline, want 2", marks)
		}
		// The page must not scroll sideways on a phone.
		if wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); err != nil || wide {
			t.Errorf("%s: the page scrolls sideways (%v)", screen.name, err)
		}
		chartShot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(".ms-chart")))
		if err != nil {
			t.Fatal(err)
		}
		writeArtifact(t, "milestones-timeline-"+screen.name+".png", chartShot)
		screenshot(t, ctx, "milestones-organisation-"+screen.name)

		if err := chromedp.Do(ctx, chromedp.Navigate(h.Server.URL+"/assessments/"+after.ID+"/results"), chromedp.WaitReady(chromedp.CSS("#since"))); err != nil {
			t.Fatalf("results page: %v", err)
		}
		heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#h-since")))
		if err != nil {
			t.Fatal(err)
		}
		if want := "Since " + before.CreatedAt.UTC().Format("2 Jan 2006"); heading != want {
			t.Errorf("since heading %q, want %q", heading, want)
		}
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#since")))
		if err != nil {
			t.Fatal(err)
		}
		writeArtifact(t, "milestones-since-"+screen.name+".png", shot)
	}
	if problems.String() != "" {
		t.Errorf("the pages had problems:\n%s", problems)
	}
}
