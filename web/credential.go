package web

import (
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// Credential is the token the request authenticated with: its bearer token
// or, without an Authorization header, its session cookie; "" for neither.
// Changing one's password keeps this one alive and ends every other.
func Credential(c echo.Context) string {
	h := c.Request().Header.Get("Authorization")
	if h == "" {
		return SessionToken(c)
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// Heartbeat is how often a long-lived response (an event stream) sends a
// heartbeat and checks with Recheck that its user may still follow it.
func (s *Server) Heartbeat() time.Duration { return s.heartbeat }

// Recheck authenticates the request's credential again, for a response
// that outlives the moment it was authorised (an event stream): a removed
// user, a password reset or a sign-out elsewhere ends their tokens, and the
// stream must end with them. It returns the Service's error (Unauthorized
// for a credential that no longer works).
func (s *Server) Recheck(c echo.Context) error {
	_, err := s.svc.Authenticate(c.Request().Context(), Credential(c))
	return err
}
