package assessment

import (
	"slices"
	"testing"
)

// TestLatestAnswers: the store's order (by respondent, once each) is kept as
// it is; a respondent's later answer replaces the earlier one in its place,
// whatever the order.
func TestLatestAnswers(t *testing.T) {
	ans := func(r, q, o string) Answer { return Answer{RespondentID: r, QuestionID: q, Option: o} }
	for _, tt := range []struct {
		name string
		in   []Answer
		want map[string][]string // question → respondent:option in order
	}{
		{"store order", []Answer{ans("a", "q1", "x"), ans("a", "q2", "y"), ans("b", "q1", "z"), ans("c", "q1", "w")},
			map[string][]string{"q1": {"a:x", "b:z", "c:w"}, "q2": {"a:y"}}},
		{"a later answer replaces", []Answer{ans("a", "q1", "x"), ans("b", "q1", "z"), ans("a", "q1", "v")},
			map[string][]string{"q1": {"a:v", "b:z"}}},
		{"unordered, once each", []Answer{ans("c", "q1", "w"), ans("a", "q1", "x"), ans("b", "q1", "z")},
			map[string][]string{"q1": {"c:w", "a:x", "b:z"}}},
		{"same respondent twice in a row", []Answer{ans("a", "q1", "x"), ans("a", "q1", "y")},
			map[string][]string{"q1": {"a:y"}}},
	} {
		got := latestAnswers(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d questions, want %d", tt.name, len(got), len(tt.want))
		}
		for q, want := range tt.want {
			var have []string
			for _, a := range got[q] {
				have = append(have, a.RespondentID+":"+a.Option)
			}
			if !slices.Equal(have, want) {
				t.Errorf("%s: %s = %v, want %v", tt.name, q, have, want)
			}
		}
	}
}
