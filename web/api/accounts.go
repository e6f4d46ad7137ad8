package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// Accounts: one's own password, and an admin's invitations, reset links,
// role changes and removals. The links are built here from the base URL and
// the token the Service returns once; the Service keeps only its hash.

type passwordRequest struct {
	Current string `json:"current"`
	New     string `json:"new"`
}

// changePassword keeps the caller's own token alive; every other session
// and token of theirs ends.
func (s *handler) changePassword(c echo.Context) error {
	var in passwordRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(c.Request().Context(), web.User(c), web.Credential(c), in.Current, in.New); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type invitationRequest struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

type invitationJSON struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *handler) createInvitation(c echo.Context) error {
	var in invitationRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	inv, token, err := s.svc.Invite(c.Request().Context(), web.User(c),
		assessment.NewInvitation{Email: in.Email, Name: in.Name, Role: assessment.Role(in.Role)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, invitationJSON{ID: inv.ID, URL: s.baseURL + "/invite/" + token, ExpiresAt: inv.ExpiresAt.UTC()})
}

type resetJSON struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (s *handler) createPasswordReset(c echo.Context) error {
	token, expires, err := s.svc.IssuePasswordReset(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, resetJSON{URL: s.baseURL + "/reset/" + token, ExpiresAt: expires.UTC()})
}

type roleRequest struct {
	Role string `json:"role"`
}

func (s *handler) updateUser(c echo.Context) error {
	var in roleRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	// A missing role is the Service's Invalid "role", after its admin check.
	u, err := s.svc.ChangeRole(c.Request().Context(), web.User(c), c.Param("id"), assessment.Role(in.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newUserJSON(u))
}

func (s *handler) deleteUser(c echo.Context) error {
	if err := s.svc.RemoveUser(c.Request().Context(), web.User(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
