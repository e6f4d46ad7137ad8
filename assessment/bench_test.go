package assessment

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchModel has the built-in questionnaire's shape: 4 stages, 13
// capabilities, 70 questions, mostly single choice with some boolean, multi
// and scale questions and one text question.
func benchModel() *Model {
	m := &Model{Slug: "bench", Version: "1.0.0", Title: "Bench"}
	for i := range 4 {
		m.Stages = append(m.Stages, Stage{ID: fmt.Sprintf("s%d", i+1), Title: fmt.Sprintf("Stage %d", i+1), Order: i + 1})
	}
	perStage := []int{3, 3, 4, 3}
	q := 0
	for si, n := range perStage {
		for range n {
			ci := len(m.Capabilities)
			c := capability(fmt.Sprintf("c%d", ci+1), m.Stages[si].ID, 60, nil)
			if ci > 0 {
				c.Requires = []string{m.Capabilities[ci-1].ID}
			}
			nq := 5
			if ci < 5 {
				nq = 6
			}
			for k := range nq {
				q++
				id := fmt.Sprintf("q%d", q)
				switch {
				case q == 1:
					c.Questions = append(c.Questions, text(id))
				case k == 1:
					c.Questions = append(c.Questions, boolean(id))
				case k == 2 && ci%3 == 0:
					c.Questions = append(c.Questions, multi(id, opt("a", 1), opt("b", 2), opt("c", 1), opt("none", 0), naOpt("na"), dkOpt("dk")))
				case k == 3 && ci%4 == 0:
					c.Questions = append(c.Questions, scale(id, 0, 10))
				default:
					c.Questions = append(c.Questions, levels(id))
				}
			}
			m.Capabilities = append(m.Capabilities, c)
		}
	}
	return m
}

// everyoneAnswers has n respondents answer every question of m at random,
// grouped by respondent as the store returns them.
func everyoneAnswers(m *Model, n int) []Answer {
	r := rand.New(rand.NewPCG(1, 2))
	as := make([]Answer, 0, n*m.QuestionCount())
	for k := range n {
		id := fmt.Sprintf("respondent-%04d", k)
		for ci := range m.Capabilities {
			for qi := range m.Capabilities[ci].Questions {
				as = append(as, randomAnswer(r, id, &m.Capabilities[ci].Questions[qi]))
			}
		}
	}
	return as
}

func BenchmarkScore500(b *testing.B) {
	m := benchModel()
	ix := NewIndex(m)
	answers := everyoneAnswers(m, 500)
	b.ReportAllocs()
	for b.Loop() {
		Score(ix, answers)
	}
}

// BenchmarkScore500Shuffled is the same work with answers in no particular
// order, as a store without an ORDER BY might return them.
func BenchmarkScore500Shuffled(b *testing.B) {
	m := benchModel()
	ix := NewIndex(m)
	answers := everyoneAnswers(m, 500)
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(answers), func(i, j int) { answers[i], answers[j] = answers[j], answers[i] })
	b.ReportAllocs()
	for b.Loop() {
		Score(ix, answers)
	}
}
