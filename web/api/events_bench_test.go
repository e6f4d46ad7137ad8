package api_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// BenchmarkAnswerToEvent measures how long an acknowledged answer takes to
// reach an event stream: on one SQLite instance, and across two instances
// on one PostgreSQL, beside the raw NOTIFY round trip there.
//
//	go test ./web/api -run '^$' -bench AnswerToEvent -benchtime 200x
func BenchmarkAnswerToEvent(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		h := webtest.New(b, storetest.New(b))
		benchAnswerToEvent(b, h, h)
	})
	b.Run("postgres-two-instances", func(b *testing.B) {
		dsn := storetest.PostgresDatabase(b)
		h1 := webtest.New(b, storetest.Open(b, dsn))
		h2 := webtest.New(b, storetest.Open(b, dsn))
		benchAnswerToEvent(b, h1, h2)
	})
	b.Run("postgres-raw-notify", func(b *testing.B) {
		dsn := storetest.PostgresDatabase(b)
		ctx := context.Background()
		l, err := pgx.Connect(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close(ctx)
		n, err := pgx.Connect(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer n.Close(ctx)
		if _, err := l.Exec(ctx, "LISTEN bench"); err != nil {
			b.Fatal(err)
		}
		var lat []time.Duration
		for i := 0; i < b.N; i++ {
			t := time.Now()
			if _, err := n.Exec(ctx, "SELECT pg_notify('bench', $1)", fmt.Sprint(i)); err != nil {
				b.Fatal(err)
			}
			if _, err := l.WaitForNotification(ctx); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		report(b, "notify", lat)
	})
}

func benchAnswerToEvent(b *testing.B, save, listen *webtest.Harness) {
	token, id, code := save.Workshop("Bench")
	stream := openSSE(b, listen.Server.URL+"/api/v1/assessments/"+id+"/events", token, "")
	p := save.Join(code, "")
	stream.next("respondent")
	qs := webtest.Questions(save.Model)
	var saves, events []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		t := time.Now()
		save.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", webtest.AnswerFor(q, i), 200, nil)
		acked := time.Now()
		stream.next("answer")
		mu.Lock()
		saves = append(saves, acked.Sub(t))
		events = append(events, time.Since(acked))
		mu.Unlock()
	}
	b.StopTimer()
	report(b, "save", saves)
	report(b, "event", events)
}

func report(b *testing.B, name string, d []time.Duration) {
	slices.Sort(d)
	if len(d) == 0 {
		return
	}
	b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, name+"-p99-ms")
}
