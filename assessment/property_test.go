package assessment

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// Property tests: random models that obey the format's rules, random answer
// sets, fixed seeds so that a failure names the seed that reproduces it.

const iterations = 300

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// raise returns a copy of answers in which one scored answer is replaced by a
// strictly better one, or false if it found none to raise.
func raise(r *rand.Rand, ix *Index, answers []Answer) ([]Answer, string, bool) {
	for _, i := range r.Perm(len(answers)) {
		a := answers[i]
		q, _, _ := ix.Question(a.QuestionID)
		better, ok := raiseAnswer(r, q, a)
		if !ok {
			continue
		}
		out := slices.Clone(answers)
		out[i] = better
		return out, fmt.Sprintf("%s of %s: %+v → %+v", q.ID, a.RespondentID, a, better), true
	}
	return nil, "", false
}

func raiseAnswer(r *rand.Rand, q *Question, a Answer) (Answer, bool) {
	switch q.Type {
	case Single, Boolean:
		cur := q.Option(a.Option)
		if cur.Score == nil {
			return a, false // unscored: raising it would change who counts, not how much
		}
		var higher []string
		for _, o := range q.Options {
			if o.Score != nil && *o.Score > *cur.Score {
				higher = append(higher, o.ID)
			}
		}
		if len(higher) == 0 {
			return a, false
		}
		a.Option = higher[r.IntN(len(higher))]
		return a, true
	case Multi:
		scored := len(a.Options) == 0
		for _, id := range a.Options {
			if q.Option(id).Score != nil {
				scored = true
			}
		}
		if !scored {
			return a, false
		}
		for _, o := range q.Options {
			if o.Score != nil && *o.Score > 0 && !slices.Contains(a.Options, o.ID) {
				a.Options = append(slices.Clone(a.Options), o.ID)
				return a, true
			}
		}
	case Scale:
		if *a.Value < *q.Max {
			a.Value = num(*a.Value + (*q.Max-*a.Value)*(0.1+0.9*r.Float64()))
			return a, true
		}
	}
	return a, false
}

func TestPropertyRaisingAnAnswerNeverLowersAScore(t *testing.T) {
	raised := 0
	for seed := range uint64(iterations) {
		r := rng(seed)
		m := randomModel(r)
		ix := NewIndex(m)
		answers := randomAnswers(r, m)
		higher, what, ok := raise(r, ix, answers)
		if !ok {
			continue
		}
		raised++
		before, after := Score(ix, answers), Score(ix, higher)
		if seed%2 == 1 { // the same with agreed answers to some questions
			agreed := randomAgreed(r, m)
			before, after = ScoreWith(ix, answers, Options{Agreed: agreed}), ScoreWith(ix, higher, Options{Agreed: agreed})
		}
		lower := func(kind, id string, b, a *float64) {
			if b != nil && (a == nil || *a < *b) {
				t.Errorf("seed %d: raising %s lowered %s %s from %s to %s", seed, what, kind, id, fmtScore(b), fmtScore(a))
			}
		}
		for i := range before.Capabilities {
			lower("capability", before.Capabilities[i].ID, before.Capabilities[i].Score, after.Capabilities[i].Score)
		}
		for i := range before.Stages {
			lower("stage", before.Stages[i].ID, before.Stages[i].Score, after.Stages[i].Score)
		}
		lower("overall", "", before.Overall.Score, after.Overall.Score)
		for i := range before.Capabilities {
			for _, id := range after.Capabilities[i].CriticalGaps {
				if !slices.Contains(before.Capabilities[i].CriticalGaps, id) {
					t.Errorf("seed %d: raising %s opened the critical gap %s", seed, what, id)
				}
			}
		}
		if after.Overall.Level < before.Overall.Level {
			t.Errorf("seed %d: raising %s lowered the level from %d to %d", seed, what, before.Overall.Level, after.Overall.Level)
		}
	}
	if raised < iterations/2 {
		t.Errorf("only %d of %d iterations found an answer to raise", raised, iterations)
	}
}

func TestPropertyRoadmapAndStages(t *testing.T) {
	for seed := range uint64(iterations) {
		r := rng(seed)
		m := randomModel(r)
		ix := NewIndex(m)
		res := Score(ix, randomAnswers(r, m))
		if seed%2 == 1 {
			res = ScoreWith(ix, randomAnswers(r, m), Options{Agreed: randomAgreed(r, m)})
		}
		for _, err := range roadmapProblems(ix, res) {
			t.Errorf("seed %d: %s", seed, err)
		}
		for _, err := range stageProblems(ix, res) {
			t.Errorf("seed %d: %s", seed, err)
		}
		for _, err := range capabilityProblems(ix, res) {
			t.Errorf("seed %d: %s", seed, err)
		}
	}
}

// capabilityProblems checks each capability's status against its score,
// target and critical gaps (rule 5).
func capabilityProblems(ix *Index, res *Result) []string {
	var errs []string
	for _, cr := range res.Capabilities {
		c, _ := ix.Capability(cr.ID)
		if cr.CriticalGaps == nil {
			errs = append(errs, fmt.Sprintf("capability %s has nil critical gaps", cr.ID))
		}
		for _, id := range cr.CriticalGaps {
			q, qc, ok := ix.Question(id)
			if !ok || qc.ID != c.ID || q.Critical == 0 {
				errs = append(errs, fmt.Sprintf("capability %s lists %s as a critical gap", cr.ID, id))
			}
		}
		meets := cr.Score != nil && *cr.Score >= float64(c.Target) && len(cr.CriticalGaps) == 0
		switch {
		case cr.Score != nil && meets != (cr.Status == Ready):
			errs = append(errs, fmt.Sprintf("capability %s scores %s against %d with gaps %v but is %s", cr.ID, fmtScore(cr.Score), c.Target, cr.CriticalGaps, cr.Status))
		case cr.Score == nil && (cr.Status == Ready || cr.Status == BelowTarget || len(cr.CriticalGaps) > 0):
			errs = append(errs, fmt.Sprintf("capability %s has no score but is %s with gaps %v", cr.ID, cr.Status, cr.CriticalGaps))
		}
	}
	return errs
}

// roadmapProblems checks the contract's roadmap rules against res.
func roadmapProblems(ix *Index, res *Result) []string {
	var errs []string
	status := map[string]CapabilityStatus{}
	below := 0
	for _, c := range res.Capabilities {
		status[c.ID] = c.Status
		if c.Status == BelowTarget {
			below++
		}
	}
	if len(res.Roadmap) != below {
		errs = append(errs, fmt.Sprintf("%d roadmap items for %d capabilities below target", len(res.Roadmap), below))
	}
	position := map[string]int{}
	phase := map[string]Phase{}
	rank := map[Phase]int{Now: 0, Next: 1, Later: 2}
	for k, it := range res.Roadmap {
		c, _ := ix.Capability(it.Capability)
		if it.Position != k+1 {
			errs = append(errs, fmt.Sprintf("item %s at index %d has position %d", it.Capability, k, it.Position))
		}
		if status[it.Capability] != BelowTarget {
			errs = append(errs, fmt.Sprintf("item %s is %s", it.Capability, status[it.Capability]))
		}
		if k > 0 && rank[it.Phase] < rank[res.Roadmap[k-1].Phase] {
			errs = append(errs, fmt.Sprintf("phase goes back from %s to %s at %s", res.Roadmap[k-1].Phase, it.Phase, it.Capability))
		}
		var want []string
		for _, p := range c.Requires {
			if status[p] != BelowTarget {
				continue
			}
			want = append(want, p)
			if _, ok := position[p]; !ok {
				errs = append(errs, fmt.Sprintf("item %s comes before its below-target prerequisite %s", it.Capability, p))
			}
			if it.Phase == Now || (it.Phase == Next && phase[p] != Now) {
				errs = append(errs, fmt.Sprintf("item %s is %s but requires %s (%s)", it.Capability, it.Phase, p, phase[p]))
			}
		}
		if it.Requires == nil || !slices.Equal(it.Requires, append([]string{}, want...)) {
			errs = append(errs, fmt.Sprintf("item %s requires %#v, want %#v", it.Capability, it.Requires, want))
		}
		if it.Reason == "" {
			errs = append(errs, fmt.Sprintf("item %s has no reason", it.Capability))
		}
		position[it.Capability], phase[it.Capability] = it.Position, it.Phase
	}
	return errs
}

// stageProblems checks the contract's gating rules against res.
func stageProblems(ix *Index, res *Result) []string {
	var errs []string
	m := ix.Model()
	prev, level := true, 0
	for si, s := range res.Stages {
		var blocked []string
		for _, c := range res.Capabilities {
			if c.Stage == m.Stages[si].ID && (c.Status == BelowTarget || c.Status == Unassessed) {
				blocked = append(blocked, c.ID)
			}
		}
		if s.BlockedBy == nil || !slices.Equal(s.BlockedBy, append([]string{}, blocked...)) {
			errs = append(errs, fmt.Sprintf("stage %s blocked by %#v, want %#v", s.ID, s.BlockedBy, blocked))
		}
		if want := prev && len(blocked) == 0; s.Reached != want {
			errs = append(errs, fmt.Sprintf("stage %s reached %v, want %v", s.ID, s.Reached, want))
		}
		prev = s.Reached
		if s.Reached {
			level++
		}
	}
	if res.Overall.Level != level {
		errs = append(errs, fmt.Sprintf("level %d, want %d", res.Overall.Level, level))
	}
	return errs
}

// extremes answers every question of m for three respondents, best where
// best says so and worst elsewhere.
func extremes(m *Model, best func(c *Capability) bool) []Answer {
	var as []Answer
	for _, r := range []string{"r1", "r2", "r3"} {
		for ci := range m.Capabilities {
			c := &m.Capabilities[ci]
			for qi := range c.Questions {
				as = append(as, extremeAnswer(r, &c.Questions[qi], best(c)))
			}
		}
	}
	return as
}

func TestPropertyExtremes(t *testing.T) {
	tests := []struct {
		name  string
		best  func(m *Model) func(c *Capability) bool
		check func(m *Model, res *Result) []string
	}{
		{"all best", func(*Model) func(*Capability) bool { return func(*Capability) bool { return true } },
			func(m *Model, res *Result) []string {
				var errs []string
				errs = append(errs, everyScore(res, 100)...)
				if res.Overall.Level != len(m.Stages) {
					errs = append(errs, fmt.Sprintf("level %d, want %d", res.Overall.Level, len(m.Stages)))
				}
				if len(res.Roadmap) != 0 {
					errs = append(errs, fmt.Sprintf("roadmap has %d items, want none", len(res.Roadmap)))
				}
				return errs
			}},
		{"all worst", func(*Model) func(*Capability) bool { return func(*Capability) bool { return false } },
			func(m *Model, res *Result) []string {
				var errs []string
				errs = append(errs, everyScore(res, 0)...)
				if res.Overall.Level != 0 {
					errs = append(errs, fmt.Sprintf("level %d, want 0", res.Overall.Level))
				}
				if len(res.Roadmap) != len(m.Capabilities) {
					errs = append(errs, fmt.Sprintf("roadmap has %d items, want %d", len(res.Roadmap), len(m.Capabilities)))
				} else if first := res.Roadmap[0]; len(first.Requires) != 0 || first.Phase != Now {
					errs = append(errs, fmt.Sprintf("first item %s is %s and requires %v", first.Capability, first.Phase, first.Requires))
				}
				return errs
			}},
		{"first stage worst, the rest best", func(m *Model) func(*Capability) bool {
			return func(c *Capability) bool { return c.Stage != m.Stages[0].ID }
		}, func(m *Model, res *Result) []string {
			var errs []string
			if res.Overall.Level != 0 {
				errs = append(errs, fmt.Sprintf("level %d, want 0", res.Overall.Level))
			}
			if len(res.Roadmap) == 0 || res.Roadmap[0].Stage != m.Stages[0].ID {
				errs = append(errs, fmt.Sprintf("roadmap %v does not start in stage %s", res.Roadmap, m.Stages[0].ID))
			}
			return errs
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := range uint64(iterations) {
				m := randomModel(rng(seed))
				ix := NewIndex(m)
				res := Score(ix, extremes(m, tt.best(m)))
				errs := append(tt.check(m, res), roadmapProblems(ix, res)...)
				for _, err := range append(errs, stageProblems(ix, res)...) {
					t.Errorf("seed %d: %s", seed, err)
				}
			}
		})
	}
}

// everyScore lists the scores in res that are not want.
func everyScore(res *Result, want float64) []string {
	var errs []string
	check := func(kind, id string, s *float64) {
		if s == nil || *s != want {
			errs = append(errs, fmt.Sprintf("%s %s scores %s, want %v", kind, id, fmtScore(s), want))
		}
	}
	for _, c := range res.Capabilities {
		check("capability", c.ID, c.Score)
		if len(c.Divergence) != 0 {
			errs = append(errs, fmt.Sprintf("capability %s diverges on %v with identical answers", c.ID, c.Divergence))
		}
	}
	for _, s := range res.Stages {
		check("stage", s.ID, s.Score)
	}
	check("overall", "", res.Overall.Score)
	return errs
}

// TestPropertyAnswerOrder checks that the order of answers does not change
// the result beyond which duplicate wins.
func TestPropertyAnswerOrder(t *testing.T) {
	for seed := range uint64(iterations) {
		r := rng(seed)
		m := randomModel(r)
		ix := NewIndex(m)
		answers := randomAnswers(r, m)
		shuffled := slices.Clone(answers)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		a, b := Score(ix, answers), Score(ix, shuffled)
		for i := range a.Capabilities {
			ca, cb := a.Capabilities[i], b.Capabilities[i]
			if !sameScore(ca.Score, cb.Score) || ca.Status != cb.Status || ca.DontKnow != cb.DontKnow || !slices.Equal(ca.Divergence, cb.Divergence) {
				t.Errorf("seed %d: capability %s differs after shuffling: %+v vs %+v", seed, ca.ID, ca, cb)
			}
		}
		if a.Overall.Level != b.Overall.Level || len(a.Roadmap) != len(b.Roadmap) {
			t.Errorf("seed %d: level or roadmap differs after shuffling", seed)
		}
	}
}

// randomAgreed records an agreed answer, at random, to about a third of the
// questions of m.
func randomAgreed(r *rand.Rand, m *Model) []Answer {
	var as []Answer
	for ci := range m.Capabilities {
		for qi := range m.Capabilities[ci].Questions {
			if r.IntN(3) == 0 {
				as = append(as, randomAnswer(r, "", &m.Capabilities[ci].Questions[qi]))
			}
		}
	}
	return as
}

// TestPropertyAgreedLikeOneRespondent checks rule 2 from the other side: a
// group that agrees on exactly what its only respondent said scores what
// that respondent scores, with every valued question counted as agreed, and
// agreed answers never change divergence or "don't know" counts.
func TestPropertyAgreedLikeOneRespondent(t *testing.T) {
	for seed := range uint64(iterations) {
		r := rng(seed)
		m := randomModel(r)
		ix := NewIndex(m)
		var alone, agreed []Answer
		for ci := range m.Capabilities {
			for qi := range m.Capabilities[ci].Questions {
				a := randomAnswer(r, "r1", &m.Capabilities[ci].Questions[qi])
				alone = append(alone, a)
				a.RespondentID = ""
				agreed = append(agreed, a)
			}
		}
		want, got := Score(ix, alone), ScoreWith(ix, alone, Options{Agreed: agreed})
		for i, w := range want.Capabilities {
			g := got.Capabilities[i]
			if !sameScore(g.Score, w.Score) || g.Status != w.Status || g.Answered != w.Answered || g.Agreed != w.Answered ||
				!slices.Equal(g.CriticalGaps, w.CriticalGaps) {
				t.Errorf("seed %d: capability %s agreed %+v, individual %+v", seed, w.ID, g, w)
			}
		}
		if !sameScore(got.Overall.Score, want.Overall.Score) || got.Overall.Level != want.Overall.Level {
			t.Errorf("seed %d: overall %s level %d, want %s level %d", seed, fmtScore(got.Overall.Score), got.Overall.Level,
				fmtScore(want.Overall.Score), want.Overall.Level)
		}

		// Agreed answers at random leave divergence and "don't know" alone.
		answers := randomAnswers(r, m)
		plain, with := Score(ix, answers), ScoreWith(ix, answers, Options{Agreed: randomAgreed(r, m)})
		for i, p := range plain.Capabilities {
			w := with.Capabilities[i]
			if !slices.Equal(w.Divergence, p.Divergence) || w.DontKnow != p.DontKnow {
				t.Errorf("seed %d: capability %s divergence %v dont_know %d with agreed answers, %v %d without", seed, p.ID,
					w.Divergence, w.DontKnow, p.Divergence, p.DontKnow)
			}
		}
	}
}
