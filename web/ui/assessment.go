package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// The consultant's assessment page: respondents with their progress,
// inviting them, their links (shown once), and the assessment's life.

// maxInvites bounds one invitation form, so that a pasted spreadsheet
// cannot tie the server up.
const maxInvites = 500

type assessmentPage struct {
	page
	Assessment   assessment.Assessment
	Organisation assessment.Organisation
	Respondents  []assessment.Respondent
	JoinURL      string
	JoinQR       qrCode
	Invite       form
	Rename       form
	// NewLinks are the links just made: shown this once, never again
	// (only their hashes are kept).
	NewLinks []newLink
	// LinksGone: the page was asked for a batch of links no longer kept.
	LinksGone bool
	// Agreed is the agreed-answer control for the focus capability;
	// AgreedKept a failed post of it to show again.
	Agreed     *agreedControl
	AgreedKept *agreedQuestion
}

type newLink struct {
	Name, Role, URL string
	Perspective     string
	QR              qrCode
	Reissued        bool
}

func (s *handler) assessmentPage(c echo.Context) error {
	var view assessmentPage
	if batch := c.QueryParam("links"); batch != "" {
		links, ok := s.flash.get(batch, flashOwner(c), c.Param("id"))
		view.NewLinks, view.LinksGone = links, !ok
	}
	return s.renderAssessment(c, http.StatusOK, view)
}

// renderAssessment fills view with the assessment of the route's id and
// renders it; the caller sets the forms and new links it has.
func (s *handler) renderAssessment(c echo.Context, status int, view assessmentPage) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, err := s.svc.Assessment(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	o, err := s.svc.Organisation(ctx, u, a.OrganisationID)
	if err != nil {
		return fmt.Errorf("organisation of assessment %s: %w", a.ID, err)
	}
	rs, err := s.svc.Respondents(ctx, u, a.ID)
	if err != nil {
		return err
	}
	view.page, view.Assessment, view.Organisation, view.Respondents = s.newPage(c, a.Title), a, o, rs
	if a.JoinCode != "" {
		view.JoinURL = s.baseURL + "/j/" + a.JoinCode
		if view.JoinQR, err = newQRCode(view.JoinURL); err != nil {
			return err
		}
	}
	if view.Agreed, err = s.agreedView(c, a, view.AgreedKept); err != nil {
		return err
	}
	if view.Rename.Values == nil {
		view.Rename = form{Values: map[string]string{"title": a.Title}}
	}
	return s.render(c, status, "assessment.html", view)
}

func (s *handler) renameAssessmentPage(c echo.Context) error {
	f := readForm(c, "title")
	title := f.Get("title")
	_, err := s.svc.UpdateAssessment(c.Request().Context(), web.User(c), c.Param("id"), assessment.AssessmentUpdate{Title: &title})
	if f.fail(err, nil) {
		return s.renderAssessment(c, http.StatusUnprocessableEntity, assessmentPage{Rename: f})
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}

// invitePage checks every line, adds a respondent per line, keeps the new
// links in the session's flash and redirects to the page that shows them
// (post/redirect/get: a reload never invites twice). If the service stops
// it midway (the assessment is full), the links made so far are shown and
// the form keeps the lines not yet done, so sending it again duplicates
// nobody.
func (s *handler) invitePage(c echo.Context) error {
	f := readForm(c, "names", "perspective")
	view := assessmentPage{Invite: f}
	if !validPerspective(f.Get("perspective")) {
		f.Errors["perspective"] = s.T(c, "assessment.err_perspective")
		return s.renderAssessment(c, http.StatusUnprocessableEntity, view)
	}
	invites, msg := parseInvitations(s.printer(c), f.Get("names"), f.Get("perspective"))
	switch {
	case msg != "":
		f.Errors["names"] = msg
		return s.renderAssessment(c, http.StatusUnprocessableEntity, view)
	case len(invites) == 0:
		f.Errors["names"] = s.T(c, "assessment.err_no_names")
		return s.renderAssessment(c, http.StatusUnprocessableEntity, view)
	case len(invites) > maxInvites:
		f.Errors["names"] = s.T(c, "assessment.err_too_many", "Max", s.printer(c).Number(maxInvites), "Count", s.printer(c).Number(len(invites)))
		return s.renderAssessment(c, http.StatusUnprocessableEntity, view)
	}
	for i, in := range invites {
		r, token, err := s.svc.AddRespondent(c.Request().Context(), web.User(c), c.Param("id"),
			assessment.NewRespondent{Name: in.name, Role: in.role, Perspective: in.perspective})
		if f.fail(err, map[string]string{"name": "names", "role": "names", "perspective": "names"}) {
			if msg := f.Errors["names"]; msg != "" {
				f.Errors["names"] = s.T(c, "assessment.err_line", "Line", in.line, "Name", in.name, "Message", msg)
			}
			var rest []string
			for _, left := range invites[i:] {
				rest = append(rest, strings.TrimRight(left.name+", "+left.role+", "+left.perspective, ", "))
			}
			f.Values["names"] = strings.Join(rest, "\n")
			view.Invite = f
			return s.renderAssessment(c, http.StatusUnprocessableEntity, view)
		}
		if err != nil {
			return err
		}
		link, err := s.newLink(r, token, false)
		if err != nil {
			return err
		}
		view.NewLinks = append(view.NewLinks, link)
	}
	batch := s.flash.put(flashOwner(c), c.Param("id"), view.NewLinks)
	return seeOther(c, "/assessments/%s?links=%s#new-links", c.Param("id"), batch)
}

func (s *handler) newLink(r assessment.Respondent, token string, reissued bool) (newLink, error) {
	url := s.respondentURL(token)
	qr, err := newQRCode(url)
	if err != nil {
		return newLink{}, err
	}
	return newLink{Name: r.Name, Role: r.Role, Perspective: r.Perspective, URL: url, QR: qr, Reissued: reissued}, nil
}

func (s *handler) reissueLinkPage(c echo.Context) error {
	r, token, err := s.svc.ReissueToken(c.Request().Context(), web.User(c), c.Param("id"), c.Param("rid"))
	if err != nil {
		return err
	}
	link, err := s.newLink(r, token, true)
	if err != nil {
		return err
	}
	return s.renderAssessment(c, http.StatusOK, assessmentPage{NewLinks: []newLink{link}})
}

func (s *handler) eraseRespondentConfirm(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, err := s.svc.Assessment(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	rs, err := s.svc.Respondents(ctx, u, a.ID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.ID != c.Param("rid") {
			continue
		}
		q := s.T(c, "assessment.erase_q", "Name", r.Name)
		return s.render(c, http.StatusOK, "confirm.html", confirmPage{
			page: s.newPage(c, q), Question: q,
			Consequences: []string{
				s.Tn(c, "assessment.erase_answers", r.Answered, "Name", r.Name, "Title", a.Title),
				s.T(c, "assessment.erase_counts"),
				s.T(c, "assessment.no_undo"),
			},
			Action: "/assessments/" + a.ID + "/respondents/" + r.ID + "/erase", Button: s.T(c, "assessment.erase_name", "Name", r.Name),
			Cancel: "/assessments/" + a.ID, Danger: true,
		})
	}
	return assessment.Errorf(assessment.NotFound, "no such respondent")
}

func (s *handler) eraseRespondentPage(c echo.Context) error {
	if err := s.svc.DeleteRespondent(c.Request().Context(), web.User(c), c.Param("id"), c.Param("rid")); err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}

func (s *handler) closeAssessmentConfirm(c echo.Context) error {
	a, err := s.svc.Assessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	q := s.T(c, "assessment.close_q", "Title", a.Title)
	return s.render(c, http.StatusOK, "confirm.html", confirmPage{
		page: s.newPage(c, q), Question: q,
		Consequences: []string{
			s.Tn(c, "assessment.close_pending", a.Respondents-a.Submitted),
			s.T(c, "assessment.close_readable"),
		},
		Action: "/assessments/" + a.ID + "/close", Button: s.T(c, "assessment.close_button"), Cancel: "/assessments/" + a.ID,
	})
}

func (s *handler) closeAssessmentPage(c echo.Context) error {
	if _, err := s.svc.CloseAssessment(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return seeOther(c, "/assessments/%s", c.Param("id"))
}

func (s *handler) deleteAssessmentConfirm(c echo.Context) error {
	a, err := s.svc.Assessment(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	q := s.T(c, "assessment.delete_q", "Title", a.Title)
	return s.render(c, http.StatusOK, "confirm.html", confirmPage{
		page: s.newPage(c, q), Question: q,
		Consequences: []string{
			s.Tn(c, "assessment.delete_all", a.Respondents),
			s.T(c, "organisation.delete_undo"),
		},
		Action: "/assessments/" + a.ID + "/delete", Button: s.T(c, "assessment.delete_button"), Cancel: "/assessments/" + a.ID, Danger: true,
	})
}

func (s *handler) deleteAssessmentPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, err := s.svc.Assessment(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.svc.DeleteAssessment(ctx, u, a.ID); err != nil {
		return err
	}
	return seeOther(c, "/organisations/%s", a.OrganisationID)
}

// questionnairePage shows, read-only, the questionnaire version an
// assessment was started with.
type questionnairePage struct {
	page
	Assessment assessment.Assessment
	Model      *assessment.Model
	Stages     []stageView // in order, each with its capabilities
}

type stageView struct {
	assessment.Stage
	Capabilities []*assessment.Capability
}

func (s *handler) questionnairePage(c echo.Context) error {
	a, m, err := s.svc.AssessmentQuestionnaire(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	// The model's texts in the page's language, where the model has it.
	if m, err = s.inPageLanguage(c, m); err != nil {
		return err
	}
	view := questionnairePage{page: s.newPage(c, m.Title+" "+m.Version), Assessment: a, Model: m}
	stages := slices.Clone(m.Stages)
	slices.SortStableFunc(stages, func(x, y assessment.Stage) int { return x.Order - y.Order })
	for _, st := range stages {
		sv := stageView{Stage: st}
		for i := range m.Capabilities {
			if m.Capabilities[i].Stage == st.ID {
				sv.Capabilities = append(sv.Capabilities, &m.Capabilities[i])
			}
		}
		view.Stages = append(view.Stages, sv)
	}
	return s.render(c, http.StatusOK, "questionnaire.html", view)
}

// optionScore says how an option scores, for the questionnaire page.
func optionScore(p *locale.Printer, o assessment.Option) string {
	switch {
	case o.Score != nil:
		return p.T("questionnaire.option_scores", "Score", p.Number(*o.Score))
	case o.Unscored == assessment.DontKnow:
		return p.T("questionnaire.option_dont_know")
	}
	return p.T("questionnaire.option_not_applicable")
}

// number prints a scale bound.
func number(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// plural says "1 answer" or "3 answers".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
