package report

import (
	"fmt"
	"strings"

	"github.com/readiness/readiness/web/chart"
)

// since writes what changed since the organisation's assessment before
// this one, when the document has that comparison.
func (l *layout) since() {
	c := l.d.Since
	if c == nil {
		return
	}
	l.heading(0, l.T("report.since", "Date", l.p.Date(c.From.CreatedAt.UTC())))
	versions := l.T("pdf.since_version", "Version", c.From.QuestionnaireVersion)
	if c.From.QuestionnaireVersion != c.To.QuestionnaireVersion {
		versions += l.T("pdf.since_version_now", "Version", c.To.QuestionnaireVersion)
	}
	l.para(l.T("pdf.since_compared", "Title", c.From.Title, "Versions", versions), 0)
	l.y += 2
	overall := l.T("pdf.since_overall", "From", score(c.Overall.From), "To", score(c.Overall.To))
	if ch := chart.Change(c.Overall.Change); ch != "" {
		overall += " (" + ch + ")"
	}
	l.font("B", bodySize+1)
	l.para(l.T("pdf.since_level", "Overall", overall, "From", c.LevelFrom, "To", c.LevelTo), 0)
	l.font("", bodySize)
	l.y += 2

	l.label(l.T("report.score_change"))
	for _, cc := range c.Capabilities {
		var line string
		switch {
		case !cc.InFrom:
			line = l.T("pdf.since_new", "Title", cc.Title, "Score", score(cc.ScoreChange.To))
		case !cc.InTo:
			line = l.T("pdf.since_gone", "Title", cc.Title, "Score", score(cc.ScoreChange.From))
		default:
			line = fmt.Sprintf("%s: %s → %s", cc.Title, score(cc.ScoreChange.From), score(cc.ScoreChange.To))
			if ch := chart.Change(cc.ScoreChange.Change); ch != "" {
				line += " (" + ch + ")"
			}
			if !cc.SameQuestions {
				line += l.T("pdf.since_not_like")
			}
		}
		l.bullet(line)
	}
	l.y += 2
	list := func(title string, items []string) {
		l.label(title)
		if len(items) == 0 {
			l.para(l.T("report.none"), 0)
		} else {
			l.para(strings.Join(items, "; ")+".", 0)
		}
		l.y += 1.5
	}
	list(l.T("pdf.since_stages_reached"), c.StagesReached())
	list(l.T("pdf.since_stages_lost"), c.StagesLost())
	list(l.T("pdf.since_closed"), c.CapabilityTitles(c.Roadmap.Closed))
	list(l.T("pdf.since_opened"), c.CapabilityTitles(c.Roadmap.Opened))
	list(l.T("pdf.since_dropped"), c.CapabilityTitles(c.Roadmap.Dropped))
}
