package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestUserResetPassword(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "r.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := db.dsn(t)
			if _, _, err := runCmd(t, "the-old-password\n", "user", "add", "--db", dsn, "--workspace", "Acme",
				"--email", "ana@example.com", "--name", "Ana", "--role", "admin", "--password-stdin"); err != nil {
				t.Fatal(err)
			}
			st := storetest.Open(t, dsn)
			svc := assessment.NewService(assessment.Config{Store: st, BcryptCost: bcrypt.MinCost})
			session, _, err := svc.Login(ctx, "ana@example.com", "the-old-password")
			if err != nil {
				t.Fatal(err)
			}

			for _, tt := range []struct {
				name, stdin, email string
				args               []string
				wantExit           int
				wantErr            string
			}{
				{"weak", "short-pass\n", "ana@example.com", nil, 1, "at least 12"},
				{"unknown email", "a-new-long-password\n", "nobody@example.com", nil, 1, "no user has the email nobody@example.com"},
				{"no --password-stdin", "a-new-long-password\n", "ana@example.com", []string{"--password-stdin=false"}, 2, "--password-stdin is required"},
				{"no --email", "a-new-long-password\n", "", nil, 2, "--email is required"},
			} {
				args := append([]string{"user", "reset-password", "--db", dsn, "--email", tt.email, "--password-stdin"}, tt.args...)
				_, _, err := runCmd(t, tt.stdin, args...)
				if exitCode(err) != tt.wantExit || err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s: exit %d (%v), want %d and %q", tt.name, exitCode(err), err, tt.wantExit, tt.wantErr)
				}
			}
			// Nothing above changed the password or ended the session.
			if _, err := svc.Authenticate(ctx, session); err != nil {
				t.Fatalf("a refused reset ended the session: %v", err)
			}

			out, _, err := runCmd(t, "a-new-long-password\r\n", "user", "reset-password", "--db", dsn, "--email", "ANA@example.com", "--password-stdin")
			if err != nil || !strings.Contains(out, "ana@example.com") {
				t.Fatalf("reset: %v, %q", err, out)
			}
			if _, err := svc.Authenticate(ctx, session); assessment.KindOf(err) != assessment.Unauthorized {
				t.Errorf("the session before the reset still works: %v", err)
			}
			if _, _, err := svc.Login(ctx, "ana@example.com", "the-old-password"); assessment.KindOf(err) != assessment.Unauthorized {
				t.Errorf("the old password still signs in: %v", err)
			}
			if _, _, err := svc.Login(ctx, "ana@example.com", "a-new-long-password"); err != nil {
				t.Errorf("the new password: %v", err)
			}
		})
	}
}
