package api

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/report"
)

// The workspace's brand: everyone reads it, admins change it (the Service
// answers Forbidden to a consultant).

type workspaceJSON struct {
	Name   string `json:"name"`
	Accent string `json:"accent"` // "#rrggbb", or "" for the default
	Logo   bool   `json:"logo"`
}

func newWorkspaceJSON(b assessment.Branding) workspaceJSON {
	return workspaceJSON{Name: b.Name, Accent: b.Accent, Logo: b.HasLogo}
}

type workspaceRequest struct {
	Name   *string `json:"name"`
	Accent *string `json:"accent"`
}

func (s *handler) getWorkspace(c echo.Context) error {
	b, err := s.svc.Branding(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newWorkspaceJSON(b))
}

func (s *handler) updateWorkspace(c echo.Context) error {
	var in workspaceRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	b, err := s.svc.UpdateBranding(c.Request().Context(), web.User(c), assessment.BrandingUpdate{Name: in.Name, Accent: in.Accent})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newWorkspaceJSON(b))
}

// putLogo takes the image as the body; the Service checks it by decoding
// it. A body over the server's limit fails while it is read: 413.
func (s *handler) putLogo(c echo.Context) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return err
	}
	if err := s.svc.SetLogo(c.Request().Context(), web.User(c), c.Request().Header.Get(echo.HeaderContentType), body); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *handler) deleteLogo(c echo.Context) error {
	if err := s.svc.DeleteLogo(c.Request().Context(), web.User(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// brand is the caller's workspace's brand, as the PDF prints it.
func (s *handler) brand(c echo.Context) (report.Brand, error) {
	ctx, u := c.Request().Context(), web.User(c)
	b, err := s.svc.Branding(ctx, u)
	if err != nil {
		return report.Brand{}, err
	}
	out := report.Brand{Name: b.Name, Accent: b.Accent}
	if b.HasLogo {
		if out.Logo, err = s.svc.Logo(ctx, u); err != nil && assessment.KindOf(err) != assessment.NotFound {
			return report.Brand{}, err
		}
	}
	return out, nil
}
