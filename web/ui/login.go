package ui

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// The sign-in page: the same throttled login as the API's token endpoint
// (web.Server.Login); the token it issues is the session.

type loginPage struct {
	page
	Email string
	Error string
}

func (s *handler) loginForm(c echo.Context) error {
	return s.render(c, http.StatusOK, "login.html", loginPage{page: s.newPage(c, s.T(c, "login.title"))})
}

func (s *handler) loginSubmit(c echo.Context) error {
	email, password := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	show := func(status int, msg string) error {
		return s.render(c, status, "login.html", loginPage{page: s.newPage(c, s.T(c, "login.title")), Email: email, Error: msg})
	}
	if email == "" || password == "" {
		return show(http.StatusUnprocessableEntity, s.T(c, "login.err_empty"))
	}
	token, expires, err := s.srv.Login(c, email, password)
	if err != nil {
		if re, ok := err.(*web.RequestError); ok && re.Status == http.StatusTooManyRequests {
			c.Response().Header().Set("Retry-After", web.RetryAfter(re.RetryAfter))
			return show(http.StatusTooManyRequests, s.T(c, "login.err_throttled", "Wait", waitText(s.printer(c), re.RetryAfter)))
		}
		if assessment.KindOf(err) == assessment.Unauthorized {
			return show(http.StatusUnauthorized, s.T(c, "login.err_wrong"))
		}
		return err
	}
	s.srv.SetSessionCookie(c, token, expires)
	return c.Redirect(http.StatusSeeOther, "/")
}

func (s *handler) logout(c echo.Context) error {
	if err := s.svc.Logout(c.Request().Context(), web.SessionToken(c)); err != nil {
		return err
	}
	s.srv.ClearSessionCookie(c)
	return c.Redirect(http.StatusSeeOther, "/login")
}

// waitText says a throttle's wait in words a person reads.
func waitText(p *locale.Printer, d time.Duration) string {
	if d <= time.Minute {
		return p.T("login.wait_minute")
	}
	return p.Tn("login.wait_minutes", int(d.Round(time.Minute)/time.Minute))
}
