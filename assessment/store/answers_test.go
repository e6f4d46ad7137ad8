package store_test

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
)

func value(f float64) *float64 { return &f }

func TestSaveAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		r, _ := storetest.Respondent(t, s, a)
		at := time.Date(2026, 4, 2, 10, 0, 0, 500_000, time.UTC)

		for _, tt := range []struct {
			name string
			in   assessment.Answer
		}{
			{"single", assessment.Answer{QuestionID: "vcs-use", Option: "some", Comment: "mostly"}},
			{"boolean", assessment.Answer{QuestionID: "vcs-review", Option: "yes"}},
			{"multi", assessment.Answer{QuestionID: "builds-triggers", Options: []string{"push", "nightly"}}},
			{"multi, none of these", assessment.Answer{QuestionID: "builds-triggers", Options: []string{}}},
			{"scale", assessment.Answer{QuestionID: "builds-minutes", Value: value(12.5)}},
			{"scale at zero", assessment.Answer{QuestionID: "builds-minutes", Value: value(0)}},
			{"text", assessment.Answer{QuestionID: "images-notes", Text: "Ünïcode, \"quotes\" and\nnew lines"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in
				in.RespondentID, in.UpdatedAt = r.ID, at
				saved, err := s.SaveAnswer(ctx, in)
				wantKind(t, err, "")
				if !reflect.DeepEqual(saved, in) {
					t.Errorf("SaveAnswer = %+v, want %+v", saved, in)
				}
				all, err := s.Answers(ctx, r.ID)
				wantKind(t, err, "")
				var got *assessment.Answer
				for i := range all {
					if all[i].QuestionID == in.QuestionID {
						got = &all[i]
					}
				}
				if got == nil || !reflect.DeepEqual(*got, in) {
					t.Errorf("stored %+v, want %+v", got, in)
				}
			})
		}
		t.Run("same PUT twice is one answer", func(t *testing.T) {
			in := assessment.Answer{RespondentID: r.ID, QuestionID: "vcs-use", Option: "all", UpdatedAt: at}
			for range 2 {
				_, err := s.SaveAnswer(ctx, in)
				wantKind(t, err, "")
			}
			all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			n := 0
			for _, x := range all {
				if x.QuestionID == "vcs-use" {
					n++
					if x.Option != "all" || x.Comment != "" {
						t.Errorf("replaced answer is %+v, want option all without the old comment", x)
					}
				}
			}
			if n != 1 || len(all) != 5 {
				t.Errorf("%d rows for vcs-use and %d in all, want 1 and 5", n, len(all))
			}
		})
		t.Run("unknown respondent", func(t *testing.T) {
			_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: "nosuchrespondent", QuestionID: "vcs-use", Option: "all"})
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("without a time the store stamps one", func(t *testing.T) {
			saved, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: r.ID, QuestionID: "vcs-review", Option: "no"})
			wantKind(t, err, "")
			if saved.UpdatedAt.IsZero() {
				t.Error("no UpdatedAt")
			}
		})
	})
}

func TestAnswerRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		r1, _ := storetest.Respondent(t, s, a)
		r2, _ := storetest.Respondent(t, s, a)
		answer := func(r assessment.Respondent, q, opt string) assessment.Answer {
			return assessment.Answer{RespondentID: r.ID, QuestionID: q, Option: opt}
		}
		for _, in := range []assessment.Answer{
			answer(r2, "vcs-use", "none"), answer(r1, "vcs-use", "all"),
			answer(r2, "vcs-review", "no"), answer(r1, "vcs-review", "yes"),
		} {
			_, err := s.SaveAnswer(ctx, in)
			wantKind(t, err, "")
		}

		t.Run("assessment answers ordered by respondent then question", func(t *testing.T) {
			all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			var got []string
			for _, x := range all {
				got = append(got, x.RespondentID+"/"+x.QuestionID)
			}
			first, second := r1.ID, r2.ID
			if second < first {
				first, second = second, first
			}
			want := []string{first + "/vcs-review", first + "/vcs-use", second + "/vcs-review", second + "/vcs-use"}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("order %v, want %v", got, want)
			}
			_, err = s.AssessmentAnswers(ctx, other.WorkspaceID, a.ID)
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("no answer after submit", func(t *testing.T) {
			wantKind(t, s.Submit(ctx, r1.ID, time.Now()), "")
			_, err := s.SaveAnswer(ctx, answer(r1, "vcs-use", "none"))
			wantKind(t, err, assessment.Conflict)
			wantKind(t, s.Submit(ctx, r1.ID, time.Now()), assessment.Conflict)
			got, _ := s.Answers(ctx, r1.ID)
			if len(got) != 2 || got[1].Option != "all" {
				t.Errorf("answers after a refused change: %+v", got)
			}
			wantKind(t, s.Submit(ctx, "nosuchrespondent", time.Now()), assessment.NotFound)
		})
		t.Run("no answer or submit after close", func(t *testing.T) {
			_, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, time.Now())
			wantKind(t, err, "")
			_, err = s.SaveAnswer(ctx, answer(r2, "vcs-use", "all"))
			wantKind(t, err, assessment.Conflict)
			wantKind(t, s.Submit(ctx, r2.ID, time.Now()), assessment.Conflict)
			got, _ := s.Respondent(ctx, u.WorkspaceID, r2.ID)
			if got.Submitted() {
				t.Error("a refused submit marked the respondent submitted")
			}
			// Results stay readable.
			all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			if err != nil || len(all) != 4 {
				t.Errorf("AssessmentAnswers after close: %d, %v; want 4", len(all), err)
			}
		})
	})
}

// TestConcurrentAnswers saves a workshop's worth of answers at once: on SQLite
// no writer may see "database is locked", and no acknowledged answer may be missing.
func TestConcurrentAnswers(t *testing.T) {
	const respondents, questions = 60, 20
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		rs := make([]assessment.Respondent, respondents)
		for i := range rs {
			rs[i], _ = storetest.Respondent(t, s, a)
		}
		var wg sync.WaitGroup
		errs := make(chan error, respondents*questions)
		start := make(chan struct{})
		for _, r := range rs {
			wg.Go(func() {
				<-start
				for q := range questions {
					in := assessment.Answer{RespondentID: r.ID, QuestionID: fmt.Sprintf("q%02d", q),
						Value: value(float64(q)), Comment: "c"}
					if _, err := s.SaveAnswer(ctx, in); err != nil {
						errs <- fmt.Errorf("%s/%s: %w", in.RespondentID, in.QuestionID, err)
					}
				}
				// Reads go on beside the writes.
				if _, err := s.Answers(ctx, r.ID); err != nil {
					errs <- err
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if len(all) != respondents*questions {
			t.Errorf("%d answers stored, want %d", len(all), respondents*questions)
		}
	})
}

// TestAssessmentChoices: the choices are the assessment's answers, in the
// same order, with every field scoring reads and none of the text, comment
// and time; another workspace's assessment is NotFound.
func TestAssessmentChoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		r1, _ := storetest.Respondent(t, s, a)
		r2, _ := storetest.Respondent(t, s, a)
		three := 3.5
		for _, in := range []assessment.Answer{
			{RespondentID: r1.ID, QuestionID: "single", Option: "yes", Comment: "we checked"},
			{RespondentID: r1.ID, QuestionID: "multi", Options: []string{"a", "b"}},
			{RespondentID: r2.ID, QuestionID: "multi", Options: []string{}},
			{RespondentID: r2.ID, QuestionID: "scale", Value: &three},
			{RespondentID: r2.ID, QuestionID: "text", Text: "free text", Comment: "and a comment"},
		} {
			_, err := s.SaveAnswer(ctx, in)
			wantKind(t, err, "")
		}
		all, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		choices, err := s.AssessmentChoices(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		want := make([]assessment.Answer, len(all))
		for i, x := range all {
			x.Text, x.Comment, x.UpdatedAt = "", "", time.Time{}
			want[i] = x
		}
		if len(choices) != 5 || !reflect.DeepEqual(choices, want) {
			t.Errorf("choices %+v\nwant %+v", choices, want)
		}
		for _, c := range choices {
			if c.QuestionID == "multi" && c.Options == nil {
				t.Errorf("%s: a multi answer lost its (possibly empty) list", c.RespondentID)
			}
		}
		_, err = s.AssessmentChoices(ctx, other.WorkspaceID, a.ID)
		wantKind(t, err, assessment.NotFound)
	})
}

// TestAssessmentChoicesInParts reads a large assessment, which
// AssessmentChoices splits into ranges of respondents read side by side,
// and finds the very answers, in the very order, of one scan.
func TestAssessmentChoicesInParts(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, _ := cat.Version("dcos-readiness", "1.1.0")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, m)
		storetest.Answered(t, s, a, m, 3*8192/m.QuestionCount()+7, 3) // three parts and a bit
		whole, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := s.AssessmentChoices(ctx, u.WorkspaceID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != len(whole) || len(whole) < 3*8192 {
			t.Fatalf("%d choices, %d answers", len(parts), len(whole))
		}
		for i := range whole {
			w, p := whole[i], parts[i]
			if w.RespondentID != p.RespondentID || w.QuestionID != p.QuestionID || w.Option != p.Option ||
				!reflect.DeepEqual(w.Options, p.Options) || !reflect.DeepEqual(w.Value, p.Value) {
				t.Fatalf("choice %d = %+v, answer %+v", i, p, w)
			}
		}
	})
}
