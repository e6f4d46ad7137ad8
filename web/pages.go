package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

//go:embed templates static
var content embed.FS

// pageNames lists every page; all are parsed at start-up so a broken template fails the boot.
var pageNames = []string{"error.html", "respond.html", "join.html"}

// assets serves embedded static files under content-hashed names, cached for good.
type assets struct {
	byName map[string]string // "app.css" → "app.3f2a9c.css"
	byHash map[string][]byte // hashed name → content
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byHash: map[string][]byte{}}
	err := fs.WalkDir(content, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := content.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.byName[name], a.byHash[hashed] = hashed, b
		return nil
	})
	return a, err
}

func (a *assets) url(name string) (string, error) {
	h, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return "/static/" + h, nil
}

func parsePages(a *assets) (map[string]*template.Template, error) {
	funcs := template.FuncMap{"asset": a.url}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(content, "templates/layout/*.html", "templates/pages/"+name)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render executes a page into a buffer first, so a failed render never sends half a page.
func (s *Server) render(c echo.Context, status int, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("render: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	if strings.HasPrefix(p, "/api/") || p == "/healthz" {
		return false
	}
	return strings.Contains(c.Request().Header.Get("Accept"), "text/html")
}

type errorPage struct {
	Title   string
	Status  int
	Message string
}

func (s *Server) renderErrorPage(c echo.Context, status int, message string) error {
	return s.render(c, status, "error.html", errorPage{Title: http.StatusText(status), Status: status, Message: message})
}

func (s *Server) pageRoutes() {
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
	e.GET("/r/:token", s.respondPage)
	e.GET("/j/:code", s.joinPage)
}

// respondPage is the participant's questionnaire. The page script talks to
// the JSON API with the token from the URL, so every answer is saved as it is
// given and none depends on a session.
type respondPageData struct {
	Title string
}

func (s *Server) respondPage(c echo.Context) error {
	a, _, err := s.svc.ResponseModel(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "respond.html", respondPageData{Title: a.Title})
}

type joinPageData struct {
	Title string
	Code  string
}

func (s *Server) joinPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "join.html", joinPageData{Title: "Join the workshop", Code: c.Param("code")})
}
