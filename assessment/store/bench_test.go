package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// benchRespondents seeds a workshop whose respondents the parallel
// goroutines share out, as a room of participants would.
func benchRespondents(b *testing.B, s *store.Store) []assessment.Respondent {
	b.Helper()
	u := storetest.Workspace(b, s)
	a := storetest.Assessment(b, s, u.WorkspaceID, nil)
	rs := make([]assessment.Respondent, 64)
	for i := range rs {
		rs[i], _ = storetest.Respondent(b, s, a)
	}
	return rs
}

// BenchmarkSaveAnswer measures acknowledged answers through the store on a
// SQLite file with synchronous=FULL, from 8 goroutines per CPU.
func BenchmarkSaveAnswer(b *testing.B) {
	s := storetest.New(b)
	rs := benchRespondents(b, s)
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := n.Add(1)
			_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: rs[i%int64(len(rs))].ID,
				QuestionID: fmt.Sprintf("q%02d", i%20), Value: value(float64(i % 7))})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRawUpsert is the baseline for BenchmarkSaveAnswer: the same
// statement through database/sql on the store's own write pool (same DSN,
// one writer connection), without gorm.
func BenchmarkRawUpsert(b *testing.B) {
	s := storetest.New(b)
	rs := benchRespondents(b, s)
	db := s.SQL()
	var n atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := n.Add(1)
			res, err := db.ExecContext(ctx, store.SaveAnswerSQLite,
				fmt.Sprintf("q%02d", i%20), "", nil, float64(i%7), "", "", time.Now().UTC(), rs[i%int64(len(rs))].ID)
			if err == nil {
				var k int64
				if k, err = res.RowsAffected(); err == nil && k != 1 {
					err = fmt.Errorf("%d rows affected", k)
				}
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkSaveAnswerAlone measures one participant saving at a time: the
// latency of a save at low load, one commit each.
func BenchmarkSaveAnswerAlone(b *testing.B) {
	s := storetest.New(b)
	rs := benchRespondents(b, s)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: rs[i%len(rs)].ID,
			QuestionID: fmt.Sprintf("q%02d", i%20), Value: value(float64(i % 7))})
		if err != nil {
			b.Fatal(err)
		}
	}
}
