package webtest

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/readiness/readiness/assessment"
)

// Admin creates an admin in the workspace (made if new) and returns their
// API token. Their email is admin@WORKSPACE.example, their password Password.
func (h *Harness) Admin(workspace string) string {
	h.T.Helper()
	email := AdminEmail(workspace)
	if _, err := h.Service.AddUser(context.Background(), assessment.NewUser{Workspace: workspace, Email: email,
		Name: "Admin " + workspace, Role: assessment.RoleAdmin, Password: Password}); err != nil {
		h.T.Fatal(err)
	}
	return h.Token(email, Password)
}

// AdminEmail is the email of the workspace's admin made by Admin.
func AdminEmail(workspace string) string { return "admin@" + strings.ToLower(workspace) + ".example" }

// Token signs in through the API and returns the token.
func (h *Harness) Token(email, password string) string {
	h.T.Helper()
	var tok struct{ Token string }
	h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": password}, 201, &tok)
	return tok.Token
}

// SignInAs signs a new visitor in with the sign-in page.
func (h *Harness) SignInAs(email, password string) *Visitor {
	h.T.Helper()
	v := h.Visitor()
	v.Get("/login")
	r := v.Post("/login", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		h.T.Fatalf("sign in as %s: %s", email, r)
	}
	return v
}

// Session is the visitor's session cookie; "" when signed out.
func (v *Visitor) Session() string {
	u, err := url.Parse(v.h.Server.URL)
	if err != nil {
		v.h.T.Fatal(err)
	}
	for _, c := range v.Client.Jar.Cookies(u) {
		if c.Name == "readiness_session" {
			return c.Value
		}
	}
	return ""
}
