package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		as := answeredAssessment(t, s, a)
		carl := a.colleague(t, "Carl", assessment.RoleConsultant)
		// Whatever a test hands out or types in must never reach the log.
		secrets := []string{a.password, "Secretname", "free text number", "comment number", "a-typed-password-in-the-email-box"}
		var n int
		req := func() context.Context {
			n++
			return assessment.WithRequestID(context.Background(), fmt.Sprintf("req-%d", n))
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		ret := func(_ any, err error) error { return err }

		type step struct {
			action, actor, target string
			do                    func(ctx context.Context) error
		}
		var shareID, inviteToken, resetToken, joinedID string
		steps := []step{
			{assessment.AuditSignIn, carl.Email, "user:" + carl.ID, func(ctx context.Context) error {
				token, _, err := a.svc.Login(ctx, carl.Email, a.password)
				secrets = append(secrets, token)
				return err
			}},
			{assessment.AuditSignInFailed, carl.Email, "user:" + carl.ID, func(ctx context.Context) error {
				_, _, err := a.svc.Login(ctx, carl.Email, "a-typed-password-in-the-email-box")
				if assessment.KindOf(err) != assessment.Unauthorized {
					return fmt.Errorf("wrong password: %v", err)
				}
				return nil
			}},
			{assessment.AuditUserInvited, a.admin.Email, "invitation:", func(ctx context.Context) error {
				var err error
				_, inviteToken, err = a.svc.Invite(ctx, a.admin, assessment.NewInvitation{Email: "nina@example.com", Name: "Nina", Role: assessment.RoleConsultant})
				secrets = append(secrets, inviteToken)
				return err
			}},
			{assessment.AuditUserJoined, "nina@example.com", "user:", func(ctx context.Context) error {
				u, session, _, err := a.svc.AcceptInvitation(ctx, inviteToken, "nina's-own-password")
				joinedID = u.ID
				secrets = append(secrets, session, "nina's-own-password")
				return err
			}},
			{assessment.AuditUserAdded, a.admin.Email, "user:", func(ctx context.Context) error {
				return ret(a.svc.AddWorkspaceUser(ctx, a.admin, assessment.NewUser{Email: "olaf@example.com", Name: "Olaf", Role: assessment.RoleConsultant, Password: a.password}))
			}},
			{assessment.AuditUserRoleChanged, a.admin.Email, "user:" + carl.ID, func(ctx context.Context) error {
				return ret(a.svc.ChangeRole(ctx, a.admin, carl.ID, assessment.RoleAdmin))
			}},
			{assessment.AuditPasswordResetIssue, a.admin.Email, "user:" + carl.ID, func(ctx context.Context) error {
				var err error
				resetToken, _, err = a.svc.IssuePasswordReset(ctx, a.admin, carl.ID)
				secrets = append(secrets, resetToken)
				return err
			}},
			{assessment.AuditPasswordReset, carl.Email, "user:" + carl.ID, func(ctx context.Context) error {
				_, session, _, err := a.svc.ResetPassword(ctx, resetToken, "carl's-reset-password")
				secrets = append(secrets, session, "carl's-reset-password")
				return err
			}},
			{assessment.AuditPasswordChanged, a.admin.Email, "user:" + a.admin.ID, func(ctx context.Context) error {
				return a.svc.ChangePassword(ctx, a.admin, a.session, a.password, "admin's-next-password")
			}},
			{assessment.AuditUserRemoved, a.admin.Email, "user:", func(ctx context.Context) error {
				return a.svc.RemoveUser(ctx, a.admin, joinedID)
			}},
			{assessment.AuditShareCreated, a.admin.Email, "assessment:" + as.ID + "/share:", func(ctx context.Context) error {
				sh, token, err := a.svc.CreateShare(ctx, a.admin, as.ID, assessment.NewShare{Texts: true})
				shareID = sh.ID
				secrets = append(secrets, token)
				return err
			}},
			{assessment.AuditShareRevoked, a.admin.Email, "assessment:" + as.ID + "/share:", func(ctx context.Context) error {
				return a.svc.RevokeShare(ctx, a.admin, as.ID, shareID)
			}},
			{assessment.AuditNotesChanged, a.admin.Email, "assessment:" + as.ID, func(ctx context.Context) error {
				return ret(a.svc.SaveNotes(ctx, a.admin, as.ID, assessment.Notes{Summary: "Secretname's team is strong"}))
			}},
			{assessment.AuditAgreedChanged, a.admin.Email, "assessment:" + as.ID + "/question:images-notes", func(ctx context.Context) error {
				_, _, err := a.svc.SetAgreed(ctx, a.admin, as.ID, assessment.Answer{QuestionID: "images-notes", Text: "free text number 9"}, "comment number 9")
				return err
			}},
			{assessment.AuditAgreedDeleted, a.admin.Email, "assessment:" + as.ID + "/question:images-notes", func(ctx context.Context) error {
				return a.svc.DeleteAgreed(ctx, a.admin, as.ID, "images-notes")
			}},
			{assessment.AuditRespondentErased, a.admin.Email, "assessment:" + as.ID + "/respondent:", func(ctx context.Context) error {
				rs, err := a.svc.Respondents(ctx, a.admin, as.ID)
				must(err)
				return a.svc.DeleteRespondent(ctx, a.admin, as.ID, rs[0].ID)
			}},
			{assessment.AuditAssessmentDelete, a.admin.Email, "assessment:" + as.ID, func(ctx context.Context) error {
				return a.svc.DeleteAssessment(ctx, a.admin, as.ID)
			}},
			{assessment.AuditOrganisationDelete, a.admin.Email, "organisation:" + as.OrganisationID, func(ctx context.Context) error {
				return a.svc.DeleteOrganisation(ctx, a.admin, as.OrganisationID)
			}},
		}
		before, err := a.svc.Audit(a.ctx, a.admin, assessment.MaxAuditLimit)
		must(err)
		for _, st := range steps {
			if err := st.do(req()); err != nil {
				t.Fatalf("%s: %v", st.action, err)
			}
		}
		got, err := a.svc.Audit(a.ctx, a.admin, len(steps))
		must(err)
		if len(got) != len(steps) {
			t.Fatalf("%d entries, want %d", len(got), len(steps))
		}
		for i, st := range steps {
			e := got[len(steps)-1-i] // newest first
			if e.Action != st.action || e.Actor != st.actor || !strings.HasPrefix(e.Target, st.target) ||
				e.RequestID != fmt.Sprintf("req-%d", i+1) || e.At.IsZero() || e.WorkspaceID != a.admin.WorkspaceID {
				t.Errorf("entry %d = %+v, want %s by %s on %s… in req-%d", i, e, st.action, st.actor, st.target, i+1)
			}
		}
		all, err := a.svc.Audit(a.ctx, a.admin, assessment.MaxAuditLimit)
		must(err)
		if len(all) != len(before)+len(steps) {
			t.Errorf("%d entries in all, want %d + %d", len(all), len(before), len(steps))
		}

		t.Run("no secrets", func(t *testing.T) {
			rows, err := s.SQL().QueryContext(a.ctx, "SELECT actor || ' ' || action || ' ' || target || ' ' || request_id FROM audit_log")
			must(err)
			defer rows.Close()
			for rows.Next() {
				var line string
				must(rows.Scan(&line))
				for _, secret := range secrets {
					if secret != "" && strings.Contains(line, secret) {
						t.Errorf("the audit log holds %q: %s", secret, line)
					}
				}
			}
			must(rows.Err())
		})

		t.Run("unknown email", func(t *testing.T) {
			typed := "Hunter2-Hunter2-typed-as-email"
			_, _, err := a.svc.Login(req(), typed, "whatever")
			wantKind(t, err, assessment.Unauthorized)
			var actor string
			must(s.SQL().QueryRowContext(a.ctx, "SELECT actor FROM audit_log WHERE workspace_id IS NULL ORDER BY id DESC LIMIT 1").Scan(&actor))
			if !strings.HasPrefix(actor, "unknown:") || strings.Contains(strings.ToLower(actor), "hunter") {
				t.Errorf("actor of an unknown email = %q", actor)
			}
		})

		t.Run("limit", func(t *testing.T) {
			two, err := a.svc.Audit(a.ctx, a.admin, 2)
			must(err)
			if len(two) != 2 || two[0].ID <= two[1].ID {
				t.Errorf("limit 2: %+v", two)
			}
			for _, bad := range []int{-1, assessment.MaxAuditLimit + 1} {
				_, err := a.svc.Audit(a.ctx, a.admin, bad)
				wantField(t, err, assessment.Invalid, "limit")
			}
			other := newAccounts(t, s)
			theirs, err := other.svc.Audit(a.ctx, other.admin, 0)
			must(err)
			for _, e := range theirs {
				if e.WorkspaceID != other.admin.WorkspaceID {
					t.Errorf("another workspace's entry: %+v", e)
				}
			}
		})

		t.Run("append-only", func(t *testing.T) {
			for _, q := range []string{"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"} {
				if _, err := s.SQL().ExecContext(a.ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: %v", q, err)
				}
			}
		})
	})
}
