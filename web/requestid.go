package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// Every request carries an id: the caller's X-Request-Id when it is a sane
// one (a proxy's or a client's, so that logs line up across systems), else a
// new random one. It is echoed in the response's X-Request-Id header and
// attached to every log record written with the request's context (the
// request line, a 5xx's error record), so that a user quoting it from an
// error finds the records.

type requestIDKey struct{}

const maxRequestIDLen = 128

// saneRequestID accepts 1-128 characters of letters, digits and -_.:/+=,
// which covers UUIDs, W3C trace ids and the ids of common proxies, and keeps
// anything that could forge a log line or a header out.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// requestID runs first, so that every later middleware, handler and log
// record sees the id.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		id := r.Header.Get(echo.HeaderXRequestID)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		// The Service reads it too: every audit entry names its request.
		ctx := assessment.WithRequestID(context.WithValue(r.Context(), requestIDKey{}, id), id)
		c.SetRequest(r.WithContext(ctx))
		return next(c)
	}
}

// requestIDFrom returns the id of the request ctx belongs to, or "".
func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestIDHandler adds request_id to every record logged with a request's
// context.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := requestIDFrom(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
