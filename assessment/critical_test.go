package assessment

import (
	"slices"
	"strings"
	"testing"
)

func critical(q Question, threshold int) Question {
	q.Critical = threshold
	return q
}

// sponsorModel is the example: a leadership capability (target 50)
// whose sponsor question is a must-have, averaged with three others, and a
// delivery capability in the next stage that requires it.
func sponsorModel() *Index {
	sponsor := critical(boolean("sponsor"), 100)
	sponsor.Text = "Is there an executive sponsor?"
	return index([]string{"s1", "s2"},
		capability("lead", "s1", 50, nil, sponsor, levels("vision"), levels("budget"), critical(levels("time"), 50)),
		capability("ci", "s1", 50, nil, levels("builds")),
		capability("cd", "s2", 50, []string{"lead"}, levels("deploys")),
	)
}

func TestScoreCritical(t *testing.T) {
	ix := sponsorModel()
	// good answers everything but the sponsor question well.
	good := []Answer{pick("r1", "vision", "4"), pick("r1", "budget", "4"), pick("r1", "time", "4"), pick("r1", "builds", "4"), pick("r1", "deploys", "4")}
	with := func(extra ...Answer) []Answer { return append(slices.Clone(good), extra...) }
	tests := []struct {
		name   string
		in     []Answer
		score  float64
		gaps   []string
		status CapabilityStatus
	}{
		{"no sponsor: above target yet below it", with(pick("r1", "sponsor", "no")), 75, []string{"sponsor"}, BelowTarget},
		{"a sponsor: ready", with(pick("r1", "sponsor", "yes")), 100, []string{}, Ready},
		{"unanswered must-have is no gap", good, 100, []string{}, Ready},
		{"don't know on a must-have is no gap", with(pick("r1", "sponsor", "dk")), 100, []string{}, Ready},
		{"the mean is what counts: one yes, one no", with(pick("r1", "sponsor", "yes"), pick("r2", "sponsor", "no")), 87.5, []string{"sponsor"}, BelowTarget},
		{"exactly the threshold is met", with(pick("r1", "sponsor", "yes"), pick("r2", "time", "0")), 87.5, []string{}, Ready},
		{"just under the threshold is a gap", with(pick("r1", "sponsor", "yes"), pick("r2", "time", "0"), pick("r3", "time", "1")),
			round9(100 * (1 + 1 + 1 + 5.0/12) / 4), []string{"time"}, BelowTarget},
		{"several gaps in model order", with(pick("r1", "sponsor", "no"), pick("r1", "time", "1")), 56.25, []string{"sponsor", "time"}, BelowTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(ix, tt.in)
			c := res.Capabilities[0]
			if c.Score == nil || *c.Score != tt.score || c.CriticalGaps == nil || !slices.Equal(c.CriticalGaps, tt.gaps) || c.Status != tt.status {
				t.Fatalf("score %s, gaps %#v, status %s; want %v, %#v, %s", fmtScore(c.Score), c.CriticalGaps, c.Status, tt.score, tt.gaps, tt.status)
			}
			onRoadmap := slices.ContainsFunc(res.Roadmap, func(it RoadmapItem) bool { return it.Capability == "lead" })
			blocked := slices.Contains(res.Stages[0].BlockedBy, "lead")
			if want := tt.status == BelowTarget; onRoadmap != want || blocked != want || res.Stages[0].Reached == want {
				t.Errorf("on roadmap %v, blocks stage %v, stage reached %v; want %v, %v, %v", onRoadmap, blocked, res.Stages[0].Reached, want, want, !want)
			}
		})
	}
}

// TestScoreCriticalGates is the contract's case in full: a capability above
// its target with a critical gap is below target, blocks its stage, holds
// back what requires it and is on the roadmap with a reason naming the
// must-have by its text.
func TestScoreCriticalGates(t *testing.T) {
	ix := sponsorModel()
	res := Score(ix, []Answer{
		pick("r1", "sponsor", "no"), pick("r1", "vision", "4"), pick("r1", "budget", "4"), pick("r1", "time", "4"),
		pick("r1", "builds", "4"), pick("r1", "deploys", "1"),
	})
	lead := res.Capabilities[0]
	if *lead.Score < float64(lead.Target) || lead.Status != BelowTarget || !slices.Equal(lead.CriticalGaps, []string{"sponsor"}) {
		t.Fatalf("lead: score %s target %d status %s gaps %v", fmtScore(lead.Score), lead.Target, lead.Status, lead.CriticalGaps)
	}
	if s := res.Stages[0]; s.Reached || !slices.Equal(s.BlockedBy, []string{"lead"}) {
		t.Errorf("stage s1 reached %v, blocked by %v; want false, [lead]", s.Reached, s.BlockedBy)
	}
	if s := res.Stages[1]; s.Reached || !slices.Equal(s.BlockedBy, []string{"cd"}) {
		t.Errorf("stage s2 reached %v, blocked by %v; want false, [cd]", s.Reached, s.BlockedBy)
	}
	if res.Overall.Level != 0 {
		t.Errorf("level %d, want 0", res.Overall.Level)
	}
	want := []wantItem{{"lead", Now, []string{}}, {"cd", Next, []string{"lead"}}}
	checkItems(t, res.Roadmap, want)
	if got, want := res.Roadmap[0].Reason,
		"Scores 75, at or above its target of 50, but a must-have falls short: “Is there an executive sponsor?” is at 0 where it needs 100. Low lead."; got != want {
		t.Errorf("reason\n %q\nwant\n %q", got, want)
	}
	if got := res.Roadmap[1].Reason; !strings.Contains(got, "Start once Title lead reaches its target.") {
		t.Errorf("cd's reason %q does not wait for lead", got)
	}
	// The same, as figures, for surfaces in other languages.
	w := res.Roadmap[0].Why
	if w == nil || w.Score != 75 || w.Target != 50 || w.Short != 0 || !w.Low || len(w.Unassessed) != 0 ||
		!slices.Equal(w.MustHaves, []MustHaveGap{{Question: "sponsor", Value: 0, Needed: 100}}) {
		t.Errorf("lead's why %+v", w)
	}
	if w := res.Roadmap[1].Why; w == nil || w.Score != 25 || w.Target != 50 || w.Short != 25 || w.Low || len(w.MustHaves) != 0 {
		t.Errorf("cd's why %+v", w)
	}
}

func TestRoadmapCritical(t *testing.T) {
	ix := index([]string{"s1"},
		capability("a", "s1", 60, nil, critical(levels("qa"), 100), levels("qa2"), levels("qa3"), levels("qa4")),
		capability("b", "s1", 60, nil, levels("qb")),
		capability("c", "s1", 60, nil, critical(levels("qc"), 60), levels("qc2")),
	)
	tests := []struct {
		name    string
		answers []Answer
		order   []string
		reasons map[string]string
	}{
		{"a must-have far short sorts before a nearly met target",
			[]Answer{
				pick("r1", "qa", "1"), pick("r1", "qa2", "4"), pick("r1", "qa3", "4"), pick("r1", "qa4", "4"), // 81.25, sponsor 25 of 100: gap 75
				pick("r1", "qb", "2"),                         // 50: gap 10
				pick("r1", "qc", "2"), pick("r1", "qc2", "4"), // 75, qc 50 of 60: gap 10
			},
			[]string{"a", "b", "c"},
			map[string]string{
				"a": "Scores 81, at or above its target of 60, but a must-have falls short: “qa” is at 25 where it needs 100. Low a.",
				"c": "Scores 75, at or above its target of 60, but a must-have falls short: “qc” is at 50 where it needs 60. Middle c.",
			}},
		{"below target and a must-have short: the larger gap sorts, the reason says both",
			[]Answer{
				pick("r1", "qa", "3"), pick("r1", "qa2", "0"), pick("r1", "qa3", "0"), pick("r1", "qa4", "4"), // 43.75 (gap 16.25), qa 75 of 100 (25)
				pick("r1", "qb", "1"),                         // 25: gap 35
				pick("r1", "qc", "4"), pick("r1", "qc2", "0"), // 50 (gap 10), qc met
			},
			[]string{"b", "a", "c"},
			map[string]string{
				"a": "Scores 44 against a target of 60 (16 points short), and a must-have falls short: “qa” is at 75 where it needs 100. Middle a.",
				"c": "Scores 50 against a target of 60 (10 points short). Middle c.",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(ix, tt.answers)
			var order []string
			for _, it := range res.Roadmap {
				order = append(order, it.Capability)
				if want, ok := tt.reasons[it.Capability]; ok && it.Reason != want {
					t.Errorf("reason of %s\n %q\nwant\n %q", it.Capability, it.Reason, want)
				}
			}
			if !slices.Equal(order, tt.order) {
				t.Errorf("order %v, want %v", order, tt.order)
			}
		})
	}
}
