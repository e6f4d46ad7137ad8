package assessment

import (
	"math"
	"slices"
)

// Form says which of a model's questions an assessment asks.
type Form string

// Forms of an assessment.
const (
	FormFull Form = "full" // every question
	FormCore Form = "core" // the questions the model marks core: its short form
)

// Fit is how an assessment is fitted to its engagement (scoring rule 8): the
// capabilities it assesses, the targets it holds them to and the form of
// questions it asks. The zero value asks the whole model against its own
// targets.
//
// A Fit is kept apart from the model, not cut into it: an assessment keeps
// its model for good, while its fit may change (PATCH), and answers that
// leave the scope or the form stay stored, scored nowhere, still exported.
type Fit struct {
	// Scope lists the capability IDs in scope, in model order; nil means
	// every capability.
	Scope []string
	// Targets replace the model's target of the capabilities they name.
	Targets map[string]int
	// Form is "" or FormFull for every question, FormCore for the core ones.
	Form Form
}

// Fit is the assessment's scope, targets and form.
func (a *Assessment) Fit() Fit { return Fit{Scope: a.Scope, Targets: a.Targets, Form: a.Form} }

// InScope reports whether capability id is assessed.
func (f Fit) InScope(id string) bool { return f.Scope == nil || slices.Contains(f.Scope, id) }

// InForm reports whether the form asks q (its capability aside).
func (f Fit) InForm(q *Question) bool { return f.Form != FormCore || q.Core }

// Asks reports whether q, a question of c, is asked at all: c in scope and
// q in the form. A question that is not asked cannot be answered (NotFound)
// and counts in no progress and no score.
func (f Fit) Asks(c *Capability, q *Question) bool { return f.InScope(c.ID) && f.InForm(q) }

// AskedOf reports whether q, a question of c, is asked of a respondent of
// perspective p: asked at all, and of that perspective.
func (f Fit) AskedOf(c *Capability, q *Question, p string) bool { return f.Asks(c, q) && q.AskedOf(p) }

// Target is the target c is held to: the assessment's own, else the model's.
func (f Fit) Target(c *Capability) int {
	if t, ok := f.Targets[c.ID]; ok {
		return t
	}
	return c.Target
}

// Narrows reports whether the fit leaves any question of m unasked.
func (f Fit) Narrows(m *Model) bool {
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		for qi := range c.Questions {
			if !f.Asks(c, &c.Questions[qi]) {
				return true
			}
		}
	}
	return false
}

// HasCore reports whether m marks any question core: only then can an
// assessment of it use FormCore.
func (m *Model) HasCore() bool {
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if m.Capabilities[ci].Questions[qi].Core {
				return true
			}
		}
	}
	return false
}

// Check validates f against m and returns it in canonical form: the scope
// in model order without repeats (nil when it names every capability, so
// that "all" stays all when a later version adds one), targets only where
// given, the form spelt out. Errors name the field at fault: scope, targets
// or form.
func (f Fit) Check(m *Model) (Fit, error) {
	ix := NewIndex(m)
	out := Fit{Form: f.Form}
	switch f.Form {
	case "":
		out.Form = FormFull
	case FormFull:
	case FormCore:
		if !m.HasCore() {
			return Fit{}, FieldError("form", "questionnaire %s marks no question core, so it has no core form", m)
		}
	default:
		return Fit{}, FieldError("form", "must be full or core, not %q", f.Form)
	}
	if f.Scope != nil {
		if len(f.Scope) == 0 {
			return Fit{}, FieldError("scope", "must name at least one capability")
		}
		in := make(map[string]bool, len(f.Scope))
		for _, id := range f.Scope {
			if _, ok := ix.Capability(id); !ok {
				return Fit{}, FieldError("scope", "no capability %q in questionnaire %s", id, m)
			}
			in[id] = true
		}
		if len(in) < len(m.Capabilities) {
			out.Scope = make([]string, 0, len(in))
			for _, c := range m.Capabilities {
				if in[c.ID] {
					out.Scope = append(out.Scope, c.ID)
				}
			}
		}
	}
	for id, t := range f.Targets {
		if _, ok := ix.Capability(id); !ok {
			return Fit{}, FieldError("targets", "no capability %q in questionnaire %s", id, m)
		}
		if t < 0 || t > 100 {
			return Fit{}, FieldError("targets", "the target of %s must be between 0 and 100, not %d", id, t)
		}
		if out.Targets == nil {
			out.Targets = make(map[string]int, len(f.Targets))
		}
		out.Targets[id] = t
	}
	if out.Form == FormCore {
		// A capability in scope that the core form asks nothing of could
		// never be assessed: it would block its stage for good.
		for _, c := range m.Capabilities {
			if out.InScope(c.ID) && !slices.ContainsFunc(c.Questions, func(q Question) bool { return q.Core }) {
				return Fit{}, FieldError("form", "capability %s has no core question; leave it out of the scope or ask the full form", c.ID)
			}
		}
	}
	return out, nil
}

// Apply is m cut down to what f asks: the capabilities in scope, each with
// the questions of the form, targets replaced. It is what a respondent's
// questionnaire holds; m itself is left as it is.
func (f Fit) Apply(m *Model) *Model {
	out := *m
	out.Capabilities = make([]Capability, 0, len(m.Capabilities))
	for ci := range m.Capabilities {
		c := m.Capabilities[ci]
		if !f.InScope(c.ID) {
			continue
		}
		c.Target = f.Target(&c)
		qs := make([]Question, 0, len(c.Questions))
		for _, q := range c.Questions {
			if f.InForm(&q) {
				qs = append(qs, q)
			}
		}
		c.Questions = qs
		// A prerequisite out of scope counts as met (rule 8): it is not
		// named to a respondent either.
		c.Requires = slices.DeleteFunc(slices.Clone(c.Requires), func(id string) bool { return !f.InScope(id) })
		out.Capabilities = append(out.Capabilities, c)
	}
	return &out
}

// AskedCount is the number of questions of m that f asks of a respondent of
// perspective p ("" for every question), text questions included.
func (f Fit) AskedCount(m *Model, p string) int {
	n := 0
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		for qi := range c.Questions {
			if f.AskedOf(c, &c.Questions[qi], p) {
				n++
			}
		}
	}
	return n
}

// SecondsPerQuestion is how long a respondent takes over one question on
// average: what the estimates shown before starting assume.
const SecondsPerQuestion = 20

// Estimate is how much a respondent is asked: what the start page shows as
// "Core (≈ N questions, ≈ M minutes)" and the welcome page repeats.
type Estimate struct {
	Questions int
	Minutes   int // Questions × SecondsPerQuestion, to the nearest minute; at least 1 when there is a question
}

// EstimateOf says how many questions of m an assessment fitted by f asks of
// a respondent of perspective p ("" for someone without one), and about how
// long they take.
func EstimateOf(m *Model, f Fit, p string) Estimate {
	n := f.AskedCount(m, p)
	e := Estimate{Questions: n, Minutes: int(math.Round(float64(n*SecondsPerQuestion) / 60))}
	if n > 0 && e.Minutes == 0 {
		e.Minutes = 1
	}
	return e
}

// ScopeOf lists the capability IDs of m in scope, in model order: the
// effective scope an API shows when Scope is nil.
func (f Fit) ScopeOf(m *Model) []string {
	out := make([]string, 0, len(m.Capabilities))
	for _, c := range m.Capabilities {
		if f.InScope(c.ID) {
			out = append(out, c.ID)
		}
	}
	return out
}
