// Package migrations holds the database schema as numbered SQL files, one set
// per dialect, and applies them with goose. Files are append-only: a change to
// the schema is a new number in both sqlite/ and postgres/.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

// Table records which versions are applied.
const Table = "schema_migrations"

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// State is one migration as the database sees it.
type State struct {
	Version   int64
	Name      string // the file name, e.g. "0001_init.sql"
	Applied   bool
	AppliedAt time.Time // zero unless Applied
}

// Apply runs every pending migration, each in its own transaction. It is a
// no-op when the schema is current. On PostgreSQL an advisory lock keeps two
// instances starting at once from migrating together.
func Apply(ctx context.Context, db *sql.DB, dialect string) error {
	p, err := provider(db, dialect)
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("apply %s migrations: %w", dialect, err)
	}
	return nil
}

// Status lists every known migration in version order.
func Status(ctx context.Context, db *sql.DB, dialect string) ([]State, error) {
	p, err := provider(db, dialect)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("read %s migration status: %w", dialect, err)
	}
	out := make([]State, 0, len(st))
	for _, m := range st {
		out = append(out, State{
			Version:   m.Source.Version,
			Name:      path.Base(m.Source.Path),
			Applied:   m.State == goose.StateApplied,
			AppliedAt: m.AppliedAt,
		})
	}
	return out, nil
}

// Pending counts the migrations not yet applied; /healthz is ok only at zero.
func Pending(ctx context.Context, db *sql.DB, dialect string) (int, error) {
	st, err := Status(ctx, db, dialect)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range st {
		if !m.Applied {
			n++
		}
	}
	return n, nil
}

// Files returns the migration files of one dialect, for tests and listings.
func Files(dialect string) (fs.FS, error) {
	if _, err := gooseDialect(dialect); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(files, dialect)
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", dialect, err)
	}
	return sub, nil
}

func gooseDialect(dialect string) (goose.Dialect, error) {
	switch dialect {
	case "sqlite":
		return database.DialectSQLite3, nil
	case "postgres":
		return database.DialectPostgres, nil
	}
	return "", fmt.Errorf("unknown database dialect %q (want sqlite or postgres)", dialect)
}

// provider builds a goose provider that uses neither goose's global registry
// nor its default logger, so two callers never share state.
func provider(db *sql.DB, dialect string) (*goose.Provider, error) {
	d, err := gooseDialect(dialect)
	if err != nil {
		return nil, err
	}
	fsys, err := Files(dialect)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{
		goose.WithTableName(Table),
		goose.WithDisableGlobalRegistry(true),
		goose.WithLogger(goose.NopLogger()),
	}
	if dialect == "postgres" {
		// Several instances may share one PostgreSQL and start together.
		l, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(l))
	}
	p, err := goose.NewProvider(d, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("load %s migrations: %w", dialect, err)
	}
	return p, nil
}
