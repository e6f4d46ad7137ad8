package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// TestReportHelp: --help lists every format and is no mistake (exit 0).
func TestReportHelp(t *testing.T) {
	_, stderr, err := runCmd(t, "", "report", "--help")
	if err != nil && !errors.Is(err, flag.ErrHelp) { // main exits 0 for it
		t.Fatalf("report --help: %v", err)
	}
	for _, f := range []string{"pdf", "csv", "json", "roadmap-csv"} {
		if !strings.Contains(stderr, "\n  "+f+" ") {
			t.Errorf("report --help does not list the format %s:\n%s", f, stderr)
		}
	}
}

// TestReportFormats makes every report of one assessment offline.
func TestReportFormats(t *testing.T) {
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
	org, err := svc.CreateOrganisation(ctx, u, "Zürich Łódź AG", "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org.ID, Questionnaire: "dcos-readiness", Mode: assessment.SelfService})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	for format, check := range map[string]func([]byte) bool{
		"pdf":  func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) && bytes.Contains(b, []byte("%%EOF")) },
		"json": func(b []byte) bool { return bytes.Contains(b, []byte(`"organisation"`)) },
		"csv":  func(b []byte) bool { return bytes.HasPrefix(b, []byte("assessment_id,")) },
		"roadmap-csv": func(b []byte) bool {
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			return err == nil && len(rows) >= 1 && strings.Join(rows[0], ",") == "position,phase,capability,title,stage,score,target,requires,reason"
		},
	} {
		out := filepath.Join(dir, "report."+format)
		if _, _, err := runCmd(t, "", "report", "--db", db, "--assessment", a.ID, "--format", format, "--out", out); err != nil {
			t.Errorf("--format %s: %v", format, err)
			continue
		}
		b, err := os.ReadFile(out)
		if err != nil || !check(b) {
			t.Errorf("--format %s wrote %d bytes that do not look right (%v): %.60q", format, len(b), err, b)
		}
	}
	// Reports hold client data: 0600, also when an existing, wider file is overwritten.
	wide := filepath.Join(dir, "wide.json")
	if err := os.WriteFile(wide, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{filepath.Join(dir, "fresh.csv"), wide} {
		if _, _, err := runCmd(t, "", "report", "--db", db, "--assessment", a.ID, "--format", "json", "--out", out); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want 0600", filepath.Base(out), fi.Mode().Perm(), err)
		}
	}
	if _, _, err := runCmd(t, "", "report", "--db", db, "--assessment", a.ID, "--format", "docx", "--out", "x"); exitCode(err) != 2 {
		t.Errorf("an unknown format: %v (exit %d)", err, exitCode(err))
	}
}
