package store

// SaveAnswerSQLite lets the raw baseline benchmark run the store's own upsert.
const SaveAnswerSQLite = saveAnswerSQLite

// ErrClosed is what a save gets once the store is closing.
var ErrClosed = errClosed

// BatchStats reports the answer writer's transactions so far: how many, how
// many answers they held, and the most in one.
func (s *Store) BatchStats() (batches, answers, largest int64) {
	return s.writer.batches.Load(), s.writer.answers.Load(), s.writer.largest.Load()
}

// OnAnswerQueued has f run each time SaveAnswer has queued an answer for the
// writer. Set it before the first save.
func (s *Store) OnAnswerQueued(f func()) { s.writer.onQueued = f }

// OnAnswerBatch has f run each time the answer writer has made up a batch,
// before it writes it. Set it before the first save.
func (s *Store) OnAnswerBatch(f func(size int)) { s.writer.onBatch = f }

// AnswerWriterDone is closed once the answer writer goroutine has ended.
func (s *Store) AnswerWriterDone() <-chan struct{} { return s.writer.done }

// RetriedBatches reports how many batches failed as one statement and were
// saved again answer by answer.
func (s *Store) RetriedBatches() int64 { return s.writer.retried.Load() }

// EventReads counts the reads of the event log so far, a shared one once.
func (s *Store) EventReads() int64 { return s.events.readsDone.Load() }

// OnEventRead has f run after each read of the event log, before its result
// is handed out. Set it before the first read.
func (s *Store) OnEventRead(f func()) { s.events.onRead = f }
