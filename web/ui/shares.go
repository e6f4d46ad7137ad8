package ui

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The results page's "Share read-only link" panel: make a link for the
// client's sponsor, see the live ones and revoke them. Plain forms,
// post/redirect/get. The new link is shown once: the POST hands its token
// to the next GET of the results page in a short-lived cookie scoped to
// that page, which the GET reads and clears.

// sharePanel is the panel, drawn by the "share-panel" template.
type sharePanel struct {
	AssessmentID string
	CSRF         string
	Form         form   // days and texts, with an error to show again
	NewURL       string // the link just made, shown this once
	Shares       []shareRow
	MaxDays      int
}

// shareRow is one live link.
type shareRow struct {
	ID                           string
	Created, Expires, LastOpened string
	Texts                        bool
}

// shareDate is how the panel shows a moment: the reader is the consultant,
// who may be anywhere; UTC is said.
func shareDate(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") }

func (s *handler) shareRoutes(signedIn ...echo.MiddlewareFunc) {
	s.echo.POST("/assessments/:id/shares", s.createSharePage, signedIn...)
	s.echo.POST("/assessments/:id/shares/:sid/revoke", s.revokeSharePage, signedIn...)
	// The share page and its PDF: no sign-in, no CSRF cookie (nothing is posted).
	s.echo.GET("/s/:token", s.sharePage, shareHeaders)
	s.echo.GET("/s/:token/report.pdf", s.sharePDF, shareHeaders)
	s.echo.GET("/s/:token/logo.png", s.shareLogo, shareHeaders)
}

// newSharePanel lists the assessment's live links; f holds what was typed
// when the form is shown again.
func (s *handler) newSharePanel(c echo.Context, assessmentID string, f form) (sharePanel, error) {
	p := sharePanel{AssessmentID: assessmentID, CSRF: web.CSRFToken(c), Form: f, MaxDays: assessment.MaxShareDays}
	if p.Form.Values == nil {
		p.Form = form{Values: map[string]string{"expires_in_days": strconv.Itoa(assessment.DefaultShareDays)}, Errors: map[string]string{}}
	}
	shares, err := s.svc.Shares(c.Request().Context(), web.User(c), assessmentID)
	if err != nil {
		return sharePanel{}, err
	}
	for _, sh := range shares {
		row := shareRow{ID: sh.ID, Created: shareDate(sh.CreatedAt), Expires: shareDate(sh.ExpiresAt), LastOpened: "never", Texts: sh.Texts}
		if sh.LastOpenedAt != nil {
			row.LastOpened = shareDate(*sh.LastOpenedAt)
		}
		p.Shares = append(p.Shares, row)
	}
	if tok := s.takeNewShare(c, assessmentID); tok != "" {
		p.NewURL = s.baseURL + "/s/" + tok
	}
	return p, nil
}

// newShareCookie carries a just-made token from the POST to the results page.
const newShareCookie = "readiness_new_share"

// tokenShape is what a share token looks like (base64url): anything else
// in the cookie is ignored.
var tokenShape = regexp.MustCompile(`^[A-Za-z0-9_-]{16,128}$`)

func (s *handler) resultsPath(assessmentID string) string {
	return "/assessments/" + assessmentID + "/results"
}

// takeNewShare reads and clears the cookie of a just-made link.
func (s *handler) takeNewShare(c echo.Context, assessmentID string) string {
	ck, err := c.Cookie(newShareCookie)
	if err != nil || !tokenShape.MatchString(ck.Value) {
		return ""
	}
	c.SetCookie(&http.Cookie{Name: newShareCookie, Value: "", Path: s.resultsPath(assessmentID), MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
	return ck.Value
}

func (s *handler) createSharePage(c echo.Context) error {
	id := c.Param("id")
	f := readForm(c, "expires_in_days", "texts")
	days, err := strconv.Atoi(strings.TrimSpace(f.Get("expires_in_days")))
	if err != nil {
		f.Errors["expires_in_days"] = "Enter a number of days from 1 to " + strconv.Itoa(assessment.MaxShareDays) + "."
		return s.renderResults(c, http.StatusUnprocessableEntity, &f)
	}
	_, token, err := s.svc.CreateShare(c.Request().Context(), web.User(c), id,
		assessment.NewShare{ExpiresInDays: &days, Texts: f.Get("texts") == "1"})
	if f.fail(err, nil) {
		return s.renderResults(c, http.StatusUnprocessableEntity, &f)
	}
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: newShareCookie, Value: token, Path: s.resultsPath(id), MaxAge: 300,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteStrictMode})
	return seeOther(c, "%s#share", s.resultsPath(id))
}

func (s *handler) revokeSharePage(c echo.Context) error {
	id := c.Param("id")
	// An unknown, revoked or another workspace's share is the 404 page.
	if err := s.svc.RevokeShare(c.Request().Context(), web.User(c), id, c.Param("sid")); err != nil {
		return err
	}
	return seeOther(c, "%s#share", s.resultsPath(id))
}
