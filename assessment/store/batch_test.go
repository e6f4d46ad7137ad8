package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/migrations"
)

// writerHarness sees the answer writer of a SQLite store through its
// observer, so that tests know what is queued and batched without timing it.
type writerHarness struct {
	s *store.Store
	*probe
}

func newWriterHarness(s *store.Store) *writerHarness {
	return &writerHarness{s: s, probe: watch(s, &probe{queued: make(chan struct{}, 1024), batches: make(chan int, 1024)})}
}

// save starts a save in its own goroutine and returns once the answer is
// queued; the save's error arrives on the channel returned.
func (h *writerHarness) save(ctx context.Context, a assessment.Answer) <-chan error {
	out := make(chan error, 1)
	go func() {
		_, err := h.s.SaveAnswer(ctx, a)
		out <- err
	}()
	<-h.queued
	return out
}

// block takes the store's only write connection and has the writer take
// first, alone, and wait for it: answers queued from then on make up the next
// batch, together, once release is called.
func (h *writerHarness) block(t *testing.T, first assessment.Answer) (release func(), firstErr <-chan error) {
	t.Helper()
	conn, err := h.s.SQL().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { conn.Close() }) }
	t.Cleanup(release)
	firstErr = h.save(context.Background(), first)
	if n := <-h.batches; n != 1 {
		t.Fatalf("the first batch holds %d answers, want 1", n)
	}
	return release, firstErr
}

func storedQuestions(t *testing.T, s *store.Store, respondentID string) []string {
	t.Helper()
	all, err := s.Answers(context.Background(), respondentID)
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, a := range all {
		qs = append(qs, a.QuestionID)
	}
	return qs
}

// TestGroupCommit saves from many goroutines at once while the writer waits
// for the write connection: every answer must be stored, without an error,
// by one transaction.
func TestGroupCommit(t *testing.T) {
	const participants, questions = 25, 4
	ctx := context.Background()
	s := storetest.New(t)
	u := storetest.Workspace(t, s)
	a := storetest.Assessment(t, s, u.WorkspaceID, nil)
	rs := make([]assessment.Respondent, participants)
	for i := range rs {
		rs[i], _ = storetest.Respondent(t, s, a)
	}
	h := newWriterHarness(s)
	release, first := h.block(t, assessment.Answer{RespondentID: rs[0].ID, QuestionID: "first", Option: "all"})

	var wg sync.WaitGroup
	errs := make(chan error, participants*questions)
	for _, r := range rs {
		for q := range questions {
			wg.Go(func() {
				in := assessment.Answer{RespondentID: r.ID, QuestionID: fmt.Sprintf("q%02d", q), Value: value(float64(q))}
				if _, err := s.SaveAnswer(ctx, in); err != nil {
					errs <- fmt.Errorf("%s/%s: %w", in.RespondentID, in.QuestionID, err)
				}
			})
		}
	}
	for range participants * questions {
		<-h.queued
	}
	release()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := <-first; err != nil {
		t.Error(err)
	}

	all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
	wantKind(t, err, "")
	if len(all) != 1+participants*questions {
		t.Errorf("%d answers stored, want %d", len(all), 1+participants*questions)
	}
	batches, answers, largest := h.batchStats()
	if batches != 2 || answers != 1+participants*questions || largest != participants*questions {
		t.Errorf("%d batches of %d answers, largest %d; want the first alone, then one of %d",
			batches, answers, largest, participants*questions)
	}
}

// TestGroupCommitOutcomes puts answers with different fates in one batch.
// A trigger makes the statement of the question "boom" fail: RAISE(ABORT)
// undoes that statement only, RAISE(ROLLBACK) the whole transaction.
func TestGroupCommitOutcomes(t *testing.T) {
	for _, tt := range []struct {
		name   string
		raise  string
		want   []assessment.Kind // per answer, in queue order
		stored []string          // the open respondent's questions afterwards, "first" saved alone before the batch
	}{
		{
			name:   "each answer has its own outcome",
			raise:  "ABORT",
			want:   []assessment.Kind{"", assessment.Conflict, assessment.NotFound, assessment.Internal, ""},
			stored: []string{"first", "vcs-review", "vcs-use"},
		},
		{
			name:  "an error that ends the transaction fails the batch",
			raise: "ROLLBACK",
			want: []assessment.Kind{assessment.Internal, assessment.Internal, assessment.Internal,
				assessment.Internal, assessment.Internal},
			stored: []string{"first"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := storetest.New(t)
			u := storetest.Workspace(t, s)
			a := storetest.Assessment(t, s, u.WorkspaceID, nil)
			open, _ := storetest.Respondent(t, s, a)
			submitted, _ := storetest.Respondent(t, s, a)
			wantKind(t, s.Submit(ctx, submitted.ID, time.Now()), "")
			trigger := `CREATE TRIGGER boom BEFORE INSERT ON answers WHEN NEW.question_id = 'boom'
BEGIN SELECT RAISE(` + tt.raise + `, 'boom'); END`
			if _, err := s.SQL().ExecContext(ctx, trigger); err != nil {
				t.Fatal(err)
			}
			h := newWriterHarness(s)
			release, first := h.block(t, assessment.Answer{RespondentID: open.ID, QuestionID: "first", Option: "all"})

			var results []<-chan error
			for _, in := range []assessment.Answer{
				{RespondentID: open.ID, QuestionID: "vcs-use", Option: "all"},
				{RespondentID: submitted.ID, QuestionID: "vcs-use", Option: "all"},
				{RespondentID: "nosuchrespondent", QuestionID: "vcs-use", Option: "all"},
				{RespondentID: open.ID, QuestionID: "boom", Option: "all"},
				{RespondentID: open.ID, QuestionID: "vcs-review", Option: "yes"},
			} {
				results = append(results, h.save(ctx, in))
			}
			release()
			if err := <-first; err != nil {
				t.Error(err)
			}
			for i, c := range results {
				err := <-c
				if got := assessment.KindOf(err); got != tt.want[i] {
					t.Errorf("answer %d: kind %q, want %q (%v)", i, got, tt.want[i], err)
				}
			}
			if got := storedQuestions(t, s, open.ID); !reflect.DeepEqual(got, tt.stored) {
				t.Errorf("stored %v, want %v", got, tt.stored)
			}
			if got := storedQuestions(t, s, submitted.ID); got != nil {
				t.Errorf("the submitted respondent has answers %v", got)
			}
			if n := <-h.batches; n != 5 {
				t.Errorf("a batch of %d answers, want the 5 in one", n)
			}
		})
	}
}

func TestSaveAnswerCancelled(t *testing.T) {
	ctx := context.Background()
	s := storetest.New(t)
	u := storetest.Workspace(t, s)
	r, _ := storetest.Respondent(t, s, storetest.Assessment(t, s, u.WorkspaceID, nil))

	t.Run("before the call", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := s.SaveAnswer(cctx, assessment.Answer{RespondentID: r.ID, QuestionID: "early", Option: "all"})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("SaveAnswer = %v, want context.Canceled", err)
		}
	})
	t.Run("while queued", func(t *testing.T) {
		h := newWriterHarness(s)
		release, first := h.block(t, assessment.Answer{RespondentID: r.ID, QuestionID: "first", Option: "all"})
		cctx, cancel := context.WithCancel(ctx)
		queued := h.save(cctx, assessment.Answer{RespondentID: r.ID, QuestionID: "queued", Option: "all"})
		cancel()
		if err := <-queued; !errors.Is(err, context.Canceled) {
			t.Errorf("queued SaveAnswer = %v, want context.Canceled", err)
		}
		release()
		if err := <-first; err != nil {
			t.Errorf("first SaveAnswer = %v", err)
		}
	})
	if got, want := storedQuestions(t, s, r.ID), []string{"first"}; !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v, want %v", got, want)
	}
}

// TestCloseWithQueuedAnswers closes the store while one answer is being
// written and others wait for the writer: each fails, none is stored, and the
// writer goroutine ends.
func TestCloseWithQueuedAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "close.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := migrations.Apply(ctx, s.SQL(), s.Dialect()); err != nil {
		t.Fatal(err)
	}
	u := storetest.Workspace(t, s)
	r, _ := storetest.Respondent(t, s, storetest.Assessment(t, s, u.WorkspaceID, nil))
	h := newWriterHarness(s)
	release, first := h.block(t, assessment.Answer{RespondentID: r.ID, QuestionID: "first", Option: "all"})
	pending := []<-chan error{first}
	for _, q := range []string{"q1", "q2", "q3"} {
		pending = append(pending, h.save(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: q, Option: "all"}))
	}

	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	for i, c := range pending {
		if err := <-c; !errors.Is(err, store.ErrClosed) {
			t.Errorf("pending answer %d: %v, want the store's closed error", i, err)
		}
	}
	if err := <-closed; err != nil {
		t.Errorf("Close = %v", err)
	}
	select {
	case <-s.AnswerWriterDone():
	default:
		t.Error("the answer writer is still running after Close")
	}
	if _, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: "late"}); !errors.Is(err, store.ErrClosed) {
		t.Errorf("SaveAnswer after Close = %v, want the store's closed error", err)
	}
	release()

	s, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := storedQuestions(t, s, r.ID); got != nil {
		t.Errorf("answers refused at Close were stored: %v", got)
	}
}
