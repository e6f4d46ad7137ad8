package chart

import (
	"fmt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// Spread is how the respondents answered one question: a bar per option with
// its count. It draws whatever counts it is given; the caller decides what
// may be shown (the contract withholds questions answered by fewer than 3).
type Spread struct {
	Title, Summary string // Title is the question's text
	QuestionID     string
	Respondents    int
	Width, Height  float64
	PlotX, PlotW   float64 // where bars start, and the length of a bar for every respondent
	Rows           []SpreadRow
}

// SpreadRow is one option's bar.
type SpreadRow struct {
	OptionID string
	Label    Text // the option's label, left of the bar
	Bar      Rect // its length is the share of respondents who chose it
	Value    Text // "3 (25%)"
	Count    int
	Unscored assessment.Unscored // "don't know" and not-applicable options come last, set apart
}

// Spread sizes, in chart units.
const (
	spreadWidth  = 640
	spreadLabelW = 300
	spreadRight  = 70
	spreadRow    = 20 // a two-line label adds spreadLine
	spreadBar    = 12
	spreadSize   = 11
	spreadApart  = 8 // extra space before the unscored options
	spreadLine   = 13
)

// NewSpread lays out the answers to q: counts maps option IDs to how many of
// the respondents chose each (a multi question counts every chosen option).
func NewSpread(q *assessment.Question, respondents int, counts map[string]int, p *locale.Printer) Spread {
	sp := Spread{Title: q.Text, QuestionID: q.ID, Respondents: respondents, Width: spreadWidth}
	plotX := float64(spreadLabelW + 10)
	plotW := float64(spreadWidth - spreadLabelW - 10 - spreadRight)
	sp.PlotX, sp.PlotW = plotX, plotW
	y := 0.0
	order := make([]int, 0, len(q.Options))
	for i, o := range q.Options { // scored options in their order, then the unscored ones
		if o.Score != nil {
			order = append(order, i)
		}
	}
	firstUnscored := len(order)
	for i, o := range q.Options {
		if o.Score == nil {
			order = append(order, i)
		}
	}
	top := ""
	most := -1
	for k, i := range order {
		o := q.Options[i]
		if k == firstUnscored && k > 0 {
			y += spreadApart
		}
		n := counts[o.ID]
		share := 0.0
		if respondents > 0 {
			share = float64(n) / float64(respondents)
		}
		lines := wrap(o.Label, spreadLabelW, spreadSize, 2)
		rowH := spreadRow + spreadLine*float64(len(lines)-1)
		mid := y + rowH/2
		// a label's lines are centred on its bar
		labelY := mid + spreadSize/3 - spreadLine*float64(len(lines)-1)/2
		sp.Rows = append(sp.Rows, SpreadRow{
			OptionID: o.ID, Count: n, Unscored: o.Unscored,
			Label: Text{X: spreadLabelW, Y: round2(labelY), Anchor: End, Size: spreadSize, LineHeight: spreadLine, Lines: lines},
			Bar:   Rect{X: plotX, Y: round2(mid - spreadBar/2), W: round2(plotW * clamp(share, 0, 1)), H: spreadBar},
			Value: Text{X: round2(plotX + plotW*clamp(share, 0, 1) + 5), Y: round2(mid + spreadSize/3), Anchor: Start, Size: spreadSize,
				LineHeight: spreadSize, Lines: []string{fmt.Sprintf("%d (%.0f%%)", n, share*100)}},
		})
		if n > most {
			most, top = n, o.Label
		}
		y += rowH
	}
	sp.Height = y
	if respondents == 0 || most <= 0 {
		sp.Summary = p.T("chart.spread_none")
	} else {
		sp.Summary = p.T("chart.spread_summary", "Respondents", p.Number(respondents), "Option", top, "Most", p.Number(most))
	}
	return sp
}
