package store_test

import (
	"context"
	"database/sql"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// resultRespondents is the size of a large assessment: 500 respondents, each
// answering every one of the 73 questions of dcos-readiness 1.0.0.
const resultRespondents = 500

// seedResult creates an assessment on the stored dcos-readiness 1.0.0 with n
// respondents who answered every question at random.
func seedResult(b *testing.B, s *store.Store, n int) (*assessment.Service, assessment.User, string) {
	b.Helper()
	ctx := context.Background()
	def, err := os.ReadFile(format0Fixture)
	if err != nil {
		b.Fatal(err)
	}
	u := storetest.Workspace(b, s)
	a := storetest.Assessment(b, s, u.WorkspaceID, nil)
	setDefinition(b, s, a.ID, def)
	m, err := s.Definition(ctx, a.ID)
	if err != nil {
		b.Fatal(err)
	}
	storetest.Answered(b, s, a, m, n, 7)
	if s.Dialect() == "postgres" {
		// What autovacuum does soon after a bulk of writes: until then
		// PostgreSQL checks each index entry's row for visibility, which
		// costs the covering index its advantage.
		if _, err := s.SQL().ExecContext(ctx, "VACUUM ANALYZE answers"); err != nil {
			b.Fatal(err)
		}
	}
	return assessment.NewService(assessment.Config{Store: s}), u, a.ID
}

// rawScan reads every answer of the assessment with database/sql alone,
// the columns a result reads (who answered what): the floor of any result,
// since scoring needs them all.
func rawScan(ctx context.Context, s *store.Store, assessmentID string) (int, error) {
	q := `SELECT respondent_id, question_id, option, options, value
FROM answers WHERE assessment_id = ? ORDER BY respondent_id, question_id`
	if s.Dialect() == "postgres" {
		q = strings.Replace(q, "?", "$1", 1)
	}
	rows, err := s.SQL().QueryContext(ctx, q, assessmentID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var respondent, question, option string
		var options sql.NullString
		var value sql.NullFloat64
		if err := rows.Scan(&respondent, &question, &option, &options, &value); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// BenchmarkResult times the result of a large assessment (500 respondents ×
// 73 answers) through the service, as GET .../result computes it, and in
// the same loop a raw database/sql scan of the same rows. Each iteration runs
// both, so noise from a busy machine hits them alike; it reports their
// medians and result/raw, the ratio to read:
//
//	go test ./assessment/store -run '^$' -bench Result -benchtime 20x
func BenchmarkResult(b *testing.B) {
	for _, d := range []struct {
		name string
		open func(testing.TB) *store.Store
	}{{"sqlite", storetest.New}, {"postgres", storetest.NewPostgres}} {
		b.Run(d.name, func(b *testing.B) {
			s := d.open(b)
			svc, u, id := seedResult(b, s, resultRespondents)
			ctx := context.Background()
			want := resultRespondents * 73
			// One untimed round warms the definition cache and the connections.
			if _, err := svc.Result(ctx, u, id); err != nil {
				b.Fatal(err)
			}
			var result, raw []time.Duration
			b.ResetTimer()
			for range b.N {
				t := time.Now()
				r, err := svc.Result(ctx, u, id)
				if err != nil {
					b.Fatal(err)
				}
				result = append(result, time.Since(t))
				if r.Overall.Answered == 0 {
					b.Fatal("nothing answered")
				}
				t = time.Now()
				n, err := rawScan(ctx, s, id)
				if err != nil {
					b.Fatal(err)
				}
				raw = append(raw, time.Since(t))
				if n != want {
					b.Fatalf("raw scan read %d answers, want %d", n, want)
				}
			}
			b.StopTimer()
			res, rw := median(result), median(raw)
			b.ReportMetric(float64(res.Microseconds())/1000, "result-ms")
			b.ReportMetric(float64(rw.Microseconds())/1000, "raw-ms")
			b.ReportMetric(float64(res)/float64(rw), "result/raw")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	return ds[len(ds)/2]
}
