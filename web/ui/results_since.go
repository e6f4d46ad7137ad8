package ui

import (
	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
)

// The "since <date>" section of the results page: how the organisation
// moved since its assessment before this one.

type sinceView struct {
	Date, Title, ID  string // the earlier assessment
	VersionFrom      string
	VersionTo        string
	OverallFrom      string
	OverallTo        string
	OverallChange    string
	OverallDirection string
	LevelFrom        int
	LevelTo          int
	Capabilities     []sinceCapability
	Reached, Lost    []string // stage titles
	Closed, Opened   []string // capability titles of roadmap items
	Dropped          []string
	NotLikeForLike   int // capabilities whose questions changed
}

type sinceCapability struct {
	Title, From, To, Change, Direction string
	Note                               string // the catalogue key of "new", "no longer asked" or "questions changed: not like for like"
}

// Notes beside a capability's change that is not a plain like-for-like
// one, as catalogue keys: the page words them.
const (
	sinceNew       = "milestones.note_new"
	sinceGone      = "milestones.note_gone"
	sinceNotLikeFL = "milestones.note_not_like_for_like"
)

func newSinceView(p *locale.Printer, c *assessment.Comparison) *sinceView {
	if c == nil {
		return nil
	}
	v := &sinceView{Date: p.ShortDate(c.From.CreatedAt.UTC()), Title: c.From.Title, ID: c.From.ID,
		VersionFrom: c.From.QuestionnaireVersion, VersionTo: c.To.QuestionnaireVersion,
		OverallFrom: chart.ScoreIn(p, c.Overall.From), OverallTo: chart.ScoreIn(p, c.Overall.To),
		OverallChange: chart.Change(c.Overall.Change), OverallDirection: chart.Direction(c.Overall.Change),
		LevelFrom: c.LevelFrom, LevelTo: c.LevelTo,
		Reached: c.StagesReached(), Lost: c.StagesLost(),
		Closed: c.CapabilityTitles(c.Roadmap.Closed), Opened: c.CapabilityTitles(c.Roadmap.Opened),
		Dropped: c.CapabilityTitles(c.Roadmap.Dropped)}
	for _, cc := range c.Capabilities {
		row := sinceCapability{Title: cc.Title, From: chart.ScoreIn(p, cc.ScoreChange.From), To: chart.ScoreIn(p, cc.ScoreChange.To),
			Change: chart.Change(cc.ScoreChange.Change), Direction: chart.Direction(cc.ScoreChange.Change)}
		switch {
		case !cc.InFrom:
			row.Note = sinceNew
		case !cc.InTo:
			row.Note = sinceGone
		case !cc.SameQuestions:
			row.Note = sinceNotLikeFL
			v.NotLikeForLike++
		}
		if row.Note == sinceNew {
			row.From = "—"
		}
		if row.Note == sinceGone {
			row.To = "—"
		}
		v.Capabilities = append(v.Capabilities, row)
	}
	return v
}
