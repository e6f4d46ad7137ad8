package ui

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
	"github.com/readiness/readiness/web/report"
)

// An organisation's path over time on its page: each assessment with its
// overall score and level, a chart of them, and a form to start a
// follow-up on the latest model.

// milestone is one assessment of an organisation with its headline result.
type milestone struct {
	assessment.Assessment
	Date      string
	ScoreText string
	Level     int
	Stages    int
	// Preliminary: under half of its scored questions answered; Answered
	// says how much, in the page's language.
	Preliminary bool
	Answered    string
}

// milestonesView is the "over time" section of the organisation page.
type milestonesView struct {
	Rows      []milestone // oldest first
	Timelines []timelineChart
	Summary   string // what the timelines show, in words
	Latest    *assessment.Assessment
}

// timelineChart is one layout of the timeline: "wide" for screens with
// room, "narrow" for phones; the page shows the one that fits.
type timelineChart struct {
	Layout string
	chart.Timeline
}

// milestones scores each of the organisation's assessments, oldest first,
// and words the chart in p's language.
func (s *handler) milestones(ctx context.Context, p *locale.Printer, u assessment.User, orgID string) (milestonesView, error) {
	as, err := s.svc.OrganisationAssessments(ctx, u, orgID)
	if err != nil {
		return milestonesView{}, err
	}
	var v milestonesView
	moments := make([]chart.Moment, 0, len(as))
	for _, a := range as {
		r, err := s.svc.Result(ctx, u, a.ID)
		if err != nil {
			return milestonesView{}, err
		}
		m := milestone{Assessment: a, Date: p.ShortDate(a.CreatedAt.UTC()), ScoreText: chart.ScoreIn(p, r.Overall.Score),
			Level: r.Overall.Level, Stages: len(r.Stages)}
		if c := r.Completeness(); c.Sparse() {
			m.Preliminary, m.Answered = true, report.CompletenessNote(p, c)
		}
		label := p.T("milestones.mark", "Date", m.Date, "Level", p.Number(m.Level))
		if m.Preliminary {
			label = p.T("milestones.mark_preliminary", "Date", m.Date, "Level", p.Number(m.Level))
		}
		v.Rows = append(v.Rows, m)
		moments = append(moments, chart.Moment{Label: label, Score: r.Overall.Score})
	}
	if len(as) > 0 {
		v.Latest = &as[len(as)-1]
		said := make([]string, len(moments))
		for _, c := range []timelineChart{{"wide", chart.NewTimeline(moments, p)}, {"narrow", chart.NewTimelineWidth(moments, chart.TimelineNarrow, p)}} {
			c.Title = p.T("milestones.chart_title")
			for i := range c.Marks {
				c.Marks[i].Preliminary = v.Rows[i].Preliminary
				said[i] = p.T("milestones.summary_item", "Label", moments[i].Label, "Score", c.Marks[i].ScoreText)
			}
			c.Summary = p.T("milestones.summary", "List", strings.Join(said, "; "))
			v.Timelines = append(v.Timelines, c)
			v.Summary = c.Summary
		}
	}
	return v, nil
}

// followUpPage starts a new assessment of the organisation on the latest
// version of the questionnaire its latest assessment used, in the same mode.
func (s *handler) followUpPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	as, err := s.svc.OrganisationAssessments(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if len(as) == 0 {
		f := form{Values: map[string]string{"mode": string(assessment.SelfService)}, Errors: map[string]string{},
			Message: s.T(c, "milestones.nothing_to_follow")}
		return s.renderOrganisation(c, 422, form{}, f)
	}
	last := as[len(as)-1]
	a, err := s.svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: last.OrganisationID,
		Questionnaire: last.Questionnaire, Mode: last.Mode, Title: followUpTitle(last.Title, " "+s.T(c, "milestones.follow_up_suffix"))})
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", a.ID)
}

// followUpTitle names a follow-up after the assessment it follows, with
// suffix (" (follow-up)" in the consultant's language), without piling up
// suffixes over several rounds.
func followUpTitle(prev, suffix string) string {
	for len(prev) >= len(suffix) && prev[len(prev)-len(suffix):] == suffix {
		prev = prev[:len(prev)-len(suffix)]
	}
	t := prev + suffix
	if r := []rune(t); len(r) > 200 {
		t = string(r[:200-len([]rune(suffix))]) + suffix
	}
	return t
}
