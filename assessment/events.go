package assessment

import (
	"context"
	"time"
)

// EventKind names what happened in a live assessment; it is the SSE event name.
type EventKind string

// The events of a live assessment. The consultant's stream carries all but
// Closed's twin on the respondent side; a respondent's stream carries only
// Focus and Closed.
const (
	EventRespondent EventKind = "respondent" // a participant joined or was invited
	EventAnswer     EventKind = "answer"     // an answer was saved
	EventSubmit     EventKind = "submit"     // a respondent submitted
	EventFocus      EventKind = "focus"      // the facilitator moved to another capability (or none)
	EventAgreed     EventKind = "agreed"     // an agreed answer was recorded or removed
	EventClosed     EventKind = "closed"     // the assessment was closed
)

// EventKinds lists every kind, in a fixed order (the store keeps a bit per kind).
var EventKinds = []EventKind{EventRespondent, EventAnswer, EventSubmit, EventFocus, EventAgreed, EventClosed}

// Event is one change of a live assessment, as listeners learn of it. IDs
// grow in the order events become visible: a listener that has seen ID n
// finds every later event with "after n".
type Event struct {
	ID           int64
	AssessmentID string
	Kind         EventKind
	RespondentID string     // respondent, answer, submit
	Question     string     // answer, agreed
	Capability   string     // answer, focus ("" when the focus is cleared), agreed
	EndsAt       *time.Time // focus: when the capability's timebox ends, if it has one
	At           time.Time
}

// EventLog is the events of every assessment: written by the store in the
// transaction of the change they tell of (so an acknowledged change always
// has its event), kept long enough for a listener to resume, and delivered
// to listeners on every instance that shares the database.
type EventLog interface {
	// EventsAfter returns the events of an assessment with an ID above after,
	// of the given kinds (all if none), oldest first, at most limit. The
	// slice may be shared with other listeners: read it, do not change it.
	EventsAfter(ctx context.Context, assessmentID string, after int64, limit int, kinds ...EventKind) ([]Event, error)
	// LastEventID is the ID of the newest event of any assessment, 0 if none.
	LastEventID(ctx context.Context) (int64, error)
	// Subscribe returns a channel that receives a value, without ever
	// blocking the log, whenever events of the given kinds (all if none) of
	// an assessment may have been added, and after a lost connection to
	// other instances was restored. Values do not queue: one wake-up may
	// stand for many events, so a listener reads EventsAfter until it is
	// empty. cancel ends the subscription.
	Subscribe(assessmentID string, kinds ...EventKind) (wake <-chan struct{}, cancel func())
}

// Stream is what a listener needs to follow an assessment's events.
type Stream struct {
	AssessmentID string
	Kinds        []EventKind // empty: every kind
	log          EventLog
}

// Subscribe wakes the listener as events of its kinds may have arrived.
func (st *Stream) Subscribe() (<-chan struct{}, func()) {
	return st.log.Subscribe(st.AssessmentID, st.Kinds...)
}

// After returns up to limit events of the stream's kinds after id.
func (st *Stream) After(ctx context.Context, id int64, limit int) ([]Event, error) {
	return st.log.EventsAfter(ctx, st.AssessmentID, id, limit, st.Kinds...)
}

// Last is the ID to start from when a listener has none: events already in
// the log are history it has seen by loading the page.
func (st *Stream) Last(ctx context.Context) (int64, error) { return st.log.LastEventID(ctx) }

func (s *Service) stream(assessmentID string, kinds ...EventKind) (*Stream, error) {
	if s.events == nil {
		return nil, Errorf(Internal, "live events are not configured")
	}
	return &Stream{AssessmentID: assessmentID, Kinds: kinds, log: s.events}, nil
}

// AssessmentEvents opens the consultant's stream of an assessment of the user's workspace.
func (s *Service) AssessmentEvents(ctx context.Context, u User, id string) (*Stream, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	return s.stream(a.ID, EventRespondent, EventAnswer, EventSubmit, EventFocus, EventAgreed, EventClosed)
}

// ResponseEvents opens a respondent's stream: the facilitator's focus and the close.
func (s *Service) ResponseEvents(ctx context.Context, token string) (*Stream, error) {
	_, a, _, err := s.respondent(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.stream(a.ID, EventFocus, EventClosed)
}
