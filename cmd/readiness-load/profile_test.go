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

// BenchmarkSaturation runs the saturation phase against the server in this
// process, then the raw baseline, so that a CPU profile (-cpuprofile) shows
// where a save's time goes beside the raw upserts of the same rows. The
// database is READINESS_LOAD_PROFILE_DB, an empty PostgreSQL database, or
// else a SQLite file:
//
//	READINESS_LOAD_PROFILE_DB=postgres://... go test ./cmd/readiness-load -run '^$' -bench Saturation -benchtime 1x -cpuprofile cpu.out
//
// The ratio it reports is not the load program's: client, server and
// baseline share this process.
func BenchmarkSaturation(b *testing.B) {
	dsn := os.Getenv("READINESS_LOAD_PROFILE_DB")
	args := []string{"--phases", "saturation", "--participants", "500", "--result-runs", "0", "--baseline-conns", "25"}
	if dsn == "" {
		dsn = filepath.Join(b.TempDir(), "readiness.db")
		args = append(args, "--baseline=false")
	} else {
		args = append(args, "--baseline-db", dsn)
	}
	h, _, email, password := serverAt(b, dsn)
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	for b.Loop() {
		c, err := parseFlags(append(args, "--url", srv.URL, "--email", email),
			func(k string) string { return map[string]string{"READINESS_LOAD_PASSWORD": password}[k] }, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		s, err := run(context.Background(), c, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		if testing.Verbose() {
			b.Log("\n" + s.table())
		}
		if s.Saturation != nil {
			b.ReportMetric(s.Saturation.Ratio, "ratio")
		}
	}
}
