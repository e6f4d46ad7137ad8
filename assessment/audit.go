package assessment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The audit log says who did what to which object, and when, for an
// admin who must answer "who removed this?". It is append-only (the
// database refuses to change or delete an entry) and never holds a secret:
// no password, token or answer text goes into any field, and an erasure
// names the erased respondent's id, never their name.

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID          int64
	WorkspaceID string // "" for a failed sign-in with an email no workspace knows
	At          time.Time
	Actor       string // the user's email, ActorCommandLine, or an unknown email's digest
	Action      string // one of the Audit* actions
	Target      string // "kind:id", e.g. "user:abc", "assessment:abc/question:q1"
	RequestID   string // the request that did it; "" from the command line
}

// The actions the audit log records.
const (
	AuditSignIn             = "sign-in"
	AuditSignInFailed       = "sign-in.failed"
	AuditUserAdded          = "user.added"
	AuditUserInvited        = "user.invited"
	AuditUserJoined         = "user.joined" // accepted an invitation
	AuditUserRoleChanged    = "user.role-changed"
	AuditUserRemoved        = "user.removed"
	AuditPasswordChanged    = "password.changed"
	AuditPasswordResetIssue = "password.reset-issued"
	AuditPasswordReset      = "password.reset"
	AuditShareCreated       = "share.created"
	AuditShareRevoked       = "share.revoked"
	AuditOrganisationDelete = "organisation.deleted"
	AuditAssessmentDelete   = "assessment.deleted"
	AuditRespondentErased   = "respondent.erased"
	AuditNotesChanged       = "notes.changed"
	AuditAgreedChanged      = "agreed.changed"
	AuditAgreedDeleted      = "agreed.deleted"
	AuditWorkspaceChanged   = "workspace.changed"
	AuditLogoChanged        = "workspace.logo-changed"
	AuditLogoDeleted        = "workspace.logo-deleted"
)

// ActorCommandLine is the actor of what the readiness command does: the
// operator at the server's terminal, who signs in as nobody.
const ActorCommandLine = "command line"

// DefaultAuditLimit and MaxAuditLimit bound a listing of the audit log.
const (
	DefaultAuditLimit = 100
	MaxAuditLimit     = 1000
)

// AuditStore keeps the audit log.
type AuditStore interface {
	// AppendAudit adds one entry.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// Audit lists up to limit entries of a workspace, newest first.
	Audit(ctx context.Context, workspaceID string, limit int) ([]AuditEntry, error)
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the request being served;
// the web layer's request-id middleware calls it once per request, and every
// audit entry the Service writes under that ctx names the request.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id WithRequestID put into ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// auditOf builds the entry for an action of u on target now.
func (s *Service) auditOf(ctx context.Context, u User, action, target string) AuditEntry {
	return AuditEntry{WorkspaceID: u.WorkspaceID, At: s.Now(), Actor: u.Email, Action: action, Target: target,
		RequestID: RequestID(ctx)}
}

// audit appends the entry for an action that has just happened. Where the
// store method of the action takes the entry itself (and writes it in the
// same transaction), use that instead.
func (s *Service) audit(ctx context.Context, u User, action, target string) error {
	if err := s.store.AppendAudit(context.WithoutCancel(ctx), s.auditOf(ctx, u, action, target)); err != nil {
		return fmt.Errorf("audit %s of %s: %w", action, target, err)
	}
	return nil
}

// unknownActor names someone who tried to sign in with an email no
// workspace knows. People type passwords into the email box: the entry
// keeps only a short digest, enough to tell that many failures came from
// one string, never the string itself.
func unknownActor(email string) string {
	h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return "unknown:" + hex.EncodeToString(h[:6])
}

// target names an object of kind with id in an audit entry.
func target(kind, id string) string { return kind + ":" + id }

// Audit lists the newest limit entries of the admin's workspace (limit 0:
// DefaultAuditLimit).
func (s *Service) Audit(ctx context.Context, admin User, limit int) ([]AuditEntry, error) {
	if err := adminOnly(admin, "reads the audit log"); err != nil {
		return nil, err
	}
	if limit == 0 {
		limit = DefaultAuditLimit
	}
	if limit < 1 || limit > MaxAuditLimit {
		return nil, FieldError("limit", "must be between 1 and %d", MaxAuditLimit)
	}
	return s.store.Audit(ctx, admin.WorkspaceID, limit)
}

// auditSignIn records a sign-in of u (zero if no user has email) and, for a
// failed one, returns the Unauthorized error Login answers. A failed entry
// that cannot be written does not turn a wrong password into a server
// error: the error is joined, and its kind stays Unauthorized.
func (s *Service) auditSignIn(ctx context.Context, u User, email string, ok bool) error {
	e := AuditEntry{WorkspaceID: u.WorkspaceID, At: s.Now(), Actor: u.Email, Action: AuditSignIn,
		Target: target("user", u.ID), RequestID: RequestID(ctx)}
	if u.ID == "" {
		e.Actor, e.Target = unknownActor(email), ""
	}
	if ok {
		if err := s.store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
			return fmt.Errorf("audit sign-in: %w", err)
		}
		return nil
	}
	e.Action = AuditSignInFailed
	wrong := Errorf(Unauthorized, "wrong email or password")
	if err := s.store.AppendAudit(context.WithoutCancel(ctx), e); err != nil {
		return errors.Join(wrong, fmt.Errorf("audit failed sign-in: %w", err))
	}
	return wrong
}
