package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// notifyRun is the raw LISTEN/NOTIFY round trip on the server's PostgreSQL:
// the floor under the answer→event latency of several instances, which
// learn of each other's answers by NOTIFY. Each NOTIFY is its own commit
// (NOTIFY assigns its transaction an id, so the commit is flushed as a
// save's is), sent at the workshop's offered rate from a pool of
// --baseline-conns, and timed
// until each listening connection receives it.
type notifyRun struct {
	DB        string        `json:"db"`
	Conns     int           `json:"conns"`
	Listeners int           `json:"listeners"`
	Rate      float64       `json:"per_second"`
	Duration  time.Duration `json:"duration_ns"`
	Sent      int           `json:"sent"`
	Errors    int           `json:"errors"` // NOTIFYs refused
	Missed    int           `json:"missed"` // (notification, listener) pairs not received within the deadline
	P50       time.Duration `json:"p50_ns"`
	P99       time.Duration `json:"p99_ns"`
	Max       time.Duration `json:"max_ns"`
}

// rawNotify sends NOTIFYs at rate per second for d from a pool of conns
// connections on a channel of its own, and times their arrival on listeners
// dedicated connections.
func rawNotify(ctx context.Context, dsn string, conns, listeners int, rate float64, d, deadline time.Duration) (*notifyRun, error) {
	if rate <= 0 || d <= 0 {
		return nil, fmt.Errorf("raw notify: rate %g for %s", rate, d)
	}
	b := make([]byte, 6)
	rand.Read(b)
	channel := "readiness_load_" + hex.EncodeToString(b)

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("raw notify: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	r := &notifyRun{Conns: conns, Listeners: listeners, Rate: rate, Duration: d}
	var syncCommit string
	if err := db.QueryRowContext(ctx, "SELECT current_setting('synchronous_commit')").Scan(&syncCommit); err != nil {
		return nil, fmt.Errorf("raw notify: %w", err)
	}
	r.DB = "postgres, synchronous_commit=" + syncCommit

	n := int(rate*d.Seconds()) + 1
	sent := make([]time.Time, n)
	failed := make([]bool, n)
	arrived := make([][]time.Time, listeners)
	var mu sync.Mutex
	got := 0
	all := make(chan struct{})

	lctx, stop := context.WithCancel(ctx)
	defer stop()
	var lwg sync.WaitGroup
	for l := range listeners {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("raw notify: listen: %w", err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
			return nil, fmt.Errorf("raw notify: listen: %w", err)
		}
		arrived[l] = make([]time.Time, n)
		lwg.Go(func() {
			for {
				m, err := conn.WaitForNotification(lctx)
				if err != nil {
					return // lctx ended; a notification not received is counted missed
				}
				at := time.Now()
				i, err := strconv.Atoi(m.Payload)
				if err != nil || i < 0 || i >= n {
					continue
				}
				mu.Lock()
				if arrived[l][i].IsZero() {
					arrived[l][i] = at
					got++
					if got == n*listeners {
						close(all)
					}
				}
				mu.Unlock()
			}
		})
	}

	// Paced sends: the i-th at start + i/rate, each in a goroutine of its
	// own so a slow commit does not hold back the next.
	var swg sync.WaitGroup
	var errs int
	start := time.Now()
	every := time.Duration(float64(time.Second) / rate)
	for i := range n {
		if !wait(ctx, time.Until(start.Add(time.Duration(i)*every)), time.Time{}) {
			n = i
			break
		}
		swg.Go(func() {
			t := time.Now()
			mu.Lock()
			sent[i] = t
			mu.Unlock()
			if _, err := db.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, strconv.Itoa(i)); err != nil {
				mu.Lock()
				errs++
				failed[i] = true
				mu.Unlock()
			}
		})
	}
	swg.Wait()
	select {
	case <-all:
	case <-time.After(deadline):
	case <-ctx.Done():
	}
	stop()
	lwg.Wait()

	var lat []time.Duration
	for i := range n {
		for l := range listeners {
			at := arrived[l][i]
			if failed[i] && at.IsZero() {
				continue // counted as an error
			}
			if at.IsZero() || at.Sub(sent[i]) > deadline {
				r.Missed++
			}
			if !at.IsZero() {
				lat = append(lat, at.Sub(sent[i]))
			}
		}
	}
	slices.Sort(lat)
	r.Sent, r.Errors = n, errs
	r.P50, r.P99, r.Max = percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	return r, nil
}
