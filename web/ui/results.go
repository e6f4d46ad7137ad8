package ui

import (
	"cmp"
	"net/http"
	"slices"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
	"github.com/readiness/readiness/web/report"
)

// resultsView is the results page: what the consultant shows the client.
// Every chart is drawn by the template from web/chart geometry, as inline
// SVG, with its numbers as text beside it.
type resultsView struct {
	page
	Assessment   assessment.Assessment
	Organisation string
	Version      string
	Respondents  int
	Submitted    int

	ScoreText string
	Level     int
	Stages    int
	Answered  int
	Total     int
	DontKnow  int
	// Completeness says how much is answered: the page says so while a
	// result is partial, and never calls a roadmap empty for want of answers.
	Completeness assessment.Completeness
	Note         string // Completeness in words; "" once every scored question has a value
	Preliminary  bool
	NextStage    string // the first stage not reached, if any
	Ladder       chart.Ladder
	StageRows    []stageRow
	Chart        string // "bars" or "radar"
	OtherChart   string
	Bars         chart.Bars
	Radar        chart.Radar
	CapRows      []capabilityRow
	Roadmap      []roadmapPhase
	Gaps         []knowledgeGap
	Divergent    []divergentQuestion
	Spreads      []capabilitySpreads
	MinGroup     int

	Since        *sinceView        // what changed since the organisation's assessment before, if any
	Perspectives *perspectivesView // nil when no respondent has a perspective

	Summary   string    // the consultant's executive summary, as the report prints it
	NotesForm notesForm // the notes editor at the foot of the page

	Written []writtenCapability // what participants wrote and what the group agreed, by capability
	Share   sharePanel          // read-only links for the client's sponsor
}

type stageRow struct {
	Title, ScoreText, State string
	Class                   string // reached, blocked or waiting
	BlockedBy               []string
}

type capabilityRow struct {
	ID, Title, Stage, ScoreText string
	Target                      int
	Status                      string // "meets", "below", "unassessed", "not applicable"
	Answered, Total, DontKnow   int
	CriticalGaps                []string // question texts
}

type roadmapPhase struct {
	Phase, Title, Intro string
	Items               []roadmapEntry
}

type roadmapEntry struct {
	Position         int
	Title, Stage     string
	ScoreText        string
	Target           int
	Reason           string
	Requires         []string // titles
	CriticalQuestion []string
}

type knowledgeGap struct {
	Title     string
	DontKnow  int
	Questions []gapQuestion // the questions with the most "don't know" answers, where shown
	More      int           // further questions with "don't know" answers, not listed
	Withheld  []string      // questions with a "don't know" that fewer than MinGroup answered: listed, never counted
}

// maxGapQuestions is how many questions a knowledge gap names.
const maxGapQuestions = 3

type gapQuestion struct {
	Text  string
	Count int
}

type divergentQuestion struct {
	Capability, Text string
	Withheld         bool          // a question with options that fewer than MinGroup answered
	Spread           *chart.Spread // drawn for the first maxDivergentSpreads shown
}

// maxDivergentSpreads keeps the discussion list short enough to read: the
// rest are listed by text, and every spread is one click away under
// "Answers by question".
const maxDivergentSpreads = 8

type capabilitySpreads struct {
	ID, Title string
	Open      bool // its spreads are drawn: the one capability asked for
	Shown     int  // questions with options that enough people answered
	Questions []questionSpread
}

type questionSpread struct {
	ID, Text    string
	Respondents int
	Withheld    bool
	Spread      chart.Spread
}

func (s *handler) resultsRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/assessments/:id/results", s.resultsPage, mw...)
}

func (s *handler) resultsPage(c echo.Context) error {
	return s.renderResults(c, http.StatusOK, nil)
}

// renderResults draws the results page; shareForm, when not nil, is the
// share panel's form to show again with its error.
func (s *handler) renderResults(c echo.Context, status int, shareForm *form) error {
	ctx, u, id := c.Request().Context(), web.User(c), c.Param("id")
	// The texts and the changes since the last view are reads of their
	// own: they run beside the overview, the page's long part, and each
	// checks the workspace itself. The overview's error, NotFound most
	// likely, is the one the page shows.
	var (
		since          *assessment.Comparison
		texts          []assessment.ParticipantText // not VisibleTexts: each hide/show form needs the text's id
		sinceErr, tErr error
		wg             sync.WaitGroup
	)
	wg.Go(func() { since, sinceErr = s.svc.Since(ctx, u, id) })
	wg.Go(func() { texts, tErr = s.svc.Texts(ctx, u, id) })
	x, err := s.svc.Overview(ctx, u, id)
	wg.Wait()
	if err = cmp.Or(err, sinceErr, tErr); err != nil {
		return err
	}
	// The model's titles, questions and advice in the page's language.
	if err := s.svc.LocalizeExport(c.Request().Context(), x, s.language(c)); err != nil {
		return err
	}
	v := newResultsView(s.printer(c), x, c.QueryParam("chart"), c.QueryParam("answers"))
	v.page = s.newPage(c, s.T(c, "results.page_title", "Title", x.Assessment.Title))
	v.Since = newSinceView(s.printer(c), since)
	v.Summary = x.Notes.Summary
	v.NotesForm = newNotesForm(s.printer(c), x, nil)
	v.NotesForm.Back = "results"
	if v.Perspectives, err = s.perspectivesOf(c.Request().Context(), s.printer(c), web.User(c), x); err != nil {
		return err
	}
	v.Written = newWritten(s.printer(c), x, texts)
	var typed form
	if shareForm != nil {
		typed = *shareForm
	}
	if v.Share, err = s.newSharePanel(c, x.Assessment.ID, typed); err != nil {
		return err
	}
	return s.render(c, status, "results.html", v)
}

// newResultsView turns an export into what the page shows. chartKind picks
// how capability scores are drawn: bars unless "radar" is asked for.
// answersOf names the one capability whose answers by question are drawn:
// drawing all of them would make the page several hundred kilobytes.
func newResultsView(p *locale.Printer, x *assessment.Export, chartKind, answersOf string) resultsView {
	r := x.Result
	m := x.Index.Model()
	v := resultsView{
		Assessment: x.Assessment, Organisation: x.Organisation.Name, Version: x.Assessment.QuestionnaireVersion,
		Respondents: len(x.Respondents), ScoreText: chart.ScoreIn(p, r.Overall.Score), Preliminary: r.Preliminary, Level: r.Overall.Level,
		Stages: len(r.Stages), Answered: r.Overall.Answered, Total: r.Overall.Total, DontKnow: r.Overall.DontKnow,
		Ladder: chart.NewLadder(r, p), Chart: "bars", OtherChart: "radar", MinGroup: assessment.MinGroup,
		Completeness: r.Completeness(),
	}
	v.Note = report.CompletenessNote(p, v.Completeness)
	for _, rs := range x.Respondents {
		if rs.Submitted() {
			v.Submitted++
		}
	}
	if chartKind == "radar" {
		v.Chart, v.OtherChart = "radar", "bars"
		v.Radar = chart.NewRadar(r, p)
	} else {
		v.Bars = chart.NewBars(r, p)
	}
	title := func(capID string) string {
		if c, ok := x.Index.Capability(capID); ok {
			return c.Title
		}
		return capID
	}
	questionText := func(qID string) string {
		if q, _, ok := x.Index.Question(qID); ok {
			return q.Text
		}
		return qID
	}
	for _, st := range v.Ladder.Steps {
		row := stageRow{Title: st.Title, ScoreText: st.ScoreText, BlockedBy: st.BlockedBy}
		switch st.State {
		case chart.Reached:
			row.State, row.Class = p.T("results.reached"), "reached"
		case chart.OutOfScope:
			row.State, row.Class = p.T("results.stage_out_of_scope"), "out-of-scope"
		case chart.Blocked:
			row.State, row.Class = p.T("results.blocked_by"), "blocked"
		default:
			row.State, row.Class = p.T("results.waiting"), "waiting"
			if len(st.BlockedBy) > 0 {
				row.State = p.T("results.waiting_needs")
			}
		}
		if st.State != chart.Reached && st.State != chart.OutOfScope && v.NextStage == "" {
			v.NextStage = st.Title
		}
		v.StageRows = append(v.StageRows, row)
	}
	stageTitle := map[string]string{}
	for _, st := range m.Stages {
		stageTitle[st.ID] = st.Title
	}
	for _, cr := range r.Capabilities {
		row := capabilityRow{ID: cr.ID, Title: cr.Title, Stage: stageTitle[cr.Stage], ScoreText: chart.ScoreIn(p, cr.Score),
			Target: cr.Target, Answered: cr.Answered, Total: cr.Total, DontKnow: cr.DontKnow}
		switch cr.Status {
		case assessment.Ready:
			row.Status = "meets"
		case assessment.BelowTarget:
			row.Status = "below"
		case assessment.Inapplicable:
			row.Status = "not applicable"
		case assessment.OutOfScope:
			row.Status = "out of scope"
		default:
			row.Status = "unassessed"
		}
		for _, q := range cr.CriticalGaps {
			row.CriticalGaps = append(row.CriticalGaps, questionText(q))
		}
		v.CapRows = append(v.CapRows, row)
	}

	phases := []roadmapPhase{
		{Phase: "now", Title: p.T("results.now"), Intro: p.T("results.now_intro")},
		{Phase: "next", Title: p.T("results.next"), Intro: p.T("results.next_intro")},
		{Phase: "later", Title: p.T("results.later"), Intro: p.T("results.later_intro")},
	}
	for _, it := range r.Roadmap {
		e := roadmapEntry{Position: it.Position, Title: it.Title, Stage: stageTitle[it.Stage],
			ScoreText: chart.Score(&it.Score), Target: it.Target, Reason: report.RoadmapReason(p, x.Index, it)}
		for _, id := range it.Requires {
			e.Requires = append(e.Requires, title(id))
		}
		for i := range phases {
			if string(it.Phase) == phases[i].Phase {
				phases[i].Items = append(phases[i].Items, e)
			}
		}
	}
	for _, p := range phases {
		if len(p.Items) > 0 {
			v.Roadmap = append(v.Roadmap, p)
		}
	}

	// Every count, spread and gap comes from the export's figures, computed
	// once in assessment under the one anonymity rule.
	fig := x.Figures
	if fig == nil {
		fig = assessment.NewFigures(x.Index, x.Assessment.Fit(), x.Answers)
	}
	byQuestion := make(map[string]*assessment.QuestionDistribution, len(fig.Distribution))
	for i := range fig.Distribution {
		byQuestion[fig.Distribution[i].Question] = &fig.Distribution[i]
	}
	spreadOf := func(q *assessment.Question, draw bool) (questionSpread, bool) {
		d := byQuestion[q.ID]
		if d == nil {
			return questionSpread{}, false
		}
		qs := questionSpread{ID: q.ID, Text: q.Text, Respondents: d.Respondents, Withheld: d.Withheld}
		if draw && !d.Withheld {
			qs.Spread = chart.NewSpread(q, d.Respondents, d.Counts, p)
		}
		return qs, true
	}

	drawn := 0
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		cr := r.Capabilities[ci]
		cs := capabilitySpreads{ID: c.ID, Title: c.Title, Open: c.ID == answersOf}
		for qi := range c.Questions {
			q := &c.Questions[qi]
			qs, ok := spreadOf(q, cs.Open)
			if !ok {
				continue
			}
			cs.Questions = append(cs.Questions, qs)
			if !qs.Withheld {
				cs.Shown++
			}
		}
		if len(cs.Questions) > 0 {
			v.Spreads = append(v.Spreads, cs)
		}
		gap := knowledgeGap{Title: c.Title, DontKnow: cr.DontKnow}
		for _, g := range fig.CapabilityGaps(c.ID) {
			if g.Withheld {
				gap.Withheld = append(gap.Withheld, questionText(g.Question))
				continue
			}
			gap.Questions = append(gap.Questions, gapQuestion{Text: questionText(g.Question), Count: g.DontKnow})
		}
		if gap.DontKnow > 0 {
			if len(gap.Questions) > maxGapQuestions {
				gap.More = len(gap.Questions) - maxGapQuestions
				gap.Questions = gap.Questions[:maxGapQuestions]
			}
			v.Gaps = append(v.Gaps, gap)
		}
		for _, qID := range cr.Divergence {
			q, _, ok := x.Index.Question(qID)
			if !ok {
				continue
			}
			dq := divergentQuestion{Capability: c.Title, Text: q.Text}
			if qs, ok := spreadOf(q, drawn < maxDivergentSpreads); ok {
				dq.Withheld = qs.Withheld
				if !qs.Withheld && drawn < maxDivergentSpreads {
					dq.Spread = &qs.Spread
					drawn++
				}
			}
			v.Divergent = append(v.Divergent, dq)
		}
	}
	slices.SortStableFunc(v.Gaps, func(a, b knowledgeGap) int { return cmp.Compare(b.DontKnow, a.DontKnow) })
	return v
}
