package assessment_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

func TestFitWarnings(t *testing.T) {
	m := &assessment.Model{
		Stages: []assessment.Stage{{ID: "s1", Order: 1}, {ID: "s2", Order: 2}},
		Capabilities: []assessment.Capability{
			{ID: "vcs", Title: "Version control", Stage: "s1"},
			{ID: "ci", Title: "Builds", Stage: "s1", Requires: []string{"vcs"}},
			{ID: "img", Title: "Images", Stage: "s2", Requires: []string{"vcs", "ci"}},
		},
	}
	for _, tt := range []struct {
		name  string
		scope []string
		want  []string // "capability<requires"
	}{
		{"whole model", nil, nil},
		{"everything named", []string{"vcs", "ci", "img"}, nil},
		{"prerequisites kept", []string{"vcs", "ci"}, nil},
		{"one prerequisite left out", []string{"ci"}, []string{"ci<vcs"}},
		{"two left out, model order", []string{"img"}, []string{"img<vcs", "img<ci"}},
		{"a chain cut in the middle", []string{"vcs", "img"}, []string{"img<ci"}},
		{"no prerequisites at all", []string{"vcs"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range (assessment.Fit{Scope: tt.scope}).Warnings(m) {
				got = append(got, w.Capability+"<"+w.Requires)
				if !strings.Contains(w.Message, "counts as met") {
					t.Errorf("message %q does not say what it means for gating", w.Message)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("warnings %v, want %v", got, tt.want)
			}
		})
	}
	w := (assessment.Fit{Scope: []string{"ci"}}).Warnings(m)[0]
	if !strings.HasPrefix(w.Message, "Builds requires Version control") {
		t.Errorf("message %q does not name both by title", w.Message)
	}
}
