package chart

import (
	"fmt"
	"math"
	"sort"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// Radar is capability scores against targets on one spoke per capability,
// clockwise from the top in the order of the questionnaire.
type Radar struct {
	Title, Summary string
	Width, Height  float64
	Center         Point
	Radius         float64 // of the 100 ring
	Rings          []Ring  // grid rings at 25, 50, 75 and 100
	Axes           []Axis
	Score          Points // the score polygon: an unscored capability sits at the centre
	Target         Points // the target polygon
}

// Ring is one grid polygon with its value label, placed just right of the top spoke.
type Ring struct {
	Value  float64
	Points Points
	Label  Text
}

// Axis is one capability's spoke.
type Axis struct {
	ID, Title   string
	End         Point // the spoke's end on the 100 ring
	ScorePoint  Point // where the score polygon meets the spoke
	TargetPoint Point
	Label       Text // the capability title outside the 100 ring
	Value       Text // "62 / 70" (score / target) on the line under the title
	Score       *float64
	Target      int
	ScoreText   string // "62" or "not assessed"
	TargetText  string // "70"
	Meets       bool   // at or above target with no critical gap
	Assessed    bool   // has a score
	Applies     bool   // false when every answer said not applicable
}

// Radar canvas and type sizes, in chart units.
const (
	radarWidth     = 760
	radarHeight    = 600
	radarRadius    = 200
	radarLabelSize = 12
	radarLabelGap  = 14
	radarLabelWrap = 150 // widest label line
)

// NewRadar lays out every capability of r on its own spoke.
func NewRadar(r *assessment.Result, p *locale.Printer) Radar {
	n := len(r.Capabilities)
	c := Point{radarWidth / 2, radarHeight / 2}
	rd := Radar{
		Title: p.T("chart.scores_title"), Width: radarWidth, Height: radarHeight,
		Center: c, Radius: radarRadius,
	}
	at := func(i int, v float64) Point { // v in 0..100 on spoke i
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(max(n, 1))
		d := radarRadius * clamp(v, 0, 100) / 100
		return Point{round2(c.X + d*math.Cos(a)), round2(c.Y + d*math.Sin(a))}
	}
	for _, v := range []float64{25, 50, 75, 100} {
		ring := Ring{Value: v, Label: Text{Anchor: Start, Size: 9, LineHeight: 9, Lines: []string{num(v)}}}
		for i := 0; i < n; i++ {
			ring.Points = append(ring.Points, at(i, v))
		}
		top := at(0, v)
		ring.Label.X, ring.Label.Y = top.X+3, top.Y+9 // inside the ring, clear of the top label
		rd.Rings = append(rd.Rings, ring)
	}
	meets, assessed := 0, 0
	for i, cr := range r.Capabilities {
		ax := Axis{
			ID: cr.ID, Title: cr.Title, End: at(i, 100), Score: cr.Score, Target: cr.Target,
			ScoreText: ScoreIn(p, cr.Score), TargetText: fmt.Sprint(cr.Target),
			Meets: cr.Status == assessment.Ready, Assessed: cr.Score != nil, Applies: cr.Status != assessment.Inapplicable,
			TargetPoint: at(i, float64(cr.Target)), ScorePoint: c,
		}
		if cr.Score != nil {
			ax.ScorePoint = at(i, *cr.Score)
			assessed++
		}
		if ax.Meets {
			meets++
		}
		value := ax.ScoreText + " / " + ax.TargetText
		switch {
		case !ax.Applies:
			value = p.T("chart.not_applicable")
		case !ax.Assessed:
			value = p.T("ladder.not_assessed") + " / " + ax.TargetText
		}
		ax.Label = radarLabel(c, i, n, cr.Title, value)
		rd.Axes = append(rd.Axes, ax)
		rd.Score = append(rd.Score, ax.ScorePoint)
		rd.Target = append(rd.Target, ax.TargetPoint)
	}
	separate(rd.Axes)
	rd.fitHeight()
	for i := range rd.Axes { // the last line of each label block is its value
		lab := &rd.Axes[i].Label
		k := len(lab.Lines) - 1
		rd.Axes[i].Value = Text{X: lab.X, Y: round2(lab.Y + lab.LineHeight*float64(k)), Anchor: lab.Anchor,
			Size: lab.Size, LineHeight: lab.LineHeight, Lines: lab.Lines[k:]}
		lab.Lines = lab.Lines[:k]
	}
	rd.Summary = p.T("chart.scores_summary", "Assessed", p.Number(assessed), "Total", p.Number(n), "Meets", p.Number(meets))
	return rd
}

// fitHeight trims the canvas to the chart and its labels, with a margin.
func (rd *Radar) fitHeight() {
	const pad = 6
	top, bottom := rd.Center.Y-rd.Radius, rd.Center.Y+rd.Radius
	for _, ax := range rd.Axes {
		e := extent(ax.Label)
		top, bottom = math.Min(top, e.Y), math.Max(bottom, e.Y+e.H)
	}
	dy := round2(pad - top)
	rd.Height = math.Ceil(bottom - top + 2*pad)
	move := func(ps Points) {
		for i := range ps {
			ps[i].Y = round2(ps[i].Y + dy)
		}
	}
	rd.Center.Y += dy
	move(rd.Score)
	move(rd.Target)
	for i := range rd.Rings {
		move(rd.Rings[i].Points)
		rd.Rings[i].Label.Y = round2(rd.Rings[i].Label.Y + dy)
	}
	for i := range rd.Axes {
		ax := &rd.Axes[i]
		ax.End.Y = round2(ax.End.Y + dy)
		ax.ScorePoint.Y = round2(ax.ScorePoint.Y + dy)
		ax.TargetPoint.Y = round2(ax.TargetPoint.Y + dy)
		ax.Label.Y = round2(ax.Label.Y + dy)
	}
}

// separate moves labels that would overlap their neighbours: in the lower
// half of the radar downwards (away from the chart), in the upper half upwards.
func separate(axes []Axis) {
	const gap = 2
	var lower, upper []int
	for i := range axes {
		if axes[i].End.Y > radarHeight/2+0.01 {
			lower = append(lower, i)
		} else {
			upper = append(upper, i)
		}
	}
	sort.SliceStable(lower, func(a, b int) bool { return axes[lower[a]].Label.Y < axes[lower[b]].Label.Y })
	sort.SliceStable(upper, func(a, b int) bool { return axes[upper[a]].Label.Y > axes[upper[b]].Label.Y })
	for k, i := range lower {
		for _, j := range lower[:k] {
			a, b := extent(axes[i].Label), extent(axes[j].Label)
			if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H+gap {
				axes[i].Label.Y = round2(axes[i].Label.Y + b.Y + b.H + gap - a.Y)
			}
		}
	}
	for k, i := range upper {
		for _, j := range upper[:k] {
			a, b := extent(axes[i].Label), extent(axes[j].Label)
			if a.X < b.X+b.W && b.X < a.X+a.W && a.Y+a.H+gap > b.Y {
				axes[i].Label.Y = round2(axes[i].Label.Y - (a.Y + a.H + gap - b.Y))
			}
		}
	}
}

// extent estimates the box a label covers.
func extent(t Text) Rect {
	w := 0.0
	for _, l := range t.Lines {
		w = math.Max(w, TextWidth(l, t.Size))
	}
	x := t.X
	switch t.Anchor {
	case Middle:
		x -= w / 2
	case End:
		x -= w
	}
	return Rect{X: x, Y: t.Y - t.Size, W: w, H: t.Size*1.25 + t.LineHeight*float64(len(t.Lines)-1)}
}

// radarLabel places a title just outside spoke i, anchored away from the
// centre so that it never runs over the chart.
func radarLabel(c Point, i, n int, title, value string) Text {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(max(n, 1))
	cos, sin := math.Cos(a), math.Sin(a)
	d := float64(radarRadius + radarLabelGap)
	t := Text{
		X: round2(c.X + d*cos), Y: round2(c.Y + d*sin), Size: radarLabelSize, LineHeight: radarLabelSize * 1.2,
		Lines: append(wrap(title, radarLabelWrap, radarLabelSize, 3), value),
	}
	switch {
	case cos > 0.05: // only a spoke straight up or down gets a centred label,
		t.Anchor = Start // so that neighbours near the bottom never collide
	case cos < -0.05:
		t.Anchor = End
	default:
		t.Anchor = Middle
	}
	h := t.LineHeight * float64(len(t.Lines)-1)
	switch {
	case sin < -0.5: // upper part: the block ends just above the spoke's end
		t.Y -= h
	case sin > 0.5: // lower part: the first line hangs below it
		t.Y += t.Size
	default: // beside: centred on the spoke
		t.Y += t.Size/3 - h/2
	}
	t.Y = round2(t.Y)
	return t
}
