package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

func runReport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: readiness report --db DB --assessment ID --format FORMAT --out FILE

formats:
  pdf          the client report
  csv          every answer, one row each
  json         the whole assessment: respondents, answers, agreed answers, result
  roadmap-csv  the roadmap, one step a row

flags:
`)
		fs.PrintDefaults()
	}
	db := dbFlag(fs, env)
	id := fs.String("assessment", "", "assessment ID")
	format := fs.String("format", "json", "pdf, csv, json or roadmap-csv")
	out := fs.String("out", "", "file to write; - for standard output")
	noTexts := fs.Bool("no-texts", false, "leave what participants wrote out of the PDF")
	baseURL := fs.String("base-url", envOr(env, "READINESS_BASE_URL", "http://127.0.0.1:8080"), "base URL for links in the report (env READINESS_BASE_URL)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *id == "" || *out == "" {
		return usageError{"--assessment ID and --out FILE are required"}
	}
	var render func(io.Writer, *assessment.Export) error
	var rep *assessment.Report // for the PDF: the export with what changed since and the perspectives
	switch *format {
	case "json":
		render = func(w io.Writer, x *assessment.Export) error { return report.JSON(w, x, *baseURL) }
	case "csv":
		render = report.CSV
	case "pdf":
		render = func(w io.Writer, x *assessment.Export) error {
			return report.PDF(w, report.NewDocument(rep, time.Now()))
		}
	case "roadmap-csv":
		render = report.RoadmapCSV
	default:
		return usageError{fmt.Sprintf("--format %q must be pdf, csv, json or roadmap-csv", *format)}
	}
	st, err := openStore(ctx, *db, "FULL", false)
	if err != nil {
		return err
	}
	defer st.Close()
	// The operator holds the database itself, so the report is not scoped by
	// a signed-in user: find the workspace the assessment lives in.
	ws, err := st.AssessmentWorkspace(ctx, *id)
	if err != nil {
		return fmt.Errorf("assessment %s: %w", *id, err)
	}
	cat, err := loadCatalog(env("READINESS_QUESTIONNAIRES"))
	if err != nil {
		return err
	}
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat})
	var x *assessment.Export
	if *format == "pdf" {
		// The one assembly of the client report, as the API serves it.
		if rep, err = svc.Report(ctx, assessment.User{WorkspaceID: ws}, *id); err != nil {
			return err
		}
		if *noTexts {
			rep.Texts = nil
		}
		// The model's titles in the report's language, as its headings are.
		if err := svc.LocalizeExport(ctx, rep.Export, rep.Assessment.Language); err != nil {
			return err
		}
		x = rep.Export
	} else if x, err = svc.Export(ctx, assessment.User{WorkspaceID: ws}, *id); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(&buf, x); err != nil {
		return fmt.Errorf("render %s report: %w", *format, err)
	}
	if *out == "-" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	// A report holds client data: only its owner may read it. WriteFile's
	// mode applies to a new file only, so an existing one is narrowed first,
	// before it holds the new report.
	if err := os.Chmod(*out, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("write report: %w", err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(stderr, "wrote %s\n", *out)
	return nil
}
