package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)

		t.Run("empty before the first save", func(t *testing.T) {
			n, err := s.Notes(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			if n.Summary != "" || n.Capabilities == nil || len(n.Capabilities) != 0 || !n.UpdatedAt.IsZero() || n.AssessmentID != a.ID {
				t.Errorf("Notes = %+v, want empty notes of %s", n, a.ID)
			}
		})
		at := time.Date(2026, 11, 30, 9, 15, 0, 0, time.UTC)
		first := assessment.Notes{AssessmentID: a.ID, Summary: "Zürich \"first\"", UpdatedAt: at,
			Capabilities: map[string]string{"vcs": "Łódź, Ærø: Ελλάδα", "build": "second"}}
		t.Run("save and read back", func(t *testing.T) {
			_, err := s.SaveNotes(ctx, u.WorkspaceID, first)
			wantKind(t, err, "")
			got, err := s.Notes(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			if got.Summary != first.Summary || !maps.Equal(got.Capabilities, first.Capabilities) || !got.UpdatedAt.Equal(at) {
				t.Errorf("Notes = %+v, want %+v", got, first)
			}
		})
		t.Run("a save replaces everything", func(t *testing.T) {
			second := assessment.Notes{AssessmentID: a.ID, Summary: "", UpdatedAt: at.Add(time.Hour), Capabilities: map[string]string{"build": "only"}}
			_, err := s.SaveNotes(ctx, u.WorkspaceID, second)
			wantKind(t, err, "")
			got, err := s.Notes(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			if got.Summary != "" || !maps.Equal(got.Capabilities, second.Capabilities) || !got.UpdatedAt.Equal(second.UpdatedAt) {
				t.Errorf("Notes = %+v, want %+v", got, second)
			}
		})
		t.Run("another workspace's assessment is not found", func(t *testing.T) {
			_, err := s.Notes(ctx, other.WorkspaceID, a.ID)
			wantKind(t, err, assessment.NotFound)
			_, err = s.SaveNotes(ctx, other.WorkspaceID, first)
			wantKind(t, err, assessment.NotFound)
			got, _ := s.Notes(ctx, u.WorkspaceID, a.ID)
			if got.Capabilities["build"] != "only" {
				t.Errorf("a refused save changed the notes: %+v", got)
			}
		})
		t.Run("gone with the assessment", func(t *testing.T) {
			b := storetest.Assessment(t, s, u.WorkspaceID, nil)
			_, err := s.SaveNotes(ctx, u.WorkspaceID, assessment.Notes{AssessmentID: b.ID, Summary: "x", UpdatedAt: at})
			wantKind(t, err, "")
			if _, err := s.SQL().ExecContext(ctx, rebind(s, "DELETE FROM assessments WHERE id = ?"), b.ID); err != nil {
				t.Fatal(err)
			}
			var n int
			if err := s.SQL().QueryRowContext(ctx, rebind(s, "SELECT count(*) FROM assessment_notes WHERE assessment_id = ?"), b.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d notes rows outlive their assessment", n)
			}
		})
		t.Run("workspace name", func(t *testing.T) {
			ws, err := s.Workspace(ctx, u.WorkspaceID)
			wantKind(t, err, "")
			if ws.ID != u.WorkspaceID || ws.Name == "" {
				t.Errorf("Workspace = %+v", ws)
			}
			_, err = s.Workspace(ctx, "nosuchworkspace")
			wantKind(t, err, assessment.NotFound)
		})
	})
}

// rebind turns ? placeholders into PostgreSQL's $1 form when needed.
func rebind(s *store.Store, q string) string {
	if s.Dialect() != "postgres" {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$', byte('0'+n))
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
