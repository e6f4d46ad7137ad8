package ui

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The one-time links an admin hands over: /invite/{token} (a colleague
// joins the workspace) and /reset/{token} (a user chooses a new password).
// GET shows the form and changes nothing (mail scanners and chat previews
// open links); the POST, with its CSRF token, sets the password, consumes
// the link and signs the person in with a new session. A used, expired or
// unknown link is the 404 page.

// linkRoutes registers the link pages, behind mw (the CSRF check).
func (s *handler) linkRoutes(mw ...echo.MiddlewareFunc) {
	e := s.echo
	e.GET("/invite/:token", s.invitationForm, mw...)
	e.POST("/invite/:token", s.acceptInvitationPage, mw...)
	e.GET("/reset/:token", s.resetForm, mw...)
	e.POST("/reset/:token", s.resetPasswordPage, mw...)
}

// setPasswordPage is the form behind an invitation or a reset link.
type setPasswordPage struct {
	page
	Invitation bool   // joining the workspace, else a reset
	Name       string // whom the link is for
	Email      string
	Role       assessment.Role
	Action     string // where the form posts
	Form       form
}

func (s *handler) invitationView(c echo.Context, inv assessment.Invitation, f form) setPasswordPage {
	return setPasswordPage{page: s.newPage(c, "Join the workspace"), Invitation: true, Name: inv.Name, Email: inv.Email,
		Role: inv.Role, Action: "/invite/" + c.Param("token"), Form: f}
}

func (s *handler) resetView(c echo.Context, u assessment.User, f form) setPasswordPage {
	return setPasswordPage{page: s.newPage(c, "Choose a new password"), Name: u.Name, Email: u.Email, Role: u.Role,
		Action: "/reset/" + c.Param("token"), Form: f}
}

func (s *handler) invitationForm(c echo.Context) error {
	inv, err := s.svc.Invitation(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "setpassword.html", s.invitationView(c, inv, form{}))
}

func (s *handler) acceptInvitationPage(c echo.Context) error {
	ctx, token := c.Request().Context(), c.Param("token")
	// The link is checked first, so that a used one is the 404 page
	// whatever was typed.
	inv, err := s.svc.Invitation(ctx, token)
	if err != nil {
		return err
	}
	f, status, err := s.setPassword(c, func(password string) (string, time.Time, error) {
		_, session, expires, err := s.svc.AcceptInvitation(ctx, token, password)
		return session, expires, err
	})
	if err != nil || status == 0 {
		return err
	}
	return s.render(c, status, "setpassword.html", s.invitationView(c, inv, f))
}

func (s *handler) resetForm(c echo.Context) error {
	u, err := s.svc.PasswordReset(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "setpassword.html", s.resetView(c, u, form{}))
}

func (s *handler) resetPasswordPage(c echo.Context) error {
	ctx, token := c.Request().Context(), c.Param("token")
	u, err := s.svc.PasswordReset(ctx, token)
	if err != nil {
		return err
	}
	f, status, err := s.setPassword(c, func(password string) (string, time.Time, error) {
		_, session, expires, err := s.svc.ResetPassword(ctx, token, password)
		return session, expires, err
	})
	if err != nil || status == 0 {
		return err
	}
	return s.render(c, status, "setpassword.html", s.resetView(c, u, f))
}

// setPassword reads the posted password and sets it with set, which
// consumes the link and starts a session. On success it signs the browser
// in and redirects to the dashboard (status 0); a user's mistake comes back
// as the form to show again, with its status; anything else is err.
func (s *handler) setPassword(c echo.Context, set func(password string) (session string, expires time.Time, err error)) (form, int, error) {
	f, ok := readPasswords(c)
	status := http.StatusUnprocessableEntity
	if ok {
		session, expires, err := set(f.Get("password"))
		if err == nil {
			s.srv.SetSessionCookie(c, session, expires)
			return f, 0, seeOther(c, "/")
		}
		if !f.fail(err, nil) {
			return f, 0, err
		}
		status = statusOf(assessment.KindOf(err))
	}
	f.Values = map[string]string{} // passwords are never typed back into a page
	return f, status, nil
}

// readPasswords reads the chosen password and its repetition; ok is false,
// with the error on the form, when the two differ.
func readPasswords(c echo.Context) (form, bool) {
	f := readForm(c, "password", "repeat")
	if f.Get("password") != f.Get("repeat") {
		f.Errors["repeat"] = "The two passwords differ. Type the same one twice."
		return f, false
	}
	return f, true
}
