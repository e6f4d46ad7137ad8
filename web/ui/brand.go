package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The workspace's brand in the pages' header: its name, its logo and its
// accent as the header's colour. The CSP allows no inline style, so the
// accent comes as a tiny stylesheet named after the colour itself
// (/brand/1f6feb.css): it holds nothing but the colour, needs no sign-in,
// and is cached for good since a new colour is a new address.

// brandView is what the layout's header shows.
type brandView struct {
	Name     string // "" shows Readiness
	LogoURL  string // "" when there is no logo
	StyleURL string // the accent's stylesheet; "" keeps the default colours
}

// newBrandView turns a workspace's brand into the header's; logoURL serves
// its logo to this page's reader.
func newBrandView(b assessment.Branding, logoURL string) brandView {
	v := brandView{Name: b.Name}
	if b.HasLogo {
		v.LogoURL = logoURL
	}
	if len(b.Accent) == 7 && accentFile.MatchString(b.Accent[1:]+".css") {
		v.StyleURL = "/brand/" + b.Accent[1:] + ".css"
	}
	return v
}

// workspaceBrand is the signed-in user's brand. A failure to read it must
// not take the page down with it: the header falls back to Readiness's own.
func (s *handler) workspaceBrand(c echo.Context, u assessment.User) brandView {
	b, err := s.svc.Branding(c.Request().Context(), u)
	if err != nil {
		s.log.WarnContext(c.Request().Context(), "read the workspace's brand", "error", err)
		return brandView{}
	}
	return newBrandView(b, "/workspace/logo.png")
}

var accentFile = regexp.MustCompile(`^[0-9a-f]{6}\.css$`)

func (s *handler) brandRoutes(signedIn ...echo.MiddlewareFunc) {
	s.echo.GET("/brand/:file", s.brandStyle)
	s.echo.GET("/workspace/logo.png", s.workspaceLogo, signedIn...)
}

// brandStyle serves the header's colours for an accent: the accent as the
// background, and black or white text on it, whichever contrasts more.
func (s *handler) brandStyle(c echo.Context) error {
	file := c.Param("file")
	if !accentFile.MatchString(file) {
		return echo.ErrNotFound
	}
	accent := "#" + file[:6]
	fg := assessment.TextOn(accent)
	css := fmt.Sprintf(`.bar.branded { background: %[1]s; color: %[2]s; }
.bar.branded .brand, .bar.branded a.brand:hover, .bar.branded .link-button, .bar.branded .bar-nav a { color: %[2]s; }
.bar.branded :focus-visible { outline-color: %[2]s; }
.share-head { border-top: .35rem solid %[1]s; }
`, accent, fg)
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8", []byte(css))
}

// workspaceLogo serves the signed-in user's logo.
func (s *handler) workspaceLogo(c echo.Context) error {
	b, err := s.svc.Logo(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	return servePNG(c, b)
}

// servePNG answers a stored logo, revalidated by its hash: pages show it
// on every load, and it rarely changes.
func servePNG(c echo.Context, b []byte) error {
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	if h.Get("X-Robots-Tag") == "" {
		h.Set("Cache-Control", "private, no-cache")
	}
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "image/png", b)
}
