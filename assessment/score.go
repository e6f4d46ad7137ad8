package assessment

import "math"

// divergenceGap is how far apart (normalised) two respondents must be for a
// question to count as divergent; the epsilon keeps 0.75 − 0.25 divergent
// whatever the float noise.
const divergenceGap = 0.5 - 1e-9

// Score applies the contract's scoring rules to answers, which may come from
// any number of respondents in any order. It never fails: an answer that
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
	m := ix.model
	nc, ns := len(m.Capabilities), len(m.Stages)

	// One allocation for the per-capability bookkeeping and one for the
	// per-question accumulators keep the allocation count independent of the
	// number of answers.
	caps := make([]capInfo, nc)
	nq := 0
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		caps[ci].offset = nq
		caps[ci].stage = ns // unknown stage: after every known one
		if si, ok := ix.stages[c.Stage]; ok {
			caps[ci].stage = si
		}
		nq += len(c.Questions)
	}
	stats := make([]qstat, nq)
	scored := 0
	for ci := range m.Capabilities {
		qs := m.Capabilities[ci].Questions
		for qi := range qs {
			stats[caps[ci].offset+qi].prepare(&qs[qi])
			if qs[qi].Scored() {
				scored++
			}
		}
	}

	accumulate(ix, answers, caps, stats, scored)
	return summarise(ix, caps, stats)
}

// capInfo places a capability's questions and stage in Score's flat slices.
type capInfo struct {
	offset int // index of its first question in the flat per-question slice
	stage  int // index of its stage in Model.Stages; len(Stages) if unknown
}

// qstat accumulates one question's answers across respondents, along with
// the constants that normalise them.
type qstat struct {
	q        *Question
	next     int     // the question that followed this one last time, or -1
	lo, span float64 // normalised = (x − lo) / span; span 0 means "cannot discriminate"

	sum      float64 // of normalised scored answers
	min, max float64 // of normalised scored answers, for divergence
	scored   int     // respondents with a scored answer
	answers  int     // answers that count at all (scored or not)
	notApp   int     // answers that say not applicable
	dontKnow int     // answers that say don't know
}

// prepare sets the normalisation constants of q once per Score call, so that
// each answer costs a subtraction and a division.
func (st *qstat) prepare(q *Question) {
	st.q, st.next = q, -1
	switch q.Type {
	case Single, Boolean:
		first := true
		var lo, hi float64
		for i := range q.Options {
			s := q.Options[i].Score
			if s == nil {
				continue
			}
			if first || *s < lo {
				lo = *s
			}
			if first || *s > hi {
				hi = *s
			}
			first = false
		}
		st.lo, st.span = lo, hi-lo
	case Multi:
		for i := range q.Options {
			if s := q.Options[i].Score; s != nil && *s > 0 {
				st.span += *s
			}
		}
	case Scale:
		if q.Min != nil && q.Max != nil && *q.Max > *q.Min {
			st.lo, st.span = *q.Min, *q.Max-*q.Min
		}
	}
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

// accumulate feeds every answer that counts into stats. It walks the answers
// backwards so that the first answer it meets for a (respondent, question)
// pair is the latest one; a bitset per respondent remembers the pairs seen.
func accumulate(ix *Index, answers []Answer, caps []capInfo, stats []qstat, scored int) {
	words := (len(stats) + 63) / 64
	est := len(answers)/max(scored, 1) + 1 // respondents, if each answered everything
	seen := make([]uint64, 0, est*words)
	respondents := make(map[string]int, est)
	prevID, prev := "", -1
	prevQ := -1

	for i := len(answers) - 1; i >= 0; i-- {
		a := &answers[i]
		// Each respondent's answers tend to come in the same question order,
		// so guess the question from the one before: a hit costs a string
		// comparison instead of hashing the ID for the map.
		flat := -1
		if prevQ >= 0 {
			if n := stats[prevQ].next; n >= 0 && stats[n].q.ID == a.QuestionID {
				flat = n
			}
		}
		if flat < 0 {
			ref, ok := ix.questions[a.QuestionID]
			if !ok {
				continue
			}
			flat = caps[ref.Capability].offset + ref.Question
			if prevQ >= 0 {
				stats[prevQ].next = flat
			}
		}
		prevQ = flat
		st := &stats[flat]
		q := st.q
		if !q.Scored() {
			continue
		}
		// Answers usually arrive grouped by respondent: only look the
		// respondent up when it changes, so that most answers cost one map
		// lookup (the question's).
		if prev < 0 || a.RespondentID != prevID {
			r, ok := respondents[a.RespondentID]
			if !ok {
				r = len(respondents)
				respondents[a.RespondentID] = r
				for range words {
					seen = append(seen, 0)
				}
			}
			prevID, prev = a.RespondentID, r
		}
		w, bit := &seen[prev*words+flat/64], uint64(1)<<(flat%64)
		if *w&bit != 0 {
			continue // an earlier answer to a pair already counted
		}
		*w |= bit

		v, out := st.normalise(q, a)
		switch out {
		case ignored:
			continue
		case scoredAnswer:
			if st.scored == 0 || v < st.min {
				st.min = v
			}
			if st.scored == 0 || v > st.max {
				st.max = v
			}
			st.sum += v
			st.scored++
		case notApplicable:
			st.notApp++
		case dontKnow:
			st.dontKnow++
		}
		st.answers++
	}
}

// normalise scores a against q on 0..1 with the constants prepare set.
func (st *qstat) normalise(q *Question, a *Answer) (float64, outcome) {
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
		return st.ratio(*o.Score - st.lo), scoredAnswer

	case Multi:
		if a.Options == nil || a.Option != "" || a.Value != nil || a.Text != "" {
			return 0, ignored
		}
		var sum float64
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
		return st.ratio(sum), scoredAnswer

	case Scale:
		if a.Value == nil || a.Option != "" || a.Options != nil || a.Text != "" || q.Min == nil || q.Max == nil {
			return 0, ignored
		}
		v := *a.Value
		if math.IsNaN(v) || v < *q.Min || v > *q.Max {
			return 0, ignored
		}
		return st.ratio(v - st.lo), scoredAnswer
	}
	return 0, ignored
}

// ratio divides by the question's span; a question that cannot tell answers
// apart gives full marks (see Score).
func (st *qstat) ratio(x float64) float64 {
	if st.span <= 0 {
		return 1
	}
	return x / st.span
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

// summarise turns the per-question accumulators into the Result.
func summarise(ix *Index, caps []capInfo, stats []qstat) *Result {
	m := ix.model
	nc, ns := len(m.Capabilities), len(m.Stages)

	// Every score pointer points into this one backing array: its capacity is
	// exact, so append never moves it.
	scores := make([]float64, 0, nc+ns+1)
	ptr := func(x float64) *float64 {
		scores = append(scores, round9(x*100))
		return &scores[len(scores)-1]
	}

	// Divergent question IDs of all capabilities share one backing array.
	ndiv := 0
	for i := range stats {
		if stats[i].divergent() {
			ndiv++
		}
	}
	divergent := make([]string, 0, ndiv)

	res := &Result{
		Stages:       make([]StageResult, ns),
		Capabilities: make([]CapabilityResult, nc),
	}
	// Stage and overall scores weigh each question by its capability's
	// weight times its own.
	stageSums := make([]float64, 2*ns)
	stageWV, stageW := stageSums[:ns], stageSums[ns:]
	var overallWV, overallW float64

	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		cw := c.EffectiveWeight()
		cr := &res.Capabilities[ci]
		*cr = CapabilityResult{ID: c.ID, Title: c.Title, Stage: c.Stage, Target: c.Target}
		var sumWV, sumW float64
		var answers, notApp int
		start := len(divergent)
		for qi := range c.Questions {
			q := &c.Questions[qi]
			if !q.Scored() {
				continue
			}
			st := &stats[caps[ci].offset+qi]
			cr.Total++
			cr.DontKnow += st.dontKnow
			answers += st.answers
			notApp += st.notApp
			if st.scored == 0 {
				continue
			}
			cr.Answered++
			if st.divergent() {
				divergent = append(divergent, q.ID)
			}
			v, w := st.sum/float64(st.scored), q.EffectiveWeight()
			sumWV += w * v
			sumW += w
			ww := cw * w
			overallWV += ww * v
			overallW += ww
			if si := caps[ci].stage; si < ns {
				stageWV[si] += ww * v
				stageW[si] += ww
			}
		}
		cr.Divergence = divergent[start:len(divergent):len(divergent)]
		switch {
		case sumW > 0:
			cr.Score = ptr(sumWV / sumW)
			if *cr.Score >= float64(c.Target) {
				cr.Status = Ready
			} else {
				cr.Status = BelowTarget
			}
		case answers > 0 && notApp == answers:
			cr.Status = Inapplicable
		default:
			cr.Status = Unassessed
		}
		res.Overall.Answered += cr.Answered
		res.Overall.Total += cr.Total
		res.Overall.DontKnow += cr.DontKnow
	}
	if overallW > 0 {
		res.Overall.Score = ptr(overallWV / overallW)
	}

	// Blocking capability IDs of all stages share one backing array too.
	nblocked := 0
	for ci := range res.Capabilities {
		if blocks(res.Capabilities[ci].Status) {
			nblocked++
		}
	}
	blocked := make([]string, 0, nblocked)
	prevReached := true // the first stage has no previous stage to wait for
	for si := range m.Stages {
		s := &m.Stages[si]
		sr := &res.Stages[si]
		*sr = StageResult{ID: s.ID, Title: s.Title, Order: s.Order}
		if stageW[si] > 0 {
			sr.Score = ptr(stageWV[si] / stageW[si])
		}
		start := len(blocked)
		for ci := range res.Capabilities {
			if caps[ci].stage == si && blocks(res.Capabilities[ci].Status) {
				blocked = append(blocked, res.Capabilities[ci].ID)
			}
		}
		sr.BlockedBy = blocked[start:len(blocked):len(blocked)]
		sr.Reached = prevReached && len(sr.BlockedBy) == 0
		prevReached = sr.Reached
		if sr.Reached {
			res.Overall.Level++
		}
	}

	res.Roadmap = roadmap(ix, res.Capabilities)
	return res
}

// divergent reports whether two respondents' scored answers lie 0.5 or more apart.
func (st *qstat) divergent() bool {
	return st.scored >= 2 && st.max-st.min >= divergenceGap
}

// blocks reports whether a capability with status s holds its stage back.
func blocks(s CapabilityStatus) bool { return s == BelowTarget || s == Unassessed }

// round9 rounds to 1e-9 so that float noise never turns 50 into 49.99999999999999.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }
