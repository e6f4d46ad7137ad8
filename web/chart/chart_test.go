package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

func f(v float64) *float64 { return &v }

// en words the charts in English.
var en = locale.Embedded().For("en")

// result builds a result of n capabilities over four stages with long titles,
// the first unassessed and the second not applicable.
func result(n int) *assessment.Result {
	r := &assessment.Result{Overall: assessment.Overall{Level: 1}}
	stages := []string{"ci", "containers", "infra", "dcos"}
	for i, id := range stages {
		r.Stages = append(r.Stages, assessment.StageResult{ID: id, Title: "Stage " + id, Order: i + 1, Score: f(float64(80 - 10*i)), Reached: i == 0})
	}
	for i := 0; i < n; i++ {
		c := assessment.CapabilityResult{
			ID: fmt.Sprintf("cap-%d", i), Title: fmt.Sprintf("Capability %d with a rather long title indeed", i),
			Stage: stages[i*len(stages)/n], Target: 60, Score: f(float64(i * 100 / n)), Status: assessment.BelowTarget,
		}
		switch {
		case i == 0:
			c.Score, c.Status = nil, assessment.Unassessed
		case i == 1:
			c.Score, c.Status = nil, assessment.Inapplicable
		case *c.Score >= 60:
			c.Status = assessment.Ready
		}
		r.Capabilities = append(r.Capabilities, c)
	}
	r.Stages[1].BlockedBy = []string{"cap-5", "missing-id"}
	r.Stages[2].BlockedBy = []string{"cap-9"}
	return r
}

// box is a text's estimated extent.
func box(t Text) Rect {
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
	return Rect{X: x, Y: t.Y - t.Size, W: w, H: t.Size + t.LineHeight*float64(len(t.Lines)-1)}
}

func inside(t *testing.T, what string, r Rect, w, h float64) {
	t.Helper()
	if r.X < 0 || r.Y < 0 || r.X+r.W > w+0.01 || r.Y+r.H > h+0.01 {
		t.Errorf("%s %+v leaves the %gx%g canvas", what, r, w, h)
	}
}

// joined is an axis label with its value line, as the layout placed them.
func joined(ax Axis) Text {
	t := ax.Label
	t.Lines = append(append([]string{}, t.Lines...), ax.Value.Lines...)
	return t
}

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func TestRadar(t *testing.T) {
	for _, n := range []int{3, 13, 17, 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r := result(n)
			rd := NewRadar(r, en)
			if len(rd.Axes) != n || len(rd.Score) != n || len(rd.Target) != n {
				t.Fatalf("axes %d, score %d, target %d points; want %d each", len(rd.Axes), len(rd.Score), len(rd.Target), n)
			}
			if len(rd.Rings) != 4 || len(rd.Rings[3].Points) != n {
				t.Fatalf("rings %+v", rd.Rings)
			}
			if got := dist(rd.Center, rd.Axes[0].End); math.Abs(got-rd.Radius) > 0.01 || rd.Axes[0].End.Y >= rd.Center.Y {
				t.Errorf("first spoke ends at %+v: want straight up, %g from the centre", rd.Axes[0].End, rd.Radius)
			}
			for i, ax := range rd.Axes {
				c := r.Capabilities[i]
				want := 0.0
				if c.Score != nil {
					want = *c.Score / 100 * rd.Radius
				}
				if got := dist(rd.Center, ax.ScorePoint); math.Abs(got-want) > 0.02 {
					t.Errorf("%s: score point %g from the centre, want %g", c.ID, got, want)
				}
				if got := dist(rd.Center, ax.TargetPoint); math.Abs(got-0.6*rd.Radius) > 0.02 {
					t.Errorf("%s: target point %g from the centre, want %g", c.ID, got, 0.6*rd.Radius)
				}
				if ax.Title != c.Title || ax.Meets != (c.Status == assessment.Ready) || ax.Assessed != (c.Score != nil) {
					t.Errorf("%s: axis %+v does not match %+v", c.ID, ax, c)
				}
				if len(ax.Label.Lines) == 0 || strings.Join(ax.Label.Lines, " ") != c.Title {
					t.Errorf("%s: label lines %q lose the title %q", c.ID, ax.Label.Lines, c.Title)
				}
				inside(t, c.ID+" label", box(ax.Label), rd.Width, rd.Height)
				inside(t, c.ID+" value", box(ax.Value), rd.Width, rd.Height)
				if ax.Value.Y <= ax.Label.Y || ax.Value.X != ax.Label.X {
					t.Errorf("%s: value %+v is not under the title %+v", c.ID, ax.Value, ax.Label)
				}
				// the label sits outside the 100 ring, on its spoke's side
				lb := box(ax.Label)
				if cx := lb.X + lb.W/2; (ax.End.X-rd.Center.X > 60 && cx < rd.Center.X) || (ax.End.X-rd.Center.X < -60 && cx > rd.Center.X) {
					t.Errorf("%s: label centred at x %g is on the wrong side of spoke end %+v", c.ID, cx, ax.End)
				}
			}
			for i := range rd.Axes {
				for j := i + 1; j < len(rd.Axes); j++ {
					a, b := extent(joined(rd.Axes[i])), extent(joined(rd.Axes[j]))
					if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
						t.Errorf("labels of %s %+v and %s %+v overlap", rd.Axes[i].ID, a, rd.Axes[j].ID, b)
					}
				}
			}
			if got := rd.Axes[2].Value.String(); got != rd.Axes[2].ScoreText+" / 60" {
				t.Errorf("value line %q", got)
			}
			if rd.Axes[0].ScoreText != "not assessed" || rd.Axes[0].Assessed || !rd.Axes[0].Applies || rd.Axes[1].Applies {
				t.Errorf("unassessed/not applicable axes: %+v / %+v", rd.Axes[0], rd.Axes[1])
			}
			if !strings.Contains(rd.Summary, fmt.Sprintf("%d of %d capabilities assessed", n-2, n)) {
				t.Errorf("summary %q", rd.Summary)
			}
		})
	}
}

func TestBars(t *testing.T) {
	for _, n := range []int{1, 13, 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			r := result(n)
			b := NewBars(r, en)
			if len(b.Rows) != n {
				t.Fatalf("%d rows, want %d", len(b.Rows), n)
			}
			if b.Ticks[0].Pos != b.Plot.X || b.Ticks[4].Pos != b.Plot.X+b.Plot.W {
				t.Errorf("ticks %+v do not span the plot %+v", b.Ticks, b.Plot)
			}
			for i, row := range b.Rows {
				c := r.Capabilities[i]
				want := 0.0
				if c.Score != nil {
					want = *c.Score / 100 * b.Plot.W
				}
				if math.Abs(row.Bar.W-want) > 0.02 {
					t.Errorf("%s: bar width %g, want %g", c.ID, row.Bar.W, want)
				}
				if mid := row.Mark.X + row.Mark.W/2; math.Abs(mid-(b.Plot.X+0.6*b.Plot.W)) > 0.02 {
					t.Errorf("%s: target mark at %g, want %g", c.ID, mid, b.Plot.X+0.6*b.Plot.W)
				}
				if i > 0 && row.Bar.Y <= b.Rows[i-1].Bar.Y+b.Rows[i-1].Bar.H {
					t.Errorf("%s: row overlaps the one above", c.ID)
				}
				inside(t, c.ID+" value", box(row.Value), b.Width, b.Height)
				inside(t, c.ID+" label", box(row.Label), b.Width, b.Height)
				inside(t, c.ID+" bar", row.Bar, b.Width, b.Height)
			}
			if n > 1 && b.Rows[1].Value.String() != "not applicable" {
				t.Errorf("not applicable row says %q", b.Rows[1].Value.String())
			}
		})
	}
}

func TestLadder(t *testing.T) {
	r := result(13)
	l := NewLadder(r, en)
	if len(l.Steps) != 4 || l.Level != 1 {
		t.Fatalf("steps %d, level %d", len(l.Steps), l.Level)
	}
	for i, want := range []StepState{Reached, Blocked, HeldBack, HeldBack} {
		s := l.Steps[i]
		if s.State != want {
			t.Errorf("step %d: %s, want %s", i, s.State, want)
		}
		if i > 0 {
			p := l.Steps[i-1]
			if s.Box.X < p.Box.X+p.Box.W || s.Box.H <= p.Box.H || s.Box.Y+s.Box.H != p.Box.Y+p.Box.H {
				t.Errorf("step %d %+v does not rise right of step %d %+v on one baseline", i, s.Box, i-1, p.Box)
			}
		}
		inside(t, s.ID+" box", s.Box, l.Width, l.Height)
		inside(t, s.ID+" name", box(s.Name), l.Width, l.Height)
		st := box(s.Status)
		inside(t, s.ID+" status", st, l.Width, l.Height)
		if st.X+st.W > s.Box.X+s.Box.W || st.Y+st.H > s.Box.Y+s.Box.H {
			t.Errorf("step %d status %+v leaves its step %+v", i, st, s.Box)
		}
	}
	if got := l.Steps[1].BlockedBy; len(got) != 2 || got[0] != r.Capabilities[5].Title || got[1] != "missing-id" {
		t.Errorf("blocked by %q: want the title of cap-5, then the unknown id", got)
	}
	if got := l.Steps[2].Status.String(); !strings.HasPrefix(got, "Also needs: "+r.Capabilities[9].Title) {
		t.Errorf("a later stage with its own blockers says %q", got)
	}
	if got := l.Steps[3].Status.String(); got != "Waiting for an earlier stage" {
		t.Errorf("a later stage without blockers says %q", got)
	}
	if !strings.Contains(l.Summary, "Level 1 of 4") || !strings.Contains(l.Summary, r.Capabilities[5].Title) {
		t.Errorf("summary %q", l.Summary)
	}
	for name, tt := range map[string]struct {
		reached []bool
		want    string
	}{
		"all reached":  {[]bool{true, true}, "Level 2 of 2: every stage is reached."},
		"none reached": {[]bool{false, false}, "Level 0 of 2. Next stage: Stage 0."},
		"no stages":    {nil, "The questionnaire has no stages."},
	} {
		r := &assessment.Result{}
		for i, ok := range tt.reached {
			r.Stages = append(r.Stages, assessment.StageResult{ID: fmt.Sprint(i), Title: fmt.Sprintf("Stage %d", i), Order: i + 1, Reached: ok})
			if ok {
				r.Overall.Level++
			}
		}
		if got := NewLadder(r, en).Summary; got != tt.want {
			t.Errorf("%s: summary %q, want %q", name, got, tt.want)
		}
	}
}

func TestSpread(t *testing.T) {
	q := &assessment.Question{ID: "q", Text: "How often?", Type: assessment.Single, Options: []assessment.Option{
		{ID: "dk", Label: "Don't know", Unscored: assessment.DontKnow},
		{ID: "never", Label: "Never", Score: f(0)},
		{ID: "na", Label: "Not applicable", Unscored: assessment.NotApplicable},
		{ID: "daily", Label: "Daily", Score: f(1)},
	}}
	for name, tt := range map[string]struct {
		respondents int
		counts      map[string]int
		order       []string
		values      []string
		summary     string
	}{
		"answered": {4, map[string]int{"daily": 2, "dk": 1, "never": 1}, []string{"never", "daily", "dk", "na"},
			[]string{"1 (25%)", "2 (50%)", "1 (25%)", "0 (0%)"}, `4 respondents; most chose "Daily" (2).`},
		"nobody": {0, nil, []string{"never", "daily", "dk", "na"}, []string{"0 (0%)", "0 (0%)", "0 (0%)", "0 (0%)"}, "Nobody has answered yet."},
	} {
		sp := NewSpread(q, tt.respondents, tt.counts, en)
		var order, values []string
		for _, r := range sp.Rows {
			order, values = append(order, r.OptionID), append(values, r.Value.String())
			inside(t, name+" "+r.OptionID, r.Bar, sp.Width, sp.Height)
			inside(t, name+" "+r.OptionID+" value", box(r.Value), sp.Width, sp.Height)
		}
		if fmt.Sprint(order) != fmt.Sprint(tt.order) || fmt.Sprint(values) != fmt.Sprint(tt.values) || sp.Summary != tt.summary {
			t.Errorf("%s: order %v values %v summary %q; want %v %v %q", name, order, values, sp.Summary, tt.order, tt.values, tt.summary)
		}
	}
	sp := NewSpread(q, 4, map[string]int{"daily": 2}, en)
	long := *q
	long.Options = append([]assessment.Option{{ID: "long", Label: strings.Repeat("A rather long option label ", 4), Score: f(0.5)}}, q.Options...)
	ls := NewSpread(&long, 4, nil, en)
	if got := len(ls.Rows[0].Label.Lines); got != 2 {
		t.Errorf("a long label has %d lines, want 2", got)
	}
	if lb := box(ls.Rows[0].Label); lb.Y+lb.H > ls.Rows[1].Bar.Y || lb.Y < 0 {
		t.Errorf("a two-line label %+v runs into the next row %+v", lb, ls.Rows[1].Bar)
	}
	if gap := sp.Rows[2].Bar.Y - sp.Rows[1].Bar.Y; gap <= spreadRow {
		t.Errorf("unscored options are not set apart: gap %g", gap)
	}
	if sp.Rows[1].Bar.W != 2*sp.Rows[0].Bar.W && sp.Rows[0].Bar.W != 0 {
		t.Errorf("bars not proportional: %+v", sp.Rows)
	}
}

func TestTimeline(t *testing.T) {
	for name, tt := range map[string]struct {
		in    []Moment
		lines []int // points per line segment
	}{
		"empty":  {nil, nil},
		"one":    {[]Moment{{"2026-01", f(40)}}, []int{1}},
		"steady": {[]Moment{{"2025-01", f(20)}, {"2025-06", f(40)}, {"2026-01", f(55)}}, []int{3}},
		"gap":    {[]Moment{{"a", f(20)}, {"b", nil}, {"c", f(50)}, {"d", f(60)}}, []int{1, 2}},
		"five dated": {[]Moment{{"3 Mar 2025 · level 0", f(20)}, {"2 Sep 2025 · level 1", f(35)}, {"1 Mar 2026 · level 1", f(48)},
			{"1 Sep 2026 · level 2", f(61)}, {"1 Dec 2026 · level 2", f(70)}}, []int{5}},
	} {
		for _, width := range []float64{timelineWidth, TimelineNarrow} {
			tl := NewTimelineWidth(tt.in, width, en)
			name := fmt.Sprintf("%s at %g", name, width)
			var got []int
			for _, l := range tl.Lines {
				got = append(got, len(l))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.lines) || len(tl.Marks) != len(tt.in) {
				t.Errorf("%s: lines %v marks %d, want %v %d", name, got, len(tl.Marks), tt.lines, len(tt.in))
			}
			for i, m := range tl.Marks {
				if i > 0 && m.At.X <= tl.Marks[i-1].At.X {
					t.Errorf("%s: marks not left to right", name)
				}
				if tt.in[i].Score != nil {
					want := tl.Plot.Y + tl.Plot.H*(1-*tt.in[i].Score/100)
					if math.Abs(m.At.Y-want) > 0.01 {
						t.Errorf("%s: mark %d at y %g, want %g", name, i, m.At.Y, want)
					}
				}
				inside(t, name+" label", box(m.Label), tl.Width, tl.Height)
			}
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width float64
		max   int
		want  []string
	}{
		{"Version control and continuous integration", 110, 0, []string{"Version control and", "continuous", "integration"}},
		{"Version control and continuous integration", 121, 0, []string{"Version control and", "continuous integration"}},
		{"Version control and continuous integration", 110, 1, []string{"Version control and…"}},
		{"Version control, and continuous integration", 110, 1, []string{"Version control, an…"}},
		{"Supercalifragilisticexpialidocious", 55, 0, []string{"Supercalif", "ragilistic", "expialidoc", "ious"}},
		{"Łódź Ærø Ελλάδα", 1000, 0, []string{"Łódź Ærø Ελλάδα"}},
		{"", 100, 0, nil},
	} {
		if got := wrap(tt.in, tt.width, 10, tt.max); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
			t.Errorf("wrap(%q, %g, %d) = %q, want %q", tt.in, tt.width, tt.max, got, tt.want)
		}
	}
}

func TestPointsString(t *testing.T) {
	if got := (Points{{1, 2}, {3.456, -0.001}}).String(); got != "1,2 3.46,0" {
		t.Errorf("got %q", got)
	}
}
