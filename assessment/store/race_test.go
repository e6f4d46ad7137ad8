package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// saver keeps saving answers for one respondent until the store refuses one,
// recording which saves were acknowledged.
type saver struct {
	r      assessment.Respondent
	acked  map[string]float64 // question → last acknowledged value
	err    error              // anything but the Conflict that ends it
	refuse assessment.Kind
}

func (v *saver) run(ctx context.Context, s *store.Store, started func()) {
	v.acked = map[string]float64{}
	for i := 0; ; i++ {
		q, x := fmt.Sprintf("q%02d", i%30), float64(i)
		_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: v.r.ID, QuestionID: q, Value: value(x)})
		if err != nil {
			v.refuse = assessment.KindOf(err)
			if v.refuse != assessment.Conflict {
				v.err = err
			}
			return
		}
		v.acked[q] = x
		started()
		if i > 100000 {
			v.err = fmt.Errorf("never refused")
			return
		}
	}
}

func answerSet(t *testing.T, as []assessment.Answer) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, a := range as {
		out[a.RespondentID+"/"+a.QuestionID] = *a.Value
	}
	return out
}

// TestCloseAndSubmitRaceSaves closes an assessment, and submits a
// respondent, while saves to it run flat out. What is stored when the close
// (or submit) returns is final: no save still under way may land after it,
// every acknowledged save is stored, and every saver ends on Conflict.
func TestCloseAndSubmitRaceSaves(t *testing.T) {
	const respondents, warmup = 12, 60
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		for round := range 3 {
			a := storetest.Assessment(t, s, u.WorkspaceID, nil)
			savers := make([]*saver, respondents)
			for i := range savers {
				r, _ := storetest.Respondent(t, s, a)
				savers[i] = &saver{r: r}
			}
			var acks atomic.Int64
			warm := make(chan struct{})
			var once sync.Once
			started := func() {
				if acks.Add(1) == warmup {
					once.Do(func() { close(warm) })
				}
			}
			var wg sync.WaitGroup
			for _, v := range savers {
				wg.Go(func() { v.run(ctx, s, started) })
			}
			<-warm // saves are under way on every side

			// Submit one respondent: their answers are final from here.
			sub := savers[0]
			if err := s.Submit(ctx, sub.r.ID, time.Now()); err != nil {
				t.Fatalf("round %d: submit: %v", round, err)
			}
			atSubmit, err := s.Answers(ctx, sub.r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, time.Now()); err != nil {
				t.Fatalf("round %d: close: %v", round, err)
			}
			atClose, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			wg.Wait()

			final, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := answerSet(t, final), answerSet(t, atClose); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d: %d answers when the close returned, %d once the saves ended", round, len(want), len(got))
			}
			subFinal, err := s.Answers(ctx, sub.r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := answerSet(t, subFinal), answerSet(t, atSubmit); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d: the submitted respondent's answers changed after the submit: %v, then %v", round, want, got)
			}
			stored := answerSet(t, final)
			for _, v := range savers {
				if v.err != nil {
					t.Errorf("round %d: %s: %v", round, v.r.ID, v.err)
				}
				if v.refuse != assessment.Conflict {
					t.Errorf("round %d: %s ended on %q, want Conflict", round, v.r.ID, v.refuse)
				}
				for q, x := range v.acked {
					if got, ok := stored[v.r.ID+"/"+q]; !ok || got != x {
						t.Errorf("round %d: acknowledged %s/%s = %v, stored %v (present %v)", round, v.r.ID, q, x, got, ok)
					}
				}
			}
		}
	})
}

// TestGroupCommitPostgres saves a room's answers at once on PostgreSQL:
// they are batched, each batch is one statement that does not fall back to
// single saves, and every answer is stored.
func TestGroupCommitPostgres(t *testing.T) {
	const respondents, questions = 40, 15
	s := storetest.NewPostgres(t)
	ctx := context.Background()
	u := storetest.Workspace(t, s)
	a := storetest.Assessment(t, s, u.WorkspaceID, nil)
	rs := make([]assessment.Respondent, respondents)
	for i := range rs {
		rs[i], _ = storetest.Respondent(t, s, a)
	}
	// A closed respondent in the same batches: refused, not failing the others.
	if err := s.Submit(ctx, rs[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	p := watch(s, &probe{})
	var wg sync.WaitGroup
	var refused atomic.Int64
	start := make(chan struct{})
	for i, r := range rs {
		wg.Go(func() {
			<-start
			for q := range questions {
				_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: fmt.Sprintf("q%02d", q),
					Value: value(float64(q)), Options: []string{"a"}})
				switch {
				case i == 0 && assessment.KindOf(err) == assessment.Conflict:
					refused.Add(1)
				case err != nil:
					t.Errorf("%s/q%02d: %v", r.ID, q, err)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	batches, answers, largest := p.batchStats()
	if largest < 2 || answers != respondents*questions {
		t.Errorf("%d answers in %d batches, the largest %d: want batches of several", answers, batches, largest)
	}
	if n := p.retried.Load(); n != 0 {
		t.Errorf("%d batches fell back to single saves", n)
	}
	if refused.Load() != questions {
		t.Errorf("%d saves of the submitted respondent refused, want %d", refused.Load(), questions)
	}
	all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != (respondents-1)*questions {
		t.Errorf("%d answers stored, want %d", len(all), (respondents-1)*questions)
	}
	for _, x := range all {
		if x.Value == nil || len(x.Options) != 1 {
			t.Errorf("stored %+v: value or options lost", x)
			break
		}
	}
}
