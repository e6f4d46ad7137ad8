package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

// SaveAnswerSQLite lets the raw baseline benchmark run the store's own upsert.
const SaveAnswerSQLite = saveAnswerSQLite

// ErrClosed is what a save gets once the store is closing.
var ErrClosed = errClosed

// AnswerWriterDone is closed once the answer writer goroutine has ended.
func (s *Store) AnswerWriterDone() <-chan struct{} { return s.writer.done }

// RecordEvents writes events in a transaction of their own, as a change
// writes them in its own, and tells the log they were committed: for tests
// of the log itself, which need many events cheaply.
func (s *Store) RecordEvents(ctx context.Context, events ...assessment.Event) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return s.writeEvents(tx, events, s.clock()) })
	if err != nil {
		return err
	}
	s.events.committed(events)
	return nil
}
