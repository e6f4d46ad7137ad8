// Package storetest gives tests a fresh, migrated store on SQLite or
// PostgreSQL, and builders that seed it. Only _test.go files import it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates test databases

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/migrations"
)

// PostgresURL is the server the PostgreSQL tests use: READINESS_TEST_POSTGRES,
// or a local trust-auth server.
func PostgresURL() string {
	if u := os.Getenv("READINESS_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// New returns a store on a fresh, migrated SQLite file in tb.TempDir().
func New(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, filepath.Join(tb.TempDir(), "readiness.db"))
}

// open opens and migrates the store at dsn, closing it at cleanup.
func open(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close store: %v", err)
		}
	})
	if err := migrations.Apply(ctx, s.SQL(), s.Dialect()); err != nil {
		tb.Fatal(err)
	}
	return s
}

// NewPostgres returns a store on a new, migrated database of the server at
// PostgresURL, dropped at cleanup. Without a server it skips, except under
// CI=true, where a missing service is a failure.
func NewPostgres(tb testing.TB) *store.Store {
	tb.Helper()
	return open(tb, PostgresDatabase(tb))
}

// Open opens and migrates the store at dsn, closing it at cleanup: a second
// store on a PostgresDatabase plays a second instance of the service.
func Open(tb testing.TB, dsn string) *store.Store {
	tb.Helper()
	return open(tb, dsn)
}

// PostgresDatabase creates a new, empty database on the server at
// PostgresURL, dropped at cleanup, and returns its URL. Without a server it
// skips, except under CI=true.
func PostgresDatabase(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	admin := PostgresURL()
	db, err := sql.Open("pgx", admin)
	if err == nil {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		err = db.PingContext(pctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("postgres at %s: %v", redact(admin), err)
		}
		tb.Skipf("postgres not reachable at %s (%v); set READINESS_TEST_POSTGRES", redact(admin), err)
	}
	tb.Cleanup(func() { db.Close() })
	name := "readiness_t_" + random(8)
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database %s: %v", name, err)
	}
	// Registered before open's cleanups, so it runs after the stores are closed.
	tb.Cleanup(func() {
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("parse %s: %v", redact(admin), err)
	}
	u.Path = "/" + name
	return u.String()
}

// Each runs fn as the subtests "sqlite" and "postgres", each on a fresh store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, New(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgres(t)) })
}

// EachShared runs fn as the subtests "sqlite" and "postgres", each with two
// stores opened separately on one fresh database, as two processes sharing
// it (several serve instances, or serve and the command line) would be.
func EachShared(t *testing.T, fn func(t *testing.T, a, b *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "readiness.db")
		fn(t, open(t, path), open(t, path))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := PostgresDatabase(t)
		fn(t, open(t, dsn), open(t, dsn))
	})
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the configured URL"
	}
	return u.Redacted()
}

func random(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Workspace creates a new workspace with one consultant and returns the user.
func Workspace(tb testing.TB, s *store.Store) assessment.User {
	tb.Helper()
	id := random(6)
	u, err := s.AddUser(context.Background(), "workspace-"+id, assessment.User{
		Email: "consultant-" + id + "@example.com", Name: "Consultant " + id,
		Role: assessment.RoleConsultant, PasswordHash: "not-a-real-hash",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// Organisation creates an organisation in the workspace.
func Organisation(tb testing.TB, s *store.Store, workspaceID string) assessment.Organisation {
	tb.Helper()
	o, err := s.CreateOrganisation(context.Background(), assessment.Organisation{
		WorkspaceID: workspaceID, Name: "Client " + random(4), Industry: "retail",
	})
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

// Assessment creates an open workshop on model (Model() if nil) for a new
// organisation of the workspace.
func Assessment(tb testing.TB, s *store.Store, workspaceID string, model *assessment.Model) assessment.Assessment {
	tb.Helper()
	if model == nil {
		model = Model()
	}
	o := Organisation(tb, s, workspaceID)
	a, err := s.CreateAssessment(context.Background(), assessment.Assessment{
		WorkspaceID: workspaceID, OrganisationID: o.ID, Questionnaire: model.Slug,
		QuestionnaireVersion: model.Version, Mode: assessment.Workshop, Title: o.Name + ": " + model.Title,
		Status: assessment.Open, JoinCode: strings.ToUpper(random(4)),
	}, model)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// Respondent adds a respondent to a and returns it with its token hash.
func Respondent(tb testing.TB, s *store.Store, a assessment.Assessment) (assessment.Respondent, []byte) {
	tb.Helper()
	hash := []byte(random(32))
	r, err := s.AddRespondent(context.Background(), assessment.Respondent{
		AssessmentID: a.ID, Name: "Participant " + random(3), Role: "developer",
	}, hash)
	if err != nil {
		tb.Fatal(err)
	}
	return r, hash
}

// Answered adds n respondents to a who answered every question of m (a's
// questionnaire) at random from seed, written in one transaction of plain
// SQL, so that a large assessment is seeded in seconds, not an fsync per row.
func Answered(tb testing.TB, s *store.Store, a assessment.Assessment, m *assessment.Model, n int, seed uint64) {
	tb.Helper()
	ctx := context.Background()
	ids := make([]string, n)
	for i := range ids {
		r, _ := Respondent(tb, s, a)
		ids[i] = r.ID
	}
	insert := `INSERT INTO answers (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)`
	if s.Dialect() == "postgres" {
		for i := 1; strings.Contains(insert, "?"); i++ {
			insert = strings.Replace(insert, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	tx, err := s.SQL().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	rnd := mrand.New(mrand.NewPCG(seed, 2))
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, id := range ids {
		for ci := range m.Capabilities {
			for _, q := range m.Capabilities[ci].Questions {
				var option, text string
				var options sql.NullString
				var value sql.NullFloat64
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					option = q.Options[rnd.IntN(len(q.Options))].ID
				case assessment.Multi:
					var picked []string
					for _, o := range q.Options {
						if o.Score != nil && rnd.IntN(2) == 0 {
							picked = append(picked, `"`+o.ID+`"`)
						}
					}
					options = sql.NullString{String: "[" + strings.Join(picked, ",") + "]", Valid: true}
				case assessment.Scale:
					value = sql.NullFloat64{Float64: *q.Min + float64(rnd.IntN(int(*q.Max-*q.Min)+1)), Valid: true}
				case assessment.Text:
					text = "Some notes on what we do."
				}
				if _, err := tx.ExecContext(ctx, insert, id, q.ID, a.ID, option, options, value, text, at); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func score(f float64) *float64 { return &f }

// Model is a small questionnaire: two stages, three capabilities and a
// question of every type, with an unscored option of each kind.
func Model() *assessment.Model {
	return &assessment.Model{
		Slug: "test-readiness", Version: "1.2.0", Title: "Test readiness",
		Description: "A fixture for store tests.",
		Stages: []assessment.Stage{
			{ID: "ci", Title: "Continuous integration", Order: 1},
			{ID: "containers", Title: "Containerisation", Order: 2},
		},
		Capabilities: []assessment.Capability{
			{
				ID: "vcs", Title: "Version control", Stage: "ci", Target: 60,
				Perspectives:    []string{assessment.PerspectiveDevelopment},
				RecommendLow:    "Put everything in version control.",
				RecommendMiddle: "Review every change.",
				Questions: []assessment.Question{
					{ID: "vcs-use", Text: "How is code versioned?", Help: "Pick the closest.", Type: assessment.Single,
						Options: []assessment.Option{
							{ID: "none", Label: "Not at all", Score: score(0)},
							{ID: "some", Label: "Some of it", Score: score(0.5)},
							{ID: "all", Label: "All of it", Score: score(1)},
							{ID: "na", Label: "Does not apply", Unscored: assessment.NotApplicable},
						}},
					{ID: "vcs-review", Text: "Are changes reviewed?", Type: assessment.Boolean,
						Options: []assessment.Option{
							{ID: "no", Label: "No", Score: score(0)},
							{ID: "yes", Label: "Yes", Score: score(1)},
						}},
				},
			},
			{
				ID: "builds", Title: "Automated builds", Stage: "ci", Target: 50, Weight: 2,
				Requires: []string{"vcs"},
				Questions: []assessment.Question{
					{ID: "builds-triggers", Text: "What triggers a build?", Type: assessment.Multi, Weight: 1.5,
						Options: []assessment.Option{
							{ID: "push", Label: "Every push", Score: score(2)},
							{ID: "nightly", Label: "Nightly", Score: score(1)},
							{ID: "manual", Label: "By hand", Score: score(0)},
							{ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow},
						}},
					{ID: "builds-minutes", Text: "Minutes to build?", Type: assessment.Scale, Min: score(0), Max: score(60)},
				},
			},
			{
				ID: "images", Title: "Container images", Stage: "containers", Target: 70,
				Requires: []string{"builds"},
				Questions: []assessment.Question{
					{ID: "images-notes", Text: "Anything else?", Type: assessment.Text},
				},
			},
		},
	}
}
