package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The stored definition of dcos-readiness 1.0.0 exactly as a row written
// before stored definitions had a format (JSON of the untagged Go struct).
const format0Fixture = "testdata/definition-dcos-readiness-1.0.0.format0.json"

// The same definition as today's code stores it (format 1).
const format1Golden = "testdata/definition-dcos-readiness-1.0.0.format1.golden.json"

// storedDefinition reads an assessment's stored definition as it is.
func storedDefinition(t *testing.T, s *store.Store, assessmentID string) []byte {
	t.Helper()
	q := "SELECT definition FROM assessments WHERE id = ?"
	if s.Dialect() == "postgres" {
		q = "SELECT definition FROM assessments WHERE id = $1"
	}
	var def string
	if err := s.SQL().QueryRowContext(context.Background(), q, assessmentID).Scan(&def); err != nil {
		t.Fatal(err)
	}
	return []byte(def)
}

// setDefinition overwrites an assessment's stored definition with raw bytes,
// as an older version of readiness would have written them.
func setDefinition(t testing.TB, s *store.Store, assessmentID string, def []byte) {
	t.Helper()
	q := "UPDATE assessments SET definition = ? WHERE id = ?"
	if s.Dialect() == "postgres" {
		q = "UPDATE assessments SET definition = $1 WHERE id = $2"
	}
	res, err := s.SQL().ExecContext(context.Background(), q, string(def), assessmentID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d rows updated", n)
	}
}

// fixtureAnswers answers every question of m for three respondents, each
// differently, and saves the answers through s.
func fixtureAnswers(t *testing.T, s *store.Store, a assessment.Assessment, m *assessment.Model) {
	t.Helper()
	ctx := context.Background()
	for k := range 3 {
		r, _ := storetest.Respondent(t, s, a)
		j := 0
		for ci := range m.Capabilities {
			for qi := range m.Capabilities[ci].Questions {
				q := &m.Capabilities[ci].Questions[qi]
				j++
				an := assessment.Answer{RespondentID: r.ID, QuestionID: q.ID}
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					an.Option = q.Options[(k+j)%len(q.Options)].ID
				case assessment.Multi:
					an.Options = []string{}
					for oi, o := range q.Options {
						if o.Score != nil && (oi+k+j)%2 == 0 {
							an.Options = append(an.Options, o.ID)
						}
					}
				case assessment.Scale:
					v := *q.Min + float64((k+j)%int(*q.Max-*q.Min+1))
					an.Value = &v
				case assessment.Text:
					an.Text = fmt.Sprintf("notes %d", k)
				}
				if err := an.Check(q); err != nil {
					t.Fatalf("fixture answer to %s: %v", q.ID, err)
				}
				if _, err := s.SaveAnswer(ctx, an); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// golden compares got with the file, or rewrites the file under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what was produced now (review, then -update):\n%s", path, got)
	}
}

// TestStoredDefinition1_0_0 loads the stored 1.0.0 definition as an older
// version wrote it, scores three respondents' answers with it and compares
// the definition and the result with golden files: a renamed field of the
// domain model, or a change of the stored form, must not change what an old
// assessment says.
func TestStoredDefinition1_0_0(t *testing.T) {
	old, err := os.ReadFile(format0Fixture)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		setDefinition(t, s, a.ID, old)

		m, err := s.Definition(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.String() != "dcos-readiness@1.0.0" || len(m.Stages) != 4 || m.QuestionCount() < 70 {
			t.Fatalf("loaded %s with %d stages and %d questions", m, len(m.Stages), m.QuestionCount())
		}
		// Stored again, it takes today's format: compared with a golden file,
		// which is then read back as an assessment of its own.
		b := storetest.Assessment(t, s, u.WorkspaceID, m)
		stored := storedDefinition(t, s, b.ID)
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, stored, "", "  "); err != nil {
			t.Fatal(err)
		}
		pretty.WriteByte('\n')
		golden(t, format1Golden, pretty.Bytes())
		want, err := os.ReadFile(format1Golden)
		if err != nil {
			t.Fatal(err)
		}
		setDefinition(t, s, b.ID, want)
		again, err := s.Definition(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, m) {
			t.Errorf("%s reads back other than %s", format1Golden, format0Fixture)
		}

		fixtureAnswers(t, s, a, m)
		answers, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		result, err := json.MarshalIndent(assessment.Score(assessment.NewIndex(m), answers), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "definition-dcos-readiness-1.0.0.result.golden.json"), append(result, '\n'))
	})
}
