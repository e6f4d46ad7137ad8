package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver the server uses for PostgreSQL
	_ "github.com/mattn/go-sqlite3"    // the driver the server uses for SQLite
)

// baselineBusyTimeout matches the server's busy timeout (assessment/store).
const baselineBusyTimeout = 10 * time.Second

// baselineSchema copies the server's answers table and the respondents key it
// references, so each upsert checks the same foreign key and writes a row of
// the same shape.
const baselineSchema = `
CREATE TABLE respondents (
    id TEXT PRIMARY KEY
);
CREATE TABLE answers (
    respondent_id TEXT NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    option        TEXT NOT NULL DEFAULT '',
    options       TEXT,
    value         REAL,
    text          TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (respondent_id, question_id)
);
CREATE INDEX answers_assessment_id ON answers (assessment_id, respondent_id, question_id);`

const baselineUpsert = `INSERT INTO answers
    (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)
ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    option = excluded.option, options = excluded.options, value = excluded.value,
    text = excluded.text, comment = excluded.comment, updated_at = excluded.updated_at`

// baselineSchemaPostgres copies the server's PostgreSQL answers table with
// both the keys it references, respondents and the one assessment, so each
// insert checks the same two foreign keys (and locks the same assessment row
// FOR KEY SHARE, as the server's inserts do).
const baselineSchemaPostgres = `
CREATE TABLE assessments (
    id TEXT PRIMARY KEY
);
CREATE TABLE respondents (
    id            TEXT PRIMARY KEY,
    assessment_id TEXT NOT NULL REFERENCES assessments (id)
);
CREATE TABLE answers (
    respondent_id TEXT COLLATE "C" NOT NULL REFERENCES respondents (id) ON DELETE CASCADE,
    question_id   TEXT COLLATE "C" NOT NULL,
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    option        TEXT NOT NULL DEFAULT '',
    options       TEXT,
    value         DOUBLE PRECISION,
    text          TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (respondent_id, question_id)
);
CREATE INDEX answers_assessment_id ON answers (assessment_id, respondent_id, question_id);`

const baselineUpsertPostgres = `INSERT INTO answers
    (respondent_id, question_id, assessment_id, option, options, value, text, comment, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8)
ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    option = excluded.option, options = excluded.options, value = excluded.value,
    text = excluded.text, comment = excluded.comment, updated_at = excluded.updated_at`

// baselineScan reads back every answer of the baseline's one assessment, as
// the server must to compute its result: the raw floor of GET .../result.
const baselineScan = `SELECT respondent_id, question_id, option, options, value, text, comment, updated_at
FROM answers WHERE assessment_id = ? ORDER BY respondent_id, question_id`

// baselineAssessment is the assessment ID every baseline answer refers to.
const baselineAssessment = "load-assessment"

// rawDB is the raw baseline's database: a fresh SQLite file with the
// server's settings, or a fresh schema on the server's PostgreSQL.
type rawDB struct {
	db      *sql.DB
	desc    string // what the table says of it
	schema  string // PostgreSQL: the schema it made
	upsert  string
	addResp string // inserts one respondent; parameter: its id
	scan    string
	cleanup func() error
}

func (r *rawDB) Close() error { return r.cleanup() }

// openRawSQLite creates the baseline database in dir.
func openRawSQLite(ctx context.Context, dir, synchronous string) (*rawDB, error) {
	db, err := openBaseline(ctx, filepath.Join(dir, "baseline.db"), synchronous)
	if err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, baselineSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("create baseline schema: %w", err)
	}
	return &rawDB{db: db, desc: "sqlite, synchronous=" + strings.ToUpper(synchronous), upsert: baselineUpsert,
		addResp: "INSERT INTO respondents (id) VALUES (?)", scan: baselineScan, cleanup: db.Close}, nil
}

// openRawPostgres creates a schema of its own in the database at dsn, with
// a pool of conns connections (the server's is 32), dropped by Close. It
// reads back the durability settings, which decide what a commit costs, and
// names them in the table.
func openRawPostgres(ctx context.Context, dsn string, conns int) (*rawDB, error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open baseline postgres: %w", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "readiness_load_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, fmt.Errorf("create baseline schema: %w", err)
	}
	drop := func() error {
		_, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		return errors.Join(err, admin.Close())
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("parse --baseline-db: %w", err), drop())
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open baseline postgres: %w", err), drop())
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	r := &rawDB{db: db, schema: schema, upsert: baselineUpsertPostgres,
		addResp: "INSERT INTO respondents (id, assessment_id) VALUES ($1, '" + baselineAssessment + "')", scan: strings.Replace(baselineScan, "?", "$1", 1),
		cleanup: func() error { return errors.Join(db.Close(), drop()) }}
	var syncCommit, fsync string
	if err := db.QueryRowContext(ctx, "SELECT current_setting('synchronous_commit'), current_setting('fsync')").
		Scan(&syncCommit, &fsync); err != nil {
		return nil, errors.Join(fmt.Errorf("read baseline settings: %w", err), r.Close())
	}
	r.desc = fmt.Sprintf("postgres, %d connections, synchronous_commit=%s, fsync=%s", conns, syncCommit, fsync)
	if _, err := db.ExecContext(ctx, baselineSchemaPostgres); err != nil {
		return nil, errors.Join(fmt.Errorf("create baseline tables: %w", err), r.Close())
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO assessments (id) VALUES ($1)", baselineAssessment); err != nil {
		return nil, errors.Join(fmt.Errorf("add baseline assessment: %w", err), r.Close())
	}
	return r, nil
}

// put is one answer a participant (or a baseline writer) sends.
type put struct {
	question string
	answer   answer
	body     []byte
}

// openBaseline opens path the way the server opens its write pool: WAL, the
// given synchronous mode, the server's busy timeout, foreign keys, immediate
// transactions and a single connection. It reads the settings back because
// the driver ignores a DSN key it does not know.
func openBaseline(ctx context.Context, path, synchronous string) (*sql.DB, error) {
	wantSync := map[string]int{"FULL": 2, "NORMAL": 1}
	synchronous = strings.ToUpper(synchronous)
	if _, ok := wantSync[synchronous]; !ok {
		return nil, fmt.Errorf("sqlite synchronous %q: want FULL or NORMAL", synchronous)
	}
	p := url.Values{}
	p.Set("_journal_mode", "WAL")
	p.Set("_synchronous", synchronous)
	p.Set("_busy_timeout", fmt.Sprint(baselineBusyTimeout.Milliseconds()))
	p.Set("_foreign_keys", "1")
	// Only explicit transactions use it; it is here so the connection is the server's.
	p.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(path)+"?"+p.Encode())
	if err != nil {
		return nil, fmt.Errorf("open baseline %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	var mode string
	var syncMode, busy, fk int
	for _, q := range []struct {
		pragma string
		dest   any
	}{{"journal_mode", &mode}, {"synchronous", &syncMode}, {"busy_timeout", &busy}, {"foreign_keys", &fk}} {
		if err := db.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.dest); err != nil {
			db.Close()
			return nil, fmt.Errorf("baseline %s: read pragma %s: %w", path, q.pragma, err)
		}
	}
	if mode != "wal" || syncMode != wantSync[synchronous] || busy != int(baselineBusyTimeout.Milliseconds()) || fk != 1 {
		db.Close()
		return nil, fmt.Errorf("baseline %s: settings journal_mode=%s synchronous=%d busy_timeout=%d foreign_keys=%d are not the server's",
			path, mode, syncMode, busy, fk)
	}
	return db, nil
}

// runBaseline creates a fresh SQLite database in dir and runs the baseline
// writers on it (see rawDB.run).
func runBaseline(ctx context.Context, dir, synchronous string, work [][]put) (phase, []string, error) {
	r, err := openRawSQLite(ctx, dir, synchronous)
	if err != nil {
		return phase{}, nil, err
	}
	defer r.Close()
	return r.run(ctx, work)
}

// run adds one respondent per entry of work and runs one writer for each,
// upserting its answers one commit at a time, all at once. It stops early,
// without counting the unfinished upsert as an error, when ctx ends.
func (r *rawDB) run(ctx context.Context, work [][]put) (phase, []string, error) {
	db := r.db
	ids := make([]string, len(work))
	for i := range work {
		ids[i] = fmt.Sprintf("respondent-%06d", i)
		if _, err := db.ExecContext(ctx, r.addResp, ids[i]); err != nil {
			return phase{}, nil, fmt.Errorf("add baseline respondent: %w", err)
		}
	}

	var (
		mu      sync.Mutex
		lat     = make([]time.Duration, 0, len(work)*len(work[0]))
		errs    int
		samples []string
		wg      sync.WaitGroup
	)
	start := time.Now()
	for i, puts := range work {
		wg.Go(func() {
			mine := make([]time.Duration, 0, len(puts))
			var myErrs int
			var mySamples []string
			for _, p := range puts {
				if ctx.Err() != nil {
					break
				}
				t := time.Now()
				err := upsert(ctx, db, r.upsert, ids[i], p)
				d := time.Since(t)
				switch {
				case err == nil:
					mine = append(mine, d)
				case ctx.Err() != nil && errors.Is(err, ctx.Err()):
				default:
					myErrs++
					if len(mySamples) < maxErrorSamples {
						mySamples = append(mySamples, err.Error())
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, mine...)
			errs += myErrs
			for _, s := range mySamples {
				if len(samples) < maxErrorSamples {
					samples = append(samples, s)
				}
			}
		})
	}
	wg.Wait()
	return newPhase(lat, errs, time.Since(start)), samples, nil
}

// upsert stores one answer as one autocommit statement, its own commit, as
// the server's save is. An explicit BEGIN/COMMIT around it holds the single
// connection over three calls instead of one and measured 20-55% slower with
// 100 writers, which would flatter the server.
func upsert(ctx context.Context, db *sql.DB, query, respondent string, p put) error {
	var option, text string
	var options sql.NullString
	var value sql.NullFloat64
	switch a := p.answer; {
	case a.Option != nil:
		option = *a.Option
	case a.Options != nil:
		b, err := json.Marshal(*a.Options)
		if err != nil {
			return fmt.Errorf("encode options of %s: %w", p.question, err)
		}
		options = sql.NullString{String: string(b), Valid: true}
	case a.Value != nil:
		value = sql.NullFloat64{Float64: *a.Value, Valid: true}
	case a.Text != nil:
		text = *a.Text
	}
	if _, err := db.ExecContext(ctx, query, respondent, p.question, baselineAssessment,
		option, options, value, text, time.Now().UTC()); err != nil {
		return fmt.Errorf("upsert %s: %w", p.question, err)
	}
	return nil
}

// scanAll reads every baseline answer with database/sql alone and returns
// how many there were.
func (r *rawDB) scanAll(ctx context.Context) (int, error) {
	rows, err := r.db.QueryContext(ctx, r.scan, baselineAssessment)
	if err != nil {
		return 0, fmt.Errorf("baseline scan: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var respondent, question, option, text, comment string
		var options sql.NullString
		var value sql.NullFloat64
		var updated time.Time
		if err := rows.Scan(&respondent, &question, &option, &options, &value, &text, &comment, &updated); err != nil {
			return n, fmt.Errorf("baseline scan: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("baseline scan: %w", err)
	}
	return n, nil
}
