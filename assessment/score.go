package assessment

import (
	"cmp"
	"math"
	"slices"
)

// divergentSpread is the population standard deviation of normalised
// answers at which a question counts as divergent (rule 6): two answers 0.5
// apart reach it, one outlier in a room of 20 does not. Spreads are rounded
// to 1e-9, so float noise cannot keep 0.25 and 0.75 from reaching it.
const divergentSpread = 0.25

// Score applies the contract's scoring rules to answers, which may come from
// any number of respondents in any order: the result on the basis of
// individual answers alone (Basis "individual"). It never fails: an answer that
// names an unknown question or option, or that is of the wrong kind for its
// question, is ignored, so a stale or hand-edited answer cannot break a
// result. When a respondent answered the same question twice, the later
// answer in the slice is the one that counts (even if it is then ignored),
// as the store's replace-on-save would have it.
//
// A question whose scored options all carry the same score (or a multi
// question with no positive score, or a scale with max = min) cannot tell
// answers apart; the loader rejects such questions, and Score gives any
// scored answer to them full marks rather than dividing by zero.
func Score(ix *Index, answers []Answer) *Result {
	return score(ix, answers, nil, BasisIndividual, Fit{})
}

// Options are what ScoreWith takes beside the individual answers.
type Options struct {
	// Agreed are the answers a group settled on after discussing a question;
	// their RespondentID is ignored and, of two for one question, the later
	// counts. Where one is given, the question's value is its normalised
	// score instead of the respondents' mean (rule 2); an agreed "don't know"
	// or "not applicable" leaves the question without a value, and a
	// malformed one is ignored. Divergence and "don't know" counts still come
	// from the individual answers: they say what the room thought.
	Agreed []Answer
	// Basis is BasisAgreed ("" too) or BasisIndividual, which ignores Agreed.
	Basis Basis
	// Fit narrows what is scored (rule 8): capabilities out of scope have
	// no score and block nothing, questions outside the form count nowhere,
	// and its targets replace the model's. The zero Fit scores everything.
	Fit Fit
}

// ScoreWith is Score on the basis of agreed answers (Basis "agreed"): the
// answers the group settled on, where it settled, the individual answers
// elsewhere; or on opts.Basis, within opts.Fit.
func ScoreWith(ix *Index, answers []Answer, opts Options) *Result {
	if opts.Basis == BasisIndividual {
		return score(ix, answers, nil, BasisIndividual, opts.Fit)
	}
	agreed := make(map[string]*Answer, len(opts.Agreed))
	for i := range opts.Agreed {
		agreed[opts.Agreed[i].QuestionID] = &opts.Agreed[i]
	}
	return score(ix, answers, agreed, BasisAgreed, opts.Fit)
}

// score is Score with agreed answers by question ID (nil for none), within fit.
func score(ix *Index, answers []Answer, agreed map[string]*Answer, basis Basis, fit Fit) *Result {
	return scoreGrouped(ix, latestAnswers(answers), agreed, basis, fit)
}

// scoreGrouped is score of answers grouped by latestAnswers: grouping is
// most of the cost, and the figures of an export share it.
func scoreGrouped(ix *Index, byQuestion map[string][]*Answer, agreed map[string]*Answer, basis Basis, fit Fit) *Result {
	m := ix.model
	res := &Result{
		Basis:                basis,
		QuestionnaireVersion: m.Version,
		Stages:               make([]StageResult, len(m.Stages)),
		Capabilities:         make([]CapabilityResult, len(m.Capabilities)),
	}
	// Stage and overall scores weigh each question by its capability's
	// weight times its own.
	stageMeans := make([]weightedMean, len(m.Stages))
	var overall weightedMean

	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		cr := &res.Capabilities[ci]
		*cr = CapabilityResult{ID: c.ID, Title: c.Title, Stage: c.Stage, Target: fit.Target(c),
			Divergence: []string{}, CriticalGaps: []string{}}
		if !fit.InScope(c.ID) {
			// Rule 8: no score, no counts, nothing it blocks; answers it
			// may have kept from before the scope changed count nowhere.
			cr.Status = OutOfScope
			continue
		}
		stage, knownStage := ix.stages[c.Stage]
		var mean weightedMean
		var counted, notApp int
		var divergent []spread
		for qi := range c.Questions {
			q := &c.Questions[qi]
			if !q.Scored() || !fit.InForm(q) {
				continue
			}
			t := tallyAnswers(q, byQuestion[q.ID])
			cr.Total++
			cr.DontKnow += t.dontKnow
			if sd := t.spread(); len(t.values) >= 2 && sd >= divergentSpread {
				divergent = append(divergent, spread{q.ID, sd})
			}
			// The question's value and what decided it: the individual
			// answers, or the agreed one where there is one.
			v, hasValue := t.mean(), len(t.values) > 0
			qCounted, qNotApp := t.counted, t.notApp
			if a, ok := agreed[q.ID]; ok {
				if av, out := normalise(q, a); out != ignored {
					v, hasValue = av, out == scoredAnswer
					qCounted, qNotApp = 1, 0
					if out == notApplicable {
						qNotApp = 1
					}
					if hasValue {
						cr.Agreed++
					}
				}
			}
			counted += qCounted
			notApp += qNotApp
			if !hasValue {
				continue
			}
			cr.Answered++
			w := q.EffectiveWeight()
			if short := float64(q.Critical) - round9(v*100); q.Critical > 0 && short > 0 {
				cr.CriticalGaps = append(cr.CriticalGaps, q.ID)
				cr.shortfalls = append(cr.shortfalls, short)
			}
			mean.add(v, w)
			overall.add(v, c.EffectiveWeight()*w)
			if knownStage {
				stageMeans[stage].add(v, c.EffectiveWeight()*w)
			}
		}
		// Most divergent first; SortStableFunc keeps model order among equals.
		slices.SortStableFunc(divergent, func(a, b spread) int { return cmp.Compare(b.sd, a.sd) })
		for _, d := range divergent {
			cr.Divergence = append(cr.Divergence, d.question)
		}
		switch {
		case mean.weight > 0:
			cr.Score = mean.score()
			if *cr.Score >= float64(cr.Target) && len(cr.CriticalGaps) == 0 {
				cr.Status = Ready
			} else {
				cr.Status = BelowTarget
			}
		case counted > 0 && notApp == counted:
			cr.Status = Inapplicable
		default:
			cr.Status = Unassessed
			res.Preliminary = true
		}
		res.Overall.Answered += cr.Answered
		res.Overall.Total += cr.Total
		res.Overall.DontKnow += cr.DontKnow
	}
	res.Overall.Score = overall.score()

	reached := true // the first stage has no previous stage to wait for
	for si, s := range m.Stages {
		sr := &res.Stages[si]
		*sr = StageResult{ID: s.ID, Title: s.Title, Order: s.Order, Score: stageMeans[si].score(), BlockedBy: []string{}}
		has, inScope := false, false
		for _, cr := range res.Capabilities {
			if cr.Stage != s.ID {
				continue
			}
			has = true
			inScope = inScope || cr.Status != OutOfScope
			if blocks(cr.Status) {
				sr.BlockedBy = append(sr.BlockedBy, cr.ID)
			}
		}
		if has && !inScope {
			// Rule 8: a stage the assessment does not look at is not
			// reached, and holds no later stage back.
			sr.Status = StageOutOfScope
			continue
		}
		switch {
		case len(sr.BlockedBy) > 0:
			sr.Status = StageBlocked
		case !reached:
			sr.Status = StageWaiting
		default:
			sr.Status = StageReached
		}
		reached = reached && len(sr.BlockedBy) == 0
		sr.Reached = reached
		if reached {
			res.Overall.Level++
		}
	}

	res.Roadmap = roadmap(ix, res.Capabilities)
	return res
}

// latestAnswers groups answers by question ID, keeping only each
// respondent's latest answer to a question: a later answer in the slice
// replaces an earlier one of the same respondent in its place. Answers keep
// their order in the slice, so a result never depends on how a map happens
// to iterate.
func latestAnswers(answers []Answer) map[string][]*Answer {
	byQuestion := make(map[string][]*Answer)
	for i := range answers {
		a := &answers[i]
		byQuestion[a.QuestionID] = append(byQuestion[a.QuestionID], a)
	}
	position := make(map[string]int) // respondent → index in the question's list
	for q, as := range byQuestion {
		if inRespondentOrder(as) {
			continue // each respondent once: nothing to replace
		}
		clear(position)
		latest := as[:0]
		for _, a := range as {
			if k, seen := position[a.RespondentID]; seen {
				latest[k] = a
				continue
			}
			position[a.RespondentID] = len(latest)
			latest = append(latest, a)
		}
		byQuestion[q] = latest
	}
	return byQuestion
}

// inRespondentOrder says whether the respondents of as strictly increase,
// as they do in the store's answers (by respondent, at most one answer to a
// question each). Checking it costs a comparison per answer; finding the
// duplicates it rules out cost a map lookup each, a fifth of the results
// page of 500 respondents.
func inRespondentOrder(as []*Answer) bool {
	for i := 1; i < len(as); i++ {
		if as[i].RespondentID <= as[i-1].RespondentID {
			return false
		}
	}
	return true
}

// tally is what the answers to one question add up to.
type tally struct {
	values   []float64 // normalised scores of the scored answers
	counted  int       // answers that count at all, scored or not
	notApp   int       // answers that say not applicable
	dontKnow int       // answers that say don't know
}

// tallyAnswers normalises each answer to q; malformed ones are left out.
func tallyAnswers(q *Question, answers []*Answer) tally {
	t := tally{values: make([]float64, 0, len(answers))}
	for _, a := range answers {
		v, out := normalise(q, a)
		switch out {
		case ignored:
			continue
		case scoredAnswer:
			t.values = append(t.values, v)
		case notApplicable:
			t.notApp++
		case dontKnow:
			t.dontKnow++
		}
		t.counted++
	}
	return t
}

// mean is the mean of the scored answers, 0 when there are none.
func (t *tally) mean() float64 {
	if len(t.values) == 0 {
		return 0
	}
	var sum float64
	for _, v := range t.values {
		sum += v
	}
	return sum / float64(len(t.values))
}

// spread is the population standard deviation of the scored answers,
// rounded to 1e-9 so that questions whose answers spread alike tie exactly.
func (t *tally) spread() float64 {
	if len(t.values) == 0 {
		return 0
	}
	m := t.mean()
	var sq float64
	for _, v := range t.values {
		sq += (v - m) * (v - m)
	}
	return round9(math.Sqrt(sq / float64(len(t.values))))
}

// spread pairs a divergent question with how far its answers spread.
type spread struct {
	question string
	sd       float64
}

// weightedMean accumulates a weighted mean of question values.
type weightedMean struct{ sum, weight float64 }

func (m *weightedMean) add(v, w float64) {
	m.sum += w * v
	m.weight += w
}

// score is the mean × 100, or nil when nothing was added.
func (m *weightedMean) score() *float64 {
	if m.weight <= 0 {
		return nil
	}
	s := round9(m.sum / m.weight * 100)
	return &s
}

// outcome says how one answer counts.
type outcome int

const (
	ignored       outcome = iota // malformed: as if never given
	scoredAnswer                 // carries a normalised score
	notApplicable                // a not-applicable option
	dontKnow                     // a don't-know option
	unscoredOther                // an unscored option with no reason given
)

// normalise scores a against q on 0..1 (scoring rule 1), or says why it
// carries no score.
func normalise(q *Question, a *Answer) (float64, outcome) {
	switch q.Type {
	case Single, Boolean:
		if a.Option == "" || a.Options != nil || a.Value != nil || a.Text != "" {
			return 0, ignored
		}
		o := q.Option(a.Option)
		if o == nil {
			return 0, ignored
		}
		if o.Score == nil {
			return 0, unscoredOutcome(o.Unscored == DontKnow, o.Unscored == NotApplicable)
		}
		lo, hi := scoreRange(q)
		return ratio(*o.Score-lo, hi-lo), scoredAnswer

	case Multi:
		if a.Options == nil || a.Option != "" || a.Value != nil || a.Text != "" {
			return 0, ignored
		}
		var sum, total float64
		for _, o := range q.Options {
			if o.Score != nil && *o.Score > 0 {
				total += *o.Score
			}
		}
		anyScored, dk, na := len(a.Options) == 0, false, false // none chosen is a scored 0
		for j, id := range a.Options {
			o := q.Option(id)
			if o == nil {
				return 0, ignored
			}
			if repeated(a.Options[:j], id) {
				continue // counting an option twice could lift the answer above 1
			}
			switch {
			case o.Score != nil:
				anyScored = true
				if *o.Score > 0 {
					sum += *o.Score
				}
			case o.Unscored == DontKnow:
				dk = true
			case o.Unscored == NotApplicable:
				na = true
			}
		}
		if !anyScored {
			return 0, unscoredOutcome(dk, na)
		}
		return ratio(sum, total), scoredAnswer

	case Scale:
		if a.Value == nil || a.Option != "" || a.Options != nil || a.Text != "" || q.Min == nil || q.Max == nil {
			return 0, ignored
		}
		v := *a.Value
		if math.IsNaN(v) || v < *q.Min || v > *q.Max {
			return 0, ignored
		}
		return ratio(v-*q.Min, *q.Max-*q.Min), scoredAnswer
	}
	return 0, ignored
}

// scoreRange is the lowest and highest score among q's scored options.
func scoreRange(q *Question) (lo, hi float64) {
	first := true
	for _, o := range q.Options {
		if o.Score == nil {
			continue
		}
		if first || *o.Score < lo {
			lo = *o.Score
		}
		if first || *o.Score > hi {
			hi = *o.Score
		}
		first = false
	}
	return lo, hi
}

// ratio divides x by span; a question that cannot tell answers apart
// (span 0) gives full marks (see Score).
func ratio(x, span float64) float64 {
	if span <= 0 {
		return 1
	}
	return x / span
}

// unscoredOutcome classifies an answer without a score; don't know wins over
// not applicable because it is a gap the client should see.
func unscoredOutcome(dk, na bool) outcome {
	switch {
	case dk:
		return dontKnow
	case na:
		return notApplicable
	}
	return unscoredOther
}

func repeated(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// blocks reports whether a capability with status s holds its stage back.
func blocks(s CapabilityStatus) bool { return s == BelowTarget || s == Unassessed }

// round9 rounds to 1e-9 so that float noise never turns 50 into 49.99999999999999.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }
