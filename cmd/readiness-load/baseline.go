package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver the server uses for SQLite
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

// runBaseline creates a fresh database in dir and runs one writer per entry
// of work, each upserting its answers one commit at a time, all at once. It
// stops early, without counting the unfinished upsert as an error, when ctx
// ends.
func runBaseline(ctx context.Context, dir, synchronous string, work [][]put) (phase, []string, error) {
	db, err := openBaseline(ctx, filepath.Join(dir, "baseline.db"), synchronous)
	if err != nil {
		return phase{}, nil, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, baselineSchema); err != nil {
		return phase{}, nil, fmt.Errorf("create baseline schema: %w", err)
	}
	ids := make([]string, len(work))
	for i := range work {
		ids[i] = fmt.Sprintf("respondent-%06d", i)
		if _, err := db.ExecContext(ctx, "INSERT INTO respondents (id) VALUES (?)", ids[i]); err != nil {
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
				err := upsert(ctx, db, ids[i], p)
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
func upsert(ctx context.Context, db *sql.DB, respondent string, p put) error {
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
	if _, err := db.ExecContext(ctx, baselineUpsert, respondent, p.question, "load-assessment",
		option, options, value, text, time.Now().UTC()); err != nil {
		return fmt.Errorf("upsert %s: %w", p.question, err)
	}
	return nil
}
