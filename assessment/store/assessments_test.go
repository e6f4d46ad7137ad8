package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// TestModelJSONRoundTrip is why the definition column can be plain JSON of
// the tag-free domain struct: nil and zero scores, bounds and unscored
// reasons all come back as they were.
func TestModelJSONRoundTrip(t *testing.T) {
	m := storetest.Model()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var got assessment.Model
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, m) {
		t.Errorf("round trip changed the model:\n got %+v\nwant %+v", got, *m)
	}
}

func TestAssessments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		org := storetest.Organisation(t, s, u.WorkspaceID)
		model := storetest.Model()
		a, err := s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID,
			OrganisationID: org.ID, Mode: assessment.SelfService, Title: "Spring check"}, model)
		wantKind(t, err, "")
		if a.Questionnaire != model.Slug || a.QuestionnaireVersion != model.Version || a.Status != assessment.Open ||
			!idPattern.MatchString(a.ID) || a.CreatedAt.IsZero() {
			t.Errorf("CreateAssessment = %+v: want the model's slug and version, open, an ID and a time", a)
		}
		w := storetest.Assessment(t, s, u.WorkspaceID, nil) // a workshop with a join code
		storetest.Assessment(t, s, other.WorkspaceID, nil)

		t.Run("definition round trip", func(t *testing.T) {
			got, err := s.Definition(ctx, a.ID)
			wantKind(t, err, "")
			if !reflect.DeepEqual(got, model) {
				t.Errorf("Definition = %+v, want %+v", got, model)
			}
			_, err = s.Definition(ctx, "nosuchassessment")
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("organisation of another workspace", func(t *testing.T) {
			_, err := s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: other.WorkspaceID,
				OrganisationID: org.ID, Mode: assessment.SelfService}, model)
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("duplicate join code", func(t *testing.T) {
			_, err := s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID,
				OrganisationID: org.ID, Mode: assessment.Workshop, JoinCode: w.JoinCode}, model)
			wantKind(t, err, assessment.Conflict)
		})
		t.Run("counts", func(t *testing.T) {
			r1, _ := storetest.Respondent(t, s, w)
			storetest.Respondent(t, s, w)
			storetest.Respondent(t, s, a)
			wantKind(t, s.Submit(ctx, r1.ID, time.Now()), "")
			got, err := s.Assessment(ctx, u.WorkspaceID, w.ID)
			wantKind(t, err, "")
			if got.Respondents != 2 || got.Submitted != 1 {
				t.Errorf("counts %d/%d, want 2 respondents, 1 submitted", got.Respondents, got.Submitted)
			}
			list, err := s.Assessments(ctx, u.WorkspaceID)
			wantKind(t, err, "")
			if len(list) != 2 || list[0].ID != w.ID || list[1].ID != a.ID {
				t.Fatalf("Assessments = %+v, want the workspace's two, newest first", list)
			}
			if !reflect.DeepEqual(list[0], got) || list[1].Respondents != 1 || list[1].Submitted != 0 {
				t.Errorf("Assessments = %+v, want counts 2/1 and 1/0", list)
			}
		})
		t.Run("by join code", func(t *testing.T) {
			got, err := s.AssessmentByJoinCode(ctx, w.JoinCode)
			wantKind(t, err, "")
			if got.ID != w.ID {
				t.Errorf("AssessmentByJoinCode = %s, want %s", got.ID, w.ID)
			}
			for _, code := range []string{"", "NOSUCH"} {
				_, err := s.AssessmentByJoinCode(ctx, code)
				wantKind(t, err, assessment.NotFound)
			}
		})
		t.Run("focus", func(t *testing.T) {
			wantKind(t, s.SetFocus(ctx, u.WorkspaceID, w.ID, "builds"), "")
			wantKind(t, s.SetFocus(ctx, u.WorkspaceID, w.ID, "builds"), "") // unchanged is no error
			got, _ := s.Assessment(ctx, u.WorkspaceID, w.ID)
			if got.Focus != "builds" {
				t.Errorf("focus %q, want builds", got.Focus)
			}
			wantKind(t, s.SetFocus(ctx, u.WorkspaceID, w.ID, ""), "")
			got, _ = s.Assessment(ctx, u.WorkspaceID, w.ID)
			if got.Focus != "" {
				t.Errorf("focus %q, want none", got.Focus)
			}
		})
		t.Run("close is idempotent", func(t *testing.T) {
			at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
			got, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, at)
			wantKind(t, err, "")
			if got.Status != assessment.Closed || got.ClosedAt == nil || !got.ClosedAt.Equal(at) {
				t.Fatalf("CloseAssessment = %+v, want closed at %v", got, at)
			}
			again, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, at.Add(time.Hour))
			wantKind(t, err, "")
			if !again.ClosedAt.Equal(at) {
				t.Errorf("closing again moved closed_at to %v", again.ClosedAt)
			}
		})
		t.Run("another workspace's is not found", func(t *testing.T) {
			_, err := s.Assessment(ctx, other.WorkspaceID, w.ID)
			wantKind(t, err, assessment.NotFound)
			_, err = s.CloseAssessment(ctx, other.WorkspaceID, w.ID, time.Now())
			wantKind(t, err, assessment.NotFound)
			wantKind(t, s.SetFocus(ctx, other.WorkspaceID, w.ID, "vcs"), assessment.NotFound)
			list, err := s.Assessments(ctx, other.WorkspaceID)
			wantKind(t, err, "")
			for _, x := range list {
				if x.ID == w.ID || x.ID == a.ID {
					t.Errorf("Assessments of another workspace lists %s", x.ID)
				}
			}
			got, _ := s.Assessment(ctx, u.WorkspaceID, w.ID)
			if got.Status != assessment.Open || got.Focus != "" {
				t.Errorf("another workspace changed %+v", got)
			}
		})
	})
}
