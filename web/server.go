// Package web is the HTTP server of Readiness and what every route shares:
// the middleware (request ids, request log, metrics, panics, security
// headers, body limit, compression), sessions and CSRF, the throttled
// login, the one error handler, JSON decoding and metrics. The JSON API
// (web/api) and the pages (web/ui) register their routes on a Server;
// cmd/readiness wires the three:
//
//	srv, err := web.New(cfg)
//	api.Register(srv, svc)
//	ui.Register(srv, svc)
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 1 << 20

// Config wires a Server.
type Config struct {
	Service *assessment.Service
	Log     *slog.Logger
	// BaseURL starts every link handed to respondents, without a trailing slash.
	BaseURL string
	// Health reports whether the database is reachable and migrated.
	Health func(ctx context.Context) error
	// TrustProxy takes the client address from X-Forwarded-For; set it only
	// behind a proxy that overwrites the header, or throttling can be dodged.
	TrustProxy bool
	// LoginAttempts counts sign-in attempts; nil counts them in this process
	// only. Pass the store, so that every instance sharing a database shares
	// the count.
	LoginAttempts assessment.LoginAttemptStore
	// Metrics collects what GET /metrics serves; nil makes a new set.
	Metrics *Metrics
	// Now is the clock for throttling; nil means time.Now.
	Now func() time.Time
	// Heartbeat is how often an open event stream sends a heartbeat and
	// checks that its user may still follow it; 0 means 15 seconds.
	Heartbeat time.Duration
}

// Server is the HTTP face of a Service.
type Server struct {
	svc      *assessment.Service
	log      *slog.Logger
	baseURL  string
	health   func(ctx context.Context) error
	echo     *echo.Echo
	throttle *loginThrottle
	codes    codeThrottle
	metrics  *Metrics
	secure   bool
	csrf     echo.MiddlewareFunc
	// heartbeat paces the event streams' heartbeats and re-checks.
	heartbeat time.Duration
	// errorPage renders a failure as a page; web/ui sets it.
	errorPage func(c echo.Context, status int, message string) error

	// streams ends every event stream when cancelled, at shutdown.
	streams     context.Context
	stopStreams context.CancelFunc
}

// New builds a Server and its routes.
func New(c Config) (*Server, error) {
	if c.Service == nil {
		return nil, errors.New("web: a service is required")
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Health == nil {
		c.Health = func(context.Context) error { return nil }
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics()
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = 15 * time.Second
	}
	s := &Server{heartbeat: c.Heartbeat,
		svc: c.Service, log: slog.New(requestIDHandler{c.Log.Handler()}), metrics: c.Metrics, baseURL: strings.TrimRight(c.BaseURL, "/"), health: c.Health,
		secure: strings.HasPrefix(c.BaseURL, "https://"),
	}
	if c.LoginAttempts == nil {
		c.LoginAttempts = newMemoryAttempts()
	}
	s.throttle = newLoginThrottle(c.LoginAttempts, c.Now)
	s.codes = codeThrottle{attempts: c.LoginAttempts, now: c.Now}
	s.streams, s.stopStreams = context.WithCancel(context.Background())
	s.csrf = s.newCSRF()
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	if c.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	// The request id comes first so that everything after it sees it.
	// instrument sits outside requestLog, which hands every error (a panic
	// included, once recoverPanic turned it into one) to the error handler,
	// so it records the status the client got.
	gzip, err := compress(s.metrics)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	e.Use(s.requestID, s.instrument, s.requestLog, s.recoverPanic, s.securityHeaders, s.limitBody, gzip)
	s.echo = e
	s.routes()
	return s, nil
}

// ServeHTTP lets tests and other servers use the Server as a handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

func (s *Server) routes() {
	e := s.echo
	e.GET("/healthz", s.healthz)
	// Prometheus scrapes it without credentials (the contract's choice): it
	// holds no client data. Route labels are patterns, never paths.
	e.GET("/metrics", echo.WrapHandler(s.metrics.Handler()))
}

func (s *Server) healthz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.health(ctx); err != nil {
		s.log.WarnContext(ctx, "health check failed", "error", err)
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// CloseStreams ends every open event stream; clients reconnect elsewhere.
// Shutting down an HTTPServer calls it.
func (s *Server) CloseStreams() { s.stopStreams() }

// HTTPServer wraps the Server with the timeouts a public listener needs.
// Event streams clear the write timeout for themselves.
func (s *Server) HTTPServer(addr string) *http.Server {
	srv := s.httpServer(addr)
	srv.RegisterOnShutdown(s.CloseStreams)
	return srv
}

func (s *Server) httpServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// Serve accepts connections on l until ctx is done, then shuts down
// gracefully: in-flight requests finish (bounded by grace).
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	srv := s.HTTPServer(l.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
