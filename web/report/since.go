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
	versions := "questionnaire " + c.From.QuestionnaireVersion
	if c.From.QuestionnaireVersion != c.To.QuestionnaireVersion {
		versions += "; this one uses " + c.To.QuestionnaireVersion
	}
	l.para(fmt.Sprintf("Compared with %q (%s).", c.From.Title, versions), 0)
	l.y += 2
	overall := fmt.Sprintf("Overall score %s → %s", score(c.Overall.From), score(c.Overall.To))
	if ch := chart.Change(c.Overall.Change); ch != "" {
		overall += " (" + ch + ")"
	}
	l.font("B", bodySize+1)
	l.para(fmt.Sprintf("%s · level %d → %d", overall, c.LevelFrom, c.LevelTo), 0)
	l.font("", bodySize)
	l.y += 2

	l.label(l.T("report.score_change"))
	for _, cc := range c.Capabilities {
		var line string
		switch {
		case !cc.InFrom:
			line = fmt.Sprintf("%s: %s (new)", cc.Title, score(cc.ScoreChange.To))
		case !cc.InTo:
			line = fmt.Sprintf("%s: was %s (no longer asked)", cc.Title, score(cc.ScoreChange.From))
		default:
			line = fmt.Sprintf("%s: %s → %s", cc.Title, score(cc.ScoreChange.From), score(cc.ScoreChange.To))
			if ch := chart.Change(cc.ScoreChange.Change); ch != "" {
				line += " (" + ch + ")"
			}
			if !cc.SameQuestions {
				line += " — questions changed: not like for like"
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
	list("Stages reached", c.StagesReached())
	list("Stages lost", c.StagesLost())
	list("Roadmap items closed", c.CapabilityTitles(c.Roadmap.Closed))
	list("Roadmap items opened", c.CapabilityTitles(c.Roadmap.Opened))
	list("Roadmap items dropped", c.CapabilityTitles(c.Roadmap.Dropped))
}
