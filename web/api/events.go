package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// Server-sent event streams. A stream subscribes first, then reads the event
// log after the listener's last id until it is empty, then waits for a
// wake-up, a heartbeat or the end: a wake-up may stand for many events, and
// one that comes while the stream reads only makes it read once more.

// A heartbeat (web.Server.Heartbeat) keeps proxies from closing a quiet
// stream; on a consultant's stream it also re-checks the credential, so a
// removed user, a password reset or a sign-out ends the stream within one
// heartbeat.
const (
	// streamWriteWait bounds one write: a client that stops reading is
	// dropped after it, instead of holding a goroutine for good.
	streamWriteWait = 20 * time.Second
	// streamPage is how many events one read of the log takes.
	streamPage = 256
)

func (s *handler) assessmentEvents(c echo.Context) error {
	st, err := s.svc.AssessmentEvents(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.stream(c, st, func() error { return s.srv.Recheck(c) })
}

func (s *handler) responseEvents(c echo.Context) error {
	st, err := s.svc.ResponseEvents(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return s.stream(c, st, nil)
}

// eventData is the JSON payload of an event, by kind.
func eventData(e assessment.Event) any {
	switch e.Kind {
	case assessment.EventAnswer:
		return map[string]string{"respondent_id": e.RespondentID, "question": e.Question, "capability": e.Capability}
	case assessment.EventRespondent, assessment.EventSubmit:
		return map[string]string{"respondent_id": e.RespondentID}
	case assessment.EventFocus:
		var c *string
		if e.Capability != "" {
			c = &e.Capability
		}
		return map[string]*string{"capability": c}
	case assessment.EventAgreed:
		return map[string]string{"question": e.Question, "capability": e.Capability}
	}
	return struct{}{}
}

// resumeFrom is the id a client has seen: the Last-Event-ID header a
// reconnecting EventSource sends, or ?after= from a page that knows where it
// stands; ok is false when neither is given.
func resumeFrom(r *http.Request) (id int64, ok bool, err error) {
	v := r.Header.Get("Last-Event-ID")
	field := "Last-Event-ID"
	if v == "" {
		v, field = r.URL.Query().Get("after"), "after"
	}
	if v == "" {
		return 0, false, nil
	}
	id, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id < 0 {
		return 0, false, web.BadRequest(field, "%s must be an event id", field)
	}
	return id, true, nil
}

// stream serves st; recheck, when not nil, runs on every heartbeat and
// ends the stream when it fails.
func (s *handler) stream(c echo.Context, st *assessment.Stream, recheck func() error) error {
	req := c.Request()
	after, resume, err := resumeFrom(req)
	if err != nil {
		return err
	}
	// The stream ends with its request or when the server shuts down:
	// http.Server.Shutdown does not wait for long requests to end by themselves.
	ctx, cancel := context.WithCancel(req.Context())
	defer cancel()
	defer context.AfterFunc(s.streams, cancel)()

	wake, unsubscribe := st.Subscribe() // before the first read, so nothing slips between
	defer unsubscribe()
	if !resume {
		if after, err = st.Last(ctx); err != nil {
			return err
		}
	}
	defer s.metrics.StreamOpened()()

	w := c.Response()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set(echo.HeaderCacheControl, "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	w.WriteHeader(http.StatusOK)

	var buf bytes.Buffer
	send := func() bool {
		// The server's WriteTimeout is an absolute deadline for the whole
		// response; a stream sets a fresh one for each write instead.
		if err := rc.SetWriteDeadline(time.Now().Add(streamWriteWait)); err != nil {
			return false
		}
		_, err := w.Write(buf.Bytes())
		buf.Reset()
		return err == nil && rc.Flush() == nil
	}
	buf.WriteString("retry: 2000\n: stream\n\n")
	if !send() {
		return nil
	}
	heartbeat := time.NewTicker(s.srv.Heartbeat())
	defer heartbeat.Stop()
	for {
		events, err := st.After(ctx, after, streamPage)
		if err != nil {
			if ctx.Err() == nil {
				s.log.WarnContext(ctx, "read events", "error", err)
			}
			return nil // the client reconnects and resumes
		}
		for _, e := range events {
			data, err := json.Marshal(eventData(e))
			if err != nil {
				return fmt.Errorf("encode event %d: %w", e.ID, err)
			}
			fmt.Fprintf(&buf, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, e.Kind, data)
			after = e.ID
		}
		if buf.Len() > 0 && !send() {
			return nil
		}
		if len(events) == streamPage {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-heartbeat.C:
			if recheck != nil {
				if err := recheck(); err != nil {
					if assessment.KindOf(err) != assessment.Unauthorized && ctx.Err() == nil {
						s.log.WarnContext(ctx, "re-check a stream's credential", "error", err)
					}
					return nil // signed out, removed or reset: the stream ends
				}
			}
			buf.WriteString(": heartbeat\n\n")
			if !send() {
				return nil
			}
		}
	}
}
