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

	"github.com/readiness/readiness/assessment"
)

// The event log of live assessments.
//
// Events are written by one goroutine per instance, the eventLog's writer,
// after the change they tell of has committed: whatever is queued by then
// goes into one transaction, so a burst of answers costs one commit and one
// wake-up, not one per answer. Listeners never hold anything the writer
// needs: each has a wake-up channel of capacity one that the writer fills
// without waiting, and reads the events themselves from the database.
//
// Ids must become visible in the order they grow, or a listener that has
// seen id 42 and asks for "after 42" never sees a late-committing 41. On
// SQLite the one write connection commits one transaction at a time, so ids
// are handed out in commit order. On PostgreSQL ids come from a sequence,
// which hands them out at insert time; so every event transaction first
// takes one advisory lock, held until it commits: the next batch, on any
// instance, takes its ids only after the previous batch is visible.
//
// On PostgreSQL each batch also sends one NOTIFY naming the assessments it
// touched, and each instance listens on one dedicated connection and wakes
// its own listeners. NOTIFY is best effort: after the listening connection
// is restored, every listener is woken to re-read what it may have missed.

const (
	eventsChannel   = "readiness_events"
	eventQueueLen   = 8192 // events waiting for the writer; Publish waits beyond it
	eventBatchLen   = 512  // events in one transaction at most
	eventRetention  = 24 * time.Hour
	eventPruneEvery = 10 * time.Minute
	// eventsLockKey is the advisory lock that orders event ids on PostgreSQL.
	eventsLockKey = 0x7265616479 // "ready"
	// maxNotifyPayload keeps a NOTIFY under PostgreSQL's 8000-byte limit; a
	// batch touching more assessments wakes everyone ("*").
	maxNotifyPayload = 7000
)

type eventRow struct {
	ID           int64     `gorm:"column:id;primaryKey"`
	AssessmentID string    `gorm:"column:assessment_id"`
	Kind         string    `gorm:"column:kind"`
	RespondentID string    `gorm:"column:respondent_id"`
	Question     string    `gorm:"column:question"`
	Capability   string    `gorm:"column:capability"`
	CreatedAt    time.Time `gorm:"column:created_at"`
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
	st    *Store
	queue chan assessment.Event
	quit  chan struct{}
	done  chan struct{}
	stop  sync.Once

	mu   sync.Mutex
	subs map[string]map[*subscriber]struct{}

	// wakes counts wake-ups: it grows before each signal, so a read that
	// began after a wake-up can be told from one that began before it.
	wakes atomic.Int64
	// reads lets the streams woken by one change share one read of the
	// log: after a focus move, hundreds of phones ask for the same events.
	reads singleflight.Group
	// readsDone counts the reads of the log made (shared ones once).
	readsDone atomic.Int64
	// onRead, if set (by tests, before any read), runs after each read of
	// the log and before its result is handed out.
	onRead func()

	listenOnce   sync.Once
	listenCancel context.CancelFunc
	listenDone   chan struct{}

	lastPrune time.Time

	// What the log did, for tests and metrics.
	batches, written, dropped, reconnects atomic.Int64
}

func newEventLog(st *Store) *eventLog {
	l := &eventLog{st: st, queue: make(chan assessment.Event, eventQueueLen),
		quit: make(chan struct{}), done: make(chan struct{}), subs: map[string]map[*subscriber]struct{}{}}
	go l.run()
	return l
}

// Publish queues an event; it waits only when eventQueueLen events are
// already waiting for the database, never for a listener.
func (s *Store) Publish(e assessment.Event) {
	e.At = s.clock()
	select {
	case s.events.queue <- e:
	case <-s.events.quit:
		s.events.dropped.Add(1)
	}
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
	s.events.readsDone.Add(1)
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
	if s.events.onRead != nil {
		s.events.onRead()
	}
	out := make([]assessment.Event, len(rows))
	for i, r := range rows {
		out[i] = assessment.Event{ID: r.ID, AssessmentID: r.AssessmentID, Kind: assessment.EventKind(r.Kind),
			RespondentID: r.RespondentID, Question: r.Question, Capability: r.Capability, At: r.CreatedAt.UTC()}
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
		})
	}
}

// Subscribers counts the listeners registered on this instance.
func (s *Store) Subscribers() int {
	s.events.mu.Lock()
	defer s.events.mu.Unlock()
	n := 0
	for _, m := range s.events.subs {
		n += len(m)
	}
	return n
}

// EventStats says what the event log has done: transactions written, events
// in them, events dropped, and reconnections of the PostgreSQL listener.
func (s *Store) EventStats() (batches, written, dropped, reconnects int64) {
	l := s.events
	return l.batches.Load(), l.written.Load(), l.dropped.Load(), l.reconnects.Load()
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

// close stops the writer after it has written what is queued, and the listener.
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

func (l *eventLog) run() {
	defer close(l.done)
	batch := make([]assessment.Event, 0, eventBatchLen)
	for {
		select {
		case <-l.quit:
			// Write what was published before the store closed.
			for {
				batch = l.more(batch[:0])
				if len(batch) == 0 {
					return
				}
				l.write(batch)
			}
		case e := <-l.queue:
			l.write(l.more(append(batch[:0], e)))
		}
	}
}

// more appends what is queued by now, up to eventBatchLen, without waiting.
func (l *eventLog) more(batch []assessment.Event) []assessment.Event {
	for len(batch) < eventBatchLen {
		select {
		case e := <-l.queue:
			batch = append(batch, e)
		default:
			return batch
		}
	}
	return batch
}

// batchMasks is, per assessment of a batch, the kinds of its events.
func batchMasks(batch []assessment.Event) map[string]kindMask {
	m := make(map[string]kindMask)
	for _, e := range batch {
		m[e.AssessmentID] |= maskOf(e.Kind)
	}
	return m
}

// write stores batch in one transaction, then wakes this instance's listeners.
// If the batch fails (an event of an assessment deleted meanwhile), each
// event is tried on its own so that one cannot cost the others.
func (l *eventLog) write(batch []assessment.Event) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	masks := batchMasks(batch)
	if err := l.insert(ctx, batch, masks); err != nil {
		for _, e := range batch {
			one := []assessment.Event{e}
			if err := l.insert(ctx, one, batchMasks(one)); err != nil {
				l.dropped.Add(1)
			}
		}
	}
	for id, m := range masks {
		l.wake(id, m)
	}
	if now := time.Now(); now.Sub(l.lastPrune) > eventPruneEvery {
		l.lastPrune = now
		l.st.w.WithContext(ctx).Where("created_at < ?", ts(l.st.now().Add(-eventRetention))).Delete(&eventRow{})
	}
}

func (l *eventLog) insert(ctx context.Context, batch []assessment.Event, masks map[string]kindMask) error {
	pg := l.st.dialect == "postgres"
	tx, err := l.st.wsql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin events: %w", err)
	}
	defer tx.Rollback()
	if pg {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", eventsLockKey); err != nil {
			return fmt.Errorf("lock events: %w", err)
		}
	}
	var b strings.Builder
	b.WriteString("INSERT INTO events (assessment_id, kind, respondent_id, question, capability, created_at) VALUES ")
	args := make([]any, 0, 6*len(batch))
	for i, e := range batch {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for j := range 6 {
			if j > 0 {
				b.WriteString(", ")
			}
			if pg {
				b.WriteString("$" + strconv.Itoa(len(args)+j+1))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
		args = append(args, e.AssessmentID, string(e.Kind), e.RespondentID, e.Question, e.Capability, ts(e.At))
	}
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	if pg {
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", eventsChannel, notifyPayload(masks)); err != nil {
			return fmt.Errorf("notify events: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit events: %w", err)
	}
	l.batches.Add(1)
	l.written.Add(int64(len(batch)))
	return nil
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
		l.reconnects.Add(1)
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
