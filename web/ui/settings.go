package ui

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// settingsView is the workspace's Settings page: its name, accent colour
// and logo, as the pages' header, the share page and the PDF show them.
// Everyone may look; the Service lets only admins change them.
type settingsView struct {
	page
	Workspace   assessment.Branding
	Admin       bool
	Form        form   // name and accent, with what was typed
	LogoError   string // why an upload was refused
	Saved       string // "settings", "logo" or "removed" after a change
	Accent      string // the colour picker's value
	Default     string // the accent when none is chosen
	LogoPreview string
}

// defaultAccent is app.css's --accent: what the header shows without a brand.
const defaultAccent = "#6b3fa0"

func (s *handler) settingsRoutes(signedIn ...echo.MiddlewareFunc) {
	s.echo.GET("/settings", s.settingsPage, signedIn...)
	s.echo.POST("/settings", s.saveSettings, signedIn...)
	s.echo.POST("/settings/logo", s.uploadLogo, signedIn...)
	s.echo.POST("/settings/logo/delete", s.removeLogo, signedIn...)
}

func (s *handler) settingsPage(c echo.Context) error {
	return s.renderSettings(c, http.StatusOK, nil, "")
}

// renderSettings draws the page; typed, when not nil, is the name and
// accent form to show again, logoError an upload's refusal.
func (s *handler) renderSettings(c echo.Context, status int, typed *form, logoError string) error {
	u := web.User(c)
	b, err := s.svc.Branding(c.Request().Context(), u)
	if err != nil {
		return err
	}
	v := settingsView{page: s.newPage(c, s.T(c, "layout.settings")), Workspace: b, Admin: u.Role == assessment.RoleAdmin,
		LogoError: logoError, Default: defaultAccent, Accent: b.Accent}
	if v.Accent == "" {
		v.Accent = defaultAccent
	}
	if b.HasLogo {
		v.LogoPreview = "/workspace/logo.png"
	}
	switch c.QueryParam("saved") {
	case "settings", "logo", "removed":
		v.Saved = c.QueryParam("saved")
	}
	if typed != nil {
		v.Form = *typed
		v.Saved = ""
	} else {
		v.Form = form{Values: map[string]string{"name": b.Name, "accent": b.Accent}, Errors: map[string]string{}}
	}
	return s.render(c, status, "settings.html", v)
}

// saveSettings stores the name and the accent. The form has a colour
// picker and a text field for the same colour; without script neither
// follows the other, so the text wins when it was changed (or emptied, to
// go back to the default), and the picker otherwise.
func (s *handler) saveSettings(c echo.Context) error {
	f := readForm(c, "name", "accent", "accent_picker", "accent_was")
	accent := strings.TrimSpace(f.Get("accent"))
	if strings.EqualFold(accent, f.Get("accent_was")) && f.Get("accent_picker") != "" &&
		!(accent == "" && strings.EqualFold(f.Get("accent_picker"), defaultAccent)) {
		accent = f.Get("accent_picker")
	}
	name := f.Get("name")
	_, err := s.svc.UpdateBranding(c.Request().Context(), web.User(c), assessment.BrandingUpdate{Name: &name, Accent: &accent})
	if f.fail(err, nil) {
		f.Values["accent"] = accent
		return s.renderSettings(c, http.StatusUnprocessableEntity, &f, "")
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/settings?saved=settings")
}

// uploadLogo takes the file of a multipart form. Its declared type is the
// browser's guess from the file name; the Service decodes it to be sure.
func (s *handler) uploadLogo(c echo.Context) error {
	fh, err := c.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) {
		return s.renderSettings(c, http.StatusUnprocessableEntity, nil, s.T(c, "settings_errors.logo_missing"))
	}
	if err != nil {
		return web.BadRequest("logo", "the upload could not be read: %v", err)
	}
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	body, err := io.ReadAll(io.LimitReader(file, assessment.MaxLogoBytes+1))
	if err != nil {
		return err
	}
	err = s.svc.SetLogo(c.Request().Context(), web.User(c), fh.Header.Get("Content-Type"), body)
	var de *assessment.Error
	if errors.As(err, &de) {
		switch de.Kind {
		case assessment.Invalid, assessment.UnsupportedMediaType, assessment.TooLarge:
			return s.renderSettings(c, statusOfLogo(de.Kind), nil, logoError(c, de))
		}
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/settings?saved=logo")
}

// logoError words why a logo was refused: in the page's language where the
// catalogue has the reason, else the domain's words about "the logo".
func logoError(c echo.Context, de *assessment.Error) string {
	if msg, ok := localFieldError(formPrinter(c), de); ok {
		return msg
	}
	return sentence("The logo " + strings.TrimPrefix(de.Message, "a logo "))
}

// statusOfLogo is the status of the page that shows a refused upload again.
func statusOfLogo(k assessment.Kind) int {
	switch k {
	case assessment.UnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case assessment.TooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

func (s *handler) removeLogo(c echo.Context) error {
	if err := s.svc.DeleteLogo(c.Request().Context(), web.User(c)); err != nil {
		return err
	}
	return seeOther(c, "/settings?saved=removed")
}
