package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

// TestPDFTexts prints the visible texts under their capability, leaves the
// hidden one out although the export holds it, and prints none when the
// download asks for a report without verbatims.
func TestPDFTexts(t *testing.T) {
	x := workshopOf(fixedModel(), 4)
	c := x.Index.Model().Capabilities[1]
	q := c.Questions[0]
	const hidden = "Kevin from finance blocks every budget"
	x.Answers = append(x.Answers, assessment.Answer{RespondentID: x.Respondents[0].ID, QuestionID: q.ID, Comment: hidden})
	written := []assessment.ParticipantText{
		{ID: "t1", Question: q.ID, Kind: assessment.TextComment, Text: "Ops is never asked"},
		{ID: "t2", Question: q.ID, Kind: assessment.TextComment, Text: hidden, Hidden: true},
		{ID: "t3", Question: q.ID, Kind: assessment.TextComment, Text: "The budget\nis not agreed: Zürich, Łódź"},
	}
	// What the API hands over: the visible texts, as the service groups them.
	visible := assessment.VisibleByCapability(assessment.OrderTexts(x.Index, written))
	// A caller that passes a hidden text by mistake still does not print it.
	unfiltered := map[string][]assessment.ParticipantText{c.ID: written}
	for name, tt := range map[string]struct {
		texts map[string][]assessment.ParticipantText
		shown bool
	}{
		"visible texts":         {visible, true},
		"hidden ones passed in": {unfiltered, true},
		"without verbatims":     {nil, false},
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.PDF(&b, report.Document{Export: x, Date: reportDate, Texts: tt.texts}); err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, b.Bytes()))), " ")
			for _, w := range []string{"What participants wrote", "Comments on: " + q.Text, "\u201cOps is never asked\u201d",
				"\u201cThe budget is not agreed: Zürich, Łódź\u201d"} {
				if strings.Contains(flat, w) != tt.shown {
					t.Errorf("the text layer has %q: %v, want %v", w, !tt.shown, tt.shown)
				}
			}
			for _, never := range []string{"Kevin", x.Respondents[0].Name} {
				if never != "" && strings.Contains(flat, never) {
					t.Errorf("the text layer has %q", never)
				}
			}
			// Under the answer spreads of its capability, before the next one.
			if tt.shown {
				at := strings.Index(flat, "What participants wrote")
				start := strings.Index(flat, c.Title+" Score ")
				end := strings.Index(flat[max(start, 0):], x.Index.Model().Capabilities[2].Title+" Score ")
				if start < 0 || end < 0 || at < start || at > start+end {
					t.Errorf("the texts are not in the section of %q", c.Title)
				}
			}
		})
	}
}
