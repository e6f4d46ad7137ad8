package chart

import (
	"fmt"
	"math"
	"sort"

	"github.com/readiness/readiness/assessment"
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
	radarHeight    = 640
	radarRadius    = 200
	radarLabelSize = 12
	radarLabelGap  = 14
	radarLabelWrap = 150 // widest label line
)

// NewRadar lays out every capability of r on its own spoke.
func NewRadar(r *assessment.Result) Radar {
	n := len(r.Capabilities)
	c := Point{radarWidth / 2, radarHeight / 2}
	rd := Radar{
		Title: "Capability scores against targets", Width: radarWidth, Height: radarHeight,
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
		ring.Label.X, ring.Label.Y = top.X+3, top.Y-2
		rd.Rings = append(rd.Rings, ring)
	}
	meets, assessed := 0, 0
	for i, cr := range r.Capabilities {
		ax := Axis{
			ID: cr.ID, Title: cr.Title, End: at(i, 100), Score: cr.Score, Target: cr.Target,
			ScoreText: Score(cr.Score), TargetText: fmt.Sprint(cr.Target),
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
		ax.Label = radarLabel(c, i, n, cr.Title)
		rd.Axes = append(rd.Axes, ax)
		rd.Score = append(rd.Score, ax.ScorePoint)
		rd.Target = append(rd.Target, ax.TargetPoint)
	}
	separate(rd.Axes)
	rd.Summary = fmt.Sprintf("%d of %d capabilities assessed; %d meet their target.", assessed, n, meets)
	return rd
}

// separate moves labels that would overlap their neighbours: in the lower
// half of the radar downwards (away from the chart), in the upper half upwards.
func separate(axes []Axis) {
	const gap = 2
	var lower, upper []int
	for i := range axes {
		if axes[i].End.Y > radarHeight/2 {
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
func radarLabel(c Point, i, n int, title string) Text {
	a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(max(n, 1))
	cos, sin := math.Cos(a), math.Sin(a)
	d := float64(radarRadius + radarLabelGap)
	t := Text{
		X: round2(c.X + d*cos), Y: round2(c.Y + d*sin), Size: radarLabelSize, LineHeight: radarLabelSize * 1.2,
		Lines: wrap(title, radarLabelWrap, radarLabelSize, 3),
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
