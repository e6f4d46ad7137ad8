package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// TestEveryAcknowledgedAnswerHasItsEvent saves answers through the service
// from many goroutines at once, some of them twice and some refused, and
// then reads the log: it holds exactly one answer event per acknowledged
// save, and none for a refused one, and nothing is left in the outbox.
func TestEveryAcknowledgedAnswerHasItsEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := assessment.NewService(assessment.Config{Store: s})
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		start, err := s.LastEventID(ctx)
		wantKind(t, err, "")
		wake, cancel := s.Subscribe(a.ID, assessment.EventAnswer)
		defer cancel()

		const participants = 24
		tokens := make([]string, participants)
		for i := range tokens {
			_, tokens[i], err = svc.AddRespondent(ctx, u, a.ID, assessment.NewRespondent{Name: fmt.Sprint("p", i)})
			wantKind(t, err, "")
		}
		submitted, err := svc.Submit(ctx, tokens[0]) // every save of theirs is refused
		wantKind(t, err, "")
		saves := []assessment.Answer{
			{QuestionID: "vcs-use", Option: "some"},
			{QuestionID: "vcs-review", Option: "yes"},
			{QuestionID: "builds-minutes", Value: value(12)},
			{QuestionID: "vcs-use", Option: "all"}, // the same question again: a second event
		}
		type key struct{ respondent, question string }
		var mu sync.Mutex
		acked := map[key]int{}
		n := 0
		var wg sync.WaitGroup
		for _, token := range tokens {
			for _, in := range saves {
				wg.Go(func() {
					saved, _, err := svc.SaveAnswer(ctx, token, in)
					if token == tokens[0] {
						wantKind(t, err, assessment.Conflict)
						return
					}
					wantKind(t, err, "")
					mu.Lock()
					defer mu.Unlock()
					acked[key{saved.RespondentID, saved.QuestionID}]++
					n++
				})
			}
		}
		wg.Wait()
		// The store's own guard refuses a save the service let through (a
		// submit that came in between): no event either.
		_, err = s.SaveAnswer(ctx, assessment.Answer{RespondentID: submitted.ID, QuestionID: "vcs-use", Option: "all"},
			assessment.Event{AssessmentID: a.ID, Kind: assessment.EventAnswer, RespondentID: submitted.ID, Question: "vcs-use"})
		wantKind(t, err, assessment.Conflict)

		if want := (participants - 1) * len(saves); n != want {
			t.Fatalf("%d saves acknowledged, want %d", n, want)
		}
		after := start
		got := map[key]int{}
		for _, e := range await(t, s, wake, a.ID, &after, n, assessment.EventAnswer) {
			got[key{e.RespondentID, e.Question}]++
			if e.Capability == "" || e.At.IsZero() {
				t.Errorf("event %+v lacks its capability or time", e)
			}
		}
		if extra := drain(t, s, a.ID, &after, assessment.EventAnswer); len(extra) != 0 {
			t.Errorf("%d answer events beyond the %d acknowledged saves", len(extra), n)
		}
		for k, c := range acked {
			if got[k] != c {
				t.Errorf("%v: %d saves acknowledged, %d events", k, c, got[k])
			}
		}
		if len(got) != len(acked) {
			t.Errorf("events for %d answers, %d answers acknowledged", len(got), len(acked))
		}
		var left int
		if err := s.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM event_outbox").Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Errorf("%d events left in the outbox after their events were read", left)
		}
	})
}

// TestAnEventFailsWithItsAnswer has an answer's event fail to be written (it
// names no assessment): the answer is not stored either, because both are
// one transaction.
func TestAnEventFailsWithItsAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		r, _ := storetest.Respondent(t, s, a)
		_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: "vcs-use", Option: "all"},
			assessment.Event{AssessmentID: "nosuchassessment", Kind: assessment.EventAnswer, RespondentID: r.ID, Question: "vcs-use"})
		if err == nil {
			t.Fatal("SaveAnswer with an event that cannot be written succeeded")
		}
		if got := storedQuestions(t, s, r.ID); got != nil {
			t.Errorf("the answer was stored without its event: %v", got)
		}
		// The next save, with a good event, is stored with it.
		_, err = s.SaveAnswer(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: "vcs-use", Option: "all"},
			assessment.Event{AssessmentID: a.ID, Kind: assessment.EventAnswer, RespondentID: r.ID, Question: "vcs-use"})
		wantKind(t, err, "")
	})
}

// TestChangesRecordTheirEvents makes every change a live assessment has,
// one after the other, and finds each one's event in the log, in order; a
// second close changes nothing and records nothing.
func TestChangesRecordTheirEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := assessment.NewService(assessment.Config{Store: s})
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		start, err := s.LastEventID(ctx)
		wantKind(t, err, "")
		wake, cancel := s.Subscribe(a.ID)
		defer cancel()

		r, token, err := svc.AddRespondent(ctx, u, a.ID, assessment.NewRespondent{Name: "Ada"})
		wantKind(t, err, "")
		_, _, err = svc.SaveAnswer(ctx, token, assessment.Answer{QuestionID: "vcs-review", Option: "yes"})
		wantKind(t, err, "")
		_, _, err = svc.SetAgreed(ctx, u, a.ID, assessment.Answer{QuestionID: "builds-minutes", Value: value(5)}, "We timed it.")
		wantKind(t, err, "")
		wantKind(t, svc.DeleteAgreed(ctx, u, a.ID, "builds-minutes"), "")
		focus := "builds"
		_, err = svc.SetFocus(ctx, u, a.ID, &focus)
		wantKind(t, err, "")
		_, err = svc.Submit(ctx, token)
		wantKind(t, err, "")
		for range 2 {
			_, err = svc.CloseAssessment(ctx, u, a.ID)
			wantKind(t, err, "")
		}

		want := []assessment.Event{
			{Kind: assessment.EventRespondent, RespondentID: r.ID},
			{Kind: assessment.EventAnswer, RespondentID: r.ID, Question: "vcs-review", Capability: "vcs"},
			{Kind: assessment.EventAgreed, Question: "builds-minutes", Capability: "builds"},
			{Kind: assessment.EventAgreed, Question: "builds-minutes", Capability: "builds"},
			{Kind: assessment.EventFocus, Capability: "builds"},
			{Kind: assessment.EventSubmit, RespondentID: r.ID},
			{Kind: assessment.EventClosed},
		}
		after := start
		got := await(t, s, wake, a.ID, &after, len(want))
		got = append(got, drain(t, s, a.ID, &after)...)
		if len(got) != len(want) {
			t.Fatalf("%d events, want %d: %+v", len(got), len(want), got)
		}
		for i, e := range got {
			w := want[i]
			w.ID, w.AssessmentID, w.At = e.ID, a.ID, e.At
			if e != w || e.At.IsZero() || (i > 0 && e.ID <= got[i-1].ID) {
				t.Errorf("event %d = %+v, want %+v", i, e, w)
			}
		}
		if time.Since(got[0].At) > time.Hour {
			t.Errorf("event time %v is not the change's", got[0].At)
		}
	})
}
