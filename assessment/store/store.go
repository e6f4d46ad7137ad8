// Package store keeps assessments on SQLite (the default, embedded) or on
// PostgreSQL (for several instances) through gorm. It implements the store
// interfaces of package assessment; the schema itself is package migrations,
// which the caller applies after Open.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/sync/singleflight"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"github.com/readiness/readiness/assessment"
)

// Options tune Open. The zero value is the safe default.
type Options struct {
	// SQLiteSynchronous is "FULL" (the default: every commit is synced, so an
	// acknowledged answer survives a power cut) or "NORMAL" (faster; survives a
	// crash of the process but may lose the last commits on power loss).
	SQLiteSynchronous string
	// Now is the clock for the times the store stamps; time.Now if nil.
	Now func() time.Time
}

// busyTimeout is how long a SQLite connection waits for a lock before failing.
// Writes are serialised on one connection, so it only matters against other
// processes (a backup, the CLI) holding the database.
const busyTimeout = 10 * time.Second

// postgresAnswerWorkers is how many transactions of batched answers run at
// once on PostgreSQL.
const postgresAnswerWorkers = 4

// Store implements assessment.Store.
type Store struct {
	w, r    *gorm.DB // writes and reads; one pool on PostgreSQL
	wsql    *sql.DB
	rsql    *sql.DB
	dialect string
	dsn     string // SQLite: the DSN with our settings, for Backup
	q       queries
	now     func() time.Time
	writer  *answerWriter // group commit of SaveAnswer
	events  *eventLog
	tokens  *tokenReader // PostgreSQL: grouped lookups of RespondentByToken
	pgDSN   string       // PostgreSQL: for the connection that LISTENs
	obs     atomic.Pointer[Observer]
	// definitions lets concurrent reads of one assessment's definition share one.
	definitions singleflight.Group
}

var (
	_ assessment.Store    = (*Store)(nil)
	_ assessment.EventLog = (*Store)(nil)
)

// Open connects to dsn: a SQLite file path (or a "file:" DSN), or a
// postgres:// or postgresql:// URL. It does not migrate: run
// migrations.Apply(ctx, st.SQL(), st.Dialect()) next.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s := &Store{now: opt.Now}
	s.Observe(Observer{})
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		err = s.openPostgres(ctx, dsn)
	} else {
		err = s.openSQLite(ctx, dsn, opt.SQLiteSynchronous)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.q = queriesFor(s.dialect)
	translate := func(err error) error { return err }
	if t, ok := s.w.Dialector.(gorm.ErrorTranslator); ok {
		translate = t.Translate
	}
	// Batching answers saves a commit (an fsync) per answer: SQLite has one
	// writer, so one worker; PostgreSQL groups the WAL flushes of
	// concurrent commits by itself, so a few workers keep it busy.
	s.events = newEventLog(s)
	if s.dialect == "sqlite" {
		eventSQL, _ := s.insertEvents(make([]assessment.Event, 1), time.Time{})
		s.writer = newAnswerWriter(s.wsql, s.q.saveAnswer, eventSQL, "", "", translate, 1, s.events.committed, s.observer)
	} else {
		s.writer = newAnswerWriter(s.wsql, "", "", saveAnswersPostgres, savesLockShared, translate, postgresAnswerWorkers, s.events.committed, s.observer)
		s.tokens = newTokenReader(s)
	}
	return s, nil
}

func gormConfig(now func() time.Time) *gorm.Config {
	return &gorm.Config{
		TranslateError: true,
		// The store returns errors; it never logs them (a missing row is not news).
		Logger:  logger.Discard,
		NowFunc: now,
		// Each multi-row write is an explicit Transaction; a lone statement
		// commits by itself and needs no BEGIN/COMMIT round trip around it.
		SkipDefaultTransaction: true,
	}
}

func (s *Store) openPostgres(ctx context.Context, dsn string) error {
	s.dialect = "postgres"
	s.pgDSN = dsn
	db, err := gorm.Open(postgres.Open(dsn), gormConfig(s.now))
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	s.w, s.r = db, db
	if s.wsql, err = db.DB(); err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	s.rsql = s.wsql
	s.wsql.SetMaxOpenConns(32)
	s.wsql.SetMaxIdleConns(32)
	s.wsql.SetConnMaxIdleTime(5 * time.Minute)
	if err := s.wsql.PingContext(ctx); err != nil {
		return fmt.Errorf("connect to postgres: %w", err)
	}
	return nil
}

// sqliteSettings is what every SQLite connection must run with; Open reads
// each back, because a DSN key a driver does not know is silently ignored.
type sqliteSettings struct {
	journalMode string // "wal"
	synchronous int    // 1 NORMAL, 2 FULL
	busyTimeout int    // milliseconds
	foreignKeys int    // 1
}

func (s *Store) openSQLite(ctx context.Context, dsn, synchronous string) error {
	s.dialect = "sqlite"
	want := sqliteSettings{journalMode: "wal", busyTimeout: int(busyTimeout / time.Millisecond), foreignKeys: 1}
	switch strings.ToUpper(synchronous) {
	case "", "FULL":
		synchronous, want.synchronous = "FULL", 2
	case "NORMAL":
		synchronous, want.synchronous = "NORMAL", 1
	default:
		return fmt.Errorf("sqlite synchronous %q: want FULL or NORMAL", synchronous)
	}
	if dsn == "" || strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
		return fmt.Errorf("sqlite database %q: want a file (WAL and a separate read pool need one)", dsn)
	}
	p := url.Values{}
	p.Set("_journal_mode", "WAL")
	p.Set("_synchronous", synchronous)
	p.Set("_busy_timeout", fmt.Sprint(want.busyTimeout))
	p.Set("_foreign_keys", "1")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	base := dsn + sep + p.Encode()
	s.dsn = base

	// SQLite has one writer at a time. A deferred transaction that reads and
	// then writes fails at once with SQLITE_BUSY when another writer got in
	// first, without calling the busy handler; so all writes share one
	// connection and every transaction on it begins IMMEDIATE. Reads run
	// beside it on their own pool: WAL lets them see the last commit.
	var err error
	if s.wsql, err = sql.Open("sqlite3", base+"&_txlock=immediate"); err != nil {
		return fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	s.wsql.SetMaxOpenConns(1)
	s.wsql.SetMaxIdleConns(1)
	s.wsql.SetConnMaxLifetime(0)
	s.wsql.SetConnMaxIdleTime(0)
	// The writer connects first so that it, not a reader, switches a new file to WAL.
	if err := checkSQLite(ctx, s.wsql, want); err != nil {
		return fmt.Errorf("sqlite %s write connection: %w", dsn, err)
	}
	if s.rsql, err = sql.Open("sqlite3", base+"&_query_only=1"); err != nil {
		return fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	s.rsql.SetMaxOpenConns(n)
	s.rsql.SetMaxIdleConns(n)
	s.rsql.SetConnMaxIdleTime(5 * time.Minute)
	if err := checkSQLite(ctx, s.rsql, want); err != nil {
		return fmt.Errorf("sqlite %s read connection: %w", dsn, err)
	}
	if s.w, err = gorm.Open(sqlite.New(sqlite.Config{Conn: s.wsql}), gormConfig(s.now)); err != nil {
		return fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	if s.r, err = gorm.Open(sqlite.New(sqlite.Config{Conn: s.rsql}), gormConfig(s.now)); err != nil {
		return fmt.Errorf("open sqlite %s: %w", dsn, err)
	}
	return nil
}

// checkSQLite refuses a connection whose settings differ from want.
func checkSQLite(ctx context.Context, db *sql.DB, want sqliteSettings) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	var got sqliteSettings
	for _, p := range []struct {
		pragma string
		dest   any
	}{
		{"journal_mode", &got.journalMode},
		{"synchronous", &got.synchronous},
		{"busy_timeout", &got.busyTimeout},
		{"foreign_keys", &got.foreignKeys},
	} {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(p.dest); err != nil {
			return fmt.Errorf("read pragma %s: %w", p.pragma, err)
		}
	}
	got.journalMode = strings.ToLower(got.journalMode)
	if got != want {
		return fmt.Errorf("settings are %+v, want %+v: refusing to run without them", got, want)
	}
	return nil
}

// Close stops the answer writer, then closes both pools. Answers still
// queued fail; a batch being written fails unless it has already committed.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.stop()
	}
	if s.tokens != nil {
		s.tokens.stop()
	}
	if s.events != nil {
		s.events.close()
	}
	var errs []error
	if s.rsql != nil && s.rsql != s.wsql {
		errs = append(errs, s.rsql.Close())
	}
	if s.wsql != nil {
		errs = append(errs, s.wsql.Close())
	}
	return errors.Join(errs...)
}

// Dialect names the database: "sqlite" or "postgres", as package migrations
// expects it.
func (s *Store) Dialect() string { return s.dialect }

// SQL returns the write pool, for migrations. On SQLite it holds one
// connection: do not keep a transaction open on it.
func (s *Store) SQL() *sql.DB { return s.wsql }

// Ping checks that the database answers on every pool.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.wsql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.dialect, err)
	}
	if err := s.rsql.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s readers: %w", s.dialect, err)
	}
	return nil
}

// Backup writes a consistent copy of a live SQLite database to the new file
// out. It never overwrites a file. A PostgreSQL database is backed up with
// pg_dump instead.
func (s *Store) Backup(ctx context.Context, out string) error {
	if s.dialect != "sqlite" {
		return assessment.Errorf(assessment.Invalid, "the database is PostgreSQL: back it up with pg_dump")
	}
	if _, err := os.Stat(out); err == nil {
		return assessment.Errorf(assessment.Conflict, "%s already exists: choose a new file", out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	// VACUUM INTO reads one snapshot, so writers go on meanwhile. It runs on a
	// connection of its own: the readers are query-only, which forbids it.
	db, err := sql.Open("sqlite3", s.dsn)
	if err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", out); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	return nil
}

// clock is the store's now in the form every stored time takes.
func (s *Store) clock() time.Time { return ts(s.now()) }

// ts puts t in UTC at microsecond precision: PostgreSQL keeps no more, and in
// SQLite UTC times stored as text compare correctly.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func tsPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := ts(*t)
	return &u
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns 16 lower-case base32 characters: 80 random bits.
func newID() string {
	b := make([]byte, 10)
	rand.Read(b) // never fails (crypto/rand, Go ≥ 1.24)
	return idEncoding.EncodeToString(b)
}

// inWorkspace scopes a query to one tenant. Every query on a tenant's rows
// goes through it, so that another workspace's object is simply not found.
func inWorkspace(id string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Where(clause.Eq{Column: clause.Column{Table: clause.CurrentTable, Name: "workspace_id"}, Value: id})
	}
}

// translate turns gorm's errors into the domain's words. A missing row and a
// broken reference are NotFound; a duplicate key is Conflict. Messages stay
// vague on purpose: a 404 must not say whether the object exists elsewhere.
func translate(err error) error {
	var e *assessment.Error
	var pe *pgconn.PgError
	switch {
	case err == nil, errors.As(err, &e):
		return err
	case errors.As(err, &pe) && pe.Code == "23505": // unique_violation, where gorm did not translate
		return assessment.Errorf(assessment.Conflict, "already exists")
	case errors.As(err, &pe) && pe.Code == "23503": // foreign_key_violation
		return assessment.Errorf(assessment.NotFound, "refers to something that does not exist")
	case errors.Is(err, gorm.ErrRecordNotFound):
		return assessment.Errorf(assessment.NotFound, "not found")
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return assessment.Errorf(assessment.NotFound, "refers to something that does not exist")
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return assessment.Errorf(assessment.Conflict, "already exists")
	}
	return err
}

// CheckDurability reads back the settings that decide whether a commit is
// durable, and returns an error naming those that are not. On PostgreSQL
// they are the server's: with synchronous_commit off a commit returns before
// its WAL reaches the disk, with fsync off the disk may never have it, and
// either way an acknowledged answer can be lost in a crash. SQLite's
// synchronous mode is the store's own, set and read back by Open.
func (s *Store) CheckDurability(ctx context.Context) error {
	if s.dialect != "postgres" {
		return nil
	}
	var syncCommit, fsync string
	if err := s.wsql.QueryRowContext(ctx, "SELECT current_setting('synchronous_commit'), current_setting('fsync')").
		Scan(&syncCommit, &fsync); err != nil {
		return fmt.Errorf("read durability settings: %w", err)
	}
	return unsafeDurability(syncCommit, fsync)
}

// unsafeDurability names what is unsafe in PostgreSQL's settings, or nil.
// Every synchronous_commit but off (local, remote_write, on, remote_apply)
// waits at least for the local WAL flush.
func unsafeDurability(syncCommit, fsync string) error {
	var bad []string
	if strings.EqualFold(syncCommit, "off") {
		bad = append(bad, "synchronous_commit is off")
	}
	if strings.EqualFold(fsync, "off") {
		bad = append(bad, "fsync is off")
	}
	if bad == nil {
		return nil
	}
	return fmt.Errorf("postgres: %s: an acknowledged answer may be lost in a crash", strings.Join(bad, " and "))
}
