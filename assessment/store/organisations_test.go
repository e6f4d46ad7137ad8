package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		created := time.Date(2020, 3, 1, 9, 0, 0, 123_456_789, time.FixedZone("CET", 3600))
		o, err := s.CreateOrganisation(ctx, assessment.Organisation{WorkspaceID: u.WorkspaceID,
			Name: "Acme", Industry: "logistics", CreatedAt: created})
		wantKind(t, err, "")
		if !o.CreatedAt.Equal(created.Truncate(time.Microsecond)) || o.CreatedAt.Location() != time.UTC {
			t.Errorf("created at %v, want %v in UTC at microseconds", o.CreatedAt, created)
		}
		o2 := storetest.Organisation(t, s, u.WorkspaceID)
		storetest.Organisation(t, s, other.WorkspaceID)

		t.Run("get", func(t *testing.T) {
			got, err := s.Organisation(ctx, u.WorkspaceID, o.ID)
			wantKind(t, err, "")
			if got != o {
				t.Errorf("Organisation = %+v, want %+v", got, o)
			}
		})
		t.Run("list is the workspace's only", func(t *testing.T) {
			got, err := s.Organisations(ctx, u.WorkspaceID)
			wantKind(t, err, "")
			if want := []assessment.Organisation{o, o2}; !slices.Equal(got, want) {
				t.Errorf("Organisations = %+v, want %+v", got, want)
			}
		})
		t.Run("another workspace's is not found", func(t *testing.T) {
			_, err := s.Organisation(ctx, other.WorkspaceID, o.ID)
			wantKind(t, err, assessment.NotFound)
		})
		t.Run("unknown workspace", func(t *testing.T) {
			_, err := s.CreateOrganisation(ctx, assessment.Organisation{WorkspaceID: "nosuchworkspace", Name: "X"})
			wantKind(t, err, assessment.NotFound)
		})
	})
}
