package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// Shares: read-only links to an assessment's results for the client's
// sponsor, who has no account. The token is in the link, shown once.

type shareRequest struct {
	ExpiresInDays *int  `json:"expires_in_days"`
	Texts         *bool `json:"texts"`
}

// shareJSON is a share as the consultant sees it: never its token.
type shareJSON struct {
	ID           string     `json:"id"`
	Texts        bool       `json:"texts"`
	CreatedAt    time.Time  `json:"created_at"`
	ExpiresAt    time.Time  `json:"expires_at"`
	LastOpenedAt *time.Time `json:"last_opened_at"` // null until opened
}

func newShareJSON(sh assessment.Share) shareJSON {
	out := shareJSON{ID: sh.ID, Texts: sh.Texts, CreatedAt: sh.CreatedAt.UTC(), ExpiresAt: sh.ExpiresAt.UTC()}
	if sh.LastOpenedAt != nil {
		t := sh.LastOpenedAt.UTC()
		out.LastOpenedAt = &t
	}
	return out
}

// shareCreated adds the link, the one time it is shown.
type shareCreated struct {
	shareJSON
	URL string `json:"url"`
}

// shareURL is the link a share's token opens: base URL + /s/ + token.
func shareURL(baseURL, token string) string { return baseURL + "/s/" + token }

func (s *handler) createShare(c echo.Context) error {
	var in shareRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	sh, token, err := s.svc.CreateShare(c.Request().Context(), web.User(c), c.Param("id"),
		assessment.NewShare{ExpiresInDays: in.ExpiresInDays, Texts: in.Texts != nil && *in.Texts})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, shareCreated{shareJSON: newShareJSON(sh), URL: shareURL(s.baseURL, token)})
}

func (s *handler) listShares(c echo.Context) error {
	shares, err := s.svc.Shares(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]shareJSON, 0, len(shares))
	for _, sh := range shares {
		out = append(out, newShareJSON(sh))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) revokeShare(c echo.Context) error {
	if err := s.svc.RevokeShare(c.Request().Context(), web.User(c), c.Param("id"), c.Param("sid")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
