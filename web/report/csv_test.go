package report_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

const bom = "\ufeff"

// records parses a CSV file back the way a program would, after the
// byte-order mark, if any.
func records(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte(bom))))
	r.Comma = comma
	out, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse back: %v\n%s", err, b)
	}
	return out
}

// column returns the cells of the named column below the header.
func column(t *testing.T, recs [][]string, name string) []string {
	t.Helper()
	i := slices.Index(recs[0], name)
	if i < 0 {
		t.Fatalf("no column %q in %v", name, recs[0])
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[i])
	}
	return out
}

func TestCSVOptions(t *testing.T) {
	x := export()
	x.Respondents[0].Name = "Zoë of Zürich; Łódź"
	var plain bytes.Buffer
	if err := report.CSV(&plain, x); err != nil {
		t.Fatal(err)
	}
	want := records(t, plain.Bytes(), ',')
	for _, tt := range []struct {
		name  string
		opt   report.CSVOptions
		bom   bool
		comma rune
	}{
		{"default: no byte-order mark, commas", report.CSVOptions{}, false, ','},
		{"excel=1: a byte-order mark", report.CSVOptions{Excel: true}, true, ','},
		{"excel=1, semicolons", report.CSVOptions{Excel: true, Semicolon: true}, true, ';'},
		{"semicolons alone", report.CSVOptions{Semicolon: true}, false, ';'},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.CSVWith(&b, x, tt.opt); err != nil {
				t.Fatal(err)
			}
			if got := bytes.HasPrefix(b.Bytes(), []byte(bom)); got != tt.bom {
				t.Errorf("starts with a byte-order mark: %v, want %v", got, tt.bom)
			}
			if bytes.Count(b.Bytes(), []byte(bom)) > 1 {
				t.Error("more than one byte-order mark")
			}
			got := records(t, b.Bytes(), tt.comma)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("parsed back:\n%q\nwant\n%q", got, want)
			}
			if got[0][0] != "assessment_id" {
				t.Errorf("first header cell %q: a byte-order mark inside it?", got[0][0])
			}
			if !slices.Contains(column(t, got, "respondent"), "Zoë of Zürich; Łódź") {
				t.Errorf("the name did not round-trip: %q", column(t, got, "respondent"))
			}
		})
	}
	if !bytes.Equal(plain.Bytes(), func() []byte {
		var b bytes.Buffer
		_ = report.CSVWith(&b, x, report.CSVOptions{})
		return b.Bytes()
	}()) {
		t.Error("CSV and CSVWith with no options differ")
	}
}

// TestCSVFormulaGuard: a participant's text that a spreadsheet would run
// is written as text, whatever the separator.
func TestCSVFormulaGuard(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+49 30 1234", "'+49 30 1234"},
		{"-2", "'-2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"plain; text, \"quoted\"", "plain; text, \"quoted\""},
		{"a = b", "a = b"},
		{"", ""},
	} {
		for _, opt := range []report.CSVOptions{{}, {Excel: true, Semicolon: true}} {
			x := export()
			x.Answers = []assessment.Answer{
				{RespondentID: "r1", QuestionID: "q-single", Option: "git", Comment: tt.in, UpdatedAt: x.Assessment.CreatedAt},
				{RespondentID: "r2", QuestionID: "q-text", Text: tt.in, UpdatedAt: x.Assessment.CreatedAt},
			}
			x.Respondents[0].Name, x.Respondents[0].Role = tt.in, tt.in
			var b bytes.Buffer
			if err := report.CSVWith(&b, x, opt); err != nil {
				t.Fatal(err)
			}
			comma := ','
			if opt.Semicolon {
				comma = ';'
			}
			recs := records(t, b.Bytes(), comma)
			cells := []string{column(t, recs, "comment")[0], column(t, recs, "answer")[1], column(t, recs, "answer_label")[1],
				column(t, recs, "respondent")[0], column(t, recs, "role")[0]}
			// With CRLF line ends encoding/csv writes no lone carriage
			// return: "\r=1+1" would reach the file as "=1+1", a formula.
			// The guard sees the \r first, so the cell starts with "'".
			parsed := strings.ReplaceAll(tt.want, "\r", "")
			for i, got := range cells {
				if got != parsed {
					t.Errorf("%q (%+v) cell %d: %q, want %q", tt.in, opt, i, got, parsed)
				}
			}
			if strings.HasPrefix(b.String(), bom) != opt.Excel {
				t.Errorf("byte-order mark with %+v", opt)
			}
		}
	}
}

func TestRoadmapCSVWith(t *testing.T) {
	x := export()
	var plain, excel bytes.Buffer
	if err := report.RoadmapCSV(&plain, x); err != nil {
		t.Fatal(err)
	}
	if err := report.RoadmapCSVWith(&excel, x, report.CSVOptions{Excel: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(excel.Bytes(), append([]byte(bom), plain.Bytes()...)) {
		t.Errorf("roadmap with excel=1:\n%q\nwant the plain one after a byte-order mark:\n%q", excel.Bytes(), plain.Bytes())
	}
}
