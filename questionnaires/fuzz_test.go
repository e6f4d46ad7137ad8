package questionnaires

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// FuzzParse feeds Parse arbitrary bytes, starting from every fixture and the
// built-in model. Parse must never panic, and whatever it accepts must hold
// together well enough for scoring to rely on it.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/broken/*.yaml", "testdata/valid/*.yaml", "builtin/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, problems := Parse("fuzz.yaml", data)
		if (m == nil) == (len(problems) == 0) {
			t.Fatalf("Parse returned model %v with %d problems", m, len(problems))
		}
		for i, p := range problems {
			if p.File != "fuzz.yaml" || p.Line < 0 || p.Message == "" {
				t.Fatalf("malformed problem %#v", p)
			}
			if i > 0 && p.Line < problems[i-1].Line {
				t.Fatalf("problems out of line order: %s after %s", p, problems[i-1])
			}
		}
		if m == nil {
			return
		}
		if len(m.Stages) == 0 {
			t.Fatal("accepted a model without stages")
		}
		stages := map[string]int{}
		for i, s := range m.Stages {
			if s.Order != i+1 {
				t.Fatalf("stage %s has order %d at position %d", s.ID, s.Order, i+1)
			}
			stages[s.ID] = s.Order
		}
		caps := map[string]int{}
		questions := map[string]bool{}
		for _, c := range m.Capabilities {
			if _, ok := stages[c.Stage]; !ok {
				t.Fatalf("capability %s is in unknown stage %q", c.ID, c.Stage)
			}
			caps[c.ID] = stages[c.Stage]
			if c.Target < 1 || c.Target > 100 || c.Weight <= 0 {
				t.Fatalf("capability %s has target %d, weight %g", c.ID, c.Target, c.Weight)
			}
			scored := false
			for _, q := range c.Questions {
				if questions[q.ID] {
					t.Fatalf("question id %s accepted twice", q.ID)
				}
				questions[q.ID] = true
				scored = scored || q.Scored()
				if q.Type == "scale" && (q.Min == nil || q.Max == nil || *q.Min >= *q.Max) {
					t.Fatalf("scale question %s without a usable range", q.ID)
				}
			}
			if !scored {
				t.Fatalf("capability %s has no scored question", c.ID)
			}
		}
		for _, c := range m.Capabilities {
			for _, r := range c.Requires {
				order, ok := caps[r]
				if !ok || order > caps[c.ID] {
					t.Fatalf("capability %s requires %q, unknown or in a later stage", c.ID, r)
				}
			}
		}
		if cyclic(m) {
			t.Fatal("accepted a cycle in requires")
		}
	})
}

// cyclic reports whether any capability depends on itself, by removing
// capabilities whose prerequisites are all removed until none is left.
func cyclic(m *assessment.Model) bool {
	left := map[string][]string{}
	for _, c := range m.Capabilities {
		left[c.ID] = c.Requires
	}
	for len(left) > 0 {
		progress := false
		for id, reqs := range left {
			if !slices.ContainsFunc(reqs, func(r string) bool { _, ok := left[r]; return ok }) {
				delete(left, id)
				progress = true
			}
		}
		if !progress {
			return true
		}
	}
	return false
}

func BenchmarkParseBuiltin(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("builtin", "dcos-readiness.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := Parse("dcos-readiness.yaml", data); len(problems) > 0 {
			b.Fatal(Problems(problems))
		}
	}
}
