package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func days(n int) *int { return &n }

// answeredAssessment seeds an assessment of a's workspace whose named
// respondents answered, with a text answer and a comment.
func answeredAssessment(t *testing.T, s *store.Store, a *accounts) assessment.Assessment {
	t.Helper()
	as := storetest.Assessment(t, s, a.admin.WorkspaceID, nil)
	for i, name := range []string{"Zelda Secretname", "Yannick Hiddenname", "Xavier Privatename"} {
		_, token, err := a.svc.AddRespondent(a.ctx, a.admin, as.ID, assessment.NewRespondent{Name: name, Role: "Chief Unique Officer", Perspective: assessment.PerspectiveDevelopment})
		if err != nil {
			t.Fatal(err)
		}
		for _, ans := range []assessment.Answer{
			{QuestionID: "vcs-use", Option: "all", Comment: fmt.Sprintf("comment number %d", i)},
			{QuestionID: "images-notes", Text: fmt.Sprintf("free text number %d", i)},
		} {
			if _, _, err := a.svc.SaveAnswer(a.ctx, token, ans); err != nil {
				t.Fatal(err)
			}
		}
	}
	return as
}

func TestShares(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		carl := a.colleague(t, "Carl", assessment.RoleConsultant)
		other := newAccounts(t, s)
		as := answeredAssessment(t, s, a)

		for _, tt := range []struct {
			name string
			days *int
			kind assessment.Kind
			want time.Duration
		}{
			{"default", nil, "", 30 * 24 * time.Hour},
			{"one day", days(1), "", 24 * time.Hour},
			{"a year", days(365), "", 365 * 24 * time.Hour},
			{"zero", days(0), assessment.Invalid, 0},
			{"too long", days(366), assessment.Invalid, 0},
		} {
			t.Run(tt.name, func(t *testing.T) {
				sh, token, err := a.svc.CreateShare(a.ctx, carl, as.ID, assessment.NewShare{ExpiresInDays: tt.days})
				if tt.kind != "" {
					wantField(t, err, tt.kind, "expires_in_days")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(token) < 22 || !sh.ExpiresAt.Equal(a.clock.now().Add(tt.want)) || sh.LastOpenedAt != nil {
					t.Errorf("share %+v, token %q", sh, token)
				}
			})
		}

		t.Run("another workspace", func(t *testing.T) {
			sh, _, err := a.svc.CreateShare(a.ctx, a.admin, as.ID, assessment.NewShare{})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = other.svc.CreateShare(a.ctx, other.admin, as.ID, assessment.NewShare{})
			wantKind(t, err, assessment.NotFound)
			_, err = other.svc.Shares(a.ctx, other.admin, as.ID)
			wantKind(t, err, assessment.NotFound)
			wantKind(t, other.svc.RevokeShare(a.ctx, other.admin, as.ID, sh.ID), assessment.NotFound)
			// Not even with the id of one of its own assessments.
			mine := storetest.Assessment(t, s, other.admin.WorkspaceID, nil)
			wantKind(t, other.svc.RevokeShare(a.ctx, other.admin, mine.ID, sh.ID), assessment.NotFound)
		})

		t.Run("open, list, revoke", func(t *testing.T) {
			sh, token, err := a.svc.CreateShare(a.ctx, a.admin, as.ID, assessment.NewShare{ExpiresInDays: days(7)})
			if err != nil {
				t.Fatal(err)
			}
			a.clock.advance(time.Hour)
			got, err := a.svc.OpenShare(a.ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if got.Share.ID != sh.ID || got.Assessment.ID != as.ID || got.Result == nil {
				t.Fatalf("OpenShare = %+v", got.Share)
			}
			list, err := a.svc.Shares(a.ctx, a.admin, as.ID)
			if err != nil {
				t.Fatal(err)
			}
			var listed *assessment.Share
			for i := range list {
				if list[i].ID == sh.ID {
					listed = &list[i]
				}
			}
			if listed == nil || listed.LastOpenedAt == nil || !listed.LastOpenedAt.Equal(a.clock.now()) {
				t.Fatalf("listed %+v, want last opened at %v", listed, a.clock.now())
			}
			if err := a.svc.RevokeShare(a.ctx, carl, as.ID, sh.ID); err != nil {
				t.Fatal(err)
			}
			_, err = a.svc.OpenShare(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
			wantKind(t, a.svc.RevokeShare(a.ctx, a.admin, as.ID, sh.ID), assessment.NotFound)
			list, _ = a.svc.Shares(a.ctx, a.admin, as.ID)
			for _, l := range list {
				if l.ID == sh.ID {
					t.Error("a revoked share is still listed")
				}
			}
			_, err = a.svc.OpenShare(a.ctx, "made-up-token")
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("expiry", func(t *testing.T) {
			_, token, err := a.svc.CreateShare(a.ctx, a.admin, as.ID, assessment.NewShare{ExpiresInDays: days(1)})
			if err != nil {
				t.Fatal(err)
			}
			a.clock.advance(24*time.Hour - time.Second)
			if _, err := a.svc.OpenShare(a.ctx, token); err != nil {
				t.Fatalf("a second before expiry: %v", err)
			}
			a.clock.advance(time.Second)
			_, err = a.svc.OpenShare(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("anonymous, texts only when asked", func(t *testing.T) {
			for _, texts := range []bool{false, true} {
				_, token, err := a.svc.CreateShare(a.ctx, a.admin, as.ID, assessment.NewShare{Texts: texts})
				if err != nil {
					t.Fatal(err)
				}
				got, err := a.svc.OpenShare(a.ctx, token)
				if err != nil {
					t.Fatal(err)
				}
				dump := fmt.Sprintf("%+v", got.Respondents)
				for _, secret := range []string{"Secretname", "Hiddenname", "Privatename", "Chief Unique Officer", assessment.PerspectiveDevelopment} {
					if strings.Contains(dump, secret) {
						t.Errorf("texts=%v: the share carries %q", texts, secret)
					}
				}
				if len(got.Respondents) != 3 {
					t.Errorf("texts=%v: %d respondents, want 3 anonymous ones", texts, len(got.Respondents))
				}
				var written int
				for _, ans := range got.Answers {
					if ans.Text != "" || ans.Comment != "" {
						written++
					}
				}
				if want := map[bool]int{false: 0, true: 6}[texts]; written != want {
					t.Errorf("texts=%v: %d answers with text or comment, want %d", texts, written, want)
				}
			}
		})

		t.Run("gone with its assessment", func(t *testing.T) {
			doomed := storetest.Assessment(t, s, a.admin.WorkspaceID, nil)
			_, token, err := a.svc.CreateShare(a.ctx, a.admin, doomed.ID, assessment.NewShare{})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.svc.DeleteAssessment(a.ctx, a.admin, doomed.ID); err != nil {
				t.Fatal(err)
			}
			_, err = a.svc.OpenShare(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
		})
	})
}
