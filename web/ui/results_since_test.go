package ui

import (
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// TestSinceNotes says beside each capability whether its change is like
// for like, new or no longer asked.
func TestSinceNotes(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	yes, no := true, false
	c := &assessment.Comparison{
		From: assessment.ComparedAssessment{ID: "a1", Title: "Spring", CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		Capabilities: []assessment.CapabilityChange{
			{ID: "same", Title: "Same", ScoreChange: assessment.ScoreChange{From: f(40), To: f(55), Change: f(15)}, SameQuestions: true, InFrom: true, InTo: true},
			{ID: "changed", Title: "Changed", ScoreChange: assessment.ScoreChange{From: f(70), To: f(60), Change: f(-10)}, InFrom: true, InTo: true},
			{ID: "added", Title: "Added", ScoreChange: assessment.ScoreChange{To: f(30)}, InTo: true},
			{ID: "gone", Title: "Gone", ScoreChange: assessment.ScoreChange{From: f(20)}, InFrom: true},
		},
		Stages: []assessment.StageChange{
			{ID: "s1", Title: "Prepare", ReachedFrom: &no, ReachedTo: &yes},
			{ID: "s2", Title: "Pilot", ReachedFrom: &yes, ReachedTo: &no},
		},
		Roadmap: assessment.RoadmapChange{Closed: []string{"same"}, Opened: []string{"added"}, Dropped: []string{"gone", "unknown"}},
	}
	v := newSinceView(locale.Embedded().For("en"), c)
	want := []sinceCapability{
		{Title: "Same", From: "40", To: "55", Change: "+15", Direction: "up"},
		{Title: "Changed", From: "70", To: "60", Change: "−10", Direction: "down", Note: sinceNotLikeFL},
		{Title: "Added", From: "—", To: "30", Note: sinceNew},
		{Title: "Gone", From: "20", To: "—", Note: sinceGone},
	}
	for i, w := range want {
		if v.Capabilities[i] != w {
			t.Errorf("row %d: %+v, want %+v", i, v.Capabilities[i], w)
		}
	}
	if v.Date != "2 Mar 2026" || v.NotLikeForLike != 1 {
		t.Errorf("date %q, not like for like %d", v.Date, v.NotLikeForLike)
	}
	if len(v.Reached) != 1 || v.Reached[0] != "Prepare" || len(v.Lost) != 1 || v.Lost[0] != "Pilot" {
		t.Errorf("stages reached %v, lost %v", v.Reached, v.Lost)
	}
	if len(v.Closed) != 1 || v.Closed[0] != "Same" || v.Opened[0] != "Added" || len(v.Dropped) != 2 || v.Dropped[0] != "Gone" || v.Dropped[1] != "unknown" {
		t.Errorf("roadmap closed %v, opened %v, dropped %v", v.Closed, v.Opened, v.Dropped)
	}
	if newSinceView(locale.Embedded().For("en"), nil) != nil {
		t.Error("no comparison gives a section")
	}
}
