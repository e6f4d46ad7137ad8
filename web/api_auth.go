package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *Server) createToken(c echo.Context) error {
	var in tokenRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Email) == "" {
		return assessment.FieldError("email", "is required")
	}
	if in.Password == "" {
		return assessment.FieldError("password", "is required")
	}
	account, addr := strings.ToLower(strings.TrimSpace(in.Email)), c.RealIP()
	if wait := s.throttle.wait(account, addr); wait > 0 {
		return &requestError{Status: http.StatusTooManyRequests, Code: "throttled", RetryAfter: wait,
			Message: "too many failed sign-ins; try again later"}
	}
	token, expires, err := s.svc.Login(c.Request().Context(), in.Email, in.Password)
	if err != nil {
		if assessment.KindOf(err) == assessment.Unauthorized {
			s.throttle.fail(account, addr)
		}
		return err
	}
	s.throttle.succeed(account, addr)
	return c.JSON(http.StatusCreated, tokenResponse{Token: token, ExpiresAt: expires.UTC()})
}
