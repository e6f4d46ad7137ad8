package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// answered adds a respondent to a with one answer.
func answered(t *testing.T, s *store.Store, a assessment.Assessment) assessment.Respondent {
	t.Helper()
	r, _ := storetest.Respondent(t, s, a)
	if _, err := s.SaveAnswer(context.Background(), assessment.Answer{RespondentID: r.ID, QuestionID: "vcs-use",
		Option: "some", UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return r
}

// rowsOf counts, in every table with an assessment_id column, the rows of
// the assessment: a table someone adds later is checked too.
func rowsOf(t *testing.T, s *store.Store, assessmentID string) map[string]int {
	t.Helper()
	ctx := context.Background()
	q := `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'assessment_id'`
	if s.Dialect() == "postgres" {
		q = `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'assessment_id'`
	}
	rows, err := s.SQL().QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 2 {
		t.Fatalf("found only tables %v with an assessment_id", tables)
	}
	out := map[string]int{}
	for _, table := range append(tables, "assessments") {
		col := "assessment_id"
		if table == "assessments" {
			col = "id"
		}
		var n int
		arg := "?"
		if s.Dialect() == "postgres" {
			arg = "$1"
		}
		if err := s.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE "+col+" = "+arg, assessmentID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			out[table] = n
		}
	}
	return out
}

func TestDeleteAssessmentLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		keep := storetest.Assessment(t, s, u.WorkspaceID, nil)
		answered(t, s, a)
		answered(t, s, a)
		answered(t, s, keep)
		if _, err := s.SaveNotes(ctx, u.WorkspaceID, assessment.Notes{AssessmentID: a.ID, Summary: "Findings",
			Capabilities: map[string]string{}, UpdatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		before := rowsOf(t, s, a.ID)
		if before["answers"] != 2 || before["respondents"] != 2 || before["assessment_notes"] != 1 {
			t.Fatalf("seeded rows = %v", before)
		}

		wantKind(t, s.DeleteAssessment(ctx, other.WorkspaceID, a.ID), assessment.NotFound)
		if got := rowsOf(t, s, a.ID); len(got) != len(before) {
			t.Fatalf("a refused delete changed rows: %v, was %v", got, before)
		}
		wantKind(t, s.DeleteAssessment(ctx, u.WorkspaceID, "nope"), assessment.NotFound)

		wantKind(t, s.DeleteAssessment(ctx, u.WorkspaceID, a.ID), "")
		if got := rowsOf(t, s, a.ID); len(got) != 0 {
			t.Errorf("rows left after delete: %v", got)
		}
		_, err := s.Assessment(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, assessment.NotFound)
		if got := rowsOf(t, s, keep.ID); got["answers"] != 1 || got["respondents"] != 1 {
			t.Errorf("another assessment lost rows: %v", got)
		}
		wantKind(t, s.DeleteAssessment(ctx, u.WorkspaceID, a.ID), assessment.NotFound)
	})
}

func TestDeleteOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		second, err := s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: a.OrganisationID,
			Mode: assessment.SelfService, Title: "second"}, storetest.Model())
		if err != nil {
			t.Fatal(err)
		}
		keep := storetest.Assessment(t, s, u.WorkspaceID, nil)
		answered(t, s, a)
		answered(t, s, second)
		answered(t, s, keep)

		wantKind(t, s.DeleteOrganisation(ctx, other.WorkspaceID, a.OrganisationID), assessment.NotFound)
		if got := rowsOf(t, s, a.ID); got["answers"] != 1 {
			t.Fatalf("a refused delete changed rows: %v", got)
		}
		wantKind(t, s.DeleteOrganisation(ctx, u.WorkspaceID, a.OrganisationID), "")
		for _, id := range []string{a.ID, second.ID} {
			if got := rowsOf(t, s, id); len(got) != 0 {
				t.Errorf("rows of %s left: %v", id, got)
			}
		}
		_, err = s.Organisation(ctx, u.WorkspaceID, a.OrganisationID)
		wantKind(t, err, assessment.NotFound)
		if got := rowsOf(t, s, keep.ID); got["answers"] != 1 {
			t.Errorf("another organisation lost rows: %v", got)
		}
		orgs, err := s.Organisations(ctx, u.WorkspaceID)
		wantKind(t, err, "")
		if len(orgs) != 1 || orgs[0].ID != keep.OrganisationID {
			t.Errorf("organisations left = %+v", orgs)
		}
	})
}

func TestDeleteRespondent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		b := storetest.Assessment(t, s, u.WorkspaceID, nil)
		gone, stays := answered(t, s, a), answered(t, s, a)

		wantKind(t, s.DeleteRespondent(ctx, other.WorkspaceID, a.ID, gone.ID), assessment.NotFound)
		wantKind(t, s.DeleteRespondent(ctx, u.WorkspaceID, b.ID, gone.ID), assessment.NotFound) // wrong assessment
		wantKind(t, s.DeleteRespondent(ctx, u.WorkspaceID, a.ID, gone.ID), "")
		wantKind(t, s.DeleteRespondent(ctx, u.WorkspaceID, a.ID, gone.ID), assessment.NotFound)

		rs, err := s.Respondents(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if len(rs) != 1 || rs[0].ID != stays.ID || rs[0].Answered != 1 {
			t.Errorf("respondents = %+v, want only %s with 1 answer", rs, stays.ID)
		}
		answers, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if len(answers) != 1 || answers[0].RespondentID != stays.ID {
			t.Errorf("answers = %+v", answers)
		}
		got, err := s.Assessment(ctx, u.WorkspaceID, a.ID)
		wantKind(t, err, "")
		if got.Respondents != 1 || got.Answering != 1 || got.Submitted != 0 {
			t.Errorf("counts = %d invited, %d answering, %d submitted", got.Respondents, got.Answering, got.Submitted)
		}
	})
}

func TestUpdateOrganisationAndAssessment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a := storetest.Assessment(t, s, u.WorkspaceID, nil)
		o, err := s.Organisation(ctx, u.WorkspaceID, a.OrganisationID)
		wantKind(t, err, "")

		o.Name, o.Industry = "Renamed", "Banking"
		got, err := s.UpdateOrganisation(ctx, o)
		wantKind(t, err, "")
		if got != o {
			t.Errorf("UpdateOrganisation = %+v, want %+v", got, o)
		}
		stolen := o
		stolen.WorkspaceID, stolen.Name = other.WorkspaceID, "Stolen"
		_, err = s.UpdateOrganisation(ctx, stolen)
		wantKind(t, err, assessment.NotFound)

		a.Title = "New title"
		ga, err := s.UpdateAssessment(ctx, a)
		wantKind(t, err, "")
		if ga.Title != "New title" {
			t.Errorf("UpdateAssessment title = %q", ga.Title)
		}
		a.WorkspaceID = other.WorkspaceID
		_, err = s.UpdateAssessment(ctx, a)
		wantKind(t, err, assessment.NotFound)
		if ga, _ := s.Assessment(ctx, u.WorkspaceID, a.ID); ga.Title != "New title" {
			t.Errorf("title after a refused update = %q", ga.Title)
		}
	})
}
