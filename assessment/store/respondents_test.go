package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestRespondents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		created := time.Date(2020, 6, 1, 8, 30, 0, 0, time.UTC)
		r, err := s.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID, Name: "Ann", Role: "ops",
			CreatedAt: created}, []byte("hash-ann"))
		wantKind(t, err, "")
		if !idPattern.MatchString(r.ID) || !r.CreatedAt.Equal(created) || r.Submitted() {
			t.Errorf("AddRespondent = %+v", r)
		}
		r2, hash2 := storetest.Respondent(t, s, a)

		t.Run("get and list", func(t *testing.T) {
			got, err := s.Respondent(ctx, u.WorkspaceID, r.ID)
			wantKind(t, err, "")
			if got != r {
				t.Errorf("Respondent = %+v, want %+v", got, r)
			}
			list, err := s.Respondents(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			if want := []assessment.Respondent{r, r2}; !slices.Equal(list, want) {
				t.Errorf("Respondents = %+v, want %+v", list, want)
			}
		})
		t.Run("by token", func(t *testing.T) {
			got, as, err := s.RespondentByToken(ctx, []byte("hash-ann"))
			wantKind(t, err, "")
			// The assessment as Assessment reads it, but without counts.
			want, err := s.Assessment(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			want.Respondents, want.Submitted, want.Answering = 0, 0, 0
			if got != r || !reflect.DeepEqual(as, want) {
				t.Errorf("RespondentByToken = %+v, %+v; want %+v, %+v", got, as, r, want)
			}
			_, _, err = s.RespondentByToken(ctx, []byte("nosuchhash"))
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("duplicate token hash", func(t *testing.T) {
			_, err := s.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID, Name: "Copy"}, hash2)
			wantKind(t, err, assessment.Conflict)
		})
		t.Run("unknown assessment", func(t *testing.T) {
			_, err := s.AddRespondent(ctx, assessment.Respondent{AssessmentID: "nosuchassessment", Name: "X"}, []byte("x"))
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("rotate token", func(t *testing.T) {
			wantKind(t, s.RotateToken(ctx, u.WorkspaceID, r2.ID, []byte("hash-new")), "")
			_, _, err := s.RespondentByToken(ctx, hash2)
			wantKind(t, err, assessment.NotFound)
			got, _, err := s.RespondentByToken(ctx, []byte("hash-new"))
			wantKind(t, err, "")
			if got.ID != r2.ID {
				t.Errorf("new token finds %s, want %s", got.ID, r2.ID)
			}
			wantKind(t, s.RotateToken(ctx, u.WorkspaceID, r2.ID, []byte("hash-ann")), assessment.Conflict)
			wantKind(t, s.RotateToken(ctx, u.WorkspaceID, "nosuchrespondent", []byte("y")), assessment.NotFound)
		})
		t.Run("another workspace's is not found", func(t *testing.T) {
			_, err := s.Respondent(ctx, other.WorkspaceID, r.ID)
			wantKind(t, err, assessment.NotFound)
			_, err = s.Respondents(ctx, other.WorkspaceID, a.ID)
			wantKind(t, err, assessment.NotFound)
			wantKind(t, s.RotateToken(ctx, other.WorkspaceID, r.ID, []byte("stolen")), assessment.NotFound)
			if _, _, err := s.RespondentByToken(ctx, []byte("hash-ann")); err != nil {
				t.Errorf("the token stopped working after a rotation from another workspace: %v", err)
			}
		})
		t.Run("closed assessment takes no one", func(t *testing.T) {
			_, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, time.Now())
			wantKind(t, err, "")
			_, err = s.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID, Name: "Late"}, []byte("late"))
			wantKind(t, err, assessment.Conflict)
			list, _ := s.Respondents(ctx, u.WorkspaceID, a.ID)
			if len(list) != 2 {
				t.Errorf("%d respondents after a refused join, want 2", len(list))
			}
		})
	})
}
