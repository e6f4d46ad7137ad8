package assessment

import (
	"context"
	"fmt"
	"time"
)

// Facilitating a workshop: moving the group between capabilities with an
// optional timebox, the agenda's answered share per capability, and how
// complete a result is (so that no surface presents a half-answered
// workshop as a finished one).

// FocusMove is one move of the group: the capability ("" for none), when
// its timebox ends (nil: no timebox) and when the move was made.
type FocusMove struct {
	Capability string
	EndsAt     *time.Time
	At         time.Time
}

// maxTimebox bounds a timebox: a typo of a day for an hour is a mistake.
const maxTimebox = 12 * time.Hour

// SetFocus records the capability the facilitator is on; nil clears it.
func (s *Service) SetFocus(ctx context.Context, u User, id string, capability *string) (Assessment, error) {
	return s.MoveFocus(ctx, u, id, capability, nil)
}

// MoveFocus records the capability the facilitator is on (nil clears it)
// and, optionally, when its timebox ends. Respondents' pages follow it; the
// focus event carries both.
func (s *Service) MoveFocus(ctx context.Context, u User, id string, capability *string, endsAt *time.Time) (Assessment, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return Assessment{}, err
	}
	now := s.Now().UTC()
	move := FocusMove{At: now}
	if capability != nil {
		ix, err := s.index(ctx, a.ID)
		if err != nil {
			return Assessment{}, err
		}
		if _, ok := ix.Capability(*capability); !ok {
			return Assessment{}, FieldError("capability", "no capability %q in this questionnaire", *capability)
		}
		if !a.Fit().InScope(*capability) {
			return Assessment{}, &Error{Kind: NotFound, Field: "capability", Message: "capability " + *capability + " is outside the assessment's scope"}
		}
		move.Capability = *capability
	}
	if endsAt != nil {
		switch e := endsAt.UTC(); {
		case move.Capability == "":
			return Assessment{}, FieldError("ends_at", "a timebox needs a capability to focus on")
		case !e.After(now):
			return Assessment{}, FieldError("ends_at", "the timebox must end in the future")
		case e.Sub(now) > maxTimebox:
			return Assessment{}, FieldError("ends_at", "a timebox lasts at most %d hours", int(maxTimebox.Hours()))
		default:
			e = e.Truncate(time.Second)
			move.EndsAt = &e
		}
	}
	if err := s.store.SetFocus(ctx, u.WorkspaceID, id, move); err != nil {
		return Assessment{}, err
	}
	a.Focus, a.FocusEndsAt, a.FocusAt = move.Capability, move.EndsAt, &move.At
	if a.FacilitationStarted == nil && move.Capability != "" {
		a.FacilitationStarted = &move.At
	}
	return a, nil
}

// CapabilityShare is one capability of the agenda: how much of what was
// asked of the respondents in it they have answered.
type CapabilityShare struct {
	ID, Title string
	Asked     int // questions asked, summed over the respondents
	Answered  int // of them, answered (any stored answer, as progress counts)
}

// Percent is the answered share, 0-100; 0 when nothing was asked.
func (c CapabilityShare) Percent() int {
	if c.Asked == 0 {
		return 0
	}
	return c.Answered * 100 / c.Asked
}

// AnsweredShares is the agenda's figure per capability of x's model, in
// model order: the answers given over the questions asked of each
// respondent (their perspective's and the untagged ones).
func AnsweredShares(x *Export) []CapabilityShare {
	m := x.Index.Model()
	given := map[string]map[string]bool{} // respondent → questions answered
	for _, an := range x.Answers {
		if given[an.RespondentID] == nil {
			given[an.RespondentID] = map[string]bool{}
		}
		given[an.RespondentID][an.QuestionID] = true
	}
	out := make([]CapabilityShare, 0, len(m.Capabilities))
	for ci := range m.Capabilities {
		cp := &m.Capabilities[ci]
		cs := CapabilityShare{ID: cp.ID, Title: cp.Title}
		for _, r := range x.Respondents {
			for qi := range cp.Questions {
				if q := &cp.Questions[qi]; q.AskedOf(r.Perspective) {
					cs.Asked++
					if given[r.ID][q.ID] {
						cs.Answered++
					}
				}
			}
		}
		out = append(out, cs)
	}
	return out
}

// Completeness says how much of a result rests on answers: what every
// surface that shows a result before everything is answered must say.
type Completeness struct {
	Answered, Total int // scored questions with a value, of all scored questions
	Unassessed      int // capabilities without a scored answer yet
	Capabilities    int // capabilities in the result
}

// Completeness sums up r from its capabilities' statuses (scoring rule 8):
// out-of-scope capabilities count nowhere, and Unassessed > 0 exactly when
// r.Preliminary.
func (r *Result) Completeness() Completeness {
	c := Completeness{Answered: r.Overall.Answered, Total: r.Overall.Total}
	for _, cr := range r.Capabilities {
		switch cr.Status {
		case OutOfScope:
			continue
		case Unassessed:
			c.Unassessed++
		}
		c.Capabilities++
	}
	return c
}

// Partial is true while some scored question has no value yet.
func (c Completeness) Partial() bool { return c.Answered < c.Total }

// Sparse is true when under half of the scored questions have a value: an
// assessment a timeline must not present as progress.
func (c Completeness) Sparse() bool { return c.Answered*2 < c.Total }

// Note says how much of a result rests on answers, for every surface that
// shows it ("6 of 145 questions answered: preliminary, ..."); "" once every
// scored question has a value.
func (c Completeness) Note() string {
	switch {
	case c.Unassessed > 0:
		return fmt.Sprintf("%d of %d questions answered: preliminary, %d of %d capabilities not yet assessed",
			c.Answered, c.Total, c.Unassessed, c.Capabilities)
	case c.Partial():
		return fmt.Sprintf("%d of %d questions answered", c.Answered, c.Total)
	}
	return ""
}

// EmptyRoadmap says why a roadmap has no item: never "nothing to do" while
// capabilities wait to be assessed.
func (c Completeness) EmptyRoadmap() string {
	if c.Unassessed > 0 {
		return fmt.Sprintf("Nothing on the roadmap yet: %d %s unassessed.", c.Unassessed,
			map[bool]string{true: "capability is", false: "capabilities are"}[c.Unassessed == 1])
	}
	return "Every assessed capability meets its target: nothing on the roadmap."
}
