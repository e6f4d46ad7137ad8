package ui

import (
	"context"

	"github.com/readiness/readiness/assessment"
)

// The projector's wall of what participants wrote: once the facilitator
// reveals the spread, the answers to the focused capability's text
// questions, large, never with names and never a text the consultant hid.
// A wall holds at most maxWall texts so that it fits the screen; the rest
// are counted ("+ 4 more") and read on the results page.

// maxWall is how many texts the projector shows at once.
const maxWall = 6

type textWall struct {
	Questions []wallQuestion
	More      int // visible answers not shown for want of room
}

type wallQuestion struct {
	N     int // the question's number in its capability, as the projector lists it
	Text  string
	Texts []string
}

// textWallOf builds the wall for the capability cp; nil when nobody has
// written an answer there (comments stay off the projector: they explain a
// person's own choice, which the room should not read next to a spread).
func (s *handler) textWallOf(ctx context.Context, u assessment.User, assessmentID string, cp *assessment.Capability) (*textWall, error) {
	visible, err := s.svc.VisibleTexts(ctx, u, assessmentID)
	if err != nil {
		return nil, err
	}
	return newTextWall(cp, visible[cp.ID], maxWall), nil
}

// newTextWall puts texts (one capability's, in assessment.OrderTexts'
// order) under their questions, the first max of them.
func newTextWall(cp *assessment.Capability, texts []assessment.ParticipantText, max int) *textWall {
	w := &textWall{}
	shown := 0
	for qi := range cp.Questions {
		q := &cp.Questions[qi]
		wq := wallQuestion{N: qi + 1, Text: q.Text}
		for _, t := range texts {
			if t.Question != q.ID || t.Kind != assessment.TextAnswer || t.Hidden {
				continue
			}
			if shown >= max {
				w.More++
				continue
			}
			wq.Texts = append(wq.Texts, t.Text)
			shown++
		}
		if len(wq.Texts) > 0 {
			w.Questions = append(w.Questions, wq)
		}
	}
	if shown == 0 {
		return nil
	}
	return w
}
