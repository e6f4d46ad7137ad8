package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// Users of the caller's workspace: admins only (403 for consultants).

type userRequest struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Password string `json:"password"`
}

// userJSON is a user as an admin sees it: never the password hash.
type userJSON struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

func newUserJSON(u assessment.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), CreatedAt: u.CreatedAt.UTC()}
}

func (s *handler) listUsers(c echo.Context) error {
	us, err := s.svc.WorkspaceUsers(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(us))
	for _, u := range us {
		out = append(out, newUserJSON(u))
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) createUser(c echo.Context) error {
	var in userRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	u, err := s.svc.AddWorkspaceUser(c.Request().Context(), web.User(c),
		assessment.NewUser{Email: in.Email, Name: in.Name, Role: assessment.Role(in.Role), Password: in.Password})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newUserJSON(u))
}
