package assessment

import (
	"fmt"
	"math/rand/v2"
)

// Small builders for models and answers, shared by the scoring, roadmap,
// property and benchmark tests.

func num(x float64) *float64 { return &x }

func opt(id string, score float64) Option { return Option{ID: id, Label: id, Score: num(score)} }

func naOpt(id string) Option { return Option{ID: id, Label: id, Unscored: NotApplicable} }

func dkOpt(id string) Option { return Option{ID: id, Label: id, Unscored: DontKnow} }

// levels is a single question whose options "0".."4" normalise to 0, .25, .5,
// .75 and 1, with "na" and "dk" beside them.
func levels(id string) Question {
	return Question{ID: id, Text: id, Type: Single, Options: []Option{
		opt("0", 0), opt("1", 1), opt("2", 2), opt("3", 3), opt("4", 4), naOpt("na"), dkOpt("dk"),
	}}
}

func single(id string, opts ...Option) Question {
	return Question{ID: id, Text: id, Type: Single, Options: opts}
}

func boolean(id string) Question {
	return Question{ID: id, Text: id, Type: Boolean, Options: []Option{opt("no", 0), opt("yes", 1), dkOpt("dk")}}
}

func multi(id string, opts ...Option) Question {
	return Question{ID: id, Text: id, Type: Multi, Options: opts}
}

func scale(id string, lo, hi float64) Question {
	return Question{ID: id, Text: id, Type: Scale, Min: num(lo), Max: num(hi)}
}

func text(id string) Question { return Question{ID: id, Text: id, Type: Text} }

func weighted(q Question, w float64) Question {
	q.Weight = w
	return q
}

// capability builds a capability with readable defaults; requires may be nil.
func capability(id, stage string, target int, requires []string, qs ...Question) Capability {
	return Capability{
		ID: id, Title: "Title " + id, Stage: stage, Requires: requires, Target: target,
		RecommendLow: "Low " + id + ".", RecommendMiddle: "Middle " + id + ".", Questions: qs,
	}
}

// index builds a model from stage IDs (in order) and capabilities.
func index(stages []string, caps ...Capability) *Index {
	m := &Model{Slug: "test", Version: "1.0.0", Title: "Test", Capabilities: caps}
	for i, id := range stages {
		m.Stages = append(m.Stages, Stage{ID: id, Title: "Stage " + id, Order: i + 1})
	}
	return NewIndex(m)
}

func pick(r, q, o string) Answer { return Answer{RespondentID: r, QuestionID: q, Option: o} }

func picks(r, q string, os ...string) Answer {
	if os == nil {
		os = []string{} // an empty selection, not a missing one
	}
	return Answer{RespondentID: r, QuestionID: q, Options: os}
}

func value(r, q string, v float64) Answer {
	return Answer{RespondentID: r, QuestionID: q, Value: num(v)}
}

func say(r, q, s string) Answer { return Answer{RespondentID: r, QuestionID: q, Text: s} }

// fmtScore prints a score pointer for failure messages and comparisons.
func fmtScore(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

// randomModel builds a model that obeys the format's rules: every stage has a
// capability, every capability a scored question, requires point to the same
// or an earlier stage and never form a cycle, and every question can tell its
// answers apart.
func randomModel(r *rand.Rand) *Model {
	m := &Model{Slug: "random", Version: "1.0.0", Title: "Random"}
	ns := 1 + r.IntN(4)
	for i := range ns {
		m.Stages = append(m.Stages, Stage{ID: fmt.Sprintf("s%d", i+1), Title: fmt.Sprintf("Stage %d", i+1), Order: i + 1})
	}
	nc := ns + r.IntN(8)
	stageOf := make([]int, nc)
	for i := range stageOf {
		stageOf[i] = i // one per stage first, then anywhere
		if i >= ns {
			stageOf[i] = r.IntN(ns)
		}
	}
	r.Shuffle(nc, func(i, j int) { stageOf[i], stageOf[j] = stageOf[j], stageOf[i] })
	q := 0
	for i := range nc {
		c := Capability{
			ID:              fmt.Sprintf("c%d", i+1),
			Title:           fmt.Sprintf("Capability %d", i+1),
			Stage:           m.Stages[stageOf[i]].ID,
			Target:          1 + r.IntN(100),
			RecommendLow:    "Start small.",
			RecommendMiddle: "Keep going.",
		}
		if r.IntN(3) == 0 {
			c.Weight = []float64{0.5, 2, 3}[r.IntN(3)]
		}
		// Only capabilities listed earlier can be required: that rules out cycles.
		for j := range i {
			if stageOf[j] <= stageOf[i] && r.IntN(3) == 0 {
				c.Requires = append(c.Requires, m.Capabilities[j].ID)
			}
		}
		nq := 1 + r.IntN(5)
		for k := range nq {
			q++
			c.Questions = append(c.Questions, randomQuestion(r, fmt.Sprintf("q%d", q), k == 0))
		}
		m.Capabilities = append(m.Capabilities, c)
	}
	return m
}

func randomQuestion(r *rand.Rand, id string, mustScore bool) Question {
	types := []QuestionType{Single, Single, Boolean, Multi, Scale, Text}
	if mustScore {
		types = types[:5]
	}
	q := Question{ID: id, Text: id, Type: types[r.IntN(len(types))]}
	if r.IntN(3) == 0 {
		q.Weight = []float64{0.5, 2, 4}[r.IntN(3)]
	}
	switch q.Type {
	case Single:
		q.Options = []Option{opt("a", 0), opt("b", float64(1+r.IntN(10)))}
		for k := range r.IntN(4) {
			q.Options = append(q.Options, opt(fmt.Sprintf("o%d", k), float64(r.IntN(11))))
		}
	case Boolean:
		q.Options = []Option{opt("no", 0), opt("yes", 1)}
	case Multi:
		q.Options = []Option{opt("a", float64(1+r.IntN(3)))}
		for k := range 1 + r.IntN(4) {
			q.Options = append(q.Options, opt(fmt.Sprintf("o%d", k), float64(r.IntN(5)-1)))
		}
	case Scale:
		lo := float64(r.IntN(11) - 5)
		q.Min, q.Max = num(lo), num(lo+float64(1+r.IntN(10)))
	}
	if q.Type != Scale && q.Type != Text {
		if r.IntN(2) == 0 {
			q.Options = append(q.Options, naOpt("na"))
		}
		if r.IntN(2) == 0 {
			q.Options = append(q.Options, dkOpt("dk"))
		}
		r.Shuffle(len(q.Options), func(i, j int) { q.Options[i], q.Options[j] = q.Options[j], q.Options[i] })
	}
	if q.Type != Text && r.IntN(4) == 0 {
		q.Critical = 1 + r.IntN(100)
	}
	return q
}

// randomAnswer answers q at random, unscored options included.
func randomAnswer(r *rand.Rand, respondent string, q *Question) Answer {
	a := Answer{RespondentID: respondent, QuestionID: q.ID}
	switch q.Type {
	case Single, Boolean:
		a.Option = q.Options[r.IntN(len(q.Options))].ID
	case Multi:
		a.Options = []string{}
		for _, o := range q.Options {
			if r.IntN(2) == 0 {
				a.Options = append(a.Options, o.ID)
			}
		}
	case Scale:
		a.Value = num(*q.Min + (*q.Max-*q.Min)*float64(r.IntN(5))/4)
	case Text:
		a.Text = "some words"
	}
	return a
}

// extremeAnswer gives q its best (or worst) scored answer.
func extremeAnswer(respondent string, q *Question, best bool) Answer {
	a := Answer{RespondentID: respondent, QuestionID: q.ID}
	switch q.Type {
	case Single, Boolean:
		var chosen *Option
		for i := range q.Options {
			o := &q.Options[i]
			if o.Score != nil && (chosen == nil || (best && *o.Score > *chosen.Score) || (!best && *o.Score < *chosen.Score)) {
				chosen = o
			}
		}
		a.Option = chosen.ID
	case Multi:
		a.Options = []string{}
		for _, o := range q.Options {
			if best && o.Score != nil && *o.Score > 0 {
				a.Options = append(a.Options, o.ID)
			}
		}
	case Scale:
		a.Value = q.Min
		if best {
			a.Value = q.Max
		}
	case Text:
		a.Text = "some words"
	}
	return a
}

// randomAnswers lets up to six respondents answer most questions, in an order
// that is sometimes grouped by respondent and sometimes shuffled.
func randomAnswers(r *rand.Rand, m *Model) []Answer {
	var as []Answer
	for k := range 1 + r.IntN(6) {
		id := fmt.Sprintf("r%d", k+1)
		for ci := range m.Capabilities {
			for qi := range m.Capabilities[ci].Questions {
				if r.IntN(5) > 0 {
					as = append(as, randomAnswer(r, id, &m.Capabilities[ci].Questions[qi]))
				}
			}
		}
	}
	if r.IntN(2) == 0 {
		r.Shuffle(len(as), func(i, j int) { as[i], as[j] = as[j], as[i] })
	}
	return as
}
