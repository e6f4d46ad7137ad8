// Package ui serves the pages of Readiness: the consultant's dashboard,
// assessment, results, notes and projector pages, the respondent's
// questionnaire and the workshop's join page, one file per page or
// resource, with their view structs and the embedded templates/ and
// static/ files. Pages work without script; scripts only enhance them.
package ui

import (
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"path"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// handler holds what the pages' handlers need.
type handler struct {
	srv     *web.Server
	svc     *assessment.Service
	log     *slog.Logger
	baseURL string
	secure  bool
	echo    *echo.Echo
	assets  *assets
	locale  *locale.Catalogue
	pages   map[string]map[string]*template.Template // language → page name → template
	pdfs    *pdfCache                                // share PDFs, served without sign-in
	flash   *linkFlash                               // the links of a batch just invited, until shown
}

// Register parses every page (a broken template is an error here, so it
// fails the boot), adds the pages' routes to srv and makes its failures
// show the error page; svc answers them.
func Register(srv *web.Server, svc *assessment.Service) error {
	s := &handler{srv: srv, svc: svc, log: srv.Log(), baseURL: srv.BaseURL(), secure: srv.Secure(), echo: srv.Echo(),
		pdfs: newPDFCache(), flash: newLinkFlash(svc.Now)}
	s.locale = locale.Embedded()
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return fmt.Errorf("ui: load assets: %w", err)
	}
	if s.pages, err = parsePages(s.assets, s.locale); err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	srv.SetErrorPage(s.errorPage)
	s.routes()
	return nil
}

func (s *handler) routes() {
	e := s.echo
	e.GET("/static/:name", func(c echo.Context) error {
		b, ok := s.assets.byHash[c.Param("name")]
		if !ok {
			return echo.ErrNotFound
		}
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		ct := "application/octet-stream"
		switch path.Ext(c.Param("name")) {
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		return c.Blob(http.StatusOK, ct, b)
	})
	// Pages: the CSRF check on every one; the consultant's behind the session.
	public := []echo.MiddlewareFunc{s.languageSwitch, s.srv.CSRF()}
	signedIn := []echo.MiddlewareFunc{s.languageSwitch, s.srv.CSRF(), s.srv.RequireSession}
	e.GET("/login", s.loginForm, public...)
	e.POST("/login", s.loginSubmit, public...)
	e.POST("/logout", s.logout, public...)
	e.GET("/", s.dashboard, signedIn...)
	// The downloads of a signed-in browser (report.pdf, roadmap.csv) are
	// the API's exports: web/api registers them with the session.
	e.GET("/assessments/:id/notes", s.notesEditor, signedIn...)
	e.POST("/assessments/:id/notes", s.saveNotesPage, signedIn...)
	s.consultantRoutes(signedIn...)
	s.modelRoutes(signedIn...)
	s.fitRoutes(signedIn...)
	s.previewRoutes(signedIn...)
	s.respondRoutes(public...)
	s.welcomeRoutes(public...)
	s.resultsRoutes(signedIn...)
	s.resultsTextRoutes(signedIn...)
	s.presentRoutes(signedIn...)
	s.agreedRoutes(signedIn...)
	s.facilitateRoutes(signedIn...)
	s.joinRoutes(public...)
	s.accountRoutes(signedIn...)
	s.linkRoutes(public...)
	s.shareRoutes(signedIn...)
	s.brandRoutes(signedIn...)
	s.settingsRoutes(signedIn...)
}
