package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// clock is a settable service clock, so that tests cross expiries without
// waiting for them.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// accounts is a service over s with a clock of its own and a workspace
// whose admin is signed in.
type accounts struct {
	svc      *assessment.Service
	clock    *clock
	admin    assessment.User
	session  string // the admin's
	password string // every seeded user's
	ctx      context.Context
}

func newAccounts(t *testing.T, s *store.Store) *accounts {
	t.Helper()
	c := &clock{t: time.Now().UTC().Truncate(time.Second)}
	a := &accounts{
		svc:      assessment.NewService(assessment.Config{Store: s, Now: c.now, BcryptCost: bcrypt.MinCost}),
		clock:    c,
		password: "a-long-password",
		ctx:      assessment.WithRequestID(context.Background(), "req-admin"),
	}
	var err error
	a.admin, err = a.svc.AddUser(a.ctx, assessment.NewUser{Workspace: "ws-" + fmt.Sprint(time.Now().UnixNano()),
		Email: fmt.Sprintf("admin-%d@example.com", time.Now().UnixNano()), Name: "Ada Admin", Role: assessment.RoleAdmin, Password: a.password})
	if err != nil {
		t.Fatal(err)
	}
	a.session = a.login(t, a.admin.Email, a.password)
	return a
}

// colleague adds a user of role to the admin's workspace.
func (a *accounts) colleague(t *testing.T, name string, role assessment.Role) assessment.User {
	t.Helper()
	u, err := a.svc.AddWorkspaceUser(a.ctx, a.admin, assessment.NewUser{
		Email: strings.ToLower(name) + fmt.Sprintf("-%d@example.com", time.Now().UnixNano()), Name: name, Role: role, Password: a.password})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (a *accounts) login(t *testing.T, email, password string) string {
	t.Helper()
	token, _, err := a.svc.Login(a.ctx, email, password)
	if err != nil {
		t.Fatalf("sign in as %s: %v", email, err)
	}
	return token
}

// wantSignedIn checks whether a session or token still works.
func (a *accounts) wantSignedIn(t *testing.T, what, token string, want bool) {
	t.Helper()
	_, err := a.svc.Authenticate(a.ctx, token)
	if got := err == nil; got != want {
		t.Errorf("%s: signed in = %v (%v), want %v", what, got, err, want)
	}
}

func wantField(t *testing.T, err error, kind assessment.Kind, field string) {
	t.Helper()
	e, ok := err.(*assessment.Error)
	if !ok || e.Kind != kind || e.Field != field {
		t.Fatalf("error %v (%T): want %s naming %q", err, err, kind, field)
	}
}

func TestInvitations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		consultant := a.colleague(t, "Carl", assessment.RoleConsultant)

		for _, tt := range []struct {
			name  string
			by    assessment.User
			n     assessment.NewInvitation
			kind  assessment.Kind
			field string
		}{
			{"consultant", consultant, assessment.NewInvitation{Email: "x@example.com", Name: "X", Role: assessment.RoleConsultant}, assessment.Forbidden, ""},
			{"bad email", a.admin, assessment.NewInvitation{Email: "x", Name: "X", Role: assessment.RoleConsultant}, assessment.Invalid, "email"},
			{"no name", a.admin, assessment.NewInvitation{Email: "x@example.com", Role: assessment.RoleConsultant}, assessment.Invalid, "name"},
			{"bad role", a.admin, assessment.NewInvitation{Email: "x@example.com", Name: "X", Role: "owner"}, assessment.Invalid, "role"},
			{"taken email", a.admin, assessment.NewInvitation{Email: strings.ToUpper(consultant.Email), Name: "X", Role: assessment.RoleConsultant}, assessment.Conflict, "email"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, _, err := a.svc.Invite(a.ctx, tt.by, tt.n)
				wantField(t, err, tt.kind, tt.field)
			})
		}

		t.Run("one use", func(t *testing.T) {
			inv, token, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: " Dora@Example.com ", Name: "Dora", Role: assessment.RoleAdmin})
			if err != nil {
				t.Fatal(err)
			}
			if len(token) < 22 || inv.Email != "dora@example.com" || !inv.ExpiresAt.Equal(a.clock.now().Add(assessment.InvitationTTL)) {
				t.Fatalf("invitation %+v, token %q", inv, token)
			}
			// Looking at the link, as a mail scanner does, consumes nothing.
			for range 2 {
				got, err := a.svc.Invitation(a.ctx, token)
				if err != nil || got.ID != inv.ID || got.Name != "Dora" {
					t.Fatalf("Invitation = %+v, %v", got, err)
				}
			}
			_, _, _, err = a.svc.AcceptInvitation(a.ctx, token, "too-short")
			wantField(t, err, assessment.Invalid, "password")

			u, session, _, err := a.svc.AcceptInvitation(a.ctx, token, "dora's-own-password")
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != assessment.RoleAdmin || u.WorkspaceID != a.admin.WorkspaceID || u.Email != "dora@example.com" {
				t.Errorf("joined as %+v", u)
			}
			a.wantSignedIn(t, "the new user's session", session, true)
			a.login(t, "dora@example.com", "dora's-own-password")

			_, err = a.svc.Invitation(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
			_, _, _, err = a.svc.AcceptInvitation(a.ctx, token, "another-long-password")
			wantKind(t, err, assessment.NotFound)
			_, _, _, err = a.svc.AcceptInvitation(a.ctx, "made-up", "another-long-password")
			wantKind(t, err, assessment.NotFound)
			_, _, err = a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: "dora@example.com", Name: "Dora", Role: assessment.RoleAdmin})
			wantField(t, err, assessment.Conflict, "email")
		})

		t.Run("expiry", func(t *testing.T) {
			_, token, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: "late@example.com", Name: "Late", Role: assessment.RoleConsultant})
			if err != nil {
				t.Fatal(err)
			}
			a.clock.advance(assessment.InvitationTTL - time.Second)
			if _, err := a.svc.Invitation(a.ctx, token); err != nil {
				t.Fatalf("a second before expiry: %v", err)
			}
			a.clock.advance(time.Second)
			_, err = a.svc.Invitation(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
			_, _, _, err = a.svc.AcceptInvitation(a.ctx, token, "late-but-long-password")
			wantKind(t, err, assessment.NotFound)
			if _, err := s.UserByEmail(a.ctx, "late@example.com"); assessment.KindOf(err) != assessment.NotFound {
				t.Errorf("an expired invitation made a user: %v", err)
			}
		})

		t.Run("email taken meanwhile", func(t *testing.T) {
			_, token, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: "twice@example.com", Name: "Twice", Role: assessment.RoleConsultant})
			if err != nil {
				t.Fatal(err)
			}
			_, token2, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: "twice@example.com", Name: "Twice", Role: assessment.RoleConsultant})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := a.svc.AcceptInvitation(a.ctx, token, "first-long-password"); err != nil {
				t.Fatal(err)
			}
			_, _, _, err = a.svc.AcceptInvitation(a.ctx, token2, "second-long-password")
			wantField(t, err, assessment.Conflict, "email")
			if _, err := a.svc.Invitation(a.ctx, token2); err != nil {
				t.Errorf("a refused acceptance used the link: %v", err)
			}
		})

		t.Run("parallel double accept", func(t *testing.T) {
			_, token, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: "race@example.com", Name: "Race", Role: assessment.RoleConsultant})
			if err != nil {
				t.Fatal(err)
			}
			var ok, notFound atomic.Int32
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					_, _, _, err := a.svc.AcceptInvitation(a.ctx, token, fmt.Sprintf("racing-password-%d", i))
					switch assessment.KindOf(err) {
					case "":
						ok.Add(1)
					case assessment.NotFound:
						notFound.Add(1)
					default:
						t.Errorf("accept: %v", err)
					}
				})
			}
			wg.Wait()
			if ok.Load() != 1 || notFound.Load() != 7 {
				t.Errorf("%d accepted, %d not found; want 1 and 7", ok.Load(), notFound.Load())
			}
		})
	})
}

func TestPasswordResets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		carl := a.colleague(t, "Carl", assessment.RoleConsultant)
		other := newAccounts(t, s)

		_, _, err := a.svc.IssuePasswordReset(a.ctx, carl, a.admin.ID)
		wantKind(t, err, assessment.Forbidden)
		_, _, err = other.svc.IssuePasswordReset(a.ctx, other.admin, carl.ID)
		wantKind(t, err, assessment.NotFound)
		_, _, err = a.svc.IssuePasswordReset(a.ctx, a.admin, "nosuchuser")
		wantKind(t, err, assessment.NotFound)

		t.Run("one use ends every session and token", func(t *testing.T) {
			session, apiToken := a.login(t, carl.Email, a.password), a.login(t, carl.Email, a.password)
			token, expires, err := a.svc.IssuePasswordReset(a.ctx, a.admin, carl.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !expires.Equal(a.clock.now().Add(assessment.PasswordResetTTL)) {
				t.Errorf("expires %v", expires)
			}
			// Issuing the link changes nothing yet, nor does looking at it.
			if u, err := a.svc.PasswordReset(a.ctx, token); err != nil || u.ID != carl.ID {
				t.Fatalf("PasswordReset = %+v, %v", u, err)
			}
			a.wantSignedIn(t, "session before the reset", session, true)
			_, _, _, err = a.svc.ResetPassword(a.ctx, token, "short")
			wantField(t, err, assessment.Invalid, "password")

			u, fresh, _, err := a.svc.ResetPassword(a.ctx, token, "carl's-new-password")
			if err != nil || u.ID != carl.ID {
				t.Fatalf("ResetPassword = %+v, %v", u, err)
			}
			a.wantSignedIn(t, "old session", session, false)
			a.wantSignedIn(t, "old API token", apiToken, false)
			a.wantSignedIn(t, "the reset's new session", fresh, true)
			a.wantSignedIn(t, "the admin's session", a.session, true)
			if _, _, err := a.svc.Login(a.ctx, carl.Email, a.password); assessment.KindOf(err) != assessment.Unauthorized {
				t.Errorf("old password: %v", err)
			}
			a.login(t, carl.Email, "carl's-new-password")

			_, err = a.svc.PasswordReset(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
			_, _, _, err = a.svc.ResetPassword(a.ctx, token, "yet-another-password")
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("using one link ends the others", func(t *testing.T) {
			first, _, err := a.svc.IssuePasswordReset(a.ctx, a.admin, carl.ID)
			if err != nil {
				t.Fatal(err)
			}
			second, _, err := a.svc.IssuePasswordReset(a.ctx, a.admin, carl.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := a.svc.ResetPassword(a.ctx, second, "chosen-via-second"); err != nil {
				t.Fatal(err)
			}
			_, _, _, err = a.svc.ResetPassword(a.ctx, first, "chosen-via-first")
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("expiry", func(t *testing.T) {
			token, _, err := a.svc.IssuePasswordReset(a.ctx, a.admin, carl.ID)
			if err != nil {
				t.Fatal(err)
			}
			a.clock.advance(assessment.PasswordResetTTL)
			_, err = a.svc.PasswordReset(a.ctx, token)
			wantKind(t, err, assessment.NotFound)
			_, _, _, err = a.svc.ResetPassword(a.ctx, token, "too-late-password")
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("parallel double use", func(t *testing.T) {
			token, _, err := a.svc.IssuePasswordReset(a.ctx, a.admin, carl.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ok atomic.Int32
			var wg sync.WaitGroup
			for i := range 8 {
				wg.Go(func() {
					_, _, _, err := a.svc.ResetPassword(a.ctx, token, fmt.Sprintf("racing-password-%d", i))
					if err == nil {
						ok.Add(1)
					} else if assessment.KindOf(err) != assessment.NotFound {
						t.Errorf("reset: %v", err)
					}
				})
			}
			wg.Wait()
			if ok.Load() != 1 {
				t.Errorf("%d resets succeeded, want 1", ok.Load())
			}
		})

		t.Run("link dies with its user", func(t *testing.T) {
			dan := a.colleague(t, "Dan", assessment.RoleConsultant)
			token, _, err := a.svc.IssuePasswordReset(a.ctx, a.admin, dan.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.svc.RemoveUser(a.ctx, a.admin, dan.ID); err != nil {
				t.Fatal(err)
			}
			_, _, _, err = a.svc.ResetPassword(a.ctx, token, "a-ghost-password")
			wantKind(t, err, assessment.NotFound)
		})
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		other := a.login(t, a.admin.Email, a.password)

		err := a.svc.ChangePassword(a.ctx, a.admin, a.session, "wrong-password", "a-brand-new-password")
		wantField(t, err, assessment.Invalid, "current")
		err = a.svc.ChangePassword(a.ctx, a.admin, a.session, a.password, "short")
		wantField(t, err, assessment.Invalid, "new")
		a.wantSignedIn(t, "other session after refused changes", other, true)

		if err := a.svc.ChangePassword(a.ctx, a.admin, a.session, a.password, "a-brand-new-password"); err != nil {
			t.Fatal(err)
		}
		a.wantSignedIn(t, "the session that changed it", a.session, true)
		a.wantSignedIn(t, "another session", other, false)
		if _, _, err := a.svc.Login(a.ctx, a.admin.Email, a.password); assessment.KindOf(err) != assessment.Unauthorized {
			t.Errorf("old password: %v", err)
		}
		a.login(t, a.admin.Email, "a-brand-new-password")
	})
}

func TestUserAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		carl := a.colleague(t, "Carl", assessment.RoleConsultant)
		carlSession := a.login(t, carl.Email, a.password)
		other := newAccounts(t, s)

		t.Run("consultants may not", func(t *testing.T) {
			_, err := a.svc.ChangeRole(a.ctx, carl, carl.ID, assessment.RoleAdmin)
			wantKind(t, err, assessment.Forbidden)
			wantKind(t, a.svc.RemoveUser(a.ctx, carl, a.admin.ID), assessment.Forbidden)
			_, err = a.svc.WorkspaceUsers(a.ctx, carl)
			wantKind(t, err, assessment.Forbidden)
			_, err = a.svc.Audit(a.ctx, carl, 0)
			wantKind(t, err, assessment.Forbidden)
		})
		t.Run("another workspace", func(t *testing.T) {
			_, err := other.svc.ChangeRole(a.ctx, other.admin, carl.ID, assessment.RoleAdmin)
			wantKind(t, err, assessment.NotFound)
			wantKind(t, other.svc.RemoveUser(a.ctx, other.admin, carl.ID), assessment.NotFound)
		})
		t.Run("last admin", func(t *testing.T) {
			_, err := a.svc.ChangeRole(a.ctx, a.admin, a.admin.ID, assessment.RoleConsultant)
			wantKind(t, err, assessment.Conflict)
			wantKind(t, a.svc.RemoveUser(a.ctx, a.admin, a.admin.ID), assessment.Conflict)
			_, err = a.svc.ChangeRole(a.ctx, a.admin, carl.ID, "owner")
			wantField(t, err, assessment.Invalid, "role")
		})
		t.Run("a role change reaches live sessions", func(t *testing.T) {
			u, err := a.svc.ChangeRole(a.ctx, a.admin, carl.ID, assessment.RoleAdmin)
			if err != nil || u.Role != assessment.RoleAdmin {
				t.Fatalf("ChangeRole = %+v, %v", u, err)
			}
			live, err := a.svc.Authenticate(a.ctx, carlSession)
			if err != nil || live.Role != assessment.RoleAdmin {
				t.Fatalf("Carl's session: %+v, %v", live, err)
			}
			if _, err := a.svc.ChangeRole(a.ctx, a.admin, carl.ID, assessment.RoleConsultant); err != nil {
				t.Fatal(err)
			}
			if live, _ := a.svc.Authenticate(a.ctx, carlSession); live.Role != assessment.RoleConsultant {
				t.Errorf("after demotion Carl's session has role %s", live.Role)
			}
		})
		t.Run("remove", func(t *testing.T) {
			org, err := a.svc.CreateOrganisation(a.ctx, carl, "Carl's client", "")
			if err != nil {
				t.Fatal(err)
			}
			if err := a.svc.RemoveUser(a.ctx, a.admin, carl.ID); err != nil {
				t.Fatal(err)
			}
			a.wantSignedIn(t, "removed user's session", carlSession, false)
			if _, _, err := a.svc.Login(a.ctx, carl.Email, a.password); assessment.KindOf(err) != assessment.Unauthorized {
				t.Errorf("a removed user signs in: %v", err)
			}
			if _, err := a.svc.Organisation(a.ctx, a.admin, org.ID); err != nil {
				t.Errorf("the removed user's work went with them: %v", err)
			}
			wantKind(t, a.svc.RemoveUser(a.ctx, a.admin, carl.ID), assessment.NotFound)
			// Their email may be invited again.
			_, token, err := a.svc.Invite(a.ctx, a.admin, assessment.NewInvitation{Email: carl.Email, Name: "Carl", Role: assessment.RoleConsultant})
			if err != nil {
				t.Fatal(err)
			}
			if _, _, _, err := a.svc.AcceptInvitation(a.ctx, token, "carl-is-back-again"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("two admins removing each other at once", func(t *testing.T) {
			for round := range 5 {
				b := newAccounts(t, s)
				second := b.colleague(t, "Second", assessment.RoleAdmin)
				pairs := [][2]assessment.User{{b.admin, second}, {second, b.admin}}
				var ok atomic.Int32
				var wg sync.WaitGroup
				for i, p := range pairs {
					wg.Go(func() {
						var err error
						if (round+i)%2 == 0 {
							err = b.svc.RemoveUser(b.ctx, p[0], p[1].ID)
						} else {
							_, err = b.svc.ChangeRole(b.ctx, p[0], p[1].ID, assessment.RoleConsultant)
						}
						if err == nil {
							ok.Add(1)
						} else if k := assessment.KindOf(err); k != assessment.Conflict && k != assessment.NotFound {
							t.Errorf("round %d: %v", round, err)
						}
					})
				}
				wg.Wait()
				users, err := s.Users(b.ctx, b.admin.WorkspaceID)
				if err != nil {
					t.Fatal(err)
				}
				admins := 0
				for _, u := range users {
					if u.Role == assessment.RoleAdmin {
						admins++
					}
				}
				if ok.Load() != 1 || admins != 1 {
					t.Errorf("round %d: %d changes succeeded, %d admins left; want 1 and 1", round, ok.Load(), admins)
				}
			}
		})
	})
}
