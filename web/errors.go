package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// RequestError is a problem with the request itself, found before the domain
// sees it: malformed JSON, a wrong JSON type, a body too large, throttling.
type RequestError struct {
	Status     int
	Code       string
	Field      string
	Message    string
	RetryAfter time.Duration
}

// Error is the message, as the client sees it.
func (e *RequestError) Error() string { return e.Message }

// BadRequest is a 400 naming the field at fault ("" for the body as a whole).
func BadRequest(field, format string, args ...any) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Code: "bad_request", Field: field, Message: fmt.Sprintf(format, args...)}
}

// errorBody is the contract's error shape.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

var kindStatus = map[assessment.Kind]int{
	assessment.Invalid:      http.StatusUnprocessableEntity,
	assessment.NotFound:     http.StatusNotFound,
	assessment.Conflict:     http.StatusConflict,
	assessment.Unauthorized: http.StatusUnauthorized,
	assessment.Forbidden:    http.StatusForbidden,
	// An upload of the wrong type or over the domain's own size limit
	// (a logo); the global body limit answers 413 before the domain sees it.
	assessment.UnsupportedMediaType: http.StatusUnsupportedMediaType,
	assessment.TooLarge:             http.StatusRequestEntityTooLarge,
}

// classify turns any error into the status and body the client sees. It is
// the only place where a domain Kind becomes an HTTP status.
func classify(err error) (int, errorDetail, *RequestError) {
	var re *RequestError
	if errors.As(err, &re) {
		return re.Status, errorDetail{Code: re.Code, Message: re.Message, Field: re.Field}, re
	}
	var de *assessment.Error
	if errors.As(err, &de) {
		if status, ok := kindStatus[de.Kind]; ok {
			return status, errorDetail{Code: string(de.Kind), Message: de.Message, Field: de.Field}, nil
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, errorDetail{Code: "too_large", Message: fmt.Sprintf("the body must be at most %d bytes", mbe.Limit)}, nil
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < 500 {
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && m != "" {
			msg = m
		}
		return he.Code, errorDetail{Code: statusCode(he.Code), Message: msg}, nil
	}
	return http.StatusInternalServerError, errorDetail{Code: "internal", Message: "Internal error."}, nil
}

func statusCode(status int) string {
	switch status {
	case http.StatusNotFound:
		return "not_found"
	case http.StatusMethodNotAllowed:
		return "method_not_allowed"
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusTooManyRequests:
		return "throttled"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	}
	return "bad_request"
}

// handleError is echo's HTTPErrorHandler: the single exit for failures.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, detail, re := classify(err)
	if status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "request failed", "method", c.Request().Method,
			"route", c.Path(), "status", status, "error", err) // the request id comes with the context
	}
	if re != nil && re.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", RetryAfter(re.RetryAfter))
	}
	if wantsHTML(c) {
		if s.errorPage != nil {
			_ = s.errorPage(c, status, detail.Message)
		} else {
			_ = c.String(status, detail.Message)
		}
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = c.JSON(status, errorBody{Error: detail})
}

// RetryAfter is a Retry-After header value: whole seconds, at least one.
func RetryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(d.Round(time.Second)/time.Second)))
}

// wantsHTML says whether a failure is answered with a page: everything but
// the API and the machine endpoints is a page, whatever the Accept header.
func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/metrics"
}
