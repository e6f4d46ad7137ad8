package assessment

import (
	"slices"
	"testing"
)

// TestCompare compares a 1.0 assessment with one on a newer questionnaire
// that drops a capability, adds one and changes another's questions.
func TestCompare(t *testing.T) {
	older := index([]string{"s1", "s2"},
		capability("a", "s1", 50, nil, levels("a1")),
		capability("b", "s1", 50, nil, levels("b1")),
		capability("gone", "s2", 50, []string{"a"}, levels("g1")),
		capability("c", "s2", 50, []string{"a"}, levels("c1")),
	)
	newer := index([]string{"s1", "s2"},
		capability("a", "s1", 50, nil, levels("a1")),
		capability("b", "s1", 50, nil, levels("b1"), levels("b2")), // a question more
		capability("c", "s2", 50, []string{"a"}, levels("c1")),
		capability("new", "s2", 50, []string{"a"}, levels("n1")),
	)
	fromRes := Score(older, []Answer{pick("r", "a1", "1"), pick("r", "b1", "1"), pick("r", "g1", "0"), pick("r", "c1", "4")})
	toRes := Score(newer, []Answer{pick("r", "a1", "4"), pick("r", "b1", "1"), pick("r", "b2", "1"), pick("r", "n1", "0")})
	from := Assessment{ID: "x", Title: "Before", QuestionnaireVersion: "1.0.0"}
	to := Assessment{ID: "y", Title: "After", QuestionnaireVersion: "1.1.0"}

	c := Compare(from, to, older, newer, fromRes, toRes)
	if c.From.ID != "x" || c.To.ID != "y" || c.From.QuestionnaireVersion != "1.0.0" {
		t.Errorf("sides: %+v → %+v", c.From, c.To)
	}
	if c.Overall.Change == nil || *c.Overall.Change != *toRes.Overall.Score-*fromRes.Overall.Score {
		t.Errorf("overall change %s", fmtScore(c.Overall.Change))
	}

	caps := map[string]CapabilityChange{}
	var order []string
	for _, cc := range c.Capabilities {
		caps[cc.ID] = cc
		order = append(order, cc.ID)
	}
	if want := []string{"a", "b", "c", "new", "gone"}; !slices.Equal(order, want) {
		t.Errorf("capability order %v, want %v", order, want)
	}
	for _, tt := range []struct {
		id             string
		from, to, diff string
		same           bool
	}{
		{"a", "25", "100", "75", true},
		{"b", "25", "25", "0", false},
		{"c", "100", "nil", "nil", true},
		{"new", "nil", "0", "nil", false},
		{"gone", "0", "nil", "nil", false},
	} {
		cc := caps[tt.id]
		if fmtScore(cc.ScoreChange.From) != tt.from || fmtScore(cc.ScoreChange.To) != tt.to ||
			fmtScore(cc.ScoreChange.Change) != tt.diff || cc.SameQuestions != tt.same {
			t.Errorf("%s: from %s to %s change %s same %v; want %s %s %s %v", tt.id,
				fmtScore(cc.ScoreChange.From), fmtScore(cc.ScoreChange.To), fmtScore(cc.ScoreChange.Change), cc.SameQuestions,
				tt.from, tt.to, tt.diff, tt.same)
		}
	}

	// From's roadmap: a (25 < 50), b (25), gone (0). To's: b (25), new (0).
	// a now meets its target: closed; b stays: open; gone left the model:
	// dropped; new appears: opened. c was never on a roadmap.
	want := RoadmapChange{Closed: []string{"a"}, Opened: []string{"new"}, Open: []string{"b"}, Dropped: []string{"gone"}}
	if !slices.Equal(c.Roadmap.Closed, want.Closed) || !slices.Equal(c.Roadmap.Opened, want.Opened) ||
		!slices.Equal(c.Roadmap.Open, want.Open) || !slices.Equal(c.Roadmap.Dropped, want.Dropped) {
		t.Errorf("roadmap %+v, want %+v", c.Roadmap, want)
	}

	for _, s := range c.Stages {
		if s.ReachedFrom == nil || s.ReachedTo == nil {
			t.Errorf("stage %s: both questionnaires have it, reached %v/%v", s.ID, s.ReachedFrom, s.ReachedTo)
		}
	}
}
