package assessment

import (
	"fmt"
	"slices"
	"testing"
)

// gapsModel has two capabilities whose questions all offer "don't know".
func gapsModel() *Index {
	return index([]string{"s1"},
		capability("c1", "s1", 50, nil, levels("q1"), boolean("q2")),
		capability("c2", "s1", 50, nil, levels("q3"), multi("q4", opt("a", 1), opt("b", 1), dkOpt("dk"))),
	)
}

// roomAnswers is n respondents: the first half (rounded up) say "don't
// know" to q1 and q4, every third to q3, the rest answer; q2 is answered
// only by the first respondent, "don't know".
func roomAnswers(n int) []Answer {
	var out []Answer
	for i := range n {
		r := fmt.Sprintf("r%02d", i)
		if i < (n+1)/2 {
			out = append(out, pick(r, "q1", "dk"), picks(r, "q4", "dk"))
		} else {
			out = append(out, pick(r, "q1", "3"), picks(r, "q4", "a"))
		}
		if i%3 == 0 {
			out = append(out, pick(r, "q3", "dk"))
		} else {
			out = append(out, pick(r, "q3", "1"))
		}
		if i == 0 {
			out = append(out, pick(r, "q2", "dk"))
		}
	}
	return out
}

// TestFiguresAgree: the knowledge gaps every surface draws (Figures), the
// API's distribution and the result's "don't know" counts tell one story for
// 1, 3 and 10 respondents, and no gap answered by fewer than MinGroup
// carries a count.
func TestFiguresAgree(t *testing.T) {
	for _, tt := range []struct {
		n        int
		shown    []string // questions a client may see as gaps, in order
		withheld []string
		counts   map[string]int // shown question → "don't know"
	}{
		{n: 1, withheld: []string{"q1", "q2", "q3", "q4"}},
		{n: 3, shown: []string{"q1", "q4", "q3"}, withheld: []string{"q2"}, counts: map[string]int{"q1": 2, "q4": 2, "q3": 1}},
		{n: 10, shown: []string{"q1", "q4", "q3"}, withheld: []string{"q2"}, counts: map[string]int{"q1": 5, "q4": 5, "q3": 4}},
	} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			ix := gapsModel()
			answers := roomAnswers(tt.n)
			f := NewFigures(ix, Fit{}, answers)
			res := Score(ix, answers)
			dist := Distribution(ix, answers) // what GET .../distribution answers

			var shown, withheld []string
			for _, g := range f.Gaps {
				if g.Withheld {
					withheld = append(withheld, g.Question)
					if g.DontKnow != 0 || g.Respondents != 0 {
						t.Errorf("%s is withheld and counted: %+v", g.Question, g)
					}
					continue
				}
				shown = append(shown, g.Question)
				if g.DontKnow != tt.counts[g.Question] || g.Respondents != tt.n {
					t.Errorf("%s: %d of %d say don't know, want %d of %d", g.Question, g.DontKnow, g.Respondents, tt.counts[g.Question], tt.n)
				}
			}
			if !slices.Equal(shown, tt.shown) || !slices.Equal(withheld, tt.withheld) {
				t.Errorf("shown %v withheld %v, want %v and %v", shown, withheld, tt.shown, tt.withheld)
			}
			var shownGaps []string
			for _, g := range f.ShownGaps() {
				shownGaps = append(shownGaps, g.Question)
			}
			if !slices.Equal(shownGaps, tt.shown) {
				t.Errorf("ShownGaps %v, want %v", shownGaps, tt.shown)
			}

			// The API's distribution withholds exactly the questions the
			// figures withhold, and counts "don't know" as they do.
			for _, d := range dist {
				q, _, _ := ix.Question(d.Question)
				dk := 0
				for _, o := range q.Options {
					if o.Unscored == DontKnow {
						dk += d.Counts[o.ID]
					}
				}
				if d.Withheld != !f.Shown(d.Question) {
					t.Errorf("%s: distribution withheld %v, figures shown %v", d.Question, d.Withheld, f.Shown(d.Question))
				}
				if !d.Withheld && dk != tt.counts[d.Question] {
					t.Errorf("%s: distribution counts %d don't know, figures %d", d.Question, dk, tt.counts[d.Question])
				}
				if sp, ok := f.Spread(d.Question); ok != !d.Withheld || (ok && sp.Respondents != d.Respondents) {
					t.Errorf("%s: spread %+v %v, distribution %+v", d.Question, sp, ok, d)
				}
			}

			// The result's counts (the API may show them) hold every
			// "don't know"; what a client sees is the part of them that
			// comes from questions enough people answered.
			total := 0
			for _, cr := range res.Capabilities {
				all := 0
				for _, g := range f.CapabilityGaps(cr.ID) {
					if g.Withheld {
						all += Score(ix, answersTo(answers, g.Question)).Overall.DontKnow
					} else {
						all += g.DontKnow
					}
				}
				if all != cr.DontKnow {
					t.Errorf("%s: gaps add up to %d, the result counts %d", cr.ID, all, cr.DontKnow)
				}
				shownDK := 0
				for _, q := range tt.shown {
					if _, c, _ := ix.Question(q); c.ID == cr.ID {
						shownDK += tt.counts[q]
					}
				}
				if got := f.ShownDontKnow(cr.ID); got != shownDK {
					t.Errorf("%s: ShownDontKnow %d, want %d", cr.ID, got, shownDK)
				}
				total += cr.DontKnow
			}
			if total != res.Overall.DontKnow {
				t.Errorf("capabilities count %d, overall %d", total, res.Overall.DontKnow)
			}
		})
	}
}

func answersTo(answers []Answer, q string) []Answer {
	var out []Answer
	for _, a := range answers {
		if a.QuestionID == q {
			out = append(out, a)
		}
	}
	return out
}

// TestFiguresDivergence: a divergent question answered by two people is
// listed by the result (the API may) and never where a client sees it.
func TestFiguresDivergence(t *testing.T) {
	ix := gapsModel()
	for _, tt := range []struct {
		answers []Answer
		shown   []string
	}{
		{[]Answer{pick("a", "q1", "0"), pick("b", "q1", "4")}, []string{}},
		{[]Answer{pick("a", "q1", "0"), pick("b", "q1", "4"), pick("c", "q1", "4")}, []string{"q1"}},
	} {
		res := Score(ix, tt.answers)
		f := NewFigures(ix, Fit{}, tt.answers)
		if !slices.Equal(res.Capabilities[0].Divergence, []string{"q1"}) {
			t.Fatalf("divergence %v, want q1", res.Capabilities[0].Divergence)
		}
		if got := f.ShownDivergence(&res.Capabilities[0]); !slices.Equal(got, tt.shown) {
			t.Errorf("%d answers: shown divergence %v, want %v", len(tt.answers), got, tt.shown)
		}
	}
}

// TestFiguresFit: questions the assessment does not ask have no figures.
func TestFiguresFit(t *testing.T) {
	ix := gapsModel()
	f := NewFigures(ix, Fit{Scope: []string{"c2"}}, roomAnswers(10))
	for _, g := range f.Gaps {
		if g.Capability != "c2" {
			t.Errorf("gap %+v outside the scope", g)
		}
	}
	for _, d := range f.Distribution {
		if d.Capability != "c2" {
			t.Errorf("distribution of %s outside the scope", d.Question)
		}
	}
	if f.Shown("q1") {
		t.Errorf("q1 is out of scope and shown")
	}
}
