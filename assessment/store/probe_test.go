package store_test

import (
	"sync/atomic"

	"github.com/readiness/readiness/assessment/store"
)

// probe hears a store through its Observer: it counts what the answer
// writer and the event log did, and, where a test gives it channels, tells
// the test when an answer is queued or a batch made up, so that tests know
// what the writer holds without timing it.
type probe struct {
	queued  chan struct{} // nil: not told
	batches chan int      // nil: not told
	onRead  func()        // nil: nothing

	nBatches, nAnswers, largest, retried atomic.Int64
	reads, relayed                       atomic.Int64
}

// watch makes p the observer of s and returns it.
func watch(s *store.Store, p *probe) *probe {
	s.Observe(store.Observer{
		AnswerQueued: func() {
			if p.queued != nil {
				p.queued <- struct{}{}
			}
		},
		AnswerBatch: func(n int) {
			if p.batches != nil {
				p.batches <- n
			}
		},
		AnswerBatchDone: func(n int, retried bool) {
			p.nBatches.Add(1)
			p.nAnswers.Add(int64(n))
			for {
				old := p.largest.Load()
				if int64(n) <= old || p.largest.CompareAndSwap(old, int64(n)) {
					break
				}
			}
			if retried {
				p.retried.Add(1)
			}
		},
		EventsRead: func() {
			p.reads.Add(1)
			if p.onRead != nil {
				p.onRead()
			}
		},
		EventsRelayed: func(n int) { p.relayed.Add(int64(n)) },
	})
	return p
}

// batchStats reports the answer writer's transactions so far: how many,
// how many answers they held, and the most in one.
func (p *probe) batchStats() (batches, answers, largest int64) {
	return p.nBatches.Load(), p.nAnswers.Load(), p.largest.Load()
}
