package assessment

// MinGroup is the fewest respondents whose answers to a question may be
// shown as a spread: with fewer, a reader could tell who said what. Every
// view of answers by option (the distribution API, the results page, the
// projector, the PDF) withholds smaller groups by this one rule.
const MinGroup = 3

// QuestionDistribution is how the respondents answered one question that
// has options (single, boolean, multi).
type QuestionDistribution struct {
	Question    string
	Capability  string
	Respondents int            // the people who answered it
	Withheld    bool           // fewer than MinGroup answered: Counts is empty
	Counts      map[string]int // option ID → people who chose it; multi counts each chosen option once per person
}

// Distribution counts the answers to every question with options, in
// questionnaire order. "Don't know" and not-applicable options count like
// any other; an answer naming an unknown option or of the wrong kind is
// ignored, and a respondent's later answer replaces an earlier one, as in
// Score. Questions answered by fewer than MinGroup respondents are withheld.
func Distribution(ix *Index, answers []Answer) []QuestionDistribution {
	return DistributionOf(ix, Fit{}, answers)
}

// DistributionOf is Distribution of the questions fit asks: those outside
// its scope or form are not asked and have no entry.
func DistributionOf(ix *Index, fit Fit, answers []Answer) []QuestionDistribution {
	return distribution(ix, fit, latestAnswers(answers))
}

// distribution is DistributionOf of answers grouped by latestAnswers.
func distribution(ix *Index, fit Fit, byQuestion map[string][]*Answer) []QuestionDistribution {
	var out []QuestionDistribution
	for ci := range ix.model.Capabilities {
		c := &ix.model.Capabilities[ci]
		for qi := range c.Questions {
			q := &c.Questions[qi]
			if q.Type != Single && q.Type != Boolean && q.Type != Multi || !fit.Asks(c, q) {
				continue
			}
			d := QuestionDistribution{Question: q.ID, Capability: c.ID, Counts: map[string]int{}}
			for _, a := range byQuestion[q.ID] {
				if q.Type != Multi { // one option: counted without building a list
					if a.Option == "" || a.Options != nil || a.Value != nil || a.Text != "" || q.Option(a.Option) == nil {
						continue
					}
					d.Respondents++
					d.Counts[a.Option]++
					continue
				}
				chosen, ok := chosenOptions(q, a)
				if !ok {
					continue
				}
				d.Respondents++
				for _, id := range chosen {
					d.Counts[id]++
				}
			}
			if d.Respondents < MinGroup {
				d.Withheld, d.Counts = true, map[string]int{}
			}
			out = append(out, d)
		}
	}
	return out
}

// chosenOptions is what a valid answer to q chose; ok is false for an answer
// of the wrong kind or naming an unknown option.
func chosenOptions(q *Question, a *Answer) ([]string, bool) {
	if q.Type == Multi {
		if a.Options == nil || a.Option != "" || a.Value != nil || a.Text != "" {
			return nil, false
		}
		seen := make(map[string]bool, len(a.Options))
		out := make([]string, 0, len(a.Options))
		for _, id := range a.Options {
			if q.Option(id) == nil {
				return nil, false
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return out, true
	}
	if a.Option == "" || a.Options != nil || a.Value != nil || a.Text != "" || q.Option(a.Option) == nil {
		return nil, false
	}
	return []string{a.Option}, true
}
