package assessment

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Validate checks and normalises what an admin filled in.
func (n *NewInvitation) Validate() error {
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(n.Name)
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		return FieldError("email", "must be an email address such as name@example.com")
	}
	if err := checkLength("name", n.Name, 1, 200); err != nil {
		return err
	}
	if n.Role != RoleConsultant && n.Role != RoleAdmin {
		return FieldError("role", "must be consultant or admin")
	}
	return nil
}

// Invite makes an invitation to the admin's workspace, valid once for
// InvitationTTL: the token to append to the base URL's /invite/, shown once.
// An email a user already has is Conflict naming "email".
func (s *Service) Invite(ctx context.Context, admin User, n NewInvitation) (Invitation, string, error) {
	if err := adminOnly(admin, "invites colleagues"); err != nil {
		return Invitation{}, "", err
	}
	if err := n.Validate(); err != nil {
		return Invitation{}, "", err
	}
	token, hash := NewToken()
	now := s.Now()
	inv := Invitation{WorkspaceID: admin.WorkspaceID, Email: n.Email, Name: n.Name, Role: n.Role,
		CreatedAt: now, ExpiresAt: now.Add(InvitationTTL).Truncate(time.Second)}
	e := s.auditOf(ctx, admin, AuditUserInvited, "")
	inv, err := s.store.CreateInvitation(ctx, inv, hash, e)
	if err != nil {
		return Invitation{}, "", emailTaken(err, n.Email)
	}
	return inv, token, nil
}

// errLinkGone is the one answer to a one-time link that is unknown, used or
// expired: the three look alike, so a link's state is never revealed.
func errLinkGone() *Error { return Errorf(NotFound, "this link is unknown, used or expired") }

// Invitation returns the invitation a link carries, for its page; NotFound
// if it is used, expired or unknown. It never consumes the link.
func (s *Service) Invitation(ctx context.Context, token string) (Invitation, error) {
	if token == "" {
		return Invitation{}, errLinkGone()
	}
	inv, err := s.store.InvitationByToken(ctx, HashToken(token), s.Now())
	if KindOf(err) == NotFound {
		return Invitation{}, errLinkGone()
	}
	return inv, err
}

// AcceptInvitation consumes an invitation: it creates the invited user with
// the password they chose (Invalid naming "password" if weak) and signs them
// in with a new session. A used, expired or unknown link is NotFound, also
// when two requests race for one link; an email taken meanwhile is
// Conflict, and the link stays usable once the clash is resolved.
func (s *Service) AcceptInvitation(ctx context.Context, token, password string) (User, string, time.Time, error) {
	hash, err := s.hashPassword(ctx, "password", password)
	if err != nil {
		return User{}, "", time.Time{}, err
	}
	if token == "" {
		return User{}, "", time.Time{}, errLinkGone()
	}
	session, sess := s.newSession()
	// The store fills in the workspace, actor and target: the new user.
	e := AuditEntry{At: s.Now(), Action: AuditUserJoined, RequestID: RequestID(ctx)}
	u, err := s.store.AcceptInvitation(ctx, HashToken(token), s.Now(), hash, sess, e)
	switch KindOf(err) {
	case "":
		return u, session, sess.ExpiresAt, nil
	case NotFound:
		return User{}, "", time.Time{}, errLinkGone()
	case Conflict:
		return User{}, "", time.Time{}, &Error{Kind: Conflict, Field: "email",
			Message: "a user with this email already exists; ask your administrator"}
	}
	return User{}, "", time.Time{}, fmt.Errorf("accept invitation: %w", err)
}
