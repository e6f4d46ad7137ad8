// Command readiness runs the Readiness service and its maintenance tasks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h printed what was asked for, as the flag package's own exit would
	}
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "readiness:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errReported means the command already told the user what went wrong.
var errReported = errors.New("reported")

// usageError is a mistake in how the command was called: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `usage: readiness COMMAND [flags]

commands:
  serve                  apply pending migrations, then serve the web app and API
  migrate [--status]     apply pending migrations, or list them
  user add               create a user (and its workspace); password on stdin
  user reset-password    set a user's password from stdin, ending their sessions
  questionnaire lint     validate questionnaire files
  backup                 copy a live database to a file
  report                 write an assessment's report: pdf, csv, json or roadmap-csv

Run "readiness COMMAND -h" for the flags of a command.`

// run is the whole program; tests call it with their own environment and streams.
func run(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return usageError{"no command given"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, env, stderr)
	case "migrate":
		return runMigrate(ctx, rest, env, stdout, stderr)
	case "user":
		if len(rest) > 0 && rest[0] == "reset-password" {
			return runUserResetPassword(ctx, rest[1:], env, stdin, stdout, stderr)
		}
		if len(rest) == 0 || rest[0] != "add" {
			return usageError{"usage: readiness user add --workspace W --email E --name N --role consultant|admin --password-stdin [--if-absent]\n" +
				"       readiness user reset-password --email E --password-stdin"}
		}
		return runUserAdd(ctx, rest[1:], env, stdin, stdout, stderr)
	case "questionnaire":
		if len(rest) == 0 || rest[0] != "lint" {
			return usageError{"usage: readiness questionnaire lint FILE..."}
		}
		return runLint(rest[1:], stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, env, stdout, stderr)
	case "report":
		return runReport(ctx, rest, env, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// envOr returns the environment twin of a flag, or def when it is unset.
func envOr(env func(string) string, key, def string) string {
	if v := env(key); v != "" {
		return v
	}
	return def
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// dbFlag adds the --db flag every database command shares.
func dbFlag(fs *flag.FlagSet, env func(string) string) *string {
	return fs.String("db", envOr(env, "READINESS_DB", "readiness.db"), "SQLite file or postgres:// URL (env READINESS_DB)")
}
