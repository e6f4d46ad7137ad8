package assessment_test

import (
	"testing"

	"github.com/readiness/readiness/assessment"
)

func caps(scores ...any) *assessment.Result {
	r := &assessment.Result{}
	for i := 0; i+1 < len(scores); i += 2 {
		c := assessment.CapabilityResult{ID: scores[i].(string), Title: "T " + scores[i].(string)}
		if s, ok := scores[i+1].(float64); ok {
			c.Score = &s
		}
		r.Capabilities = append(r.Capabilities, c)
	}
	return r
}

func TestComparePerspectives(t *testing.T) {
	type gap struct {
		high, low string
		hs, ls    float64
	}
	tests := []struct {
		name     string
		in       []assessment.PerspectiveResult
		withheld []bool
		rows     int
		gaps     map[string]*gap // capability → want
	}{
		{"none", nil, nil, 0, nil},
		{"all withheld", []assessment.PerspectiveResult{{Perspective: "operations"}, {Perspective: "data"}}, []bool{true, true}, 0, nil},
		{"one shown, no pair", []assessment.PerspectiveResult{{Perspective: "operations", Result: caps("a", 80.0)}, {Perspective: "data"}},
			[]bool{false, true}, 1, map[string]*gap{"a": nil}},
		{"exactly 25 apart is flagged, 24 is not", []assessment.PerspectiveResult{
			{Perspective: "operations", Result: caps("a", 80.0, "b", 60.0)},
			{Perspective: "development", Result: caps("a", 55.0, "b", 36.4)}},
			[]bool{false, false}, 2, map[string]*gap{"a": {"operations", "development", 80, 55}, "b": nil}},
		{"rounded as shown", []assessment.PerspectiveResult{
			{Perspective: "operations", Result: caps("a", 60.4)},
			{Perspective: "development", Result: caps("a", 35.6)}},
			[]bool{false, false}, 1, map[string]*gap{"a": nil}},
		{"low first is still high/low", []assessment.PerspectiveResult{
			{Perspective: "operations", Result: caps("a", 30.0)},
			{Perspective: "development", Result: caps("a", 80.0)}},
			[]bool{false, false}, 1, map[string]*gap{"a": {"development", "operations", 80, 30}}},
		{"widest pair of three, unscored ignored", []assessment.PerspectiveResult{
			{Perspective: "operations", Result: caps("a", 50.0, "b", nil)},
			{Perspective: "development", Result: caps("a", 20.0, "b", 90.0)},
			{Perspective: "data"},
			{Perspective: "management", Result: caps("a", 95.0, "b", 10.0)}},
			[]bool{false, false, true, false}, 2, map[string]*gap{"a": {"management", "development", 95, 20}, "b": {"development", "management", 90, 10}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := assessment.ComparePerspectives(tt.in)
			if len(got.Perspectives) != len(tt.in) {
				t.Fatalf("%d columns, want %d", len(got.Perspectives), len(tt.in))
			}
			for i, c := range got.Perspectives {
				if c.Perspective != tt.in[i].Perspective || c.Withheld != tt.withheld[i] {
					t.Errorf("column %d: %+v, want withheld %v", i, c, tt.withheld[i])
				}
			}
			if len(got.Rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(got.Rows), tt.rows)
			}
			for _, r := range got.Rows {
				want := tt.gaps[r.ID]
				switch {
				case want == nil && r.Gap != nil:
					t.Errorf("%s: flagged %+v, want no flag", r.ID, *r.Gap)
				case want != nil && r.Gap == nil:
					t.Errorf("%s: not flagged, want %+v", r.ID, *want)
				case want != nil && (r.Gap.High != want.high || r.Gap.Low != want.low || r.Gap.HighScore != want.hs || r.Gap.LowScore != want.ls):
					t.Errorf("%s: flag %+v, want %+v", r.ID, *r.Gap, *want)
				}
				if len(r.Scores) != len(tt.in) {
					t.Errorf("%s: %d scores, want %d", r.ID, len(r.Scores), len(tt.in))
				}
			}
		})
	}
}
