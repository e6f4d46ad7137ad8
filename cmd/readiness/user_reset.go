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

// runUserResetPassword is `readiness user reset-password`: the way back in
// for an operator whose last admin lost their password. It ends every
// session and API token of the user, as a reset link does.
func runUserResetPassword(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user reset-password", stderr)
	db := dbFlag(fs, env)
	email := fs.String("email", env("READINESS_EMAIL"), "the user's email (env READINESS_EMAIL)")
	fromStdin := fs.Bool("password-stdin", false, "read the new password from the first line of standard input (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*fromStdin {
		return usageError{"--password-stdin is required: passwords never go on the command line"}
	}
	if strings.TrimSpace(*email) == "" {
		return usageError{"--email is required"}
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	if len([]rune(password)) < assessment.MinPasswordLen { // before opening the database: a weak password changes nothing
		return fmt.Errorf("the password must be at least %d characters", assessment.MinPasswordLen)
	}
	st, err := openStore(ctx, *db, "FULL", true)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := assessment.NewService(assessment.Config{Store: st})
	u, err := svc.SetPasswordByEmail(ctx, *email, password)
	if assessment.KindOf(err) == assessment.NotFound {
		return fmt.Errorf("no user has the email %s", strings.ToLower(strings.TrimSpace(*email)))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "set the password of %s %s (%s); their sessions and API tokens have ended\n", u.Role, u.Email, u.Name)
	return nil
}

// readPassword reads the first line of stdin, without its line ending.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
