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

// TestConcurrentTokenLookups looks up many tokens at once, known and
// unknown, as a room of phones saving does: each caller gets its own
// respondent (on PostgreSQL the lookups share queries), an unknown token is
// NotFound, and a lookup made after a rotation or a submit sees it.
func TestConcurrentTokenLookups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		const n = 60
		rs := make([]assessment.Respondent, n)
		hashes := make([][]byte, n)
		for i := range rs {
			rs[i], hashes[i] = storetest.Respondent(t, s, a)
		}
		var wg sync.WaitGroup
		for round := range 5 {
			for i := range rs {
				wg.Go(func() {
					got, as, err := s.RespondentByToken(ctx, hashes[i])
					if err != nil || got.ID != rs[i].ID || as.ID != a.ID {
						t.Errorf("lookup %d: %s, %s, %v; want %s of %s", i, got.ID, as.ID, err, rs[i].ID, a.ID)
					}
				})
				wg.Go(func() {
					_, _, err := s.RespondentByToken(ctx, fmt.Appendf(nil, "unknown-%d-%d", round, i))
					wantKind(t, err, assessment.NotFound)
				})
			}
		}
		wg.Wait()

		wantKind(t, s.RotateToken(ctx, u.WorkspaceID, rs[0].ID, []byte("rotated")), "")
		_, _, err := s.RespondentByToken(ctx, hashes[0])
		wantKind(t, err, assessment.NotFound)
		wantKind(t, s.Submit(ctx, rs[1].ID, time.Now()), "")
		got, _, err := s.RespondentByToken(ctx, hashes[1])
		wantKind(t, err, "")
		if !got.Submitted() {
			t.Error("a lookup after the submit does not see it")
		}

		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := s.RespondentByToken(cctx, hashes[2]); err == nil {
			t.Error("a lookup with a cancelled context succeeded")
		}
	})
}

// TestConcurrentDefinitionReads reads one assessment's definition from many
// goroutines at once, as the first saves of a room do: each gets the whole
// questionnaire (they may share one read and one model).
func TestConcurrentDefinitionReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		want := storetest.Model().QuestionCount()
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				m, err := s.Definition(context.Background(), a.ID)
				if err != nil || m.QuestionCount() != want {
					t.Errorf("Definition = %v; want %d questions", err, want)
				}
			})
		}
		wg.Wait()
		_, err := s.Definition(context.Background(), "nosuchassessment")
		wantKind(t, err, assessment.NotFound)
	})
}
