package store_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// wantKind fails t unless err is of kind want ("" meaning no error).
func wantKind(t *testing.T, err error, want assessment.Kind) {
	t.Helper()
	if got := assessment.KindOf(err); got != want {
		t.Fatalf("error %v: kind %q, want %q", err, got, want)
	}
}

var idPattern = regexp.MustCompile(`^[a-z2-7]{16}$`)

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		first, err := s.AddUser(ctx, "acme", assessment.User{Email: "Ada@Example.COM", Name: "Ada",
			Role: assessment.RoleAdmin, PasswordHash: "h1"})
		wantKind(t, err, "")
		if !idPattern.MatchString(first.ID) || !idPattern.MatchString(first.WorkspaceID) {
			t.Errorf("ids %q, %q: want 16 lower-case base32 characters", first.ID, first.WorkspaceID)
		}
		if first.Email != "ada@example.com" || first.CreatedAt.IsZero() {
			t.Errorf("AddUser returned %+v: want the email lower-cased and a creation time", first)
		}

		t.Run("same workspace", func(t *testing.T) {
			u, err := s.AddUser(ctx, "acme", assessment.User{Email: "bob@example.com", Name: "Bob",
				Role: assessment.RoleConsultant, PasswordHash: "h2"})
			wantKind(t, err, "")
			if u.WorkspaceID != first.WorkspaceID {
				t.Errorf("workspace %s, want the existing %s", u.WorkspaceID, first.WorkspaceID)
			}
		})
		t.Run("duplicate email in any case", func(t *testing.T) {
			for _, ws := range []string{"acme", "other"} {
				_, err := s.AddUser(ctx, ws, assessment.User{Email: "ADA@example.com", Name: "Ada 2",
					Role: assessment.RoleConsultant, PasswordHash: "h3"})
				wantKind(t, err, assessment.Conflict)
			}
			// Both or neither: the failed user did not leave its workspace behind.
			_, err := s.AddUser(ctx, "other", assessment.User{Email: "carol@example.com", Name: "Carol",
				Role: assessment.RoleConsultant, PasswordHash: "h4"})
			wantKind(t, err, "")
		})
		t.Run("by email", func(t *testing.T) {
			for _, email := range []string{"ada@example.com", "ADA@EXAMPLE.COM"} {
				got, err := s.UserByEmail(ctx, email)
				wantKind(t, err, "")
				if got != first {
					t.Errorf("UserByEmail(%s) = %+v, want %+v", email, got, first)
				}
			}
			_, err := s.UserByEmail(ctx, "nobody@example.com")
			wantKind(t, err, assessment.NotFound)
		})
	})
}

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		expires := time.Date(2030, 1, 2, 3, 4, 5, 600_000_000, time.UTC)
		hash := []byte{0x00, 0xff, 0x10, 0x80, 0x7f}
		wantKind(t, s.AddToken(ctx, u.ID, hash, expires), "")

		for _, tt := range []struct {
			name string
			hash []byte
			now  time.Time
			want assessment.Kind
		}{
			{"valid", hash, expires.Add(-time.Hour), ""},
			{"a microsecond before expiry", hash, expires.Add(-time.Microsecond), ""},
			{"valid in another zone", hash, expires.Add(-time.Minute).In(time.FixedZone("X", 5*3600)), ""},
			{"at expiry", hash, expires, assessment.NotFound},
			{"after expiry", hash, expires.Add(time.Second), assessment.NotFound},
			{"unknown hash", []byte{1, 2, 3}, expires.Add(-time.Hour), assessment.NotFound},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.UserByToken(ctx, tt.hash, tt.now)
				wantKind(t, err, tt.want)
				if tt.want == "" && got != u {
					t.Errorf("UserByToken = %+v, want %+v", got, u)
				}
			})
		}
		t.Run("duplicate hash", func(t *testing.T) {
			wantKind(t, s.AddToken(ctx, u.ID, hash, expires), assessment.Conflict)
		})
		t.Run("unknown user", func(t *testing.T) {
			wantKind(t, s.AddToken(ctx, "nosuchuser", []byte{9}, expires), assessment.NotFound)
		})
		t.Run("delete", func(t *testing.T) {
			other := []byte{7, 7, 7}
			wantKind(t, s.AddToken(ctx, u.ID, other, expires), "")
			wantKind(t, s.DeleteToken(ctx, hash), "")
			_, err := s.UserByToken(ctx, hash, expires.Add(-time.Hour))
			wantKind(t, err, assessment.NotFound)
			if _, err := s.UserByToken(ctx, other, expires.Add(-time.Hour)); err != nil {
				t.Errorf("deleting one token ended another: %v", err)
			}
			wantKind(t, s.DeleteToken(ctx, hash), "") // twice is harmless
		})
	})
}
