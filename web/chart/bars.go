package chart

import (
	"fmt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// Bars is capability scores as horizontal bars with a mark at each target:
// the same numbers as the radar, easier to read with many capabilities.
type Bars struct {
	Title, Summary string
	Width, Height  float64
	Plot           Rect   // the area of the 0..100 scale
	Ticks          []Tick // along the top, Pos is x
	Rows           []Bar
}

// Bar is one capability's row.
type Bar struct {
	ID, Title  string
	Stage      string
	Label      Text // the title, right-aligned left of the plot
	Bar        Rect // zero width when not assessed
	Mark       Rect // a thin mark at the target
	Value      Text // the score (or "not assessed") right of the bar
	Score      *float64
	Target     int
	ScoreText  string
	TargetText string
	Meets      bool
	Assessed   bool
	Applies    bool
}

// Bar chart sizes, in chart units.
const (
	barsWidth     = 760
	barsLabelW    = 300
	barsRight     = 80 // room right of the plot for the value text
	barsTop       = 24 // room for the tick labels
	barsRow       = 26
	barsThickness = 14
	barsLabelSize = 12
)

// NewBars lays out one row per capability of r, in questionnaire order.
func NewBars(r *assessment.Result, p *locale.Printer) Bars {
	n := len(r.Capabilities)
	plot := Rect{X: barsLabelW + 10, Y: barsTop, W: barsWidth - barsLabelW - 10 - barsRight, H: float64(n) * barsRow}
	b := Bars{Title: p.T("chart.scores_title"), Width: barsWidth, Height: plot.Y + plot.H + 6, Plot: plot}
	x := func(v float64) float64 { return round2(plot.X + plot.W*clamp(v, 0, 100)/100) }
	for _, v := range []float64{0, 25, 50, 75, 100} {
		b.Ticks = append(b.Ticks, Tick{Value: v, Pos: x(v), Label: num(v)})
	}
	meets, assessed := 0, 0
	for i, cr := range r.Capabilities {
		top := plot.Y + float64(i)*barsRow
		mid := top + barsRow/2
		row := Bar{
			ID: cr.ID, Title: cr.Title, Stage: cr.Stage, Score: cr.Score, Target: cr.Target,
			ScoreText: ScoreIn(p, cr.Score), TargetText: fmt.Sprint(cr.Target),
			Meets: cr.Status == assessment.Ready, Assessed: cr.Score != nil, Applies: cr.Status != assessment.Inapplicable,
			Label: Text{X: barsLabelW, Y: round2(mid + barsLabelSize/3), Anchor: End, Size: barsLabelSize, LineHeight: barsLabelSize * 1.2,
				Lines: wrap(cr.Title, barsLabelW, barsLabelSize, 1)},
			Bar:  Rect{X: plot.X, Y: round2(mid - barsThickness/2), H: barsThickness},
			Mark: Rect{X: x(float64(cr.Target)) - 1.5, Y: round2(mid - barsThickness/2 - 4), W: 3, H: barsThickness + 8},
		}
		end := plot.X
		if cr.Score != nil {
			row.Bar.W = round2(x(*cr.Score) - plot.X)
			end = x(*cr.Score)
			assessed++
		}
		if row.Meets {
			meets++
		}
		valueX := max(end, row.Mark.X+row.Mark.W) + 6
		label := row.ScoreText
		switch cr.Status {
		case assessment.Inapplicable:
			label = p.T("chart.not_applicable")
		case assessment.OutOfScope:
			label = p.T("chart.out_of_scope")
			n-- // "assessed of N" counts the capabilities in scope
		}
		row.Value = Text{X: round2(valueX), Y: round2(mid + barsLabelSize/3), Anchor: Start, Size: barsLabelSize - 1, LineHeight: barsLabelSize,
			Lines: []string{label}}
		b.Rows = append(b.Rows, row)
	}
	b.Summary = p.T("chart.scores_summary", "Assessed", p.Number(assessed), "Total", p.Number(n), "Meets", p.Number(meets))
	return b
}
