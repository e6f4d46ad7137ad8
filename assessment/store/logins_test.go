package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func TestLoginAttempts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		const window, limit = 15 * time.Minute, 3
		reserve := func(bucket string, at time.Time) (int64, bool, time.Time) {
			t.Helper()
			id, ok, retry, err := s.ReserveLoginAttempt(ctx, bucket, at, window, limit)
			if err != nil {
				t.Fatal(err)
			}
			return id, ok, retry
		}
		var ids []int64
		for i := range limit {
			id, ok, _ := reserve("a", t0.Add(time.Duration(i)*time.Minute))
			if !ok || id == 0 {
				t.Fatalf("attempt %d refused", i+1)
			}
			ids = append(ids, id)
		}
		if _, ok, retry := reserve("a", t0.Add(5*time.Minute)); ok || !retry.Equal(t0.Add(window)) {
			t.Errorf("full bucket: ok %v, retry at %v, want refused until %v", ok, retry, t0.Add(window))
		}
		if _, ok, _ := reserve("b", t0.Add(5*time.Minute)); !ok {
			t.Error("another bucket was refused")
		}
		if err := s.ReleaseLoginAttempt(ctx, ids[2]); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := reserve("a", t0.Add(6*time.Minute)); !ok {
			t.Error("a released slot was not freed")
		}
		// The window slides: at t0+15m the first attempt has left it.
		if _, ok, _ := reserve("a", t0.Add(window)); !ok {
			t.Error("an attempt out of the window still counted")
		}
		if _, ok, _ := reserve("a", t0.Add(window)); ok {
			t.Error("the bucket should be full again")
		}
		if err := s.ClearLoginAttempts(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := reserve("a", t0.Add(window)); !ok {
			t.Error("a cleared bucket was refused")
		}
	})
}

// TestLoginAttemptsConcurrent reserves 40 attempts on one bucket at once:
// exactly the limit get through.
func TestLoginAttemptsConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Now()
		var ok atomic.Int32
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				_, granted, _, err := s.ReserveLoginAttempt(context.Background(), "burst", now, time.Minute, 5)
				if err != nil {
					t.Error(err)
				}
				if granted {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 5 {
			t.Errorf("%d of 40 concurrent reservations granted, want 5", ok.Load())
		}
	})
}
