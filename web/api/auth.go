package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *handler) createToken(c echo.Context) error {
	var in tokenRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Email) == "" {
		return assessment.FieldError("email", "is required")
	}
	if in.Password == "" {
		return assessment.FieldError("password", "is required")
	}
	token, expires, err := s.srv.Login(c, in.Email, in.Password)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tokenResponse{Token: token, ExpiresAt: expires.UTC()})
}
