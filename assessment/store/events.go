package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/singleflight"
	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

// The event log of live assessments.
//
// A change records its events in its own transaction: once the change is
// acknowledged its events exist, whatever happens to the process next.
//
// Ids must become visible in the order they grow, or a listener that has
// seen id 42 and asks for "after 42" never sees a late-committing 41. On
// SQLite the one write connection commits one transaction at a time, so a
// change writes its events straight into the log and ids are handed out in
// commit order; after the commit the store wakes this instance's listeners.
//
// On PostgreSQL ids come from a sequence, which hands them out at insert
// time, and taking one lock in every change's transaction to order them
// would serialise every save of every workspace. So a change writes its
// events into an outbox, in no order, and one relay at a time (every
// instance runs one; they take turns on an advisory lock held until the
// relay commits) moves what is committed there into the log, which thus gets
// its ids in commit order. A change kicks its own instance's relay after it
// commits; every relay also sweeps the outbox now and then, for what a
// crashed instance left there. Each move sends one NOTIFY naming the
// assessments it touched, and each instance listens on one dedicated
// connection and wakes its own listeners. NOTIFY is best effort: after the
// listening connection is restored, every listener is woken to re-read what
// it may have missed.
//
// Listeners never hold anything a writer needs: each has a wake-up channel
// of capacity one that is filled without waiting, and reads the events
// themselves from the database.

const (
	eventsChannel   = "readiness_events"
	eventRetention  = 24 * time.Hour
	eventPruneEvery = 10 * time.Minute
	// relayBatch bounds the events one relay transaction moves.
	relayBatch = 2048
	// relaySweep is how often a relay looks into the outbox unasked.
	relaySweep = 2 * time.Second
	// eventsLockKey is the advisory lock that lets one relay at a time move
	// events into the log on PostgreSQL.
	eventsLockKey = 0x7265616479 // "ready"
	// maxNotifyPayload keeps a NOTIFY under PostgreSQL's 8000-byte limit; a
	// move touching more assessments wakes everyone ("*").
	maxNotifyPayload = 7000
)

type eventRow struct {
	ID           int64      `gorm:"column:id;primaryKey"`
	AssessmentID string     `gorm:"column:assessment_id"`
	Kind         string     `gorm:"column:kind"`
	RespondentID string     `gorm:"column:respondent_id"`
	Question     string     `gorm:"column:question"`
	Capability   string     `gorm:"column:capability"`
	EndsAt       *time.Time `gorm:"column:ends_at"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
}

func (eventRow) TableName() string { return "events" }

// kindMask is a bit per event kind; 0 stands for every kind.
type kindMask uint8

func maskOf(kinds ...assessment.EventKind) kindMask {
	var m kindMask
	for _, k := range kinds {
		for i, known := range assessment.EventKinds {
			if k == known {
				m |= 1 << i
			}
		}
	}
	return m
}

type subscriber struct {
	kinds kindMask
	wake  chan struct{}
}

type eventLog struct {
	st   *Store
	quit chan struct{}
	done chan struct{} // closed once the relay or pruner has ended
	stop sync.Once

	mu   sync.Mutex
	subs map[string]map[*subscriber]struct{}

	// wakes counts wake-ups: it grows before each signal, so a read that
	// began after a wake-up can be told from one that began before it.
	wakes atomic.Int64
	// reads lets the streams woken by one change share one read of the
	// log: after a focus move, hundreds of phones ask for the same events.
	reads singleflight.Group

	// kick asks the relay for a pass (PostgreSQL); capacity one, so that a
	// kick during a pass makes one more pass, never a queue of them.
	kick chan struct{}

	listenOnce   sync.Once
	listenCancel context.CancelFunc
	listenDone   chan struct{}

	lastPrune time.Time
}

func newEventLog(st *Store) *eventLog {
	l := &eventLog{st: st, quit: make(chan struct{}), done: make(chan struct{}),
		subs: map[string]map[*subscriber]struct{}{}, kick: make(chan struct{}, 1)}
	if st.dialect == "postgres" {
		go l.relay()
	} else {
		go l.prune()
	}
	return l
}

// eventsTable is where a change writes its events: the log itself on
// SQLite, the outbox on PostgreSQL (see above).
func (s *Store) eventsTable() string {
	if s.dialect == "postgres" {
		return "event_outbox"
	}
	return "events"
}

// insertEvents is the statement, with ? placeholders, and its arguments
// that write events in the transaction of the change they tell of, at the
// change's time at.
func (s *Store) insertEvents(events []assessment.Event, at time.Time) (string, []any) {
	var b strings.Builder
	b.WriteString("INSERT INTO " + s.eventsTable() + " (assessment_id, kind, respondent_id, question, capability, ends_at, created_at) VALUES ")
	args := make([]any, 0, 7*len(events))
	for i, e := range events {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
		var endsAt *time.Time
		if e.EndsAt != nil {
			t := ts(*e.EndsAt)
			endsAt = &t
		}
		args = append(args, e.AssessmentID, string(e.Kind), e.RespondentID, e.Question, e.Capability, endsAt, ts(at))
	}
	return b.String(), args
}

// writeEvents writes events inside tx, a gorm transaction of the change they
// tell of. Call committed with them once tx has committed.
func (s *Store) writeEvents(tx *gorm.DB, events []assessment.Event, at time.Time) error {
	if len(events) == 0 {
		return nil
	}
	q, args := s.insertEvents(events, at)
	if err := tx.Exec(q, args...).Error; err != nil {
		return fmt.Errorf("record %s events: %w", events[0].Kind, err)
	}
	return nil
}

// committed tells the log that events were committed: on SQLite they are in
// the log and this instance's listeners are woken; on PostgreSQL they are in
// the outbox and the relay is kicked.
func (l *eventLog) committed(events []assessment.Event) {
	if len(events) == 0 {
		return
	}
	if l.st.dialect == "postgres" {
		signal(l.kick)
		return
	}
	for id, m := range eventMasks(events) {
		l.wake(id, m)
	}
}

// eventMasks is, per assessment, the kinds of its events.
func eventMasks(events []assessment.Event) map[string]kindMask {
	m := make(map[string]kindMask)
	for _, e := range events {
		m[e.AssessmentID] |= maskOf(e.Kind)
	}
	return m
}

// EventsAfter returns an assessment's events after id, of the given kinds.
// Identical asks made since the same wake-up share one read, and its
// result: callers must not change the slice. Sharing is safe because the
// count of wake-ups is part of what makes asks identical: an ask made after
// a wake-up is never answered by a read that began before it, which could
// miss the change it was woken for.
func (s *Store) EventsAfter(ctx context.Context, assessmentID string, after int64, limit int, kinds ...assessment.EventKind) ([]assessment.Event, error) {
	key := fmt.Sprintf("%d/%s/%d/%d/%d", s.events.wakes.Load(), assessmentID, after, limit, maskOf(kinds...))
	v, err, _ := s.events.reads.Do(key, func() (any, error) {
		// Not the first asker's context: its client leaving must not fail
		// the read for every other stream waiting on it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), eventReadTimeout)
		defer cancel()
		return s.eventsAfter(rctx, assessmentID, after, limit, kinds...)
	})
	if err != nil {
		return nil, err
	}
	return v.([]assessment.Event), nil
}

// eventReadTimeout bounds one shared read of the event log.
const eventReadTimeout = 10 * time.Second

func (s *Store) eventsAfter(ctx context.Context, assessmentID string, after int64, limit int, kinds ...assessment.EventKind) ([]assessment.Event, error) {
	q := s.r.WithContext(ctx).Where("assessment_id = ? AND id > ?", assessmentID, after)
	if len(kinds) > 0 {
		names := make([]string, len(kinds))
		for i, k := range kinds {
			names[i] = string(k)
		}
		q = q.Where("kind IN ?", names)
	}
	var rows []eventRow
	if err := q.Order("id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("events of %s after %d: %w", assessmentID, after, err))
	}
	s.observer().EventsRead()
	out := make([]assessment.Event, len(rows))
	for i, r := range rows {
		out[i] = assessment.Event{ID: r.ID, AssessmentID: r.AssessmentID, Kind: assessment.EventKind(r.Kind),
			RespondentID: r.RespondentID, Question: r.Question, Capability: r.Capability, EndsAt: utcPtr(r.EndsAt), At: r.CreatedAt.UTC()}
	}
	return out, nil
}

// LastEventID is the newest event's id, 0 when there is none.
func (s *Store) LastEventID(ctx context.Context) (int64, error) {
	var id *int64
	if err := s.r.WithContext(ctx).Model(&eventRow{}).Select("MAX(id)").Scan(&id).Error; err != nil {
		return 0, translate(fmt.Errorf("last event id: %w", err))
	}
	if id == nil {
		return 0, nil
	}
	return *id, nil
}

// Subscribe registers a listener for an assessment's events of the given kinds.
func (s *Store) Subscribe(assessmentID string, kinds ...assessment.EventKind) (<-chan struct{}, func()) {
	l := s.events
	sub := &subscriber{kinds: maskOf(kinds...), wake: make(chan struct{}, 1)}
	l.mu.Lock()
	m := l.subs[assessmentID]
	if m == nil {
		m = map[*subscriber]struct{}{}
		l.subs[assessmentID] = m
	}
	m[sub] = struct{}{}
	l.mu.Unlock()
	s.observer().Subscribers(1)
	if s.dialect == "postgres" {
		l.listenOnce.Do(l.startListening)
	}
	var once sync.Once
	return sub.wake, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs[assessmentID], sub)
			if len(l.subs[assessmentID]) == 0 {
				delete(l.subs, assessmentID)
			}
			l.mu.Unlock()
			s.observer().Subscribers(-1)
		})
	}
}

// wake signals the listeners of an assessment whose kinds are in mask,
// without ever waiting: a listener already signalled stays signalled.
func (l *eventLog) wake(assessmentID string, mask kindMask) {
	l.wakes.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	for sub := range l.subs[assessmentID] {
		if sub.kinds == 0 || mask == 0 || sub.kinds&mask != 0 {
			signal(sub.wake)
		}
	}
}

func (l *eventLog) wakeAll() {
	l.wakes.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.subs {
		for sub := range m {
			signal(sub.wake)
		}
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// close stops the relay, after one last pass, or the pruner, and the listener.
func (l *eventLog) close() {
	l.stop.Do(func() { close(l.quit) })
	<-l.done
	l.mu.Lock()
	cancel, done := l.listenCancel, l.listenDone
	l.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// prune deletes old events now and then (SQLite, where there is no relay to
// do it).
func (l *eventLog) prune() {
	defer close(l.done)
	t := time.NewTicker(eventPruneEvery)
	defer t.Stop()
	for {
		select {
		case <-l.quit:
			return
		case <-t.C:
			l.pruneOld()
		}
	}
}

// pruneOld deletes the events older than eventRetention, at most every
// eventPruneEvery; a failure waits for the next turn.
func (l *eventLog) pruneOld() {
	if now := time.Now(); now.Sub(l.lastPrune) > eventPruneEvery {
		l.lastPrune = now
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		l.st.w.WithContext(ctx).Where("created_at < ?", ts(l.st.now().Add(-eventRetention))).Delete(&eventRow{})
	}
}

// relay moves events from the outbox into the log when kicked, every
// relaySweep unasked, and once more when the store closes.
func (l *eventLog) relay() {
	defer close(l.done)
	t := time.NewTicker(relaySweep)
	defer t.Stop()
	for {
		select {
		case <-l.quit:
			l.relayPass()
			return
		case <-l.kick:
		case <-t.C:
		}
		if err := l.relayPass(); err != nil {
			// Most likely an assessment deleted under the move, or the
			// schema not migrated yet: try again soon, without spinning.
			select {
			case <-l.quit:
			case <-time.After(50 * time.Millisecond):
				signal(l.kick)
			}
		}
		l.pruneOld()
	}
}

// relayPass moves everything committed in the outbox by now into the log.
func (l *eventLog) relayPass() error {
	for {
		n, err := l.move()
		if err != nil {
			return err
		}
		if n < relayBatch {
			return nil
		}
	}
}

// moveEvents moves up to relayBatch events from the outbox into the log, in
// the order they reached the outbox, and returns their assessments and kinds.
const moveEvents = `WITH moved AS (
    DELETE FROM event_outbox WHERE id IN (SELECT id FROM event_outbox ORDER BY id LIMIT $1)
    RETURNING id, assessment_id, kind, respondent_id, question, capability, ends_at, created_at)
INSERT INTO events (assessment_id, kind, respondent_id, question, capability, ends_at, created_at)
SELECT assessment_id, kind, respondent_id, question, capability, ends_at, created_at FROM moved ORDER BY id
RETURNING assessment_id, kind`

// move runs one relay transaction: it takes the relays' lock, so that the
// ids it hands out become visible before any later relay's, moves a batch,
// sends one NOTIFY for it and commits; then it wakes this instance's
// listeners.
func (l *eventLog) move() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tx, err := l.st.wsql.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin relay: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", eventsLockKey); err != nil {
		return 0, fmt.Errorf("lock events: %w", err)
	}
	rows, err := tx.QueryContext(ctx, moveEvents, relayBatch)
	if err != nil {
		return 0, fmt.Errorf("move events: %w", err)
	}
	masks := map[string]kindMask{}
	n := 0
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			rows.Close()
			return 0, fmt.Errorf("move events: %w", err)
		}
		masks[id] |= maskOf(assessment.EventKind(kind))
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("move events: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", eventsChannel, notifyPayload(masks)); err != nil {
		return 0, fmt.Errorf("notify events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit relay: %w", err)
	}
	for id, m := range masks {
		l.wake(id, m)
	}
	l.st.observer().EventsRelayed(n)
	return n, nil
}

// notifyPayload names the assessments of a batch with their kinds:
// "ID:MASK ID:MASK", or "*" when that would not fit in a NOTIFY.
func notifyPayload(masks map[string]kindMask) string {
	var b strings.Builder
	for id, m := range masks {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(id)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(int(m)))
		if b.Len() > maxNotifyPayload {
			return "*"
		}
	}
	return b.String()
}

// dispatch wakes the listeners a NOTIFY payload names.
func (l *eventLog) dispatch(payload string) {
	if payload == "*" {
		l.wakeAll()
		return
	}
	for _, f := range strings.Fields(payload) {
		id, m, ok := strings.Cut(f, ":")
		n, err := strconv.Atoi(m)
		if !ok || err != nil {
			l.wakeAll()
			return
		}
		l.wake(id, kindMask(n))
	}
}

func (l *eventLog) startListening() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	l.mu.Lock()
	l.listenCancel, l.listenDone = cancel, done
	l.mu.Unlock()
	go l.listen(ctx, done)
}

// listen keeps one connection LISTENing and wakes listeners as NOTIFYs
// arrive. After every (re)connection it wakes them all, since NOTIFYs sent
// while it was away are lost.
func (l *eventLog) listen(ctx context.Context, done chan struct{}) {
	defer close(done)
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		// Whatever broke the connection, the next attempt tells whether
		// the database is back; listeners learn nothing from the error.
		l.listenConn(ctx)
		if ctx.Err() != nil {
			return
		}
		l.st.observer().ListenerReconnected()
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenConn connects, LISTENs and dispatches NOTIFYs until the connection
// or ctx ends.
func (l *eventLog) listenConn(ctx context.Context) {
	conn, err := pgx.Connect(ctx, l.st.pgDSN)
	if err != nil {
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+eventsChannel); err != nil {
		return
	}
	l.wakeAll()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return
		}
		l.dispatch(n.Payload)
	}
}
