package assessment_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/questionnaires"
)

// BenchmarkScoreBuiltin500 scores the shipped questionnaire as a workshop of
// 500 respondents who answered every question would see it.
func BenchmarkScoreBuiltin500(b *testing.B) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		b.Fatal("no built-in dcos-readiness questionnaire")
	}
	ix := assessment.NewIndex(m)
	answers := answerEverything(m, 500)
	b.ReportAllocs()
	for b.Loop() {
		assessment.Score(ix, answers)
	}
	b.ReportMetric(float64(len(answers)), "answers")
}

// answerEverything has n respondents answer every question of m at random,
// grouped by respondent.
func answerEverything(m *assessment.Model, n int) []assessment.Answer {
	r := rand.New(rand.NewPCG(1, 2))
	as := make([]assessment.Answer, 0, n*m.QuestionCount())
	for k := range n {
		id := fmt.Sprintf("respondent-%04d", k)
		for _, c := range m.Capabilities {
			for _, q := range c.Questions {
				a := assessment.Answer{RespondentID: id, QuestionID: q.ID}
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					a.Option = q.Options[r.IntN(len(q.Options))].ID
				case assessment.Multi:
					a.Options = []string{}
					for _, o := range q.Options {
						if r.IntN(2) == 0 {
							a.Options = append(a.Options, o.ID)
						}
					}
				case assessment.Scale:
					v := *q.Min + (*q.Max-*q.Min)*r.Float64()
					a.Value = &v
				case assessment.Text:
					a.Text = "We run this by hand today."
				}
				as = append(as, a)
			}
		}
	}
	return as
}

// BenchmarkFiguresBuiltin500 computes the figures every surface draws
// (distribution, knowledge gaps) for the same workshop: part of what the
// results page and the projector pay for on each load.
func BenchmarkFiguresBuiltin500(b *testing.B) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	m, ok := cat.Latest("dcos-readiness")
	if !ok {
		b.Fatal("no built-in dcos-readiness questionnaire")
	}
	ix := assessment.NewIndex(m)
	answers := answerEverything(m, 500)
	b.ReportAllocs()
	for b.Loop() {
		assessment.NewFigures(ix, assessment.Fit{}, answers)
	}
}
