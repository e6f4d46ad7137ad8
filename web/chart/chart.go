// Package chart computes the geometry of Readiness's charts once, from an
// assessment.Result, so that the results page (SVG) and the PDF report draw
// the same pictures. It knows nothing of SVG, PDF or HTML: every chart is
// points, boxes and text in abstract units inside a Width × Height canvas
// whose origin is the top left corner (y grows downwards, as in SVG). Numbers
// come ready formatted as text, so every drawing shows the same figures, and
// each chart carries a Title and a Summary sentence that a page prints beside
// it for readers who cannot see the picture.
//
// A page draws a radar with html/template, which escapes every title:
//
//	{{with .Radar}}
//	<figure>
//	<svg viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-labelledby="radar-title">
//	  <title id="radar-title">{{.Title}}</title>
//	  {{range .Rings}}<polygon points="{{points .Points}}" fill="none" stroke="#ccc"/>{{end}}
//	  {{range .Axes}}<line x1="{{$.Radar.Center.X}}" y1="{{$.Radar.Center.Y}}" x2="{{.End.X}}" y2="{{.End.Y}}" stroke="#ccc"/>{{end}}
//	  <polygon points="{{points .Target}}" fill="none" stroke="#b45309" stroke-dasharray="4 3"/>
//	  <polygon points="{{points .Score}}" fill="#2563eb" fill-opacity="0.25" stroke="#2563eb"/>
//	  {{range $ax := .Axes}}<text x="{{$ax.Label.X}}" y="{{$ax.Label.Y}}" text-anchor="{{$ax.Label.Anchor}}" font-size="{{$ax.Label.Size}}">
//	    {{- range $i, $l := $ax.Label.Lines}}<tspan x="{{$ax.Label.X}}" dy="{{if $i}}{{$ax.Label.LineHeight}}{{else}}0{{end}}">{{$l}}</tspan>{{end -}}
//	  </text>
//	  <text x="{{$ax.Value.X}}" y="{{$ax.Value.Y}}" text-anchor="{{$ax.Value.Anchor}}" font-size="{{$ax.Value.Size}}">{{$ax.Value}}</text>{{end}}
//	</svg>
//	<figcaption>{{.Summary}}</figcaption>
//	</figure>
//	{{end}}
//
// where $ is the page (with the Radar field) and points is a template
// function joining Points as "x,y x,y" (Points
// has a String method that does exactly that). The PDF report scales the
// same units to millimetres and draws the same polygons, lines and text.
//
// Charts: NewRadar (capability scores against targets), NewBars (the same
// as horizontal bars with target marks, which reads better with many
// capabilities), NewLadder (the stage ladder), NewSpread (one question's
// answers by option) and NewTimeline (overall score across assessments).
package chart

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/readiness/readiness/web/locale"
)

// Point is a position in chart units.
type Point struct{ X, Y float64 }

// Points is a polyline or polygon.
type Points []Point

// String joins the points as SVG's points attribute wants them: "x,y x,y".
func (ps Points) String() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X))
		b.WriteByte(',')
		b.WriteString(num(p.Y))
	}
	return b.String()
}

// Rect is an axis-aligned box; X, Y is its top left corner.
type Rect struct{ X, Y, W, H float64 }

// Anchor says which point of a text line its X names, as SVG's text-anchor does.
type Anchor string

// Text anchors.
const (
	Start  Anchor = "start"
	Middle Anchor = "middle"
	End    Anchor = "end"
)

// Text is a label of one or more lines. X, Y is the baseline of the first
// line; each further line sits LineHeight below the one before.
type Text struct {
	X, Y       float64
	Anchor     Anchor
	Size       float64 // font size in chart units
	LineHeight float64
	Lines      []string
}

// String is the label on one line.
func (t Text) String() string { return strings.Join(t.Lines, " ") }

// Tick is one mark on a scale with its label.
type Tick struct {
	Value float64
	Pos   float64 // x or y in chart units, depending on the scale
	Label string
}

// charWidth is the average advance of a proportional sans-serif glyph as a
// share of the font size; it is only used to wrap labels, never to clip them.
const charWidth = 0.55

// TextWidth estimates how wide s is at font size size.
func TextWidth(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * charWidth
}

// wrap breaks s into lines of at most width chart units at font size size,
// at spaces; a single word longer than a line is cut. At most maxLines lines
// are returned; the last one ends with "…" when text was left out.
func wrap(s string, width, size float64, maxLines int) []string {
	limit := int(width / (size * charWidth))
	if limit < 4 {
		limit = 4
	}
	var lines []string
	var cur []rune
	for _, w := range strings.Fields(s) {
		word := []rune(w)
		for len(word) > limit { // a word longer than a line
			if len(cur) > 0 {
				lines, cur = append(lines, string(cur)), nil
			}
			lines, word = append(lines, string(word[:limit])), word[limit:]
		}
		switch {
		case len(cur) == 0:
			cur = word
		case len(cur)+1+len(word) <= limit:
			cur = append(append(cur, ' '), word...)
		default:
			lines, cur = append(lines, string(cur)), word
		}
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	if maxLines > 0 && len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		if len(last) >= limit {
			last = last[:limit-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimRight(string(last), " ,;:")+"…")
	}
	return lines
}

// num formats a coordinate compactly and deterministically (two decimals at most).
func num(v float64) string {
	r := math.Round(v*100) / 100
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// Score formats a 0..100 score as a reader sees it: a whole number, or
// "not assessed" when there is none.
func Score(s *float64) string {
	if s == nil {
		return "not assessed"
	}
	return strconv.Itoa(int(math.Round(*s)))
}

// ScoreIn is Score with "not assessed" in p's language.
func ScoreIn(p *locale.Printer, s *float64) string {
	if s == nil {
		return p.T("ladder.not_assessed")
	}
	return Score(s)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
