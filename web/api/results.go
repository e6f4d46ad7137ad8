package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
)

func (s *handler) getResult(c echo.Context) error {
	r, err := s.svc.ResultWith(c.Request().Context(), web.User(c), c.Param("id"), assessment.ResultOptions{
		Basis: assessment.Basis(c.QueryParam("basis")), Perspective: c.QueryParam("perspective")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewResult(r))
}
