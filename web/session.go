package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/readiness/readiness/assessment"
)

// Browser sessions. A consultant signs in with the same throttled login as
// the API; the token it issues is the session: it lives in an HttpOnly,
// SameSite=Lax cookie and is stored only hashed, like every API token, so
// it expires with it and POST /logout deletes its row.
const (
	sessionCookie = "readiness_session"
	csrfCookie    = "readiness_csrf"
	csrfField     = "_csrf"        // the form field every POST form carries
	csrfHeader    = "X-CSRF-Token" // the header a script's fetch sends instead
)

// CSRF guards every page route. A POST without the form field or header,
// or with a wrong one, answers 403 and never reaches the handler.
func (s *Server) CSRF() echo.MiddlewareFunc { return s.csrf }

func (s *Server) newCSRF() echo.MiddlewareFunc {
	check := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:" + csrfField + ",header:" + csrfHeader,
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.secure,
		CookieSameSite: http.SameSiteLaxMode,
		// echo answers 400 for a missing token and 403 for a wrong one: both
		// are a forged or stale form to us.
		ErrorHandler: func(error, echo.Context) error {
			return &RequestError{Status: http.StatusForbidden, Code: "forbidden",
				Message: "This form has expired or did not come from this site. Go back, reload the page and try again."}
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		guarded := check(next)
		return func(c echo.Context) error {
			// echo lets a same-origin Sec-Fetch-Site header stand in for the
			// token. The contract asks for the token on every form, so the
			// check always sees it; a cross-site form cannot know the token.
			c.Request().Header.Del(echo.HeaderSecFetchSite)
			return guarded(c)
		}
	}
}

// CSRFToken is the token to put in the forms of the page being rendered.
func CSRFToken(c echo.Context) string {
	t, _ := c.Get("csrf").(string)
	return t
}

// SessionToken reads the session cookie; "" when there is none.
func SessionToken(c echo.Context) string {
	ck, err := c.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	return ck.Value
}

// SetSessionCookie makes token the browser's session until expires.
func (s *Server) SetSessionCookie(c echo.Context, token string, expires time.Time) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie makes the browser forget its session.
func (s *Server) ClearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

func withUser(c echo.Context, u assessment.User) {
	ctx := context.WithValue(c.Request().Context(), userKey{}, u)
	c.SetRequest(c.Request().WithContext(ctx))
}

// RequireSession guards the consultant's pages: it loads the signed-in user
// into the request (User reads it) or sends the browser to /login.
func (s *Server) RequireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token := SessionToken(c)
		if token == "" {
			return c.Redirect(http.StatusSeeOther, "/login")
		}
		u, err := s.svc.Authenticate(c.Request().Context(), token)
		if assessment.KindOf(err) == assessment.Unauthorized {
			s.ClearSessionCookie(c) // expired or signed out elsewhere
			return c.Redirect(http.StatusSeeOther, "/login")
		}
		if err != nil {
			return err
		}
		withUser(c, u)
		return next(c)
	}
}

// RequireUserOrSession authenticates an API request by its bearer token or,
// when it has none, by the browser's session cookie, so that a page's script
// can call the API. Use it only on GET routes (such as an event stream): the
// API has no CSRF check, so a state-changing route must stay bearer-only.
func (s *Server) RequireUserOrSession(next echo.HandlerFunc) echo.HandlerFunc {
	bearer := s.RequireUser(next)
	return func(c echo.Context) error {
		if c.Request().Header.Get("Authorization") != "" {
			return bearer(c)
		}
		token := SessionToken(c)
		if token == "" {
			return bearer(c) // answers 401 with its WWW-Authenticate header
		}
		u, err := s.svc.Authenticate(c.Request().Context(), token)
		if err != nil {
			return err
		}
		withUser(c, u)
		return next(c)
	}
}

// Login is the one throttled password check, shared by the API's token
// endpoint and the sign-in page: per account and per client address. The
// attempt is counted before the password is checked, so that however many
// guesses arrive at once, no more than the limit reach bcrypt; the rest
// answer 429 with the wait.
func (s *Server) Login(c echo.Context, email, password string) (token string, expires time.Time, err error) {
	ctx := c.Request().Context()
	account, addr := strings.ToLower(strings.TrimSpace(email)), c.RealIP()
	r, wait, err := s.throttle.reserve(ctx, account, addr)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("sign-in throttle: %w", err)
	}
	if wait > 0 {
		return "", time.Time{}, &RequestError{Status: http.StatusTooManyRequests, Code: "throttled", RetryAfter: wait,
			Message: "too many failed sign-ins; try again later"}
	}
	token, expires, err = s.svc.Login(ctx, email, password)
	switch {
	case assessment.KindOf(err) == assessment.Unauthorized:
		return "", time.Time{}, err // the attempt stays counted
	case err != nil:
		// Not the password's fault (a broken database, a cancelled
		// request): it must not count against the account.
		return "", time.Time{}, errors.Join(err, s.throttle.release(context.WithoutCancel(ctx), r))
	}
	if err := s.throttle.succeed(context.WithoutCancel(ctx), r); err != nil {
		// The sign-in stands (its token exists); the account merely keeps
		// its count until the window passes.
		s.log.WarnContext(ctx, "sign-in throttle: forget failures", "error", err)
	}
	return token, expires, nil
}

// User is the signed-in user of the request, by bearer token or session;
// the zero User on routes that need neither.
func User(c echo.Context) assessment.User {
	u, _ := SignedIn(c)
	return u
}

// SignedIn is the request's user and whether there is one.
func SignedIn(c echo.Context) (assessment.User, bool) {
	u, ok := c.Request().Context().Value(userKey{}).(assessment.User)
	return u, ok
}
