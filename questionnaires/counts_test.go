package questionnaires

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// perspectiveColumns are the respondents a form is counted for: each
// perspective, and a respondent without one ("none"), who is asked everything.
var perspectiveColumns = []string{
	assessment.PerspectiveOperations, assessment.PerspectiveDevelopment,
	assessment.PerspectiveData, assessment.PerspectiveManagement, "none",
}

// askedOf says whether a respondent of perspective p (or "none") is asked q:
// the questions tagged with p and the untagged ones.
func askedOf(q assessment.Question, p string) bool {
	if p == "none" || len(q.Perspectives) == 0 {
		return true
	}
	for _, x := range q.Perspectives {
		if x == p {
			return true
		}
	}
	return false
}

// countTables renders the question counts of m per perspective and per
// stage, for the full and the core form, as the Markdown tables FORMAT.md
// shows; the lead plans workshops from them.
func countTables(m *assessment.Model) string {
	var b strings.Builder
	b.WriteString("| form | operations | development | data | management | none (everything) |\n|---|---|---|---|---|---|\n")
	for _, form := range []string{"full", "core"} {
		fmt.Fprintf(&b, "| %s |", form)
		for _, p := range perspectiveColumns {
			n := 0
			for _, c := range m.Capabilities {
				for _, q := range c.Questions {
					if (form == "full" || q.Core) && askedOf(q, p) {
						n++
					}
				}
			}
			fmt.Fprintf(&b, " %d |", n)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n| stage | capabilities | questions | core | must-haves | operations | development | data | management |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range m.Stages {
		caps, all, core, must := 0, 0, 0, 0
		per := map[string]int{}
		for _, c := range m.Capabilities {
			if c.Stage != s.ID {
				continue
			}
			caps++
			for _, q := range c.Questions {
				all++
				if q.Core {
					core++
				}
				if q.Critical > 0 {
					must++
				}
				for _, p := range q.Perspectives {
					per[p]++
				}
			}
		}
		fmt.Fprintf(&b, "| %d. %s | %d | %d | %d | %d | %d | %d | %d | %d |\n", s.Order, s.Title, caps, all, core, must,
			per[assessment.PerspectiveOperations], per[assessment.PerspectiveDevelopment], per[assessment.PerspectiveData], per[assessment.PerspectiveManagement])
	}
	return b.String()
}

// TestBuiltinCounts prints the counts of the newest built-in model (go test
// -run TestBuiltinCounts -v) and checks that FORMAT.md shows them, so the
// documentation cannot drift from the model.
func TestBuiltinCounts(t *testing.T) {
	tables := countTables(builtinModel(t))
	t.Logf("\n%s", tables)
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), tables) {
		t.Errorf("FORMAT.md does not show the model's current counts; replace its tables with:\n%s", tables)
	}
}

// TestBuiltinCoreForm: the short form covers every capability with a scored
// question, holds every must-have, and stays about forty questions long.
func TestBuiltinCoreForm(t *testing.T) {
	m := builtinModel(t)
	total := 0
	for _, c := range m.Capabilities {
		scored := 0
		for _, q := range c.Questions {
			if q.Critical > 0 && !q.Core {
				t.Errorf("%s: a must-have outside the core form", q.ID)
			}
			if q.Core {
				total++
				if q.Type != assessment.Text {
					scored++
				}
			}
		}
		if scored == 0 {
			t.Errorf("capability %s has no scored core question", c.ID)
		}
		if scored > 3 && c.ID != "linux-baseline" {
			t.Errorf("capability %s has %d core questions; keep the short form short", c.ID, scored)
		}
	}
	if total < 35 || total > 48 {
		t.Errorf("%d core questions, want about 40", total)
	}
}
