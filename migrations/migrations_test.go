package migrations_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3"

	"github.com/readiness/readiness/migrations"
)

var fileName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

func versions(t *testing.T, dialect string) []int64 {
	t.Helper()
	fsys, err := migrations.Files(dialect)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range entries {
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			t.Errorf("%s/%s: want NNNN_name.sql", dialect, e.Name())
			continue
		}
		v, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, v)
	}
	return out
}

func TestFilesNumberedInStep(t *testing.T) {
	sqlite, postgres := versions(t, "sqlite"), versions(t, "postgres")
	for i, v := range sqlite {
		if want := int64(i + 1); v != want {
			t.Errorf("sqlite: version %d at position %d, want %d (gap or duplicate)", v, i, want)
		}
	}
	if !slices.Equal(sqlite, postgres) {
		t.Errorf("dialects differ: sqlite %v, postgres %v", sqlite, postgres)
	}
	if len(sqlite) == 0 {
		t.Fatal("no migrations")
	}
}

func TestUnknownDialect(t *testing.T) {
	db := openSQLite(t)
	if err := migrations.Apply(context.Background(), db, "mysql"); err == nil {
		t.Fatal("Apply with dialect mysql: want an error")
	}
}

func TestApply(t *testing.T) {
	for _, tt := range []struct {
		dialect string
		open    func(*testing.T) *sql.DB
	}{
		{"sqlite", openSQLite},
		{"postgres", openPostgres},
	} {
		t.Run(tt.dialect, func(t *testing.T) {
			ctx := context.Background()
			db := tt.open(t)
			n, err := migrations.Pending(ctx, db, tt.dialect)
			if err != nil {
				t.Fatal(err)
			}
			if want := len(versions(t, tt.dialect)); n != want {
				t.Errorf("pending before Apply: %d, want %d", n, want)
			}
			for i := range 2 { // the second run must be a no-op
				if err := migrations.Apply(ctx, db, tt.dialect); err != nil {
					t.Fatalf("Apply #%d: %v", i+1, err)
				}
			}
			st, err := migrations.Status(ctx, db, tt.dialect)
			if err != nil {
				t.Fatal(err)
			}
			if len(st) == 0 {
				t.Fatal("Status: no migrations")
			}
			for _, m := range st {
				if !m.Applied || m.AppliedAt.IsZero() {
					t.Errorf("%04d %s: applied %v at %v, want applied", m.Version, m.Name, m.Applied, m.AppliedAt)
				}
			}
			if n, err := migrations.Pending(ctx, db, tt.dialect); err != nil || n != 0 {
				t.Errorf("Pending after Apply: %d, %v; want 0", n, err)
			}
			var rows int
			if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+migrations.Table+" WHERE version_id > 0").Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if rows != len(st) {
				t.Errorf("%s has %d versions, want %d: Apply twice recorded twice", migrations.Table, rows, len(st))
			}
		})
	}
}

func openSQLite(t *testing.T) *sql.DB {
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "m.db")+"?_foreign_keys=1&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres gives the test its own database on the server named by
// READINESS_TEST_POSTGRES; it skips when there is none, except under CI.
func openPostgres(t *testing.T) *sql.DB {
	admin := os.Getenv("READINESS_TEST_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx := context.Background()
	adb, err := sql.Open("pgx", admin)
	if err == nil {
		err = adb.PingContext(ctx)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("postgres at %s: %v", admin, err)
		}
		t.Skipf("postgres not reachable (%v); set READINESS_TEST_POSTGRES", err)
	}
	t.Cleanup(func() { adb.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	name := "readiness_m_" + hex.EncodeToString(b)
	if _, err := adb.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		if _, err := adb.ExecContext(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
	return db
}
