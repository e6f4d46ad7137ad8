package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/migrations"
	"github.com/readiness/readiness/questionnaires"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/ui"
)

type serveConfig struct {
	Addr           string
	DB             string
	BaseURL        string
	Questionnaires string // a directory of extra questionnaire files
	LogFormat      string
	LogLevel       string
	Synchronous    string
	TrustProxy     bool
	Grace          time.Duration
	// AllowUnsafeDurability starts the service even when the database does
	// not make each commit durable (PostgreSQL with synchronous_commit or
	// fsync off).
	AllowUnsafeDurability bool
}

func parseServe(args []string, env func(string) string, stderr io.Writer) (serveConfig, error) {
	var c serveConfig
	fs := newFlags("serve", stderr)
	fs.StringVar(&c.Addr, "addr", envOr(env, "READINESS_ADDR", "127.0.0.1:8080"), "listen address (env READINESS_ADDR)")
	fs.StringVar(&c.DB, "db", envOr(env, "READINESS_DB", "readiness.db"), "SQLite file or postgres:// URL (env READINESS_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("READINESS_BASE_URL"), "URL that starts every link handed out; default http:// + addr (env READINESS_BASE_URL)")
	fs.StringVar(&c.Questionnaires, "questionnaires", env("READINESS_QUESTIONNAIRES"), "directory of extra questionnaire YAML files (env READINESS_QUESTIONNAIRES)")
	fs.StringVar(&c.LogFormat, "log-format", envOr(env, "READINESS_LOG_FORMAT", "text"), "text or json (env READINESS_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(env, "READINESS_LOG_LEVEL", "info"), "debug, info, warn or error (env READINESS_LOG_LEVEL)")
	fs.StringVar(&c.Synchronous, "sqlite-synchronous", envOr(env, "READINESS_SQLITE_SYNCHRONOUS", "FULL"),
		"FULL syncs every commit; NORMAL may lose the last answers on power loss (env READINESS_SQLITE_SYNCHRONOUS)")
	trust, _ := strconv.ParseBool(env("READINESS_TRUST_PROXY"))
	fs.BoolVar(&c.TrustProxy, "trust-proxy", trust, "take client addresses from X-Forwarded-For (env READINESS_TRUST_PROXY)")
	unsafe, _ := strconv.ParseBool(env("READINESS_ALLOW_UNSAFE_DURABILITY"))
	fs.BoolVar(&c.AllowUnsafeDurability, "allow-unsafe-durability", unsafe,
		"start even if PostgreSQL runs with synchronous_commit or fsync off, when acknowledged answers can be lost in a crash (env READINESS_ALLOW_UNSAFE_DURABILITY)")
	grace := envOr(env, "READINESS_SHUTDOWN_GRACE", "20s")
	fs.StringVar(&grace, "shutdown-grace", grace, "how long in-flight requests may take at shutdown (env READINESS_SHUTDOWN_GRACE)")
	if err := parseFlags(fs, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, usageError{"serve takes no arguments: " + strings.Join(fs.Args(), " ")}
	}
	d, err := time.ParseDuration(grace)
	if err != nil || d < 0 {
		return c, usageError{"--shutdown-grace must be a duration such as 20s"}
	}
	c.Grace = d
	return c, c.validate()
}

func (c *serveConfig) validate() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usageError{fmt.Sprintf("--addr %q must be HOST:PORT", c.Addr)}
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("--base-url %q must be an http:// or https:// URL", c.BaseURL)}
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	c.Synchronous = strings.ToUpper(c.Synchronous)
	if c.Synchronous != "FULL" && c.Synchronous != "NORMAL" {
		return usageError{"--sqlite-synchronous must be FULL or NORMAL"}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return usageError{"--log-format must be text or json"}
	}
	return nil
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q must be debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

// loadCatalog is the built-in questionnaires plus a consultancy's own.
func loadCatalog(dir string) (*questionnaires.Catalog, error) {
	cat, err := questionnaires.Builtin()
	if err != nil {
		return nil, fmt.Errorf("load built-in questionnaires: %w", err)
	}
	if dir != "" {
		if err := cat.AddDir(dir); err != nil {
			return nil, fmt.Errorf("load questionnaires from %s: %w", dir, err)
		}
	}
	return cat, nil
}

func runServe(ctx context.Context, args []string, env func(string) string, stderr io.Writer) error {
	c, err := parseServe(args, env, stderr)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, c.LogFormat, c.LogLevel)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(c.Questionnaires)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, c.DB, c.Synchronous, true)
	if err != nil {
		return err
	}
	defer st.Close()
	// An acknowledged answer is a promise: a database that does not keep its
	// commits is refused unless the operator says so.
	if err := st.CheckDurability(ctx); err != nil {
		if !c.AllowUnsafeDurability {
			return fmt.Errorf("%w: refusing to start (--allow-unsafe-durability to start anyway)", err)
		}
		log.Warn("durability not guaranteed, started with --allow-unsafe-durability", "error", err)
	}
	metrics := web.NewMetrics()
	st.Observe(store.Observer{
		AnswerBatch:         metrics.AnswerBatch,
		EventsRelayed:       metrics.EventsRelayed,
		ListenerReconnected: metrics.EventListenerReconnected,
		Subscribers:         metrics.EventSubscribers,
	})
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: cat, Observer: metrics})
	srv, err := web.New(web.Config{
		Service: svc, Log: log, BaseURL: c.BaseURL, TrustProxy: c.TrustProxy, LoginAttempts: st, Metrics: metrics,
		Health: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			n, err := migrations.Pending(ctx, st.SQL(), st.Dialect())
			if err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%d migrations pending", n)
			}
			return nil
		},
	})
	if err != nil {
		return err
	}
	api.Register(srv, svc)
	if err := ui.Register(srv, svc); err != nil {
		return err
	}
	l, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	log.Info("serving", "addr", l.Addr().String(), "base_url", c.BaseURL, "db", st.Dialect())
	err = srv.Serve(ctx, l, c.Grace)
	log.Info("stopped")
	return err
}
