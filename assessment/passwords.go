package assessment

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ChangePassword replaces u's password after checking the current one, and
// ends every other session and API token of u: whoever else held one must
// sign in again. sessionToken is the token of the request (its bearer token
// or session cookie), which stays valid. A wrong current password is Invalid
// naming "current"; a weak new one names "new".
func (s *Service) ChangePassword(ctx context.Context, u User, sessionToken, current, next string) error {
	stored, err := s.store.WorkspaceUser(ctx, u.WorkspaceID, u.ID)
	if err != nil {
		return fmt.Errorf("change password of %s: %w", u.ID, err)
	}
	ok, err := s.passwordMatches(ctx, stored.PasswordHash, current)
	if err != nil {
		return err
	}
	if !ok {
		return FieldError("current", "is not your current password")
	}
	hash, err := s.hashPassword(ctx, "new", next)
	if err != nil {
		return err
	}
	var keep []byte
	if sessionToken != "" {
		keep = HashToken(sessionToken)
	}
	return s.store.SetPassword(ctx, u.ID, hash, keep, s.auditOf(ctx, u, AuditPasswordChanged, target("user", u.ID)))
}

// IssuePasswordReset makes a reset link for a user of the admin's workspace,
// valid once for PasswordResetTTL: the token to append to the base URL's
// /reset/, shown once. Earlier links of the user stay valid until used or
// expired; using any one ends the others.
func (s *Service) IssuePasswordReset(ctx context.Context, admin User, userID string) (token string, expires time.Time, err error) {
	if err := adminOnly(admin, "resets passwords"); err != nil {
		return "", time.Time{}, err
	}
	token, hash := NewToken()
	now := s.Now()
	expires = now.Add(PasswordResetTTL).Truncate(time.Second)
	e := s.auditOf(ctx, admin, AuditPasswordResetIssue, target("user", userID))
	if err := s.store.CreatePasswordReset(ctx, admin.WorkspaceID, userID, hash, now, expires, e); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// PasswordReset returns the user a reset link is for, so that its page can
// greet them; NotFound if the link is used, expired or unknown. It never
// consumes the link: mail scanners and chat previews open links too.
func (s *Service) PasswordReset(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errLinkGone()
	}
	u, err := s.store.PasswordResetByToken(ctx, HashToken(token), s.Now())
	if KindOf(err) == NotFound {
		return User{}, errLinkGone()
	}
	return u, err
}

// ResetPassword consumes a reset link: it sets the user's password (Invalid
// naming "password" if weak), ends every session and API token of theirs and
// signs them in with a new session, all at once. A used, expired or unknown
// link is NotFound, also when two requests race for one link.
func (s *Service) ResetPassword(ctx context.Context, token, password string) (User, string, time.Time, error) {
	hash, err := s.hashPassword(ctx, "password", password)
	if err != nil {
		return User{}, "", time.Time{}, err
	}
	if token == "" {
		return User{}, "", time.Time{}, errLinkGone()
	}
	session, sess := s.newSession()
	// The store fills in whose password it was: the link names the user.
	e := AuditEntry{At: s.Now(), Action: AuditPasswordReset, RequestID: RequestID(ctx)}
	u, err := s.store.UsePasswordReset(ctx, HashToken(token), s.Now(), hash, sess, e)
	if KindOf(err) == NotFound {
		return User{}, "", time.Time{}, errLinkGone()
	}
	if err != nil {
		return User{}, "", time.Time{}, err
	}
	return u, session, sess.ExpiresAt, nil
}

// SetPasswordByEmail sets the password of the user with email and ends every
// session and API token of theirs: `readiness user reset-password`, for the
// operator when the last admin has lost theirs. An unknown email is
// NotFound naming "email"; a weak password is Invalid naming "password".
func (s *Service) SetPasswordByEmail(ctx context.Context, email, password string) (User, error) {
	if err := checkPassword("password", password); err != nil {
		return User{}, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := s.store.UserByEmail(ctx, email)
	if KindOf(err) == NotFound {
		return User{}, &Error{Kind: NotFound, Field: "email", Message: fmt.Sprintf("no user has the email %s", email)}
	}
	if err != nil {
		return User{}, fmt.Errorf("find user %s: %w", email, err)
	}
	hash, err := s.hashPassword(ctx, "password", password)
	if err != nil {
		return User{}, err
	}
	e := AuditEntry{WorkspaceID: u.WorkspaceID, At: s.Now(), Actor: ActorCommandLine, Action: AuditPasswordReset,
		Target: target("user", u.ID), RequestID: RequestID(ctx)}
	if err := s.store.SetPassword(ctx, u.ID, hash, nil, e); err != nil {
		return User{}, err
	}
	return u, nil
}
