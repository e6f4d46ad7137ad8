package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/readiness/readiness/assessment"
)

// Group commit of answers on SQLite.
//
// With synchronous=FULL every commit waits for an fsync, and SQLite has one
// writer: one commit per answer caps a workshop at the disk's sync rate, and
// database/sql hands the freed write connection to a random waiter, so some
// participants wait far longer than others. An answerWriter owns the saving of
// answers instead: it takes the first queued answer and whatever else is
// queued by then (in order, up to maxBatch), opens one IMMEDIATE transaction,
// runs each answer's guarded upsert inside a savepoint of its own, commits
// once and only then replies to each caller. Nothing waits for a batch to
// fill: a lone answer is saved at once, by its statement alone, since
// BEGIN and COMMIT around it would only add to its latency.
//
// An answer's event is written in the answer's transaction: on SQLite by a
// second statement in the answer's savepoint, so that one without the other
// is never committed (a lone answer with an event then runs in a
// transaction of its own).
//
// On PostgreSQL the same writer runs with several workers, each taking the
// next batch while the others wait for their commits: one commit (one WAL
// flush) then acknowledges a batch of answers instead of one. There a batch,
// answers and events, is one statement (saveAnswersPostgres), in a
// transaction that first takes the saves lock of its assessments
// (savesLockShared); if it fails, each of its answers is saved again on its
// own.

// maxBatch bounds one transaction, so that a burst cannot hold the write lock
// (and keep submits and closes waiting) for long.
const maxBatch = 256

// errClosed answers a save that the store, closing, will not take any more.
var errClosed = errors.New("the store is closed")

// Request states: the writer takes a request, or its caller abandons it, never both.
const (
	queued int32 = iota
	taken
	abandoned
)

type saveRequest struct {
	args  []any             // the parameters of the upsert
	event *assessment.Event // written with the answer, if any
	state atomic.Int32
	reply chan saveResult // buffered: the writer never waits for a caller
}

type saveResult struct {
	changed bool // false: the guard refused it (closed, or no such respondent)
	err     error
}

// take claims r for the batch being built; false if its caller gave up first.
func (r *saveRequest) take() bool { return r.state.CompareAndSwap(queued, taken) }

// abandon withdraws r; false if the writer took it first, in which case the
// caller must wait for the reply: the answer may already be committed.
func (r *saveRequest) abandon() bool { return r.state.CompareAndSwap(queued, abandoned) }

type answerWriter struct {
	db        *sql.DB // the write pool: on SQLite one connection, transactions begin IMMEDIATE
	upsert    string  // SQLite: one answer
	eventSQL  string  // SQLite: one event
	batchSQL  string  // PostgreSQL: a whole batch, answers and events, in one statement (saveAnswersPostgres)
	lockSQL   string  // PostgreSQL: run first in the batch's transaction, with the respondents (savesLockShared)
	workers   int
	prepMu    sync.Mutex
	stmt      *sql.Stmt         // upsert, prepared on first use and kept: it is the writer's one hot statement
	translate func(error) error // the driver's errors in gorm's words
	// committed hears the events of each batch once they are committed.
	committed func([]assessment.Event)
	obs       func() *Observer

	queue    chan *saveRequest
	ctx      context.Context // cancelled by stop, so that Close never waits on the write lock
	cancel   context.CancelFunc
	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// newAnswerWriter starts workers goroutines saving the answers queued on
// it: on SQLite (batchSQL empty) with upsert and eventSQL, each answer of a
// batch in a savepoint of its own, where that costs no round trip; on
// PostgreSQL with batchSQL, a batch in one statement (upsertArrays), saved
// again answer by answer if it fails.
func newAnswerWriter(db *sql.DB, upsert, eventSQL, batchSQL, lockSQL string, translate func(error) error, workers int,
	committed func([]assessment.Event), obs func() *Observer) *answerWriter {
	ctx, cancel := context.WithCancel(context.Background())
	w := &answerWriter{db: db, upsert: upsert, eventSQL: eventSQL, batchSQL: batchSQL, lockSQL: lockSQL,
		translate: translate, workers: workers,
		committed: committed, obs: obs, queue: make(chan *saveRequest, maxBatch), ctx: ctx, cancel: cancel,
		quit: make(chan struct{}), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(w.run)
	}
	go func() {
		wg.Wait()
		w.prepMu.Lock()
		if w.stmt != nil {
			w.stmt.Close()
		}
		w.prepMu.Unlock()
		close(w.done)
	}()
	return w
}

// save queues one upsert and waits for its outcome. If ctx ends before the
// writer takes the request, save returns ctx.Err() and the answer is never
// written; once taken, it waits for the commit whatever ctx does.
func (w *answerWriter) save(ctx context.Context, args []any, event *assessment.Event) (changed bool, err error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	r := &saveRequest{args: args, event: event, reply: make(chan saveResult, 1)}
	select {
	case w.queue <- r:
	case <-w.quit:
		return false, errClosed
	case <-ctx.Done():
		return false, ctx.Err()
	}
	w.obs().AnswerQueued()
	select {
	case res := <-r.reply:
		return res.changed, res.err
	case <-ctx.Done():
		if r.abandon() {
			return false, ctx.Err()
		}
	case <-w.done:
		if r.abandon() {
			return false, errClosed
		}
	}
	res := <-r.reply
	return res.changed, res.err
}

// stop makes the writer refuse what is queued and end; a batch in flight
// fails unless its commit has already happened. It returns once the writer
// goroutine has ended.
func (w *answerWriter) stop() {
	w.stopOnce.Do(func() {
		close(w.quit)
		w.cancel()
	})
	<-w.done
}

func (w *answerWriter) run() {
	batch := make([]*saveRequest, 0, maxBatch)
	for {
		select {
		case <-w.quit:
			w.refuseQueued()
			return
		case r := <-w.queue:
			if r.take() {
				w.commit(w.more(append(batch[:0], r)))
			}
		}
	}
}

// refuseQueued answers every request still queued with errClosed. Callers
// that queue later see done closed and withdraw their requests themselves.
func (w *answerWriter) refuseQueued() {
	for {
		select {
		case r := <-w.queue:
			if r.take() {
				r.reply <- saveResult{err: errClosed}
			}
		default:
			return
		}
	}
}

// more appends to batch the requests queued by now, up to maxBatch, without
// waiting for any; none once the store is closing.
func (w *answerWriter) more(batch []*saveRequest) []*saveRequest {
	for len(batch) < maxBatch {
		select {
		case <-w.quit:
			return batch
		default:
		}
		select {
		case r := <-w.queue:
			if r.take() {
				batch = append(batch, r)
			}
		default:
			return batch
		}
	}
	return batch
}

// commit saves batch, which holds at least one request, in one transaction
// and replies to every request in it, after the commit.
func (w *answerWriter) commit(batch []*saveRequest) {
	obs := w.obs()
	obs.AnswerBatch(len(batch))
	var results []saveResult
	var err error
	retried := false
	if w.batchSQL != "" {
		// One statement saves the whole batch, after the one that locks.
		results, err = w.upsertArrays(batch)
		if err != nil && len(batch) > 1 && w.ctx.Err() == nil {
			// Nothing of the batch was committed: save each answer on its
			// own, so that one failing answer fails alone.
			retried, results, err = true, make([]saveResult, len(batch)), nil
			for i := range batch {
				one, err := w.upsertArrays(batch[i : i+1])
				if err != nil {
					results[i].err = err
				} else {
					results[i] = one[0]
				}
			}
		}
	} else {
		var stmt *sql.Stmt
		if stmt, err = w.prepare(); err == nil {
			if len(batch) == 1 && batch[0].event == nil {
				// A statement outside a transaction commits by itself, durably.
				var changed bool
				changed, err = w.exec(w.ctx, stmt, batch[0])
				results = []saveResult{{changed: changed}}
			} else {
				err = w.inTx(func(tx *sql.Tx) error {
					var err error
					results, err = w.upsertAll(tx, stmt, batch)
					return err
				})
			}
		}
	}
	if err != nil && w.ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", errClosed, err)
	}
	if err == nil {
		var events []assessment.Event
		for i, r := range batch {
			if r.event != nil && results[i].err == nil && results[i].changed {
				events = append(events, *r.event)
			}
		}
		w.committed(events)
	}
	obs.AnswerBatchDone(len(batch), retried)
	for i, r := range batch {
		if err != nil {
			r.reply <- saveResult{err: err}
			continue
		}
		r.reply <- results[i]
	}
}

// prepare prepares the upsert once, on first use rather than at Open, when
// the schema may not be migrated yet; and outside any transaction, which
// would hold SQLite's only connection.
func (w *answerWriter) prepare() (*sql.Stmt, error) {
	w.prepMu.Lock()
	defer w.prepMu.Unlock()
	if w.stmt != nil {
		return w.stmt, nil
	}
	stmt, err := w.db.PrepareContext(w.ctx, w.upsert)
	if err != nil {
		return nil, fmt.Errorf("prepare answer upsert: %w", err)
	}
	w.stmt = stmt
	return stmt, nil
}

// inTx runs fn in a transaction on the write pool (IMMEDIATE on SQLite, on
// its one connection) and commits. An error from fn or from the commit means nothing was committed.
func (w *answerWriter) inTx(fn func(*sql.Tx) error) error {
	tx, err := w.db.BeginTx(w.ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback() // the error that matters is fn's; the transaction may be gone already
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// upsertAll runs each request's upsert, and the insert of its event if it
// has one and the upsert wrote, in tx and returns their results. One
// answer's failing statement fails that answer alone: it runs in a savepoint,
// rolled back on error. An error returned fails the batch: a savepoint could
// not be handled, so the transaction is in doubt (SQLite rolls a whole
// transaction back on some errors: I/O, memory, a trigger's RAISE(ROLLBACK)).
func (w *answerWriter) upsertAll(tx *sql.Tx, prepared *sql.Stmt, batch []*saveRequest) ([]saveResult, error) {
	// The batch context is not the callers': one caller going away must not
	// cancel the others' answers.
	ctx := context.Background()
	stmt := tx.StmtContext(ctx, prepared)
	defer stmt.Close()
	results := make([]saveResult, 0, len(batch))
	for _, r := range batch {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT answer"); err != nil {
			return nil, fmt.Errorf("savepoint: %w", err)
		}
		changed, err := w.exec(ctx, stmt, r)
		if err == nil && changed && r.event != nil {
			e := r.event
			if _, err = tx.ExecContext(ctx, w.eventSQL, e.AssessmentID, string(e.Kind), e.RespondentID, e.Question,
				e.Capability, nil, e.At); err != nil { // nil: an answer has no timebox
				err = fmt.Errorf("record answer event: %w", w.translate(err))
			}
		}
		if err != nil {
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO answer"); rerr != nil {
				return nil, fmt.Errorf("%w (and then roll back to savepoint: %w)", err, rerr)
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE answer"); err != nil {
			return nil, fmt.Errorf("release savepoint: %w", err)
		}
		results = append(results, saveResult{changed: changed, err: err})
	}
	return results, nil
}

// upsertArrays saves batch in one transaction: lockSQL, then batchSQL, one
// statement whose parameters are arrays: element i of each is request i's
// parameter, or its event's (NULL kind for none). A request whose key the
// statement does not return was refused by its guard.
func (w *answerWriter) upsertArrays(batch []*saveRequest) ([]saveResult, error) {
	questions, respondents := make([]string, len(batch)), make([]string, len(batch))
	options, texts, comments := make([]string, len(batch)), make([]string, len(batch)), make([]string, len(batch))
	multi := make([]*string, len(batch))
	values := make([]*float64, len(batch))
	at := make([]time.Time, len(batch))
	kinds := make([]*string, len(batch))
	evAssessments, evRespondents, evQuestions, evCapabilities := make([]string, len(batch)), make([]string, len(batch)),
		make([]string, len(batch)), make([]string, len(batch))
	for i, r := range batch { // the order of saveArgs
		questions[i], options[i] = r.args[0].(string), r.args[1].(string)
		multi[i], values[i] = r.args[2].(*string), r.args[3].(*float64)
		texts[i], comments[i], at[i] = r.args[4].(string), r.args[5].(string), r.args[6].(time.Time)
		respondents[i] = r.args[7].(string)
		if e := r.event; e != nil {
			k := string(e.Kind)
			kinds[i] = &k
			evAssessments[i], evRespondents[i], evQuestions[i], evCapabilities[i] = e.AssessmentID, e.RespondentID, e.Question, e.Capability
		}
	}
	written := make(map[[2]string]bool, len(batch))
	err := w.inTx(func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(w.ctx, w.lockSQL, respondents); err != nil {
			return fmt.Errorf("lock saves: %w", w.translate(err))
		}
		rows, err := tx.QueryContext(w.ctx, w.batchSQL, questions, options, multi, values, texts, comments, at, respondents,
			kinds, evAssessments, evRespondents, evQuestions, evCapabilities)
		if err != nil {
			return w.translate(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k [2]string
			if err := rows.Scan(&k[0], &k[1]); err != nil {
				return err
			}
			written[k] = true
		}
		return w.translate(rows.Err())
	})
	if err != nil {
		return nil, err
	}
	results := make([]saveResult, len(batch))
	for i := range batch {
		results[i].changed = written[[2]string{respondents[i], questions[i]}]
	}
	return results, nil
}

// exec runs the upsert of r: whether it changed a row, or the statement's
// error in gorm's words.
func (w *answerWriter) exec(ctx context.Context, stmt *sql.Stmt, r *saveRequest) (bool, error) {
	res, err := stmt.ExecContext(ctx, r.args...)
	if err != nil {
		return false, w.translate(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("rows affected: %w", err)
	}
	return n > 0, nil
}

// saveArgs are the parameters of the saveAnswer queries for a.
func saveArgs(a assessment.Answer, options *string) []any {
	return []any{a.QuestionID, a.Option, options, a.Value, a.Text, a.Comment, a.UpdatedAt, a.RespondentID}
}
