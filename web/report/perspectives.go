package report

import (
	"fmt"
	"strings"

	"github.com/readiness/readiness/assessment"
)

// perspectives sets capability scores per perspective side by side, when
// respondents answered from more than one view, and names the capabilities
// two perspectives see 25 points or more apart: the slide a workshop argues over.
func (l *layout) perspectives() {
	pc := l.d.Perspectives
	if pc == nil || len(pc.Perspectives) == 0 {
		return
	}
	l.heading(0, l.T("report.perspectives"))
	var shown, withheld []string
	for _, col := range pc.Perspectives {
		if col.Withheld {
			withheld = append(withheld, col.Perspective)
		} else {
			shown = append(shown, col.Perspective)
		}
	}
	if len(withheld) > 0 {
		l.para(fmt.Sprintf("Withheld, fewer than %d respondents: %s. Small groups stay anonymous.", assessment.MinGroup, strings.Join(withheld, ", ")), 0)
		l.y += 1.5
	}
	if len(shown) == 0 {
		return
	}
	var flags []string
	for _, row := range pc.Rows {
		if row.Gap != nil {
			flags = append(flags, fmt.Sprintf("%s: %s sees %.0f, %s %.0f: discuss", row.Title,
				row.Gap.High, row.Gap.HighScore, row.Gap.Low, row.Gap.LowScore))
		}
	}
	if len(flags) > 0 {
		l.label(l.T("report.far_apart"))
		for _, f := range flags {
			l.bullet(f)
		}
		l.y += 2
	}
	l.label(l.T("report.by_perspective"))
	for _, row := range pc.Rows {
		var cells []string
		for i, col := range pc.Perspectives {
			if col.Withheld {
				continue
			}
			cells = append(cells, fmt.Sprintf("%s %s", col.Perspective, score(row.Scores[i])))
		}
		l.bullet(fmt.Sprintf("%s: %s", row.Title, strings.Join(cells, " · ")))
	}
	l.y += 2
}
