package main

import (
	"context"
	"fmt"
	"io"
)

func runBackup(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	db := dbFlag(fs, env)
	out := fs.String("out", "", "file to write the copy to; must not exist")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE is required"}
	}
	st, err := openStoreNoCheck(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return fmt.Errorf("back up: %w", err)
	}
	fmt.Fprintf(stdout, "backed up to %s\n", *out)
	return nil
}
