package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/migrations"
)

// TestChoicesReadTheIndexAlone keeps a result's read of a large assessment
// fast: SQLite answers it from answers_scoring alone, in the index's order,
// without touching the table or sorting. A column added to the query but not
// to the index fails here, not in production.
func TestChoicesReadTheIndexAlone(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := migrations.Apply(ctx, s.SQL(), s.Dialect()); err != nil {
		t.Fatal(err)
	}
	rows, err := s.SQL().QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.q.assessmentChoices, "an-assessment")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(plan, "; ")
	if !strings.Contains(got, "USING COVERING INDEX answers_scoring") || strings.Contains(got, "TEMP B-TREE") {
		t.Errorf("query plan %q, want a search of the covering index answers_scoring without a sort", got)
	}
}
