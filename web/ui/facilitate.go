package ui

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
	"github.com/readiness/readiness/web/report"
)

// The facilitator's console: the consultant's own screen beside the
// projector. It shows the agenda (every capability with its answered
// share, a jump to any of them with an optional timebox), the time spent,
// the current capability's spread under the anonymity rule, what to
// discuss, and agreed-answer controls for any capability's questions:
// recording one never moves the phones, and after a save the page comes
// back to the question it was on.
//
//	GET /assessments/{id}/facilitate        ?capability=ID picks the agreed answers shown
//	                                        (default: the focus); ?saved=QUESTION confirms a save

func (s *handler) facilitateRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/assessments/:id/facilitate", s.facilitatePage, mw...)
}

// timeboxChoices are the timeboxes the agenda offers, in minutes.
var timeboxChoices = []int{5, 10, 15, 20, 30, 45, 60}

type facilitatePage struct {
	page
	Assessment assessment.Assessment
	Agenda     []agendaItem
	Minutes    []int
	Elapsed    *elapsed // since the first move of the group
	OnFocus    *elapsed // since the move to the current capability
	Timebox    *timebox
	Focus      *presentCapability // every question of the focus capability, spread shown
	MinGroup   int
	Discuss    []discussItem
	Note       string // how much is answered, while partial
	// Agreed is the agreed-answer control of the capability asked for
	// (default the focus); Saved the question whose save it confirms.
	Agreed *agreedControl
	Saved  string
}

type agendaItem struct {
	assessment.CapabilityShare
	N       int
	Current bool // the group is on it
	Viewing bool // its agreed answers are shown
}

// elapsed is a time spent, as text and, for timebox.js to keep counting,
// its start.
type elapsed struct {
	Since string // RFC 3339
	Text  string // "42 min", in the page's language
}

func newElapsed(p *locale.Printer, since *time.Time, now time.Time) *elapsed {
	if since == nil {
		return nil
	}
	d := now.Sub(*since).Round(time.Minute)
	text := p.T("timebox.minutes", "Minutes", int(d.Minutes()))
	if d >= time.Hour {
		text = p.T("timebox.hours", "Hours", int(d.Hours()), "Minutes", fmt.Sprintf("%02d", int(d.Minutes())%60))
	}
	return &elapsed{Since: since.UTC().Format(time.RFC3339), Text: text}
}

func (s *handler) facilitatePage(c echo.Context) error {
	return s.renderFacilitate(c, http.StatusOK, c.QueryParam("capability"), nil)
}

// renderFacilitate draws the console with the agreed answers of capID
// (the focus when empty); kept is a failed agreed-answer post to show again.
func (s *handler) renderFacilitate(c echo.Context, status int, capID string, kept *agreedQuestion) error {
	ctx, u := c.Request().Context(), web.User(c)
	x, err := s.svc.Overview(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	// The model in the page's language, as the projector shows it.
	if err := s.svc.LocalizeExport(ctx, x, s.language(c)); err != nil {
		return err
	}
	a, m := x.Assessment, x.Index.Model()
	now, p := s.svc.Now(), s.printer(c)
	v := facilitatePage{page: s.newPage(c, p.T("facilitate.page_title", "Title", a.Title)), Assessment: a, Minutes: timeboxChoices,
		Elapsed: newElapsed(p, a.FacilitationStarted, now), Timebox: newTimebox(a), MinGroup: assessment.MinGroup,
		Discuss: discussList(p, x), Saved: c.QueryParam("saved")}
	if a.Focus != "" {
		v.OnFocus = newElapsed(p, a.FocusAt, now)
	}
	if x.Result != nil {
		v.Note = report.CompletenessNote(p, x.Result.Completeness())
	}
	if capID == "" {
		capID = a.Focus
	}
	if capID == "" && len(m.Capabilities) > 0 {
		capID = m.Capabilities[0].ID
	}
	for i, sh := range assessment.AnsweredShares(x) {
		v.Agenda = append(v.Agenda, agendaItem{CapabilityShare: sh, N: i + 1, Current: sh.ID == a.Focus, Viewing: sh.ID == capID})
	}
	for ci := range m.Capabilities {
		if cp := &m.Capabilities[ci]; cp.ID == a.Focus {
			// The console is no projector: one column holds every question.
			v.Focus = focusView(p, x, cp, ci, len(m.Capabilities), true, false, 1, 0)
		}
	}
	if v.Agreed, err = s.agreedFor(c, a.ID, capID, kept); err != nil {
		return err
	}
	if v.Agreed != nil {
		v.Agreed.Back = "facilitate"
		for i := range v.Agreed.Questions {
			v.Agreed.Questions[i].Saved = v.Agreed.Questions[i].ID == v.Saved && kept == nil
		}
	}
	return s.render(c, status, "facilitate.html", v)
}
