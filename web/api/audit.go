package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/web"
)

// The audit log of the caller's workspace: admins only, newest first.

type auditJSON struct {
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Action    string    `json:"action"`
	Target    string    `json:"target"`
	RequestID string    `json:"request_id"`
}

func (s *handler) listAudit(c echo.Context) error {
	limit := 0
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1 // the Service names limit, after its admin check
		}
		limit = n
	}
	es, err := s.svc.Audit(c.Request().Context(), web.User(c), limit)
	if err != nil {
		return err
	}
	out := make([]auditJSON, 0, len(es))
	for _, e := range es {
		out = append(out, auditJSON{At: e.At.UTC(), Actor: e.Actor, Action: e.Action, Target: e.Target, RequestID: e.RequestID})
	}
	return c.JSON(http.StatusOK, out)
}
