package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/readiness/readiness/assessment"
)

// csvHeader names the columns of the CSV export: one row per stored answer.
var csvHeader = []string{
	"assessment_id", "respondent_id", "respondent", "role", "submitted_at",
	"stage", "capability", "question_id", "question", "type",
	"answer", "answer_label", "unscored", "comment", "updated_at",
}

// CSVOptions fit a CSV download to the program that opens it. The zero
// value is plain RFC 4180: comma-separated UTF-8 without a byte-order mark,
// what scripts and other tools expect.
type CSVOptions struct {
	// Excel starts the file with a UTF-8 byte-order mark: without one,
	// Excel reads the bytes in the local code page and shows "ZÃ¼rich".
	Excel bool
	// Semicolon separates cells with ';': Excel in German (and other
	// locales that write decimals with a comma) splits only on ';', so a
	// comma-separated file lands in one column, byte-order mark or not.
	Semicolon bool
}

// bom is the UTF-8 byte-order mark.
const bom = "\ufeff"

// writer starts a CSV file on w as o asks.
func (o CSVOptions) writer(w io.Writer) (*csv.Writer, error) {
	if o.Excel {
		if _, err := io.WriteString(w, bom); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if o.Semicolon {
		cw.Comma = ';'
	}
	return cw, nil
}

// CSV writes one row per stored answer, RFC 4180 quoted (CRLF line ends).
// Free text is guarded against spreadsheet formula injection.
func CSV(w io.Writer, x *assessment.Export) error { return CSVWith(w, x, CSVOptions{}) }

// CSVWith is CSV for the program o names. Every answer is written,
// including texts hidden from the pages and the PDF: an export is the
// consultant's own record.
func CSVWith(w io.Writer, x *assessment.Export, o CSVOptions) error {
	ix := x.Index
	people := make(map[string]assessment.Respondent, len(x.Respondents))
	for _, r := range x.Respondents {
		people[r.ID] = r
	}
	cw, err := o.writer(w)
	if err != nil {
		return err
	}
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, a := range x.Answers {
		q, c, ok := ix.Question(a.QuestionID)
		if !ok {
			continue
		}
		r := people[a.RespondentID]
		submitted := ""
		if r.SubmittedAt != nil {
			submitted = r.SubmittedAt.UTC().Format(time.RFC3339)
		}
		answer, label, unscored := answerCells(q, a)
		row := []string{
			x.Assessment.ID, a.RespondentID, safeCell(r.Name), safeCell(r.Role), submitted,
			c.Stage, c.ID, q.ID, q.Text, string(q.Type),
			answer, label, unscored, safeCell(a.Comment), a.UpdatedAt.UTC().Format(time.RFC3339),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// answerCells renders an answer as its raw value, the labels a reader
// understands, and why it is unscored if it is.
func answerCells(q *assessment.Question, a assessment.Answer) (answer, label, unscored string) {
	switch q.Type {
	case assessment.Scale:
		if a.Value != nil {
			answer = strconv.FormatFloat(*a.Value, 'f', -1, 64)
		}
		return answer, answer, ""
	case assessment.Text:
		t := safeCell(a.Text)
		return t, t, ""
	case assessment.Multi:
		labels := make([]string, 0, len(a.Options))
		var reasons []string
		for _, id := range a.Options {
			if o := q.Option(id); o != nil {
				labels = append(labels, o.Label)
				if o.Score == nil {
					reasons = append(reasons, string(o.Unscored))
				}
			}
		}
		if len(labels) == 0 {
			labels = append(labels, "(none of these)")
		}
		return strings.Join(a.Options, ";"), strings.Join(labels, "; "), strings.Join(reasons, ";")
	default:
		if o := q.Option(a.Option); o != nil {
			return a.Option, o.Label, string(o.Unscored)
		}
		return a.Option, "", ""
	}
}

// RoadmapCSVWith is RoadmapCSV with a byte-order mark when o.Excel. The
// roadmap keeps its commas: it is made for issue trackers, which want them.
func RoadmapCSVWith(w io.Writer, x *assessment.Export, o CSVOptions) error {
	if o.Excel {
		if _, err := io.WriteString(w, bom); err != nil {
			return err
		}
	}
	return RoadmapCSV(w, x)
}

// safeCell stops a spreadsheet from running a participant's text as a formula.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
