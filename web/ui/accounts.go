package ui

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// Accounts: the signed-in user's Account page (change one's password) and
// an admin's Users page (invite a colleague, issue a reset link, change a
// role, remove a user). The one-time links are shown on the page that the
// POST answers, never in a redirect: a URL with the token would stay in the
// browser's history. The Service refuses a consultant (403 page).

// accountRoutes registers the pages of a signed-in user, behind mw.
func (s *handler) accountRoutes(mw ...echo.MiddlewareFunc) {
	e := s.echo
	e.GET("/account", s.accountPage, mw...)
	e.POST("/account/password", s.changePasswordPage, mw...)
	e.GET("/users", s.usersPage, mw...)
	e.POST("/users/invitations", s.inviteUserPage, mw...)
	e.POST("/users/:id/reset", s.resetLinkPage, mw...)
	e.POST("/users/:id/role", s.changeRolePage, mw...)
	e.GET("/users/:id/remove", s.removeUserConfirm, mw...)
	e.POST("/users/:id/remove", s.removeUserPage, mw...)
	e.GET("/audit", s.auditPage, mw...)
}

// accountPage is the signed-in user's own account.
type accountPage struct {
	page
	Password form
	Changed  bool // the password was just changed
}

func (s *handler) accountPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "account.html", accountPage{page: s.newPage(c, s.T(c, "account.title")),
		Changed: c.QueryParam("changed") == "1"})
}

func (s *handler) changePasswordPage(c echo.Context) error {
	f := readForm(c, "current", "new", "repeat")
	show := func(status int) error {
		// Passwords are never typed back into a page.
		f.Values = map[string]string{}
		return s.render(c, status, "account.html", accountPage{page: s.newPage(c, s.T(c, "account.title")), Password: f})
	}
	if f.Get("new") != f.Get("repeat") {
		f.Errors["repeat"] = s.T(c, "account.differ")
		return show(http.StatusUnprocessableEntity)
	}
	err := s.svc.ChangePassword(c.Request().Context(), web.User(c), web.SessionToken(c), f.Get("current"), f.Get("new"))
	if f.fail(err, nil) {
		// "Current is not your current password." reads badly: name the
		// inputs as their labels do.
		if _, ok := f.Errors["current"]; ok {
			f.Errors["current"] = s.T(c, "form.current_password")
		}
		if msg, ok := f.Errors["new"]; ok && s.language(c) == locale.Default {
			f.Errors["new"] = "The new password " + strings.TrimPrefix(msg, "New ")
		}
		return show(http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/account?changed=1")
}

// usersPage is an admin's list of the workspace's users, with the forms
// that change them.
type usersPage struct {
	page
	Users   []assessment.User
	Admins  int // how many of Users are admins: the last one is kept
	Invite  form
	NewLink *oneTimeLink // the link just made, shown this once
	Message string       // why a change was refused (the last admin)
}

// oneTimeLink is an invitation or reset link to hand over.
type oneTimeLink struct {
	Reset   bool   // a reset link, not an invitation
	For     string // whom it is for: "Name <email>"
	URL     string
	Expires time.Time
}

func (s *handler) usersPage(c echo.Context) error {
	return s.renderUsers(c, http.StatusOK, usersPage{})
}

func (s *handler) renderUsers(c echo.Context, status int, v usersPage) error {
	us, err := s.svc.WorkspaceUsers(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	v.page, v.Users = s.newPage(c, s.T(c, "layout.users")), us
	for _, u := range us {
		if u.Role == assessment.RoleAdmin {
			v.Admins++
		}
	}
	return s.render(c, status, "users.html", v)
}

func (s *handler) inviteUserPage(c echo.Context) error {
	f := readForm(c, "email", "name", "role")
	inv, token, err := s.svc.Invite(c.Request().Context(), web.User(c),
		assessment.NewInvitation{Email: f.Get("email"), Name: f.Get("name"), Role: assessment.Role(f.Get("role"))})
	if f.fail(err, nil) {
		status := http.StatusUnprocessableEntity
		if assessment.KindOf(err) == assessment.Conflict {
			status = http.StatusConflict
		}
		return s.renderUsers(c, status, usersPage{Invite: f})
	}
	if err != nil {
		return err
	}
	return s.renderUsers(c, http.StatusOK, usersPage{NewLink: &oneTimeLink{
		For: inv.Name + " <" + inv.Email + ">", URL: s.baseURL + "/invite/" + token, Expires: inv.ExpiresAt}})
}

// workspaceUser finds a user of the admin's workspace for a page.
func (s *handler) workspaceUser(c echo.Context) (assessment.User, error) {
	us, err := s.svc.WorkspaceUsers(c.Request().Context(), web.User(c))
	if err != nil {
		return assessment.User{}, err
	}
	for _, u := range us {
		if u.ID == c.Param("id") {
			return u, nil
		}
	}
	return assessment.User{}, assessment.Errorf(assessment.NotFound, "no such user")
}

func (s *handler) resetLinkPage(c echo.Context) error {
	u, err := s.workspaceUser(c)
	if err != nil {
		return err
	}
	token, expires, err := s.svc.IssuePasswordReset(c.Request().Context(), web.User(c), u.ID)
	if err != nil {
		return err
	}
	return s.renderUsers(c, http.StatusOK, usersPage{NewLink: &oneTimeLink{Reset: true,
		For: u.Name + " <" + u.Email + ">", URL: s.baseURL + "/reset/" + token, Expires: expires}})
}

func (s *handler) changeRolePage(c echo.Context) error {
	_, err := s.svc.ChangeRole(c.Request().Context(), web.User(c), c.Param("id"), assessment.Role(c.FormValue("role")))
	if k := assessment.KindOf(err); k == assessment.Conflict || k == assessment.Invalid {
		return s.renderUsers(c, statusOf(k), usersPage{Message: refusal(err)})
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/users")
}

func (s *handler) removeUserConfirm(c echo.Context) error {
	u, err := s.workspaceUser(c)
	if err != nil {
		return err
	}
	q := s.T(c, "users.remove_q", "Name", u.Name)
	return s.render(c, http.StatusOK, "confirm.html", confirmPage{
		page: s.newPage(c, q), Question: q,
		Consequences: []string{
			s.T(c, "users.remove_sign_in", "Name", u.Name, "Email", u.Email),
			s.T(c, "users.remove_work_stays"),
			s.T(c, "users.remove_invite_again"),
		},
		Action: "/users/" + u.ID + "/remove", Button: s.T(c, "users.remove_name", "Name", u.Name), Cancel: "/users", Danger: true,
	})
}

func (s *handler) removeUserPage(c echo.Context) error {
	err := s.svc.RemoveUser(c.Request().Context(), web.User(c), c.Param("id"))
	if assessment.KindOf(err) == assessment.Conflict {
		return s.renderUsers(c, http.StatusConflict, usersPage{Message: refusal(err)})
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/users")
}

// refusal words a domain refusal as a sentence for the page.
func refusal(err error) string {
	var de *assessment.Error
	if errors.As(err, &de) {
		return sentence(de.Message)
	}
	return sentence(err.Error())
}

func statusOf(k assessment.Kind) int {
	if k == assessment.Conflict {
		return http.StatusConflict
	}
	return http.StatusUnprocessableEntity
}

// auditPage lists the newest entries of the workspace's audit log.
type auditPage struct {
	page
	Entries []assessment.AuditEntry
}

// auditActions are the catalogue keys of the audit log's actions: the page
// shows a label in its language, the API the action as it is.
var auditActions = map[string]string{
	assessment.AuditSignIn:             "audit_actions.sign_in",
	assessment.AuditSignInFailed:       "audit_actions.sign_in_failed",
	assessment.AuditUserAdded:          "audit_actions.user_added",
	assessment.AuditUserInvited:        "audit_actions.user_invited",
	assessment.AuditUserJoined:         "audit_actions.user_joined",
	assessment.AuditUserRoleChanged:    "audit_actions.user_role_changed",
	assessment.AuditUserRemoved:        "audit_actions.user_removed",
	assessment.AuditPasswordChanged:    "audit_actions.password_changed",
	assessment.AuditPasswordResetIssue: "audit_actions.password_reset_issued",
	assessment.AuditPasswordReset:      "audit_actions.password_reset",
	assessment.AuditShareCreated:       "audit_actions.share_created",
	assessment.AuditShareRevoked:       "audit_actions.share_revoked",
	assessment.AuditOrganisationDelete: "audit_actions.organisation_deleted",
	assessment.AuditAssessmentDelete:   "audit_actions.assessment_deleted",
	assessment.AuditRespondentErased:   "audit_actions.respondent_erased",
	assessment.AuditNotesChanged:       "audit_actions.notes_changed",
	assessment.AuditAgreedChanged:      "audit_actions.agreed_changed",
	assessment.AuditAgreedDeleted:      "audit_actions.agreed_deleted",
	assessment.AuditWorkspaceChanged:   "audit_actions.workspace_changed",
	assessment.AuditLogoChanged:        "audit_actions.logo_changed",
	assessment.AuditLogoDeleted:        "audit_actions.logo_deleted",
}

// auditActionLabel words an action for the audit page; an action without
// a label (an older or newer one) shows as it is stored.
func auditActionLabel(p *locale.Printer, action string) string {
	if key, ok := auditActions[action]; ok {
		return p.T(key)
	}
	return action
}

// auditPageLimit is how many entries the page shows; the API gives up to
// assessment.MaxAuditLimit.
const auditPageLimit = 200

func (s *handler) auditPage(c echo.Context) error {
	es, err := s.svc.Audit(c.Request().Context(), web.User(c), auditPageLimit)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "audit.html", auditPage{page: s.newPage(c, s.T(c, "audit.title")), Entries: es})
}

// passwordFieldView is one password input: it never carries a value.
type passwordFieldView struct {
	ID, Name, Label, Autocomplete, Error string
}

// passwordField builds a password input of f named name.
func passwordField(id, name, label, autocomplete string, f form) passwordFieldView {
	return passwordFieldView{ID: id, Name: name, Label: label, Autocomplete: autocomplete, Error: f.Err(name)}
}

// emailField is field for an email address.
func emailField(id, name, label string, f form) fieldView {
	v := field(id, name, label, f)
	v.Type, v.Max = "email", 254
	return v
}
