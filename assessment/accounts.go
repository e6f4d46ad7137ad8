package assessment

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Accounts: the links an admin hands a colleague (an invitation to join the
// workspace, a reset link to choose a new password), changing one's own
// password, and an admin's changes to the users of the workspace. No mail
// server is needed: the service returns each link's token once and the admin
// passes it on. Tokens carry 256 random bits and are stored only hashed; a
// link is consumed by the write that checks it, so two clicks at once cannot
// both succeed, and a GET (a mail scanner, a chat preview) never consumes it.

// How long the one-time links live.
const (
	InvitationTTL    = 7 * 24 * time.Hour
	PasswordResetTTL = 24 * time.Hour
)

// Invitation is a pending invitation to join a workspace.
type Invitation struct {
	ID          string
	WorkspaceID string
	Email       string
	Name        string
	Role        Role
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// NewInvitation is what an admin fills in to invite a colleague.
type NewInvitation struct {
	Email string
	Name  string
	Role  Role
}

// Session is a new API token or browser session: the hash the store keeps
// and when it expires.
type Session struct {
	TokenHash []byte
	ExpiresAt time.Time
}

// AccountStore keeps one-time links and the changes to users that need more
// than UserStore. Each method that takes an AuditEntry writes it in the same
// transaction as the change.
type AccountStore interface {
	// WorkspaceUser returns a user of the workspace; NotFound otherwise.
	WorkspaceUser(ctx context.Context, workspaceID, id string) (User, error)
	// SetPassword replaces the user's password hash and ends every token
	// (API token or session) of the user but keep (nil: all of them); NotFound
	// if the user is gone.
	SetPassword(ctx context.Context, userID, passwordHash string, keep []byte, e AuditEntry) error

	// CreateInvitation stores inv with the hash of its token; Conflict if a
	// user already has inv.Email.
	CreateInvitation(ctx context.Context, inv Invitation, tokenHash []byte, e AuditEntry) (Invitation, error)
	// InvitationByToken finds an unused invitation unexpired at now; NotFound
	// otherwise. It changes nothing.
	InvitationByToken(ctx context.Context, tokenHash []byte, now time.Time) (Invitation, error)
	// AcceptInvitation marks the invitation used, if it is unused and
	// unexpired at now (else NotFound), creates its user with passwordHash and
	// starts the session s: all or nothing. Conflict if a user took the email
	// meanwhile (the invitation stays unused).
	AcceptInvitation(ctx context.Context, tokenHash []byte, now time.Time, passwordHash string, s Session, e AuditEntry) (User, error)

	// CreatePasswordReset stores a reset link for a user of the workspace;
	// NotFound if there is no such user.
	CreatePasswordReset(ctx context.Context, workspaceID, userID string, tokenHash []byte, created, expires time.Time, e AuditEntry) error
	// PasswordResetByToken finds the user of an unused reset link unexpired
	// at now; NotFound otherwise. It changes nothing.
	PasswordResetByToken(ctx context.Context, tokenHash []byte, now time.Time) (User, error)
	// UsePasswordReset marks the link used, if it is unused and unexpired at
	// now (else NotFound), sets the user's password, ends every token of the
	// user and every other reset link of theirs, and starts the session s:
	// all or nothing.
	UsePasswordReset(ctx context.Context, tokenHash []byte, now time.Time, passwordHash string, s Session, e AuditEntry) (User, error)

	// SetRole changes the role of a user of the workspace; NotFound if there
	// is none, Conflict if it would leave the workspace without an admin
	// (checked under a lock on the workspace, so two demotions cannot race).
	SetRole(ctx context.Context, workspaceID, userID string, role Role, e AuditEntry) (User, error)
	// RemoveUser deletes a user of the workspace with their tokens and reset
	// links; what they made belongs to the workspace and stays. NotFound if
	// there is none, Conflict if they are its last admin (as for SetRole).
	RemoveUser(ctx context.Context, workspaceID, userID string, e AuditEntry) error
}

// adminOnly refuses a user who is not an admin of their workspace; what
// says what only an admin does.
func adminOnly(u User, what string) error {
	if u.Role != RoleAdmin {
		return Errorf(Forbidden, "only an admin of the workspace %s", what)
	}
	return nil
}

// checkPassword checks a password the user chose; field names the input.
func checkPassword(field, password string) error {
	if utf8.RuneCountInString(password) < MinPasswordLen {
		return FieldError(field, "must be at least %d characters", MinPasswordLen)
	}
	if len(password) > 72 { // bcrypt's limit: longer passwords would be silently cut
		return FieldError(field, "must be at most 72 bytes")
	}
	return nil
}

// hashPassword checks a chosen password and hashes it, bounded by the hash
// slots.
func (s *Service) hashPassword(ctx context.Context, field, password string) (string, error) {
	if err := checkPassword(field, password); err != nil {
		return "", err
	}
	release, err := s.hashSlot(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	h, err := bcrypt.GenerateFromPassword([]byte(password), s.bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// passwordMatches compares a password with a stored hash, bounded by the
// hash slots.
func (s *Service) passwordMatches(ctx context.Context, hash, password string) (bool, error) {
	release, err := s.hashSlot(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil, nil
}

// newSession makes the token of a new session and what the store keeps of it.
func (s *Service) newSession() (token string, sess Session) {
	token, hash := NewToken()
	return token, Session{TokenHash: hash, ExpiresAt: s.Now().Add(s.tokenTTL).Truncate(time.Second)}
}
