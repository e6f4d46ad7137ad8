package assessment

import (
	"cmp"
	"slices"
)

// Figures are the numbers drawn from individual answers that more than one
// surface shows (the results page, the projector, the PDF, the share page
// and the API): how each question was answered and where the room does not
// know. They are computed here once, under the one anonymity rule
// (MinGroup), so that no surface counts differently or shows a count another
// withholds.
//
// The rule: no PDF, share page or projector shows a count, share or spread
// of a question's answers, or lists it as divergent or as a knowledge gap,
// when fewer than MinGroup respondents answered it. The API and the
// consultant's own results page may list such a question, without counts:
// that is what Withheld marks.
type Figures struct {
	// Distribution counts the answers to every question with options that
	// the assessment asks, in model order (see DistributionOf).
	Distribution []QuestionDistribution
	// Gaps are the questions some respondent answered "don't know": those
	// shown first, most "don't know" answers first, then the withheld ones,
	// each group in model order.
	Gaps []KnowledgeGap

	answered map[string]int // question ID → respondents with a valid answer to it
	dist     map[string]int // question ID → index into Distribution
}

// KnowledgeGap is a question that respondents answered "don't know": a gap
// in what the organisation knows about itself, which a report must show,
// not hide.
type KnowledgeGap struct {
	Question   string
	Capability string
	// DontKnow counts the respondents whose answer says "don't know" (as
	// the result's DontKnow does), Respondents those who answered the
	// question at all. Both are 0 when Withheld.
	DontKnow    int
	Respondents int
	// Withheld is set when fewer than MinGroup respondents answered the
	// question: it may be listed to the consultant, never counted, and
	// never listed on a surface the client sees.
	Withheld bool
}

// NewFigures computes the figures of answers (individual answers: an
// agreed answer is nobody's) to the questions fit asks of ix.
func NewFigures(ix *Index, fit Fit, answers []Answer) *Figures {
	return newFigures(ix, fit, latestAnswers(answers))
}

// newFigures is NewFigures of answers grouped by latestAnswers.
func newFigures(ix *Index, fit Fit, byQuestion map[string][]*Answer) *Figures {
	f := &Figures{
		Distribution: distribution(ix, fit, byQuestion),
		Gaps:         []KnowledgeGap{},
		answered:     map[string]int{},
		dist:         map[string]int{},
	}
	for i := range f.Distribution {
		f.dist[f.Distribution[i].Question] = i
	}
	var withheld []KnowledgeGap
	for ci := range ix.model.Capabilities {
		c := &ix.model.Capabilities[ci]
		for qi := range c.Questions {
			q := &c.Questions[qi]
			if !fit.Asks(c, q) {
				continue
			}
			// Counted as tallyAnswers counts for the result, so that the
			// gaps add up to its DontKnow.
			counted, dontKnows := 0, 0
			for _, a := range byQuestion[q.ID] {
				switch _, out := normalise(q, a); out {
				case ignored:
				case dontKnow:
					dontKnows++
					counted++
				default:
					counted++
				}
			}
			f.answered[q.ID] = counted
			if dontKnows == 0 {
				continue
			}
			if counted < MinGroup {
				withheld = append(withheld, KnowledgeGap{Question: q.ID, Capability: c.ID, Withheld: true})
				continue
			}
			f.Gaps = append(f.Gaps, KnowledgeGap{Question: q.ID, Capability: c.ID, DontKnow: dontKnows, Respondents: counted})
		}
	}
	// Stable: model order among equals.
	slices.SortStableFunc(f.Gaps, func(a, b KnowledgeGap) int { return cmp.Compare(b.DontKnow, a.DontKnow) })
	f.Gaps = append(f.Gaps, withheld...)
	return f
}

// Shown reports whether the answers to a question may be shown as counts,
// spreads or lists on every surface: at least MinGroup respondents answered it.
func (f *Figures) Shown(questionID string) bool { return f.answered[questionID] >= MinGroup }

// Answered is the number of respondents who gave a question a valid answer.
func (f *Figures) Answered(questionID string) int { return f.answered[questionID] }

// Spread is how a question with options was answered, and false when it
// has no options, is not asked, or is withheld.
func (f *Figures) Spread(questionID string) (QuestionDistribution, bool) {
	i, ok := f.dist[questionID]
	if !ok || f.Distribution[i].Withheld {
		return QuestionDistribution{}, false
	}
	return f.Distribution[i], true
}

// ShownGaps are the knowledge gaps a client may see: those not withheld,
// most "don't know" answers first.
func (f *Figures) ShownGaps() []KnowledgeGap {
	out := make([]KnowledgeGap, 0, len(f.Gaps))
	for _, g := range f.Gaps {
		if !g.Withheld {
			out = append(out, g)
		}
	}
	return out
}

// CapabilityGaps are the knowledge gaps of one capability, in the order of Gaps.
func (f *Figures) CapabilityGaps(capabilityID string) []KnowledgeGap {
	var out []KnowledgeGap
	for _, g := range f.Gaps {
		if g.Capability == capabilityID {
			out = append(out, g)
		}
	}
	return out
}

// ShownDontKnow is the number of "don't know" answers to a capability's
// questions that a client may see: those of questions not withheld.
func (f *Figures) ShownDontKnow(capabilityID string) int {
	n := 0
	for _, g := range f.Gaps {
		if g.Capability == capabilityID {
			n += g.DontKnow
		}
	}
	return n
}

// ShownDivergence is a capability's divergent questions (rule 6) that a
// client may see listed: those at least MinGroup respondents answered, most
// divergent first.
func (f *Figures) ShownDivergence(cr *CapabilityResult) []string {
	out := make([]string, 0, len(cr.Divergence))
	for _, id := range cr.Divergence {
		if f.Shown(id) {
			out = append(out, id)
		}
	}
	return out
}
