package assessment

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// results fakes a Result's capabilities for ix: a capability missing from
// scores is unassessed, a negative score means not applicable.
func results(ix *Index, scores map[string]float64) []CapabilityResult {
	m := ix.Model()
	crs := make([]CapabilityResult, len(m.Capabilities))
	for i, c := range m.Capabilities {
		crs[i] = CapabilityResult{ID: c.ID, Title: c.Title, Stage: c.Stage, Target: c.Target, Status: Unassessed}
		s, ok := scores[c.ID]
		switch {
		case !ok:
		case s < 0:
			crs[i].Status = Inapplicable
		case s >= float64(c.Target):
			crs[i].Score, crs[i].Status = num(s), Ready
		default:
			crs[i].Score, crs[i].Status = num(s), BelowTarget
		}
	}
	return crs
}

// chain is a model whose capabilities depend on each other across stages:
// b needs a, c needs b, d needs c, e needs a; f stands alone in s3.
func chain() *Index {
	return index([]string{"s1", "s2", "s3"},
		capability("a", "s1", 60, nil, levels("qa")),
		capability("b", "s1", 60, []string{"a"}, levels("qb")),
		capability("c", "s2", 60, []string{"b"}, levels("qc")),
		capability("d", "s2", 60, []string{"c"}, levels("qd")),
		capability("e", "s2", 60, []string{"a"}, levels("qe")),
		capability("f", "s3", 60, nil, levels("qf")),
	)
}

type wantItem struct {
	id       string
	phase    Phase
	requires []string
}

func checkItems(t *testing.T, got []RoadmapItem, want []wantItem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d items %v, want %d %v", len(got), got, len(want), want)
	}
	for i, it := range got {
		w := want[i]
		if it.Position != i+1 || it.Capability != w.id || it.Phase != w.phase || it.Requires == nil || !slices.Equal(it.Requires, w.requires) {
			t.Errorf("item %d: %d %s %s requires %#v; want %d %s %s requires %#v",
				i, it.Position, it.Capability, it.Phase, it.Requires, i+1, w.id, w.phase, w.requires)
		}
	}
}

func TestRoadmapPhases(t *testing.T) {
	ix := chain()
	tests := []struct {
		name   string
		scores map[string]float64
		want   []wantItem
	}{
		{"nothing below target", map[string]float64{"a": 60, "b": 70, "c": 80, "d": 90, "e": 100, "f": 60}, nil},
		{"a chain below target", map[string]float64{"a": 10, "b": 10, "c": 10, "d": 10, "e": 90, "f": 90}, []wantItem{
			{"a", Now, []string{}}, {"b", Next, []string{"a"}}, {"c", Later, []string{"b"}}, {"d", Later, []string{"c"}},
		}},
		{"a ready prerequisite does not hold an item back", map[string]float64{"a": 60, "b": 10, "c": 10, "e": 10}, []wantItem{
			{"b", Now, []string{}}, {"e", Now, []string{}}, {"c", Next, []string{"b"}},
		}},
		{"unassessed and not-applicable prerequisites do not hold an item back", map[string]float64{"b": 10, "c": -1, "d": 10, "e": 10}, []wantItem{
			{"b", Now, []string{}}, {"d", Now, []string{}}, {"e", Now, []string{}},
		}},
		{"two items wait on the same prerequisite", map[string]float64{"a": 10, "b": 10, "c": 90, "d": 90, "e": 10, "f": 90}, []wantItem{
			{"a", Now, []string{}}, {"b", Next, []string{"a"}}, {"e", Next, []string{"a"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, roadmap(ix, results(ix, tt.scores)), tt.want)
		})
	}
}

func TestRoadmapOrder(t *testing.T) {
	flat := index([]string{"s1", "s2"},
		capability("y1", "s2", 60, nil, levels("q1")), // listed first, but in the later stage
		capability("x1", "s1", 60, nil, levels("q2")),
		capability("x2", "s1", 60, nil, levels("q3")),
		capability("x3", "s1", 60, nil, levels("q4")),
	)
	deep := index([]string{"s1", "s2"},
		capability("n2", "s2", 60, nil, levels("q1")),
		capability("p", "s1", 60, nil, levels("q2")),
		capability("q", "s1", 60, []string{"p"}, levels("q3")),
		capability("r", "s1", 60, []string{"q"}, levels("q4")),
		capability("s", "s1", 60, []string{"r"}, levels("q5")),
		capability("t", "s1", 60, []string{"q"}, levels("q6")),
	)
	tests := []struct {
		name   string
		ix     *Index
		scores map[string]float64
		want   []wantItem
	}{
		{"earlier stage first, even with a smaller gap", flat, map[string]float64{"y1": 0, "x1": 50}, []wantItem{
			{"x1", Now, []string{}}, {"y1", Now, []string{}},
		}},
		{"within a stage the larger gap first", flat, map[string]float64{"x1": 50, "x2": 10, "x3": 30}, []wantItem{
			{"x2", Now, []string{}}, {"x3", Now, []string{}}, {"x1", Now, []string{}},
		}},
		{"equal gaps keep model order", flat, map[string]float64{"x3": 30, "x1": 30, "x2": 30, "y1": 30}, []wantItem{
			{"x1", Now, []string{}}, {"x2", Now, []string{}}, {"x3", Now, []string{}}, {"y1", Now, []string{}},
		}},
		{"phase before stage", deep, map[string]float64{"n2": 10, "p": 50, "q": 50}, []wantItem{
			{"p", Now, []string{}}, {"n2", Now, []string{}}, {"q", Next, []string{"p"}},
		}},
		{"within later, the shallower layer first whatever the gap", deep, map[string]float64{"p": 50, "q": 50, "r": 50, "s": 0, "t": 55}, []wantItem{
			{"p", Now, []string{}}, {"q", Next, []string{"p"}}, {"r", Later, []string{"q"}}, {"t", Later, []string{"q"}}, {"s", Later, []string{"r"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkItems(t, roadmap(tt.ix, results(tt.ix, tt.scores)), tt.want)
		})
	}
}

func TestRoadmapReason(t *testing.T) {
	ix := index([]string{"s1", "s2"},
		capability("a", "s1", 60, nil, levels("q1")),
		capability("c", "s1", 40, nil, levels("q2")),
		capability("b", "s2", 60, []string{"a", "c"}, levels("q3")),
	)
	ix.model.Capabilities[0].RecommendMiddle = "" // a capability may say nothing about a middling score
	tests := []struct {
		name   string
		scores map[string]float64
		id     string
		want   string
	}{
		{"low score gets the low recommendation", map[string]float64{"b": 25, "a": 60, "c": 40}, "b",
			"Scores 25 against a target of 60 (35 points short). Low b."},
		{"half the target or more is middling", map[string]float64{"b": 30, "a": 60, "c": 40}, "b",
			"Scores 30 against a target of 60 (30 points short). Middle b."},
		{"numbers are rounded", map[string]float64{"b": 34.6, "a": 60, "c": 40}, "b",
			"Scores 35 against a target of 60 (25 points short). Middle b."},
		{"a score just under target never reads as the target", map[string]float64{"b": 59.6, "a": 60, "c": 40}, "b",
			"Scores 59 against a target of 60 (1 point short). Middle b."},
		{"an empty recommendation adds nothing", map[string]float64{"a": 45}, "a",
			"Scores 45 against a target of 60 (15 points short)."},
		{"one prerequisite below target", map[string]float64{"b": 40, "a": 10, "c": 40}, "b",
			"Scores 40 against a target of 60 (20 points short). Middle b. Start once Title a reaches its target."},
		{"two prerequisites below target", map[string]float64{"b": 40, "a": 10, "c": 10}, "b",
			"Scores 40 against a target of 60 (20 points short). Middle b. Start once Title a and Title c reach their targets."},
		{"an unassessed prerequisite", map[string]float64{"b": 40, "c": 40}, "b",
			"Scores 40 against a target of 60 (20 points short). Middle b. Assess Title a too: it has no scored answers yet."},
		{"both", map[string]float64{"b": 10, "c": 20}, "b",
			"Scores 10 against a target of 60 (50 points short). Low b. Start once Title c reaches its target. Assess Title a too: it has no scored answers yet."},
		{"two unassessed prerequisites", map[string]float64{"b": 10}, "b",
			"Scores 10 against a target of 60 (50 points short). Low b. Assess Title a and Title c too: they have no scored answers yet."},
		{"not-applicable prerequisites are not mentioned", map[string]float64{"b": 10, "a": -1, "c": -1}, "b",
			"Scores 10 against a target of 60 (50 points short). Low b."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, it := range roadmap(ix, results(ix, tt.scores)) {
				if it.Capability == tt.id {
					if it.Reason != tt.want {
						t.Errorf("reason\n %q\nwant\n %q", it.Reason, tt.want)
					}
					// Why carries the reason's figures: the shown score
					// and the gap add up to the target.
					if w := it.Why; w == nil || w.Target != it.Target || w.Score+w.Short != w.Target ||
						!strings.Contains(it.Reason, fmt.Sprintf("Scores %d against a target of %d", w.Score, w.Target)) {
						t.Errorf("why %+v of %q", w, it.Reason)
					}
					return
				}
			}
			t.Errorf("no roadmap item for %s", tt.id)
		})
	}
}

// TestRoadmapFromScore checks that Score fills the items from real answers.
func TestRoadmapFromScore(t *testing.T) {
	ix := chain()
	tests := []struct {
		name    string
		answers []Answer
		want    []RoadmapItem
	}{
		// a (37.5) waits on nothing, so it and f (stage 3) are both now;
		// b waits on a; c reached its target; d and e are unassessed.
		{"score, target and stage come from the result", []Answer{
			pick("r1", "qa", "1"), pick("r2", "qa", "2"), pick("r1", "qb", "0"), pick("r1", "qc", "4"), pick("r1", "qf", "2"),
		}, []RoadmapItem{
			{Position: 1, Capability: "a", Title: "Title a", Stage: "s1", Phase: Now, Requires: []string{}, Score: 37.5, Target: 60},
			{Position: 2, Capability: "f", Title: "Title f", Stage: "s3", Phase: Now, Requires: []string{}, Score: 50, Target: 60},
			{Position: 3, Capability: "b", Title: "Title b", Stage: "s1", Phase: Next, Requires: []string{"a"}, Score: 0, Target: 60},
		}},
		{"nothing answered, nothing to do yet", nil, []RoadmapItem{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, tt.answers).Roadmap
			if len(got) != len(tt.want) {
				t.Fatalf("roadmap %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if !strings.HasPrefix(g.Reason, "Scores ") {
					t.Errorf("item %d reason %q", i, g.Reason)
				}
				g.Reason = ""
				if g.Position != w.Position || g.Capability != w.Capability || g.Title != w.Title || g.Stage != w.Stage ||
					g.Phase != w.Phase || !slices.Equal(g.Requires, w.Requires) || g.Score != w.Score || g.Target != w.Target {
					t.Errorf("item %d: %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
