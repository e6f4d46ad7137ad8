package web

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"
)

// What web/api and web/ui take from the Server besides the exported
// middleware (RequireUser, RequireSession, RequireUserOrSession, CSRF) and
// helpers (User, CSRFToken, DecodeJSON, BadRequest, Login).

// Echo is the router the API and the pages add their routes to. Every
// route gets the Server's middleware and its error handler.
func (s *Server) Echo() *echo.Echo { return s.echo }

// BaseURL starts every link handed out, without a trailing slash.
func (s *Server) BaseURL() string { return s.baseURL }

// Secure says whether the Server is reached over HTTPS, so that cookies
// must be Secure.
func (s *Server) Secure() bool { return s.secure }

// Log is the Server's logger: records logged with a request's context carry
// its request id.
func (s *Server) Log() *slog.Logger { return s.log }

// Metrics is what GET /metrics serves.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Streams is done when the Server shuts down: a long-lived response (an
// event stream) ends with it, since http.Server.Shutdown does not wait for
// such requests to end by themselves.
func (s *Server) Streams() context.Context { return s.streams }

// SetErrorPage sets how a failure of a page route is shown: web/ui renders
// its error page. Until it is set, such failures answer plain text.
func (s *Server) SetErrorPage(render func(c echo.Context, status int, message string) error) {
	s.errorPage = render
}
