package assessment

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// PerspectiveGapPoints is how far apart, in score points, two perspectives'
// scores of a capability must be for the comparison to flag it for
// discussion.
const PerspectiveGapPoints = 25.0

// PerspectiveResult is one perspective's result; Result is nil when it is
// withheld (fewer than MinGroup of its respondents gave a scored answer).
type PerspectiveResult struct {
	Perspective string
	Result      *Result
}

// PerspectiveComparison sets capability scores of several perspectives side
// by side.
type PerspectiveComparison struct {
	Perspectives []PerspectiveColumn
	Rows         []PerspectiveRow
}

// PerspectiveColumn is one perspective of the comparison.
type PerspectiveColumn struct {
	Perspective string
	Withheld    bool
}

// PerspectiveRow is one capability: a score per column (nil when the column
// is withheld or the capability has no score in it), and the widest gap
// between two perspectives when it reaches PerspectiveGapPoints.
type PerspectiveRow struct {
	ID, Title string
	Scores    []*float64
	Gap       *PerspectiveGap
}

// PerspectiveGap is two perspectives that see a capability far apart.
type PerspectiveGap struct {
	High, Low           string
	HighScore, LowScore float64
}

// Points is the width of the gap.
func (g PerspectiveGap) Points() float64 { return g.HighScore - g.LowScore }

// ComparePerspectives lines up the capabilities of the results given, in the
// order of the first one that is not withheld, and flags each capability on
// which two perspectives differ by PerspectiveGapPoints or more (the widest
// pair; on equal width the earlier perspectives). Scores are compared rounded
// to whole points, as they are shown.
func ComparePerspectives(in []PerspectiveResult) PerspectiveComparison {
	var out PerspectiveComparison
	var first *Result
	for _, p := range in {
		out.Perspectives = append(out.Perspectives, PerspectiveColumn{Perspective: p.Perspective, Withheld: p.Result == nil})
		if first == nil && p.Result != nil {
			first = p.Result
		}
	}
	if first == nil {
		return out
	}
	for _, c := range first.Capabilities {
		row := PerspectiveRow{ID: c.ID, Title: c.Title, Scores: make([]*float64, len(in))}
		for i, p := range in {
			if p.Result == nil {
				continue
			}
			for _, pc := range p.Result.Capabilities {
				if pc.ID == c.ID && pc.Score != nil {
					s := math.Round(*pc.Score)
					row.Scores[i] = &s
				}
			}
		}
		for i := range row.Scores {
			for j := i + 1; j < len(row.Scores); j++ {
				a, b := row.Scores[i], row.Scores[j]
				if a == nil || b == nil || math.Abs(*a-*b) < PerspectiveGapPoints {
					continue
				}
				g := PerspectiveGap{High: in[i].Perspective, HighScore: *a, Low: in[j].Perspective, LowScore: *b}
				if *b > *a {
					g = PerspectiveGap{High: in[j].Perspective, HighScore: *b, Low: in[i].Perspective, LowScore: *a}
				}
				if row.Gap == nil || g.Points() > row.Gap.Points() {
					row.Gap = &g
				}
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// PerspectiveComparison compares, for assessment id, the perspectives that
// at least one of respondents (the assessment's) answers from, in the order
// of Perspectives; a perspective with fewer than MinGroup scoring
// respondents is withheld. Without such respondents it is empty.
func (s *Service) PerspectiveComparison(ctx context.Context, u User, id string, respondents []Respondent) (PerspectiveComparison, error) {
	var in []PerspectiveResult
	for _, p := range Perspectives {
		if !slices.ContainsFunc(respondents, func(r Respondent) bool { return r.Perspective == p }) {
			continue
		}
		r, err := s.ResultWith(ctx, u, id, ResultOptions{Perspective: p})
		switch {
		case KindOf(err) == Invalid:
			r = nil // too few to show without singling anyone out
		case err != nil:
			return PerspectiveComparison{}, fmt.Errorf("result of perspective %s: %w", p, err)
		}
		in = append(in, PerspectiveResult{Perspective: p, Result: r})
	}
	return ComparePerspectives(in), nil
}
