package store

// ObserveAnswerBatches calls f with the number of answers in each group
// commit, after it commits (for an operator's metrics), on SQLite and on
// PostgreSQL alike. f must be quick and safe for concurrent use: on
// PostgreSQL several batches commit at once.
func (s *Store) ObserveAnswerBatches(f func(size int)) {
	if s.writer != nil {
		s.writer.observe.Store(&f)
	}
}
