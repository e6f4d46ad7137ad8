package store

// ObserveAnswerBatches calls f with the number of answers in each group
// commit, after it commits (for an operator's metrics). Only SQLite groups
// answer saves; on PostgreSQL each answer commits on its own and f is never
// called. f must be quick and safe for concurrent use.
func (s *Store) ObserveAnswerBatches(f func(size int)) {
	if s.writer != nil {
		s.writer.observe.Store(&f)
	}
}
