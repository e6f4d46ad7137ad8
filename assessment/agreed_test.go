package assessment

import (
	"slices"
	"testing"
)

// agree is an agreed answer: an answer with no respondent.
func agree(a Answer) Answer {
	a.RespondentID = ""
	return a
}

func TestScoreWithAgreed(t *testing.T) {
	ix := index([]string{"s"},
		capability("c", "s", 50, nil, levels("q1"), levels("q2"), critical(boolean("must"), 100)),
		capability("d", "s", 50, nil, levels("d1"), levels("d2")),
	)
	ix.model.Version = "1.1.0"
	split := []Answer{pick("r1", "q1", "0"), pick("r2", "q1", "4"), pick("r1", "q2", "2"), pick("r2", "q2", "dk")}
	tests := []struct {
		name     string
		answers  []Answer
		agreed   []Answer
		score    *float64 // of c
		answered int
		agreedN  int
		dontKnow int
		status   CapabilityStatus
		div      []string
	}{
		{"no agreed answers: the respondents' mean", split, nil, num(50), 2, 0, 1, Ready, []string{"q1"}},
		{"an agreed answer replaces the mean", split, []Answer{agree(pick("", "q1", "1"))}, num(37.5), 2, 1, 1, BelowTarget, []string{"q1"}},
		{"an agreed answer where nobody answered gives a value", nil, []Answer{agree(pick("", "q2", "3"))}, num(75), 1, 1, 0, Ready, []string{}},
		{"an agreed don't know leaves the question without a value", split, []Answer{agree(pick("", "q1", "dk"))}, num(50), 1, 0, 1, Ready, []string{"q1"}},
		{"agreed don't know everywhere: unassessed", split, []Answer{agree(pick("", "q1", "dk")), agree(pick("", "q2", "dk"))}, nil, 0, 0, 1, Unassessed, []string{"q1"}},
		{"a malformed agreed answer is ignored", split, []Answer{agree(pick("", "q1", "9")), agree(value("", "q2", 1))}, num(50), 2, 0, 1, Ready, []string{"q1"}},
		{"of two agreed answers the later counts", split, []Answer{agree(pick("", "q1", "4")), agree(pick("", "q1", "0"))}, num(25), 2, 1, 1, BelowTarget, []string{"q1"}},
		{"an agreed answer to an unknown question is ignored", split, []Answer{agree(pick("", "nope", "4"))}, num(50), 2, 0, 1, Ready, []string{"q1"}},
		{"an agreed answer can open a critical gap", split, []Answer{agree(pick("", "must", "no"))}, num(round9(100.0 / 3)), 3, 1, 1, BelowTarget, []string{"q1"}},
		{"and close one", append(slices.Clone(split), pick("r1", "must", "no")), []Answer{agree(pick("", "must", "yes"))}, num(round9(100 * 2.0 / 3)), 3, 1, 1, Ready, []string{"q1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ScoreWith(ix, tt.answers, Options{Agreed: tt.agreed})
			c := res.Capabilities[0]
			if !sameScore(c.Score, tt.score) || c.Answered != tt.answered || c.Agreed != tt.agreedN || c.DontKnow != tt.dontKnow ||
				c.Status != tt.status || !slices.Equal(c.Divergence, tt.div) {
				t.Errorf("score %s answered %d agreed %d dont_know %d %s divergence %v; want %s, %d, %d, %d, %s, %v",
					fmtScore(c.Score), c.Answered, c.Agreed, c.DontKnow, c.Status, c.Divergence,
					fmtScore(tt.score), tt.answered, tt.agreedN, tt.dontKnow, tt.status, tt.div)
			}
			if res.Basis != BasisAgreed || res.QuestionnaireVersion != "1.1.0" {
				t.Errorf("basis %q version %q, want agreed 1.1.0", res.Basis, res.QuestionnaireVersion)
			}
			if plain := Score(ix, tt.answers); plain.Basis != BasisIndividual || plain.Capabilities[0].Agreed != 0 {
				t.Errorf("Score: basis %q, agreed %d; want individual, 0", plain.Basis, plain.Capabilities[0].Agreed)
			}
		})
	}
}

func TestScoreWithAgreedNotApplicable(t *testing.T) {
	ix := oneCapability(levels("q1"), levels("q2"))
	res := ScoreWith(ix, []Answer{pick("r1", "q1", "4"), pick("r2", "q2", "dk")},
		Options{Agreed: []Answer{agree(pick("", "q1", "na")), agree(pick("", "q2", "na"))}})
	if c := res.Capabilities[0]; c.Status != Inapplicable || c.Score != nil || c.DontKnow != 1 {
		t.Errorf("status %s score %s dont_know %d; want not-applicable, none, 1", c.Status, fmtScore(c.Score), c.DontKnow)
	}
	if res.Stages[0].Reached != true || len(res.Roadmap) != 0 {
		t.Errorf("stage reached %v, roadmap %v; a capability that does not apply blocks nothing", res.Stages[0].Reached, res.Roadmap)
	}
}
