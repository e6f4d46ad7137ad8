package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func pragma(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	var v string
	if err := s.SQL().QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func inDir(name string) func(dir string) string {
	return func(dir string) string { return filepath.Join(dir, name) }
}

func TestOpenSQLite(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name        string
		dsn         func(dir string) string
		synchronous string
		wantSync    string // "" means Open must refuse
	}{
		{"default is FULL", inDir("a.db"), "", "2"},
		{"NORMAL on request", inDir("b.db"), "normal", "1"},
		{"file: DSN", func(dir string) string { return "file:" + filepath.Join(dir, "c.db") + "?cache=private" }, "", "2"},
		{"unknown synchronous", inDir("d.db"), "OFF", ""},
		{"a DSN overriding the journal", inDir("e.db?_journal_mode=DELETE"), "", ""},
		{"a DSN turning off foreign keys", inDir("f.db?_foreign_keys=0"), "", ""},
		{"in memory", func(string) string { return ":memory:" }, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := tt.dsn(t.TempDir())
			s, err := store.Open(ctx, dsn, store.Options{SQLiteSynchronous: tt.synchronous})
			if tt.wantSync == "" {
				if err == nil {
					s.Close()
					t.Fatalf("Open(%q) succeeded, want a refusal", dsn)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Dialect() != "sqlite" {
				t.Errorf("dialect %q", s.Dialect())
			}
			for name, want := range map[string]string{"journal_mode": "wal", "synchronous": tt.wantSync,
				"busy_timeout": "10000", "foreign_keys": "1"} {
				if got := pragma(t, s, name); got != want {
					t.Errorf("PRAGMA %s = %s, want %s", name, got, want)
				}
			}
			if err := s.Ping(ctx); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestOpenPostgres(t *testing.T) {
	s := storetest.NewPostgres(t)
	if s.Dialect() != "postgres" {
		t.Errorf("dialect %q", s.Dialect())
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Error(err)
	}
	err := s.Backup(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if assessment.KindOf(err) != assessment.Invalid || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL: %v, want an Invalid error naming pg_dump", err)
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	s := storetest.New(t)
	u := storetest.Workspace(t, s)
	a := storetest.Assessment(t, s, u.WorkspaceID, nil)
	r, _ := storetest.Respondent(t, s, a)
	for _, in := range []assessment.Answer{
		{RespondentID: r.ID, QuestionID: "vcs-use", Option: "all", Comment: "yes"},
		{RespondentID: r.ID, QuestionID: "builds-triggers", Options: []string{"push"}},
		{RespondentID: r.ID, QuestionID: "builds-minutes", Value: value(7)},
	} {
		if _, err := s.SaveAnswer(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	want, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(ctx, out, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, err := b.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("backup holds %+v, want %+v", got, want)
	}
	if _, err := b.Definition(ctx, a.ID); err != nil {
		t.Errorf("backup lost the definition: %v", err)
	}

	t.Run("never overwrites", func(t *testing.T) {
		existing := filepath.Join(t.TempDir(), "existing.db")
		if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
			t.Fatal(err)
		}
		wantKind(t, s.Backup(ctx, existing), assessment.Conflict)
		if b, _ := os.ReadFile(existing); string(b) != "keep me" {
			t.Errorf("existing file now holds %q", b)
		}
	})
}

// TestCheckDurabilityPostgres reads the server's settings back: the local
// server syncs its commits; a connection with synchronous_commit off (set
// here as a startup parameter of the URL) is refused by name.
func TestCheckDurabilityPostgres(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresDatabase(t)
	for _, tt := range []struct {
		query string
		want  string // "" means durable
	}{
		{"", ""},
		{"synchronous_commit=off", "synchronous_commit is off"},
		{"synchronous_commit=local", ""},
	} {
		u := dsn
		if tt.query != "" {
			u += "&" + tt.query
		}
		s, err := store.Open(ctx, u, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = s.CheckDurability(ctx)
		s.Close()
		if tt.want == "" && err != nil {
			t.Errorf("%q: %v, want durable", tt.query, err)
		}
		if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%q: %v, want an error saying %q", tt.query, err, tt.want)
		}
	}
}

func TestCheckDurabilitySQLite(t *testing.T) {
	if err := storetest.New(t).CheckDurability(context.Background()); err != nil {
		t.Error(err)
	}
}
