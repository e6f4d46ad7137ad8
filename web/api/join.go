package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/web"
)

type joinResponse struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Role        string  `json:"role"`
	Perspective *string `json:"perspective"`
	Token       string  `json:"token"`
	URL         string  `json:"url"`
}

func (s *handler) join(c echo.Context) error {
	var in respondentRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	r, token, err := s.svc.Join(c.Request().Context(), c.Param("code"), in.newRespondent())
	if err != nil {
		return s.srv.CountUnknownCode(c, err)
	}
	return c.JSON(http.StatusCreated, joinResponse{ID: r.ID, Name: r.Name, Role: r.Role, Perspective: nilIfEmpty(r.Perspective),
		Token: token, URL: s.respondentURL(token)})
}
