package report_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// dontKnowRoom is an assessment of the golden model by n respondents who
// answer every question: the first question of each capability "don't
// know" for all but every third respondent, the rest "some". The last
// capability's first question is answered by the first respondent only,
// "don't know".
func dontKnowRoom(n int) *assessment.Export {
	m := fixedModel()
	x := workshopOf(m, 0)
	for i := range n {
		id := fmt.Sprintf("r%03d", i)
		x.Respondents = append(x.Respondents, assessment.Respondent{ID: id, AssessmentID: "a1", Name: fmt.Sprintf("Person %d", i), Role: "Developer"})
		for ci, c := range m.Capabilities {
			for qi, q := range c.Questions {
				o := "some"
				last := ci == len(m.Capabilities)-1 && qi == 0
				switch {
				case last && i > 0:
					continue
				case last, qi == 0 && i%3 != 2:
					o = "dk"
				}
				x.Answers = append(x.Answers, assessment.Answer{RespondentID: id, QuestionID: q.ID, Option: o})
			}
		}
	}
	x.Assessment.Respondents = n
	x.Result = assessment.Score(x.Index, x.Answers)
	x.Figures = assessment.NewFigures(x.Index, x.Assessment.Fit(), x.Answers)
	return x
}

// TestPDFKnowledgeGaps: the PDF prints the knowledge gaps the figures
// give, with their counts, and none of a question fewer than three people
// answered: for one respondent who says "don't know" it prints no count.
func TestPDFKnowledgeGaps(t *testing.T) {
	perQuestion := regexp.MustCompile(`\d+ of \d+ says? “don't know”`)
	perCapability := regexp.MustCompile(`· \d+ “don't know”`)
	for _, n := range []int{1, 3, 10} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			x := dontKnowRoom(n)
			flat := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, render(t, x)))), " ")
			shown := x.Figures.ShownGaps()
			if n == 1 {
				if len(shown) != 0 {
					t.Fatalf("figures show %+v for one respondent", shown)
				}
				for _, re := range []*regexp.Regexp{perQuestion, perCapability} {
					if m := re.FindString(flat); m != "" {
						t.Errorf("one respondent's \"don't know\" is counted: %q", m)
					}
				}
				if !strings.Contains(flat, "None to show: a question is counted here only where at least 3 participants answered it.") {
					t.Errorf("the summary does not say why no knowledge gap is listed")
				}
				return
			}
			if len(shown) == 0 {
				t.Fatal("no knowledge gap to show")
			}
			// The summary lists the five biggest, as the figures order them.
			got := perQuestion.FindAllString(flat, -1)
			var want []string
			for _, g := range shown[:min(5, len(shown))] {
				want = append(want, fmt.Sprintf("%d of %d %s “don't know”", g.DontKnow, g.Respondents, map[bool]string{true: "says", false: "say"}[g.DontKnow == 1]))
				q, c, _ := x.Index.Question(g.Question)
				if !strings.Contains(flat, fmt.Sprintf("%s (%s): %s", q.Text, c.Title, want[len(want)-1])) {
					t.Errorf("the summary lacks %s (%s): %s", q.Text, c.Title, want[len(want)-1])
				}
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("summary counts %q, want %q", got, want)
			}
			// Each capability's count is the shown part of the result's.
			for _, cr := range x.Result.Capabilities {
				dk := x.Figures.ShownDontKnow(cr.ID)
				if dk == 0 {
					continue
				}
				if !strings.Contains(flat, fmt.Sprintf("· %d “don't know”", dk)) {
					t.Errorf("%s: no count of %d \"don't know\"", cr.ID, dk)
				}
			}
			last := x.Index.Model().Capabilities[len(x.Index.Model().Capabilities)-1]
			if q := last.Questions[0]; strings.Contains(flat, q.Text+" ("+last.Title+"): 1 of 1") {
				t.Errorf("a question one person answered is counted")
			}
		})
	}
}
