package ui

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The join page of a workshop: the address behind the projector's QR code.
// It works as a plain form (a phone's browser may block script), and it
// keeps the participant's own link in a cookie, so that scanning the code
// again after a reload, a locked phone or a closed tab carries on as the
// same participant instead of adding a stranger to the count.
//
//	GET  /j/{code}          the join form, or "carry on" for one who joined
//	                        (?new=1 shows the form anyway: a shared phone)
//	POST /j/{code}          name, role, perspective → 303 to /r/{token}

func (s *handler) joinRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/j/:code", s.joinPage, mw...)
	s.echo.POST("/j/:code", s.joinSubmit, mw...)
}

// joinedFor is how long the join page remembers a participant: longer
// than any workshop, shorter than a stale phone's memory.
const joinedFor = 30 * 24 * time.Hour

type joinPageData struct {
	page
	Code         string
	Assessment   string // the workshop's title
	Closed, Full bool
	Max          int
	Form         form
	Perspective  perspectiveField
	// Joined is the participant this browser joined as, if any.
	Joined *joinedView
}

type joinedView struct {
	Name, URL string
	Done      bool // submitted, or the workshop ended: the answers are read-only
}

func (s *handler) joinPage(c echo.Context) error {
	a, err := s.joinTarget(c)
	if err != nil {
		return err
	}
	s.respondentLanguage(c, &a)
	view := s.joinView(c, a, form{Values: map[string]string{}, Errors: map[string]string{}})
	if c.QueryParam("new") == "" {
		view.Joined = s.joinedAs(c, a)
	}
	return s.render(c, http.StatusOK, "join.html", view)
}

func (s *handler) joinSubmit(c echo.Context) error {
	a, err := s.joinTarget(c)
	if err != nil {
		return err
	}
	s.respondentLanguage(c, &a)
	f := readForm(c, "name", "role", "perspective")
	if !validPerspective(f.Get("perspective")) {
		f.Errors["perspective"] = s.T(c, "join.err_perspective")
		return s.render(c, http.StatusUnprocessableEntity, "join.html", s.joinView(c, a, f))
	}
	r, token, err := s.svc.Join(c.Request().Context(), c.Param("code"),
		assessment.NewRespondent{Name: f.Get("name"), Role: f.Get("role"), Perspective: f.Get("perspective")})
	switch {
	case assessment.KindOf(err) == assessment.Conflict:
		// Closed or filled up since the form was shown: the page says which.
		if a, err = s.joinTarget(c); err != nil {
			return err
		}
		return s.render(c, http.StatusConflict, "join.html", s.joinView(c, a, f))
	case err != nil:
		if !f.fail(err, nil) {
			return err
		}
		return s.render(c, http.StatusUnprocessableEntity, "join.html", s.joinView(c, a, f))
	}
	c.SetCookie(&http.Cookie{
		Name: joinCookie(a), Value: token, Path: "/j/", MaxAge: int(joinedFor / time.Second),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
	s.log.InfoContext(c.Request().Context(), "participant joined", "assessment", a.ID, "respondent", r.ID)
	return seeOther(c, "/r/%s", url.PathEscape(token))
}

func (s *handler) joinView(c echo.Context, a assessment.Assessment, f form) joinPageData {
	closed := a.Status == assessment.Closed
	return joinPageData{page: s.newPage(c, s.T(c, "join.title")), Code: c.Param("code"), Assessment: a.Title,
		Closed: closed, Full: !closed && a.Respondents >= a.MaxParticipants, Max: a.MaxParticipants,
		Form: f, Perspective: perspectiveSelect(s.printer(c), "perspective", f.Get("perspective"), f.Err("perspective"))}
}

// joinedAs is the participant whose link this browser keeps for the
// workshop a, or nil: no cookie, or one whose link no longer works (the
// respondent was erased, the link re-issued).
func (s *handler) joinedAs(c echo.Context, a assessment.Assessment) *joinedView {
	ck, err := c.Cookie(joinCookie(a))
	if err != nil || ck.Value == "" {
		return nil
	}
	r, err := s.svc.Response(c.Request().Context(), ck.Value)
	if err != nil || r.Assessment.ID != a.ID {
		return nil
	}
	return &joinedView{Name: r.Respondent.Name, URL: "/r/" + url.PathEscape(ck.Value),
		Done: r.Respondent.Submitted() || r.Assessment.Status == assessment.Closed}
}

// joinCookie names the cookie of one workshop, so that a phone taken to
// two workshops keeps both links.
func joinCookie(a assessment.Assessment) string {
	return "readiness_join_" + a.JoinCode
}

// joinTarget finds the workshop of the request's join code. Codes are short
// enough to guess, so lookups of unknown ones are counted per client
// address and refused with 429 beyond the contract's limit; lookups of
// known codes are never counted, so a room behind one address always gets in.
func (s *handler) joinTarget(c echo.Context) (assessment.Assessment, error) {
	a, err := s.svc.JoinTarget(c.Request().Context(), c.Param("code"))
	return a, s.srv.CountUnknownCode(c, err)
}
