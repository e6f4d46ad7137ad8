package ui

import (
	"fmt"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
)

// The projector view of a workshop: what the room watches. It shows how to
// join, who is answering, the capability the facilitator is on with a count
// of answers per question, and the spread of those answers only once the
// facilitator reveals it (a live spread sways those still answering) and
// never below assessment.MinGroup answers. Recording agreed answers happens
// on the consultant's own screen, not here.
//
//	GET  /assessments/{id}/present            the projector page (?reveal=1 shows spreads,
//	                                          ?results=1 the results and roadmap, at the end)
//	POST /assessments/{id}/focus              capability=ID (empty: none); back=present|assessment

func (s *handler) presentRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/assessments/:id/present", s.presentPage, mw...)
	s.echo.POST("/assessments/:id/focus", s.focusPage, mw...)
}

// maxDiscuss bounds the "what to discuss" list so it fits on a projector.
const maxDiscuss = 6

type presentPage struct {
	page
	Assessment                   assessment.Assessment
	JoinURL, JoinBase            string // JoinBase + "/j/" + the join code
	JoinQR                       qrCode
	Joined, Answering, Submitted int
	Reveal                       bool
	MinGroup                     int
	Focus                        *presentCapability
	PrevID, NextID, FirstID      string
	Discuss                      []discussItem
	Results                      *presentResults // the end of the workshop: shown instead of the focus
	Wall                         *textWall       // what participants wrote on the focus, after the reveal
}

// presentResults is the end-of-workshop reveal: the headline of the results
// page, its stage ladder and its roadmap by phase, as the results page
// computes them.
type presentResults struct {
	ScoreText       string
	Preliminary     bool // an in-scope capability is unassessed
	Level, Stages   int
	Answered, Total int
	Ladder          chart.Ladder
	Roadmap         []roadmapPhase
}

type presentCapability struct {
	ID, Title string
	Position  int // 1-based, of Count
	Count     int
	Questions []presentQuestion
}

type presentQuestion struct {
	N         int
	Text      string
	Answered  int
	HasSpread bool // a question with options
	Withheld  bool // fewer than MinGroup answered
	Spread    []spreadBar
	Agreed    string
	Rationale string
}

type spreadBar struct {
	Label   string
	Count   int
	Percent int
}

type discussItem struct {
	Capability, Question, Reason string
}

func (s *handler) presentPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	x, err := s.svc.Overview(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	a, m := x.Assessment, x.Index.Model()
	view := presentPage{page: s.newPage(c, a.Title), Assessment: a, Reveal: c.QueryParam("reveal") == "1", MinGroup: assessment.MinGroup}
	if a.JoinCode != "" {
		view.JoinBase = s.baseURL
		view.JoinURL = s.baseURL + "/j/" + a.JoinCode
		if view.JoinQR, err = newQRCode(view.JoinURL); err != nil {
			return err
		}
	}
	for _, r := range x.Respondents {
		view.Joined++
		switch {
		case r.Submitted():
			view.Submitted++
		case r.Answered > 0:
			view.Answering++
		}
	}
	// The group moves only among the capabilities in scope: the others
	// are not asked, and focusing one is refused.
	fit := a.Fit()
	var inScope []*assessment.Capability
	for ci := range m.Capabilities {
		if fit.InScope(m.Capabilities[ci].ID) {
			inScope = append(inScope, &m.Capabilities[ci])
		}
	}
	if len(inScope) > 0 {
		view.FirstID = inScope[0].ID
	}
	for i, cp := range inScope {
		if cp.ID == a.Focus {
			view.Focus = focusView(s.printer(c), x, cp, i, len(inScope))
			if view.Reveal {
				if view.Wall, err = s.textWallOf(ctx, u, a.ID, cp); err != nil {
					return err
				}
			}
			if i > 0 {
				view.PrevID = inScope[i-1].ID
			}
			if i+1 < len(inScope) {
				view.NextID = inScope[i+1].ID
			}
		}
	}
	view.Discuss = discussList(x)
	if c.QueryParam("results") == "1" {
		view.Results = newPresentResults(s.printer(c), x)
	}
	return s.render(c, http.StatusOK, "present.html", view)
}

// newPresentResults takes the results page's view of x: the projector shows
// the same figures, only larger.
func newPresentResults(p *locale.Printer, x *assessment.Export) *presentResults {
	v := newResultsView(p, x, "", "")
	return &presentResults{ScoreText: v.ScoreText, Preliminary: v.Preliminary, Level: v.Level, Stages: v.Stages, Answered: v.Answered, Total: v.Total,
		Ladder: v.Ladder, Roadmap: v.Roadmap}
}

// focusView counts the answers to each question of cp and, where the group
// is large enough, their spread by option.
func focusView(p *locale.Printer, x *assessment.Export, cp *assessment.Capability, index, count int) *presentCapability {
	answered := map[string]map[string]bool{} // question → respondents
	for _, an := range x.Answers {
		if answered[an.QuestionID] == nil {
			answered[an.QuestionID] = map[string]bool{}
		}
		answered[an.QuestionID][an.RespondentID] = true
	}
	dist := map[string]assessment.QuestionDistribution{}
	for _, d := range figuresOf(x).Distribution {
		dist[d.Question] = d
	}
	agreed := map[string]assessment.AgreedAnswer{}
	for _, g := range x.Agreed {
		agreed[g.Answer.QuestionID] = g
	}
	pc := &presentCapability{ID: cp.ID, Title: cp.Title, Position: index + 1, Count: count}
	for qi := range cp.Questions {
		q := &cp.Questions[qi]
		pq := presentQuestion{N: qi + 1, Text: q.Text, Answered: len(answered[q.ID])}
		if d, ok := dist[q.ID]; ok {
			pq.HasSpread, pq.Withheld = true, d.Withheld
			if !d.Withheld {
				for _, o := range q.Options {
					pq.Spread = append(pq.Spread, spreadBar{Label: o.Label, Count: d.Counts[o.ID], Percent: d.Counts[o.ID] * 100 / d.Respondents})
				}
			}
		}
		if g, ok := agreed[q.ID]; ok {
			ans := g.Answer
			pq.Agreed, pq.Rationale = describeAnswer(p, q, &ans), g.Rationale
		}
		pc.Questions = append(pc.Questions, pq)
	}
	return pc
}

// discussList ranks what the room should talk about: divergent questions
// first (the result lists them most divergent first within a capability),
// then must-have gaps, then capabilities with many "don't know" answers.
func discussList(x *assessment.Export) []discussItem {
	if x.Result == nil {
		return nil
	}
	text := func(id string) string {
		if q, _, ok := x.Index.Question(id); ok {
			return q.Text
		}
		return id
	}
	fig := figuresOf(x)
	var out []discussItem
	for i := range x.Result.Capabilities {
		cr := &x.Result.Capabilities[i]
		for _, q := range fig.ShownDivergence(cr) {
			out = append(out, discussItem{Capability: cr.Title, Question: text(q), Reason: "Answers diverge"})
		}
	}
	for _, cr := range x.Result.Capabilities {
		for _, q := range cr.CriticalGaps {
			out = append(out, discussItem{Capability: cr.Title, Question: text(q), Reason: "Must-have gap"})
		}
	}
	// "Don't know" answers counted only where the room may see them.
	type dontKnow struct {
		title string
		n     int
	}
	var dk []dontKnow
	for _, cr := range x.Result.Capabilities {
		if n := fig.ShownDontKnow(cr.ID); n > 0 {
			dk = append(dk, dontKnow{cr.Title, n})
		}
	}
	sort.SliceStable(dk, func(i, j int) bool { return dk[i].n > dk[j].n })
	for _, d := range dk {
		out = append(out, discussItem{Capability: d.title, Reason: fmt.Sprintf("%d \"don't know\" answers", d.n)})
	}
	if len(out) > maxDiscuss {
		out = out[:maxDiscuss]
	}
	return out
}

// figuresOf is the export's figures; an export made without them (a test's
// literal) gets them computed the one way.
func figuresOf(x *assessment.Export) *assessment.Figures {
	if x.Figures != nil {
		return x.Figures
	}
	return assessment.NewFigures(x.Index, x.Assessment.Fit(), x.Answers)
}

// focusPage moves the group to a capability (or none) and goes back to the
// page the form was on.
func (s *handler) focusPage(c echo.Context) error {
	f := readForm(c, "capability", "back")
	var capability *string
	if id := f.Get("capability"); id != "" {
		capability = &id
	}
	if _, err := s.svc.SetFocus(c.Request().Context(), web.User(c), c.Param("id"), capability); err != nil {
		return err
	}
	if f.Get("back") == "present" {
		return seeOther(c, "/assessments/%s/present", c.Param("id"))
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}
