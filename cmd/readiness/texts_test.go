package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
)

// TestReportTexts follows a hidden text from the store to the offline
// reports: gone from the PDF (read back with pdftotext), still in the CSV,
// and no participant's name in the PDF either way.
func TestReportTexts(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required under CI (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not installed")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if _, _, err := runCmd(t, "a-long-password\n", "user", "add", "--db", db, "--workspace", "Nordlicht", "--email", "c@example.com", "--name", "C", "--role", "consultant", "--password-stdin"); err != nil {
		t.Fatal(err)
	}
	st, err := openStore(ctx, db, "FULL", false)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := loadCatalog("")
	if err != nil {
		t.Fatal(err)
	}
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat})
	u, err := st.UserByEmail(ctx, "c@example.com")
	if err != nil {
		t.Fatal(err)
	}
	org, err := svc.CreateOrganisation(ctx, u, "Acme", "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org.ID, Questionnaire: "dcos-readiness", Mode: assessment.Workshop})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := cat.Latest("dcos-readiness")
	var textQ, scoredQ *assessment.Question
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			q := &m.Capabilities[ci].Questions[qi]
			if q.Type == assessment.Text && textQ == nil {
				textQ = q
			}
			if q.Type == assessment.Single && scoredQ == nil {
				scoredQ = q
			}
		}
	}
	if textQ == nil || scoredQ == nil {
		t.Fatal("the built-in model has no text or single question")
	}
	names := []string{"Ada Lovelace", "Grace Hopper", "Linus Torvalds"}
	said := []string{"Ops is never asked", "Kevin from finance blocks every budget", "The budget is not agreed"}
	for i, name := range names {
		r, err := st.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID, Name: name, Role: "developer"}, []byte(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, ans := range []assessment.Answer{
			{RespondentID: r.ID, QuestionID: textQ.ID, Text: said[i]},
			{RespondentID: r.ID, QuestionID: scoredQ.ID, Option: scoredQ.Options[0].ID, Comment: "comment by number " + string(rune('1'+i))},
		} {
			ans.UpdatedAt = time.Now()
			if _, err := st.SaveAnswer(ctx, ans); err != nil {
				t.Fatal(err)
			}
		}
	}
	texts, err := svc.Texts(ctx, u, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(texts, func(x assessment.ParticipantText) bool { return x.Text == said[1] })
	if _, err := svc.SetTextHidden(ctx, u, a.ID, texts[i].ID, true); err != nil {
		t.Fatal(err)
	}
	st.Close()

	report := func(format string, flags ...string) []byte {
		out := filepath.Join(dir, "report."+format)
		args := append([]string{"report", "--db", db, "--assessment", a.ID, "--format", format, "--out", out}, flags...)
		if _, _, err := runCmd(t, "", args...); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if format == "pdf" {
			if b, err = exec.Command(pdftotext, out, "-").Output(); err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			return []byte(strings.Join(strings.Fields(string(b)), " "))
		}
		return b
	}
	pdf := report("pdf")
	for _, w := range []string{said[0], said[2], "comment by number 1", "comment by number 3", "What participants wrote"} {
		if !bytes.Contains(pdf, []byte(w)) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	for _, never := range append([]string{"Kevin"}, names...) {
		if bytes.Contains(pdf, []byte(never)) {
			t.Errorf("the PDF has %q", never)
		}
	}
	if bare := report("pdf", "--no-texts"); bytes.Contains(bare, []byte(said[0])) || bytes.Contains(bare, []byte("What participants wrote")) {
		t.Error("--no-texts: the PDF still has texts")
	}
	rows, err := csv.NewReader(bytes.NewReader(report("csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Contains(r, said[1]) }) {
		t.Error("the hidden text left the CSV export")
	}
}
