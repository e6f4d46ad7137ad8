package store

// Observer hears what the store does: for an operator's metrics, and for
// tests that must know when the answer writer has taken a save. Any field
// may be nil. The functions run on the store's hot paths, some of them on
// several goroutines at once: they must be quick, safe for concurrent use,
// and must not call back into the store.
type Observer struct {
	// AnswerQueued runs each time SaveAnswer has queued an answer for the
	// writer.
	AnswerQueued func()
	// AnswerBatch runs each time the writer has made up a batch of answers,
	// before it writes it.
	AnswerBatch func(size int)
	// AnswerBatchDone runs after a batch's transaction has ended, whether
	// it committed or not; retried says it failed as one statement and was
	// saved again answer by answer (PostgreSQL).
	AnswerBatchDone func(size int, retried bool)
	// EventsRead runs after each read of the event log (a read shared by
	// several listeners once), before its result is handed out.
	EventsRead func()
	// EventsRelayed runs after the relay has moved n events from the
	// outbox into the log (PostgreSQL; on SQLite a change writes its
	// events into the log itself).
	EventsRelayed func(n int)
	// ListenerReconnected runs each time the PostgreSQL connection that
	// listens for other instances' events was lost and is tried again.
	ListenerReconnected func()
	// Subscribers runs with +1 when a listener subscribes to an
	// assessment's events on this instance and with -1 when it leaves.
	Subscribers func(delta int)
}

// withDefaults fills every nil field with a function that does nothing, so
// that the hot paths call without checking.
func (o Observer) withDefaults() *Observer {
	if o.AnswerQueued == nil {
		o.AnswerQueued = func() {}
	}
	if o.AnswerBatch == nil {
		o.AnswerBatch = func(int) {}
	}
	if o.AnswerBatchDone == nil {
		o.AnswerBatchDone = func(int, bool) {}
	}
	if o.EventsRead == nil {
		o.EventsRead = func() {}
	}
	if o.EventsRelayed == nil {
		o.EventsRelayed = func(int) {}
	}
	if o.ListenerReconnected == nil {
		o.ListenerReconnected = func() {}
	}
	if o.Subscribers == nil {
		o.Subscribers = func(int) {}
	}
	return &o
}

// Observe has o hear what the store does from now on, in place of any
// observer before it.
func (s *Store) Observe(o Observer) {
	s.obs.Store(o.withDefaults())
}

// ObserveAnswerBatches calls f with the number of answers in each group
// commit, after it commits (for an operator's metrics), on SQLite and on
// PostgreSQL alike; the other fields of the store's observer stay as they
// are. f must be quick and safe for concurrent use: on PostgreSQL several
// batches commit at once.
func (s *Store) ObserveAnswerBatches(f func(size int)) {
	o := *s.obs.Load()
	o.AnswerBatchDone = func(size int, _ bool) { f(size) }
	s.Observe(o)
}

// observer is what the hot paths call.
func (s *Store) observer() *Observer { return s.obs.Load() }
