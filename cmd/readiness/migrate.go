package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/migrations"
)

func runMigrate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	db := dbFlag(fs, env)
	status := fs.Bool("status", false, "list migrations and whether each is applied, then exit")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	open := func() (*store.Store, error) { return openStore(ctx, *db, "FULL", true) }
	if *status {
		// --status must work on a stale database too, so open without the pending check.
		open = func() (*store.Store, error) { return openStoreNoCheck(ctx, *db) }
	}
	st, err := open()
	if err != nil {
		return err
	}
	defer st.Close()
	states, err := migrations.Status(ctx, st.SQL(), st.Dialect())
	if err != nil {
		return fmt.Errorf("read migration status: %w", err)
	}
	if !*status {
		fmt.Fprintf(stdout, "database is at version %d (%d migrations)\n", latestApplied(states), len(states))
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tSTATE\tAPPLIED AT")
	for _, s := range states {
		state, at := "pending", ""
		if s.Applied {
			state, at = "applied", s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
		}
		fmt.Fprintf(tw, "%04d\t%s\t%s\t%s\n", s.Version, s.Name, state, at)
	}
	return tw.Flush()
}

func latestApplied(states []migrations.State) int64 {
	var v int64
	for _, s := range states {
		if s.Applied && s.Version > v {
			v = s.Version
		}
	}
	return v
}
