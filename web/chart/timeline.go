package chart

import (
	"fmt"
	"strings"

	"github.com/readiness/readiness/web/locale"
)

// Moment is one assessment on a timeline: its label (a date or a title)
// and its overall score, nil when nothing was scored.
type Moment struct {
	Label string
	Score *float64
}

// Timeline is the overall score across assessments of one organisation, oldest first.
type Timeline struct {
	Title, Summary string
	Width, Height  float64
	Plot           Rect
	YTicks         []Tick   // Pos is y
	Lines          []Points // the score line, broken where a moment has no score
	Marks          []Mark
}

// Mark is one moment on the timeline.
type Mark struct {
	At          Point // on the line; for a moment without a score, on the baseline
	Scored      bool
	Preliminary bool
	Label       Text // under the axis
	Value       Text // the score above the point
	ScoreText   string
}

// Timeline sizes, in chart units. A page draws a timeline at its width, so
// a phone gets one laid out narrower (TimelineNarrow) rather than the wide
// one shrunk until its labels cannot be read.
const (
	TimelineNarrow = 360
	timelineWidth  = 760
	timelineHeight = 260
	timelineLeft   = 40
	timelineRight  = 30
	timelineTop    = 20
	timelineBottom = 44
	timelineSize   = 11
)

// NewTimeline lays out moments left to right at even spacing.
func NewTimeline(moments []Moment, p *locale.Printer) Timeline {
	return NewTimelineWidth(moments, timelineWidth, p)
}

// NewTimelineWidth is NewTimeline on a chart width units wide.
func NewTimelineWidth(moments []Moment, width float64, p *locale.Printer) Timeline {
	plot := Rect{X: timelineLeft, Y: timelineTop, W: width - timelineLeft - timelineRight, H: timelineHeight - timelineTop - timelineBottom}
	t := Timeline{Title: p.T("chart.timeline_title"), Width: width, Height: timelineHeight, Plot: plot}
	y := func(v float64) float64 { return round2(plot.Y + plot.H*(1-clamp(v, 0, 100)/100)) }
	for _, v := range []float64{0, 25, 50, 75, 100} {
		t.YTicks = append(t.YTicks, Tick{Value: v, Pos: y(v), Label: num(v)})
	}
	n := len(moments)
	var line Points
	var said []string
	for i, m := range moments {
		x := plot.X + plot.W/2
		if n > 1 {
			x = plot.X + plot.W*float64(i)/float64(n-1)
		}
		x = round2(x)
		lines := wrap(m.Label, max(plot.W/float64(max(n, 1))-8, 40), timelineSize, 2)
		// A label is centred under its mark, but kept on the canvas: the
		// first and last marks sit at the plot's edges.
		half := 0.0
		for _, l := range lines {
			half = max(half, TextWidth(l, timelineSize)/2)
		}
		mk := Mark{ScoreText: ScoreIn(p, m.Score), Scored: m.Score != nil,
			Label: Text{X: round2(clamp(x, half+2, width-half-2)), Y: round2(plot.Y + plot.H + timelineSize + 6), Anchor: Middle,
				Size: timelineSize, LineHeight: timelineSize * 1.2, Lines: lines}}
		if m.Score != nil {
			mk.At = Point{x, y(*m.Score)}
			line = append(line, mk.At)
		} else {
			mk.At = Point{x, y(0)}
			if len(line) > 0 {
				t.Lines, line = append(t.Lines, line), nil
			}
		}
		mk.Value = Text{X: x, Y: round2(mk.At.Y - 7), Anchor: Middle, Size: timelineSize, LineHeight: timelineSize, Lines: []string{mk.ScoreText}}
		t.Marks = append(t.Marks, mk)
		said = append(said, fmt.Sprintf("%s: %s", m.Label, mk.ScoreText))
	}
	if len(line) > 0 {
		t.Lines = append(t.Lines, line)
	}
	if n == 0 {
		t.Summary = p.T("chart.timeline_none")
	} else {
		t.Summary = p.T("chart.timeline_summary", "List", strings.Join(said, "; "))
	}
	return t
}
