package ui

import (
	"context"
	"fmt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// perspectivesView is the results page's "By perspective" section: capability
// scores of each perspective shown side by side, the withheld ones named, and
// the capabilities two perspectives see 25 points or more apart.
type perspectivesView struct {
	Shown    []string // column headings
	Withheld []string
	Rows     []perspectiveRow
	Flags    []string
	MinGroup int
	Gap      int
}

type perspectiveRow struct {
	Title   string
	Scores  []string
	Flagged bool
}

// newPerspectivesView words a comparison for the page; nil when no
// respondent has a perspective.
func newPerspectivesView(p *locale.Printer, pc assessment.PerspectiveComparison) *perspectivesView {
	if len(pc.Perspectives) == 0 {
		return nil
	}
	v := &perspectivesView{MinGroup: assessment.MinGroup, Gap: int(assessment.PerspectiveGapPoints)}
	var shown []int
	for i, c := range pc.Perspectives {
		if c.Withheld {
			v.Withheld = append(v.Withheld, perspectiveLabel(p, c.Perspective))
			continue
		}
		shown = append(shown, i)
		v.Shown = append(v.Shown, perspectiveLabel(p, c.Perspective))
	}
	if len(shown) == 0 {
		return v
	}
	for _, r := range pc.Rows {
		row := perspectiveRow{Title: r.Title, Flagged: r.Gap != nil}
		for _, i := range shown {
			row.Scores = append(row.Scores, scoreText(r.Scores[i]))
		}
		v.Rows = append(v.Rows, row)
		if r.Gap != nil {
			v.Flags = append(v.Flags, gapSentence(p, r.Title, *r.Gap))
		}
	}
	return v
}

// gapSentence words a flag: "Monitoring: operations sees 80, development 30: discuss."
func gapSentence(p *locale.Printer, title string, g assessment.PerspectiveGap) string {
	high, low := g.High, g.Low // mid-sentence, English keeps them lower case
	if p.Lang() != locale.Default {
		high, low = perspectiveLabel(p, high), perspectiveLabel(p, low)
	}
	return p.T("perspective.gap", "Title", title, "High", high, "HighScore", p.Fixed(g.HighScore, 0),
		"Low", low, "LowScore", p.Fixed(g.LowScore, 0))
}

func scoreText(s *float64) string {
	if s == nil {
		return "–"
	}
	return fmt.Sprintf("%.0f", *s)
}

func (s *handler) perspectivesOf(ctx context.Context, p *locale.Printer, u assessment.User, x *assessment.Export) (*perspectivesView, error) {
	pc, err := s.svc.PerspectiveComparison(ctx, u, x.Assessment.ID, x.Respondents)
	if err != nil {
		return nil, err
	}
	return newPerspectivesView(p, pc), nil
}
