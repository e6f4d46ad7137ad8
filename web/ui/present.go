package ui

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
	"github.com/readiness/readiness/web/report"
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
	// Lobby: no capability yet, so the join code fills the screen; once
	// the group is on one, a small code in the corner stays for latecomers.
	Lobby                   bool
	Focus                   *presentCapability
	PrevID, NextID, FirstID string
	Timebox                 *timebox
	Discuss                 []discussItem
	Results                 *presentResults // the end of the workshop: shown instead of the focus
	Note                    string          // how much is answered, while the result is partial
	Wall                    *textWall       // what participants wrote on the focus, after the reveal
}

// timebox is the focus capability's timebox: the page writes the end as
// text, and timebox.js turns it into a countdown.
type timebox struct {
	EndsAt string // RFC 3339, for the script
	Text   string // "15:40 UTC", without script
}

func newTimebox(a assessment.Assessment) *timebox {
	if a.FocusEndsAt == nil || a.Focus == "" {
		return nil
	}
	e := a.FocusEndsAt.UTC()
	return &timebox{EndsAt: e.Format(time.RFC3339), Text: e.Format("15:04") + " UTC"}
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
	Note            string // how much is answered; "" when all is
	EmptyRoadmap    string // why the roadmap has no item
}

type presentCapability struct {
	ID, Title string
	Position  int // 1-based, of Count
	Count     int
	// Columns are this page's questions in two columns; Page of Pages
	// pages the capability's questions so that no page needs scrolling.
	Columns     [][]presentQuestion
	Page, Pages int
	PageNumbers []int // 1..Pages, for the page links
	Questions   int
}

type presentQuestion struct {
	ID        string
	N         int
	Text      string
	Answered  int
	HasSpread bool // a question with options
	Withheld  bool // fewer than MinGroup answered
	Divergent bool // the room disagrees (only where MinGroup answered)
	Spread    []spreadBar
	Agreed    string
	Rationale string
}

type spreadBar struct {
	Label   string
	Count   int
	Percent int
}

// discussItem is one topic of the "to discuss" list; Reason is worded in
// the page's language.
type discussItem struct {
	Capability, Question, Reason string
}

func (s *handler) presentPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	x, err := s.svc.Overview(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	// The room reads the model in the page's language, as the phones do.
	if err := s.svc.LocalizeExport(ctx, x, s.language(c)); err != nil {
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
	pageNo, _ := strconv.Atoi(c.QueryParam("page"))
	for i, cp := range inScope {
		if cp.ID == a.Focus {
			if view.Reveal {
				if view.Wall, err = s.textWallOf(ctx, u, a.ID, cp); err != nil {
					return err
				}
			}
			// The wall of texts takes its height from the questions' page.
			height := max(pageHeightEm-view.Wall.heightEm(), minPageHeightEm)
			view.Focus = focusView(s.printer(c), x, cp, i, len(inScope), view.Reveal, view.JoinURL != "", pageNo, height)
			if i > 0 {
				view.PrevID = inScope[i-1].ID
			}
			if i+1 < len(inScope) {
				view.NextID = inScope[i+1].ID
			}
		}
	}
	view.Timebox = newTimebox(a)
	if x.Result != nil {
		view.Note = report.CompletenessNote(s.printer(c), x.Result.Completeness())
	}
	if c.QueryParam("results") == "1" {
		view.Results = newPresentResults(s.printer(c), x)
	} else if view.Focus == nil {
		view.Lobby = view.JoinURL != "" || c.QueryParam("join") == "1"
		view.Discuss = discussList(s.printer(c), x)
	}
	return s.render(c, http.StatusOK, "present.html", view)
}

// newPresentResults takes the results page's view of x: the projector shows
// the same figures, only larger.
func newPresentResults(p *locale.Printer, x *assessment.Export) *presentResults {
	v := newResultsView(p, x, "", "")
	return &presentResults{ScoreText: v.ScoreText, Level: v.Level, Stages: v.Stages, Answered: v.Answered, Total: v.Total,
		Ladder: v.Ladder, Roadmap: v.Roadmap, Note: report.CompletenessNote(p, v.Completeness), Preliminary: v.Preliminary,
		EmptyRoadmap: report.EmptyRoadmap(p, v.Completeness)}
}

// The projector's page budget, in em of its font (which scales with the
// screen, so one budget fits 1280x720 and 1920x1080 alike): the height two
// columns of questions may take, and how many characters a line of a
// column holds. Spread labels are clamped to two lines by the style sheet.
const (
	pageHeightEm    = 27.5
	minPageHeightEm = 8  // what a page of questions keeps, whatever sits above it
	lineChars       = 60 // a question's line, bold, half the width
	narrowLineChars = 50 // with the corner join code beside the columns
	spreadChars     = 38 // a spread label's line, beside its bar
)

// questionHeight estimates the height of a question's card in em, as the
// style sheet draws it; pagination packs cards by it.
func questionHeight(q *assessment.Question, pq *presentQuestion, reveal bool, chars int) float64 {
	lines := func(text string, per int) float64 { return float64(max(1, (len([]rune(text))+per-1)/per)) }
	h := 0.4 + 1.3*lines(pq.Text, chars) + 1.3 // border and padding, the text, "N answered"
	if pq.Agreed != "" {
		h += 1.45 // one line, clamped
	}
	if reveal && pq.HasSpread {
		if pq.Withheld {
			h += 1.2
		} else {
			h += 0.3
			for _, o := range q.Options {
				h += 0.2 + 1.05*min(2, lines(o.Label, spreadChars))
			}
		}
	}
	return h
}

// focusView counts the answers to each question of cp and, where the group
// is large enough, their spread by option, and lays out page pageNo (1-based)
// of its questions.
// A pageHeight of 0 puts every question in one column on one page.
func focusView(p *locale.Printer, x *assessment.Export, cp *assessment.Capability, index, count int, reveal, corner bool, pageNo int, pageHeight float64) *presentCapability {
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
	divergent := map[string]bool{}
	if x.Result != nil {
		for _, cr := range x.Result.Capabilities {
			for _, q := range cr.Divergence {
				divergent[q] = true
			}
		}
	}
	chars := lineChars
	if corner {
		chars = narrowLineChars
	}
	pc := &presentCapability{ID: cp.ID, Title: cp.Title, Position: index + 1, Count: count, Questions: len(cp.Questions)}
	type placed struct {
		q presentQuestion
		h float64
	}
	var all []placed
	for qi := range cp.Questions {
		q := &cp.Questions[qi]
		pq := presentQuestion{ID: q.ID, N: qi + 1, Text: q.Text, Answered: len(answered[q.ID])}
		if d, ok := dist[q.ID]; ok {
			pq.HasSpread, pq.Withheld = true, d.Withheld
			// The anonymity rule: a question fewer than MinGroup answered
			// is neither spread nor called divergent on the projector.
			pq.Divergent = !d.Withheld && divergent[q.ID]
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
		all = append(all, placed{pq, questionHeight(q, &pq, reveal, chars)})
	}
	if pageHeight <= 0 {
		col := make([]presentQuestion, 0, len(all))
		for _, p := range all {
			col = append(col, p.q)
		}
		pc.Columns, pc.Page, pc.Pages, pc.PageNumbers = [][]presentQuestion{col}, 1, 1, []int{1}
		return pc
	}
	// Pack the cards in order: fill the left column, then the right, then
	// start a new page. A card taller than a column gets a column alone.
	var pages [][][]presentQuestion
	var cols [][]presentQuestion
	used := 0.0
	for _, p := range all {
		if len(cols) == 0 || (used+p.h > pageHeight && len(cols[len(cols)-1]) > 0) {
			if len(cols) == 2 {
				pages, cols = append(pages, cols), nil
			}
			cols, used = append(cols, nil), 0
		}
		cols[len(cols)-1] = append(cols[len(cols)-1], p.q)
		used += p.h + 0.5 // the gap between cards
	}
	if len(cols) > 0 {
		pages = append(pages, cols)
	}
	pc.Pages = max(1, len(pages))
	pc.Page = min(max(pageNo, 1), pc.Pages)
	for i := 1; i <= pc.Pages; i++ {
		pc.PageNumbers = append(pc.PageNumbers, i)
	}
	if len(pages) > 0 {
		pc.Columns = pages[pc.Page-1]
	}
	return pc
}

// discussList ranks what the room should talk about: divergent questions
// first (the result lists them most divergent first within a capability),
// then must-have gaps, then capabilities with many "don't know" answers,
// each worded in p's language.
func discussList(p *locale.Printer, x *assessment.Export) []discussItem {
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
			out = append(out, discussItem{Capability: cr.Title, Question: text(q), Reason: p.T("present.diverge")})
		}
	}
	for _, cr := range x.Result.Capabilities {
		for _, q := range cr.CriticalGaps {
			out = append(out, discussItem{Capability: cr.Title, Question: text(q), Reason: p.T("present.must_have_gap")})
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
		out = append(out, discussItem{Capability: d.title, Reason: p.Tn("present.dont_know", d.n)})
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

// maxTimeboxMinutes bounds the console's timebox.
const maxTimeboxMinutes = 240

// focusPage moves the group to a capability (or none), with a timebox of
// minutes if given, and goes back to the page the form was on.
func (s *handler) focusPage(c echo.Context) error {
	f := readForm(c, "capability", "back", "minutes")
	var capability *string
	if id := f.Get("capability"); id != "" {
		capability = &id
	}
	var endsAt *time.Time
	if v := strings.TrimSpace(f.Get("minutes")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxTimeboxMinutes {
			return assessment.FieldError("minutes", "a timebox is a whole number of minutes from 1 to %d", maxTimeboxMinutes)
		}
		e := s.svc.Now().Add(time.Duration(n) * time.Minute)
		endsAt = &e
	}
	if _, err := s.svc.MoveFocus(c.Request().Context(), web.User(c), c.Param("id"), capability, endsAt); err != nil {
		return err
	}
	switch f.Get("back") {
	case "present":
		return seeOther(c, "/assessments/%s/present", c.Param("id"))
	case "facilitate":
		return seeOther(c, "/assessments/%s/facilitate", c.Param("id"))
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}
