package assessment

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// TextKind says what a participant's text is: the answer to a text question
// or a comment on any answer.
type TextKind string

// The kinds of text, in the order they are listed under a question.
const (
	TextAnswer  TextKind = "answer"
	TextComment TextKind = "comment"
)

// ParticipantText is one thing a participant wrote, as the consultant and the client
// read it: never with the respondent's name, ID, role or perspective. ID is
// random and stays with the text when its author edits it, and so does
// Hidden.
type ParticipantText struct {
	ID         string
	Question   string // question ID
	Capability string // capability ID of the question
	Kind       TextKind
	Text       string
	// Hidden texts stay in the exports but leave every surface a client or
	// the room sees: the results page, the PDF, the projector, the share page.
	Hidden bool
}

// TextStore keeps the random IDs and hidden flags of participants' texts.
type TextStore interface {
	// Texts returns every non-empty text answer and comment of an
	// assessment of the workspace, with Capability unset, in no particular
	// order; NotFound if the assessment is not in the workspace. With
	// withIDs, a text that has no ID yet gets a random one first (a write);
	// without, such a text has ID "" and nothing is written, so that pages
	// anyone may open stay reads. A text without an ID was never hidden.
	Texts(ctx context.Context, workspaceID, assessmentID string, withIDs bool) ([]ParticipantText, error)
	// SetTextHidden hides or shows the text with ID textID and returns it;
	// NotFound unless the text is one of the assessment's, in the workspace,
	// and not empty.
	SetTextHidden(ctx context.Context, workspaceID, assessmentID, textID string, hidden bool) (ParticipantText, error)
}

// Texts lists what participants wrote in an assessment of the user's
// workspace, hidden texts included, in the order every surface shows them:
// the model's question order, answers before comments, then by text. The
// respondents' order never shows through, so the list says nothing about
// who wrote what.
func (s *Service) Texts(ctx context.Context, u User, assessmentID string) ([]ParticipantText, error) {
	return s.texts(ctx, u.WorkspaceID, assessmentID, true)
}

// VisibleTexts is what the results page, the projector, the PDF and the
// share page show: the texts the consultant did not hide, by capability ID,
// each list in Texts' order. It writes nothing.
func (s *Service) VisibleTexts(ctx context.Context, u User, assessmentID string) (map[string][]ParticipantText, error) {
	texts, err := s.texts(ctx, u.WorkspaceID, assessmentID, false)
	if err != nil {
		return nil, err
	}
	return VisibleByCapability(texts), nil
}

// SetTextHidden hides a text of an assessment of the user's workspace from
// every surface but the exports, or shows it again. A closed assessment's
// texts may still be hidden: a report is often made after the close.
func (s *Service) SetTextHidden(ctx context.Context, u User, assessmentID, textID string, hidden bool) (ParticipantText, error) {
	if textID == "" {
		return ParticipantText{}, Errorf(NotFound, "not found")
	}
	t, err := s.store.SetTextHidden(ctx, u.WorkspaceID, assessmentID, textID, hidden)
	if err != nil {
		return ParticipantText{}, err
	}
	ix, err := s.index(ctx, assessmentID)
	if err != nil {
		return ParticipantText{}, err
	}
	if _, c, ok := ix.Question(t.Question); ok {
		t.Capability = c.ID
	}
	return t, nil
}

// texts reads an assessment's texts (the scoped read comes first: the
// definition is not scoped) and puts them in order.
func (s *Service) texts(ctx context.Context, workspaceID, assessmentID string, withIDs bool) ([]ParticipantText, error) {
	texts, err := s.store.Texts(ctx, workspaceID, assessmentID, withIDs)
	if err != nil {
		return nil, err
	}
	ix, err := s.index(ctx, assessmentID)
	if err != nil {
		return nil, err
	}
	return OrderTexts(ix, texts), nil
}

// OrderTexts drops blank texts and those of questions the model does not
// have, fills in each text's capability, and sorts them: the model's
// question order, answers before comments, then by text, then by the random
// ID (so that equal texts keep one order without revealing whose is whose).
func OrderTexts(ix *Index, texts []ParticipantText) []ParticipantText {
	type placed struct {
		t   ParticipantText
		pos Ref
	}
	ps := make([]placed, 0, len(texts))
	for _, t := range texts {
		ref, ok := ix.questions[t.Question]
		if !ok || strings.TrimSpace(t.Text) == "" {
			continue
		}
		t.Capability = ix.model.Capabilities[ref.Capability].ID
		ps = append(ps, placed{t, ref})
	}
	slices.SortFunc(ps, func(a, b placed) int {
		return cmp.Or(
			cmp.Compare(a.pos.Capability, b.pos.Capability),
			cmp.Compare(a.pos.Question, b.pos.Question),
			cmp.Compare(kindOrder(a.t.Kind), kindOrder(b.t.Kind)),
			strings.Compare(a.t.Text, b.t.Text),
			strings.Compare(a.t.ID, b.t.ID),
		)
	})
	out := make([]ParticipantText, len(ps))
	for i, p := range ps {
		out[i] = p.t
	}
	return out
}

func kindOrder(k TextKind) int {
	if k == TextAnswer {
		return 0
	}
	return 1
}

// VisibleByCapability keeps the texts that are not hidden, grouped by
// capability ID, each group in the order given (OrderTexts').
func VisibleByCapability(texts []ParticipantText) map[string][]ParticipantText {
	out := map[string][]ParticipantText{}
	for _, t := range texts {
		if !t.Hidden {
			out[t.Capability] = append(out[t.Capability], t)
		}
	}
	return out
}
