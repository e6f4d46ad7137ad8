package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
)

type organisationRequest struct {
	Name     string `json:"name"`
	Industry string `json:"industry"`
}

func (s *handler) createOrganisation(c echo.Context) error {
	var in organisationRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	o, err := s.svc.CreateOrganisation(c.Request().Context(), web.User(c), in.Name, in.Industry)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, shape.NewOrganisation(o))
}

func (s *handler) listOrganisations(c echo.Context) error {
	os, err := s.svc.Organisations(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	out := make([]shape.Organisation, 0, len(os))
	for _, o := range os {
		out = append(out, shape.NewOrganisation(o))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) getOrganisation(c echo.Context) error {
	o, err := s.svc.Organisation(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewOrganisation(o))
}

// organisationPatch leaves out what the client did not send.
type organisationPatch struct {
	Name     *string `json:"name"`
	Industry *string `json:"industry"`
}

func (s *handler) updateOrganisation(c echo.Context) error {
	var in organisationPatch
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	o, err := s.svc.UpdateOrganisation(c.Request().Context(), web.User(c), c.Param("id"),
		assessment.OrganisationUpdate{Name: in.Name, Industry: in.Industry})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewOrganisation(o))
}

func (s *handler) deleteOrganisation(c echo.Context) error {
	if err := s.svc.DeleteOrganisation(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
