package api_test

import (
	"context"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestAdminsManageTheirWorkspaceUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		if _, err := h.Service.AddUser(context.Background(), assessment.NewUser{Workspace: "Owl", Email: "admin@owl.example",
			Name: "Ada", Role: assessment.RoleAdmin, Password: webtest.Password}); err != nil {
			t.Fatal(err)
		}
		var tok struct{ Token string }
		h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": "admin@owl.example", "password": webtest.Password}, 201, &tok)
		admin := tok.Token
		consultant := h.Consultant("Owl") // owl@example.com, a consultant of the same workspace
		outsider := h.Consultant("Elsewhere")

		var made struct{ ID, Email, Name, Role string }
		h.MustJSON("POST", "/api/v1/users", admin, map[string]string{"email": "New@Owl.example", "name": "Newt", "role": "consultant", "password": "a long enough secret"}, 201, &made)
		if made.Email != "new@owl.example" || made.Role != "consultant" || made.ID == "" {
			t.Errorf("created %+v", made)
		}
		// The new consultant signs in and works in the admin's workspace.
		h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": "new@owl.example", "password": "a long enough secret"}, 201, &tok)
		var o struct{ ID string }
		h.MustJSON("POST", "/api/v1/organisations", admin, map[string]string{"name": "Shared Co"}, 201, &o)
		h.MustJSON("GET", "/api/v1/organisations/"+o.ID, tok.Token, nil, 200, nil)

		var list []struct{ Email, Role string }
		r := h.MustJSON("GET", "/api/v1/users", admin, nil, 200, &list)
		if len(list) != 3 || list[0].Email != "admin@owl.example" || list[2].Email != "new@owl.example" {
			t.Errorf("users of the workspace: %s", r.Body)
		}
		for _, c := range []struct {
			name, token string
			body        map[string]string
			status      int
			field       string
		}{
			{"duplicate email", admin, map[string]string{"email": "owl@example.com", "name": "x", "role": "consultant", "password": "a long enough secret"}, 409, "email"},
			{"weak password", admin, map[string]string{"email": "w@owl.example", "name": "x", "role": "consultant", "password": "short"}, 422, "password"},
			{"unknown role", admin, map[string]string{"email": "w@owl.example", "name": "x", "role": "owner", "password": "a long enough secret"}, 422, "role"},
			{"consultant may not add", consultant, map[string]string{"email": "w@owl.example", "name": "x", "role": "admin", "password": "a long enough secret"}, 403, ""},
			{"no token", "", map[string]string{"email": "w@owl.example", "name": "x", "role": "admin", "password": "a long enough secret"}, 401, ""},
		} {
			r := h.Do("POST", "/api/v1/users", c.token, c.body)
			if _, field := r.ErrorField(); r.Status != c.status || field != c.field {
				t.Errorf("%s: %s, want %d naming %q", c.name, r, c.status, c.field)
			}
		}
		if r := h.Do("GET", "/api/v1/users", consultant, nil); r.Status != 403 {
			t.Errorf("consultant lists users: %s", r)
		}
		// Another workspace's consultant sees none of it; its own list is refused too.
		if r := h.Do("GET", "/api/v1/users", outsider, nil); r.Status != 403 {
			t.Errorf("outsider lists users: %s", r)
		}
		h.MustJSON("GET", "/api/v1/users", admin, nil, 200, &list)
		if len(list) != 3 {
			t.Errorf("refused requests changed the users: %d", len(list))
		}
	})
}
