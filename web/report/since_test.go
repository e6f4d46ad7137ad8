package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

// TestPDFSince prints what changed since the assessment before, and
// nothing of the kind without one.
func TestPDFSince(t *testing.T) {
	x := workshop(t, 12)
	few := workshop(t, 3) // a different result of the same model: something moved
	from := few.Assessment
	from.ID, from.Title, from.CreatedAt = "earlier", "Spring baseline", time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	cmp := assessment.Compare(from, x.Assessment, few.Index, x.Index, few.Result, x.Result)

	var b bytes.Buffer
	if err := report.PDF(&b, report.Document{Export: x, Date: reportDate, Since: cmp}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, b.Bytes()))), " ")
	want := []string{"Since 4 May 2026", `Compared with "Spring baseline"`, "Overall score", "Score change per capability",
		x.Result.Capabilities[0].Title, "Stages reached", "Stages lost", "Roadmap items closed", "Roadmap items opened", "Roadmap items dropped"}
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("the report does not say %q", w)
		}
	}

	without := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, render(t, x)))), " ")
	if strings.Contains(without, "Roadmap items opened") {
		t.Error("a report without an earlier assessment has a since section")
	}
}
