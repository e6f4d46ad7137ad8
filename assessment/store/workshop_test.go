package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// Parallel joins never take an assessment past its cap: the count is
// checked by the insert itself.
func TestMaxParticipantsRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		const limit, tries = 7, 40
		a.MaxParticipants = limit
		a, err := s.UpdateAssessment(ctx, a)
		wantKind(t, err, "")
		if a.MaxParticipants != limit {
			t.Fatalf("MaxParticipants = %d, want %d", a.MaxParticipants, limit)
		}
		var wg sync.WaitGroup
		errs := make([]error, tries)
		for i := range tries {
			wg.Go(func() {
				_, errs[i] = s.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID}, fmt.Appendf(nil, "hash-%d", i))
			})
		}
		wg.Wait()
		ok, full := 0, 0
		for _, err := range errs {
			switch assessment.KindOf(err) {
			case "":
				ok++
			case assessment.Conflict:
				full++
			default:
				t.Errorf("AddRespondent: %v", err)
			}
		}
		if ok != limit || full != tries-limit {
			t.Errorf("%d joined and %d refused, want %d and %d", ok, full, limit, tries-limit)
		}
		rs, err := s.Respondents(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		names := map[string]bool{}
		for _, r := range rs {
			if !strings.HasPrefix(r.Name, "Participant ") || names[r.Name] {
				t.Errorf("respondent named %q (names so far %v)", r.Name, names)
			}
			names[r.Name] = true
		}
		if len(rs) != limit {
			t.Errorf("%d respondents stored, want %d", len(rs), limit)
		}
	})
}

func TestAgreedAnswers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		one := assessment.AgreedAnswer{Answer: assessment.Answer{QuestionID: "vcs-use", Option: "some"}, Rationale: "Two teams do not."}
		multi := assessment.AgreedAnswer{Answer: assessment.Answer{QuestionID: "builds-triggers", Options: []string{}}}
		for _, ag := range []assessment.AgreedAnswer{one, multi} {
			_, err := s.SaveAgreed(ctx, u.WorkspaceID, a.ID, ag)
			wantKind(t, err, "")
		}
		one.Answer.Option, one.Rationale = "all", "On reflection, all of it."
		_, err := s.SaveAgreed(ctx, u.WorkspaceID, a.ID, one)
		wantKind(t, err, "")
		got, err := s.AgreedAnswers(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if len(got) != 2 || got[0].Answer.QuestionID != "builds-triggers" || got[0].Answer.Options == nil ||
			len(got[0].Answer.Options) != 0 || got[1].Answer.Option != "all" || got[1].Rationale != one.Rationale {
			t.Errorf("AgreedAnswers = %+v", got)
		}

		_, err = s.SaveAgreed(ctx, other.WorkspaceID, a.ID, one)
		wantKind(t, err, assessment.NotFound)
		_, err = s.AgreedAnswers(ctx, other.WorkspaceID, a.ID)
		wantKind(t, err, assessment.NotFound)
		wantKind(t, s.DeleteAgreed(ctx, other.WorkspaceID, a.ID, "vcs-use"), assessment.NotFound)

		wantKind(t, s.DeleteAgreed(ctx, u.WorkspaceID, a.ID, "vcs-use"), "")
		wantKind(t, s.DeleteAgreed(ctx, u.WorkspaceID, a.ID, "vcs-use"), "")
		got, err = s.AgreedAnswers(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if len(got) != 1 || got[0].Answer.QuestionID != "builds-triggers" {
			t.Errorf("after delete, AgreedAnswers = %+v", got)
		}
	})
}

// record writes events as a change does, in a transaction of their own.
func record(t *testing.T, s *store.Store, events ...assessment.Event) {
	t.Helper()
	if err := s.RecordEvents(context.Background(), events...); err != nil {
		t.Fatal(err)
	}
}

// drain reads every event of an assessment after *after, advancing it.
func drain(t *testing.T, s *store.Store, assessmentID string, after *int64, kinds ...assessment.EventKind) []assessment.Event {
	t.Helper()
	var out []assessment.Event
	for {
		evs, err := s.EventsAfter(context.Background(), assessmentID, *after, 100, kinds...)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			return out
		}
		out = append(out, evs...)
		*after = evs[len(evs)-1].ID
	}
}

// await reads events after *after as wake-ups come until it has n; a
// wake-up may come with nothing new, or stand for several events.
func await(t *testing.T, s *store.Store, wake <-chan struct{}, assessmentID string, after *int64, n int, kinds ...assessment.EventKind) []assessment.Event {
	t.Helper()
	var out []assessment.Event
	for len(out) < n {
		select {
		case <-wake:
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d events after 10 s", len(out), n)
		}
		out = append(out, drain(t, s, assessmentID, after, kinds...)...)
	}
	return out
}

func TestEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a, b := storetest.Assessment(t, s, u.WorkspaceID, nil), storetest.Assessment(t, s, u.WorkspaceID, nil)
		start, err := s.LastEventID(ctx)
		wantKind(t, err, "")

		all, cancelAll := s.Subscribe(a.ID)
		defer cancelAll()
		focus, cancelFocus := s.Subscribe(a.ID, assessment.EventFocus, assessment.EventClosed)
		defer cancelFocus()
		// A subscriber that never reads its wake-ups must not hold anything up.
		_, cancelStuck := s.Subscribe(a.ID)
		defer cancelStuck()

		record(t, s, assessment.Event{AssessmentID: a.ID, Kind: assessment.EventAnswer, RespondentID: "r1", Question: "vcs-use", Capability: "vcs"})
		record(t, s, assessment.Event{AssessmentID: b.ID, Kind: assessment.EventAnswer, RespondentID: "r2", Question: "vcs-use", Capability: "vcs"})
		after := start
		got := await(t, s, all, a.ID, &after, 1)
		if len(got) != 1 || got[0].Kind != assessment.EventAnswer || got[0].RespondentID != "r1" || got[0].Question != "vcs-use" ||
			got[0].Capability != "vcs" || got[0].At.IsZero() {
			t.Fatalf("events of a = %+v", got)
		}
		select {
		case <-focus:
			// A wake-up may come without an event of its kinds (after a
			// reconnection, say); there must be none to read then.
			if evs := drain(t, s, a.ID, new(int64), assessment.EventFocus, assessment.EventClosed); len(evs) != 0 {
				t.Errorf("focus events = %+v", evs)
			}
		default:
		}

		record(t, s, assessment.Event{AssessmentID: a.ID, Kind: assessment.EventFocus, Capability: "builds"})
		fafter := start
		if evs := await(t, s, focus, a.ID, &fafter, 1, assessment.EventFocus, assessment.EventClosed); len(evs) != 1 || evs[0].Capability != "builds" {
			t.Errorf("focus events = %+v", evs)
		}

		// Many events, written faster than anyone reads: all are kept, in
		// order, and the stuck subscriber delayed none of them.
		const n, per = 2000, 200
		for i := 0; i < n; i += per {
			evs := make([]assessment.Event, per)
			for j := range evs {
				evs[j] = assessment.Event{AssessmentID: a.ID, Kind: assessment.EventAnswer, RespondentID: fmt.Sprint(i + j), Question: "vcs-use"}
			}
			record(t, s, evs...)
		}
		for i, e := range await(t, s, all, a.ID, &after, n, assessment.EventAnswer) {
			if e.RespondentID != fmt.Sprint(i) {
				t.Fatalf("event %d is of respondent %s", i, e.RespondentID)
			}
		}
	})
}

// On PostgreSQL, events published on two instances at once reach a listener
// on either, and one that reads "after the last id it saw" never skips an
// event that committed late.
func TestEventsAcrossInstances(t *testing.T) {
	dsn := storetest.PostgresDatabase(t)
	s1 := storetest.Open(t, dsn)
	s2 := storetest.Open(t, dsn)
	u := storetest.Workspace(t, s1)
	a := storetest.Assessment(t, s1, u.WorkspaceID, nil)
	wake, cancel := s2.Subscribe(a.ID)
	defer cancel()

	const per, tx = 3000, 5 // events per instance, per transaction
	var wg sync.WaitGroup
	for w, s := range []*store.Store{s1, s2} {
		for g := range 4 {
			wg.Go(func() {
				for i := 0; i < per/4; i += tx {
					evs := make([]assessment.Event, tx)
					for j := range evs {
						evs[j] = assessment.Event{AssessmentID: a.ID, Kind: assessment.EventAnswer,
							RespondentID: fmt.Sprintf("%d-%d-%d", w, g, i+j)}
					}
					if err := s.RecordEvents(context.Background(), evs...); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	seen := map[string]bool{}
	var after int64
	for len(seen) < 2*per {
		select {
		case <-wake:
		case <-time.After(30 * time.Second):
			// Every event is written within moments; one still missing was
			// skipped by "after id N" and will never be read.
			t.Fatalf("saw %d of %d events", len(seen), 2*per)
		}
		for _, e := range drain(t, s2, a.ID, &after) {
			if seen[e.RespondentID] {
				t.Fatalf("event %s seen twice", e.RespondentID)
			}
			seen[e.RespondentID] = true
		}
	}
	wg.Wait()
	if evs := drain(t, s2, a.ID, &after); len(evs) != 0 {
		t.Errorf("%d events after all were seen", len(evs))
	}
}

// TestWokenListenersShareReads has many listeners follow one assessment as
// streams do (read until empty, then wait for a wake-up) while a facilitator
// moves the focus again and again. Every listener sees every move, in order:
// a read shared by listeners woken by one change never hides a later change
// from one woken by it. And they share reads: far fewer than one per
// listener per move.
func TestWokenListenersShareReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		start, err := s.LastEventID(ctx)
		wantKind(t, err, "")
		const listeners, moves = 300, 20
		var ready, done sync.WaitGroup
		seen := make([][]string, listeners)
		for i := range listeners {
			wake, cancel := s.Subscribe(a.ID, assessment.EventFocus, assessment.EventClosed)
			defer cancel()
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				after := start
				ready.Done()
				for len(seen[i]) < moves {
					evs, err := s.EventsAfter(ctx, a.ID, after, 256, assessment.EventFocus, assessment.EventClosed)
					if err != nil {
						t.Error(err)
						return
					}
					for _, e := range evs {
						seen[i] = append(seen[i], e.Capability)
						after = e.ID
					}
					if len(evs) > 0 {
						continue
					}
					select {
					case <-wake:
					case <-time.After(10 * time.Second):
						t.Errorf("listener %d saw %d of %d moves and no wake-up came", i, len(seen[i]), moves)
						return
					}
				}
			}()
		}
		ready.Wait()
		p := watch(s, &probe{})
		for m := range moves {
			wantKind(t, s.SetFocus(ctx, u.WorkspaceID, a.ID, assessment.FocusMove{Capability: fmt.Sprint("cap-", m)}), "")
			time.Sleep(5 * time.Millisecond) // a facilitator's pace, sped up: moves while listeners still read
		}
		done.Wait()
		for i, got := range seen {
			for m, c := range got {
				if c != fmt.Sprint("cap-", m) {
					t.Fatalf("listener %d saw %v, want every move in order", i, got)
				}
			}
		}
		reads := p.reads.Load()
		t.Logf("%d listeners followed %d moves with %d reads of the log", listeners, moves, reads)
		if reads >= listeners*moves { // unshared, each listener reads at least once per move
			t.Errorf("%d reads for %d listeners and %d moves: woken listeners do not share reads", reads, listeners, moves)
		}
	})
}

// TestSharedReadNeverHidesALaterChange holds a read of the log after it has
// run but before it returns, commits a change, and has a listener woken by
// that change ask the same question: it must get the change, not the held
// read's older answer.
func TestSharedReadNeverHidesALaterChange(t *testing.T) {
	s := storetest.New(t)
	ctx := context.Background()
	u := storetest.Workspace(t, s)
	a := storetest.Assessment(t, s, u.WorkspaceID, nil)
	start, err := s.LastEventID(ctx)
	wantKind(t, err, "")
	held, release := make(chan struct{}), make(chan struct{})
	var reads atomic.Int32
	watch(s, &probe{onRead: func() {
		if reads.Add(1) == 1 { // only the early read is held
			close(held)
			<-release
		}
	}})

	early := make(chan []assessment.Event)
	go func() {
		evs, err := s.EventsAfter(ctx, a.ID, start, 256, assessment.EventFocus)
		if err != nil {
			t.Error(err)
		}
		early <- evs
	}()
	<-held // the early read has run and found nothing
	wake, cancel := s.Subscribe(a.ID, assessment.EventFocus)
	defer cancel()
	wantKind(t, s.SetFocus(ctx, u.WorkspaceID, a.ID, assessment.FocusMove{Capability: "builds"}), "")
	select {
	case <-wake:
	case <-time.After(10 * time.Second):
		t.Fatal("no wake-up for the focus move")
	}
	// Were the late ask answered by the held read, it would wait for it:
	// give it a deadline rather than hang.
	type answer struct {
		evs []assessment.Event
		err error
	}
	latec := make(chan answer, 1)
	go func() {
		evs, err := s.EventsAfter(ctx, a.ID, start, 256, assessment.EventFocus)
		latec <- answer{evs, err}
	}()
	var late []assessment.Event
	select {
	case got := <-latec:
		late, err = got.evs, got.err
	case <-time.After(5 * time.Second):
		err = fmt.Errorf("the late read waited for the held one")
	}
	close(release)
	wantKind(t, err, "")
	if len(late) != 1 || late[0].Capability != "builds" {
		t.Errorf("a listener woken by the move read %+v, want the move", late)
	}
	if evs := <-early; len(evs) != 0 {
		t.Errorf("the early read returned %+v, want nothing", evs)
	}
}
