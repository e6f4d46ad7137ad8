package chart

import (
	"fmt"
	"strings"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// Ladder is the stage ladder: one step per stage in order, rising left to
// right, each reached, blocked (by its own capabilities) or held back by an
// earlier stage.
type Ladder struct {
	Title, Summary string
	Width, Height  float64
	Level          int // stages reached
	Steps          []Step
}

// StepState says where a stage stands.
type StepState string

// Step states.
const (
	Reached  StepState = "reached"
	Blocked  StepState = "blocked"   // the next stage to reach, and its own capabilities hold it back
	HeldBack StepState = "held-back" // a later stage: an earlier stage is not reached yet
	// OutOfScope is a stage none of whose capabilities is assessed: never
	// reached, it holds no later stage back (scoring rule 8).
	OutOfScope StepState = "out-of-scope"
)

// Step is one stage of the ladder.
type Step struct {
	ID, Title string
	Order     int
	State     StepState
	BlockedBy []string // titles of the capabilities that block it
	ScoreText string
	Box       Rect // the step, from its tread down to the baseline
	Name      Text // the stage title, inside the top of the step
	Status    Text // "Reached", "Blocked by:" and the titles, or "Held back by an earlier stage"
}

// Ladder sizes, in chart units.
const (
	ladderWidth    = 760
	ladderGap      = 8
	ladderBase     = 130 // the first step's height
	ladderRise     = 28  // each further step is this much taller
	ladderTitle    = 13
	ladderNote     = 11
	ladderPad      = 8
	ladderMaxLines = 5
)

// NewLadder lays out the stages of r in order, its words in p's language.
func NewLadder(r *assessment.Result, p *locale.Printer) Ladder {
	titles := make(map[string]string, len(r.Capabilities))
	for _, c := range r.Capabilities {
		titles[c.ID] = c.Title
	}
	n := len(r.Stages)
	height := float64(ladderBase + ladderRise*max(n-1, 0) + 2)
	l := Ladder{Title: p.T("ladder.title"), Width: ladderWidth, Height: height, Level: r.Overall.Level}
	w := (ladderWidth - ladderGap*float64(max(n-1, 0))) / float64(max(n, 1))
	var next *Step
	for i, s := range r.Stages {
		h := float64(ladderBase + ladderRise*i)
		st := Step{ID: s.ID, Title: s.Title, Order: s.Order, ScoreText: ScoreIn(p, s.Score),
			Box: Rect{X: round2(float64(i) * (w + ladderGap)), Y: round2(height - 1 - h), W: round2(w), H: h}}
		for _, id := range s.BlockedBy {
			st.BlockedBy = append(st.BlockedBy, cmpOr(titles[id], id))
		}
		switch {
		case s.Status == assessment.StageOutOfScope:
			st.State = OutOfScope
		case s.Reached:
			st.State = Reached
		case next == nil && len(st.BlockedBy) > 0:
			st.State = Blocked
		default:
			st.State = HeldBack
		}
		x := st.Box.X + ladderPad
		inner := st.Box.W - 2*ladderPad
		y := st.Box.Y + ladderPad + ladderTitle
		st.Name = Text{X: round2(x), Y: round2(y), Anchor: Start, Size: ladderTitle, LineHeight: ladderTitle * 1.2,
			Lines: wrap(fmt.Sprintf("%d. %s", s.Order, s.Title), inner, ladderTitle, 2)}
		y += st.Name.LineHeight*float64(len(st.Name.Lines)-1) + ladderNote*1.6
		st.Status = Text{X: round2(x), Y: round2(y), Anchor: Start, Size: ladderNote, LineHeight: ladderNote * 1.25}
		switch st.State {
		case OutOfScope:
			st.Status.Lines = wrap(p.T("ladder.out_of_scope"), inner, ladderNote, 2)
		case Reached:
			st.Status.Lines = []string{p.T("ladder.reached", "Score", st.ScoreText)}
		case Blocked:
			st.Status.Lines = append([]string{p.T("ladder.blocked_by")}, wrap(strings.Join(st.BlockedBy, "; "), inner, ladderNote, ladderMaxLines-1)...)
		case HeldBack:
			if len(st.BlockedBy) > 0 {
				st.Status.Lines = append([]string{p.T("ladder.also_needs")}, wrap(strings.Join(st.BlockedBy, "; "), inner, ladderNote, ladderMaxLines-1)...)
			} else {
				st.Status.Lines = wrap(p.T("ladder.waiting"), inner, ladderNote, 2)
			}
		}
		l.Steps = append(l.Steps, st)
		if next == nil && !s.Reached && st.State != OutOfScope {
			next = &l.Steps[len(l.Steps)-1]
		}
	}
	level, stages := p.Number(l.Level), p.Number(n)
	switch {
	case n == 0:
		l.Summary = p.T("ladder.no_stages")
	case next == nil && l.Level < n:
		l.Summary = p.T("ladder.all_in_scope", "Level", level, "Stages", stages)
	case next == nil:
		l.Summary = p.T("ladder.all", "Level", level, "Stages", stages)
	case len(next.BlockedBy) > 0:
		l.Summary = p.T("ladder.blocked", "Level", level, "Stages", stages, "Stage", next.Title, "List", strings.Join(next.BlockedBy, ", "))
	default:
		l.Summary = p.T("ladder.next", "Level", level, "Stages", stages, "Stage", next.Title)
	}
	return l
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
