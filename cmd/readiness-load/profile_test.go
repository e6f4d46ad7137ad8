package main

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWorkshopPhones runs a workshop of 500 phones against the server
// in this process, so that a CPU profile (-cpuprofile) shows what the
// server spends on each move of the focus beside the answers. The database
// is READINESS_LOAD_PROFILE_DB, an empty PostgreSQL database, or else a
// SQLite file; the focus moves every second for 20 s:
//
//	go test ./cmd/readiness-load -run '^$' -bench WorkshopPhones -benchtime 1x -cpuprofile cpu.out
func BenchmarkWorkshopPhones(b *testing.B) {
	dsn := os.Getenv("READINESS_LOAD_PROFILE_DB")
	if dsn == "" {
		dsn = filepath.Join(b.TempDir(), "readiness.db")
	}
	h, st, email, password := serverAt(b, dsn)
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	for b.Loop() {
		c, err := parseFlags([]string{"--workshop", "--url", srv.URL, "--email", email, "--participants", "500",
			"--think", "5s", "--paced-duration", "20s", "--focus-every", "1s"},
			func(k string) string { return map[string]string{"READINESS_LOAD_PASSWORD": password}[k] }, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		s, err := runWorkshop(context.Background(), c, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		if s.Errors != 0 {
			b.Fatalf("%d errors:\n%s", s.Errors, s.table())
		}
		if testing.Verbose() {
			b.Log("\n" + s.table())
		}
		// Saves and event reads share the server's pool on PostgreSQL:
		// its waits say how long requests queued for a connection.
		pool := st.SQL().Stats()
		b.ReportMetric(float64(pool.WaitCount), "pool-waits")
		b.ReportMetric(pool.WaitDuration.Seconds(), "pool-wait-s")
		f := s.Workshop.Focus
		b.ReportMetric(float64(f.Phone.P99.Microseconds())/1000, "focus-p99-ms")
		b.ReportMetric(float64(s.Workshop.Save.P99.Microseconds())/1000, "save-p99-ms")
	}
}
