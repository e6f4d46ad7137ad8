package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/readiness/readiness/assessment"
)

func runUserAdd(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	db := dbFlag(fs, env)
	workspace := fs.String("workspace", env("READINESS_WORKSPACE"), "workspace name; created if new (env READINESS_WORKSPACE)")
	email := fs.String("email", env("READINESS_EMAIL"), "the user's email, used to sign in (env READINESS_EMAIL)")
	name := fs.String("name", env("READINESS_NAME"), "the user's name (env READINESS_NAME)")
	role := fs.String("role", envOr(env, "READINESS_ROLE", "consultant"), "consultant or admin (env READINESS_ROLE)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input (required)")
	ifAbsent := fs.Bool("if-absent", false, "when a user with this email exists, change nothing and exit 0, so that a setup script may run twice")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*fromStdin {
		return usageError{"--password-stdin is required: passwords never go on the command line"}
	}
	for flagName, v := range map[string]string{"--workspace": *workspace, "--email": *email, "--name": *name} {
		if strings.TrimSpace(v) == "" {
			return usageError{flagName + " is required"}
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password from stdin: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	n := assessment.NewUser{Workspace: *workspace, Email: *email, Name: *name, Role: assessment.Role(*role), Password: password}
	if err := n.Validate(); err != nil { // before opening the database, so a weak password changes nothing
		return err
	}
	st, err := openStore(ctx, *db, "FULL", true)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := assessment.NewService(assessment.Config{Store: st})
	u, err := svc.AddUser(ctx, n)
	if *ifAbsent && assessment.KindOf(err) == assessment.Conflict { // the email is taken; nothing was written
		fmt.Fprintf(stdout, "user %s already exists: unchanged\n", strings.TrimSpace(*email))
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s %s (%s) to workspace %q\n", u.Role, u.Email, u.Name, strings.TrimSpace(*workspace))
	return nil
}
