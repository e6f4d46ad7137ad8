package assessment

import (
	"context"
	"fmt"
	"time"
)

// A share is a read-only link to an assessment's results for someone
// without an account, such as the client's sponsor: scores, the stage
// ladder, the roadmap, the consultant's notes and, if the share says so,
// what participants wrote, never who they are. The token carries 256
// random bits and is stored only hashed; a revoked or expired share is as
// unknown as a made-up one.

// Bounds of a share's life, in days.
const (
	DefaultShareDays = 30
	MaxShareDays     = 365
)

// Share is one read-only link to an assessment.
type Share struct {
	ID           string
	WorkspaceID  string
	AssessmentID string
	Texts        bool // the page shows participants' visible texts
	CreatedAt    time.Time
	ExpiresAt    time.Time
	LastOpenedAt *time.Time // nil until someone opens it
}

// NewShare is what a consultant asks for; nil ExpiresInDays means
// DefaultShareDays.
type NewShare struct {
	ExpiresInDays *int
	Texts         bool
}

// ShareStore keeps shares.
type ShareStore interface {
	// CreateShare stores sh with its token hash; NotFound if the assessment
	// is not in sh.WorkspaceID.
	CreateShare(ctx context.Context, sh Share, tokenHash []byte, e AuditEntry) (Share, error)
	// Shares lists the assessment's shares neither revoked nor expired at
	// now, oldest first; NotFound if the assessment is not in the workspace.
	Shares(ctx context.Context, workspaceID, assessmentID string, now time.Time) ([]Share, error)
	// RevokeShare ends a share of the assessment at at; NotFound if there is
	// no such unrevoked share in the workspace.
	RevokeShare(ctx context.Context, workspaceID, assessmentID, id string, at time.Time, e AuditEntry) error
	// OpenShare finds the share of a token hash, unrevoked and unexpired at
	// now, and records now as its last opening; NotFound otherwise.
	OpenShare(ctx context.Context, tokenHash []byte, now time.Time) (Share, error)
}

// CreateShare makes a read-only link to an assessment of the user's
// workspace: the token to append to the base URL's /s/, shown once.
func (s *Service) CreateShare(ctx context.Context, u User, assessmentID string, n NewShare) (Share, string, error) {
	days := DefaultShareDays
	if n.ExpiresInDays != nil {
		days = *n.ExpiresInDays
	}
	if days < 1 || days > MaxShareDays {
		return Share{}, "", FieldError("expires_in_days", "must be between 1 and %d", MaxShareDays)
	}
	token, hash := NewToken()
	now := s.Now()
	sh := Share{WorkspaceID: u.WorkspaceID, AssessmentID: assessmentID, Texts: n.Texts,
		CreatedAt: now, ExpiresAt: now.Add(time.Duration(days) * 24 * time.Hour).Truncate(time.Second)}
	sh, err := s.store.CreateShare(ctx, sh, hash, s.auditOf(ctx, u, AuditShareCreated, ""))
	if err != nil {
		return Share{}, "", err
	}
	return sh, token, nil
}

// Shares lists the live shares of an assessment of the user's workspace.
func (s *Service) Shares(ctx context.Context, u User, assessmentID string) ([]Share, error) {
	return s.store.Shares(ctx, u.WorkspaceID, assessmentID, s.Now())
}

// RevokeShare ends a share of an assessment of the user's workspace: its
// link answers as an unknown one does from now on.
func (s *Service) RevokeShare(ctx context.Context, u User, assessmentID, shareID string) error {
	e := s.auditOf(ctx, u, AuditShareRevoked, target("assessment", assessmentID)+"/share:"+shareID)
	return s.store.RevokeShare(ctx, u.WorkspaceID, assessmentID, shareID, s.Now(), e)
}

// SharedAssessment is what a share link shows: the share and the
// assessment's export with every respondent made anonymous (no name, role
// or perspective). Without Share.Texts its answers carry no text or
// comment.
type SharedAssessment struct {
	Share Share
	*Export
	Brand Branding // the workspace's, for the page's header and the PDF
	Logo  []byte   // its PNG logo, nil if none
}

// OpenShare is the share page's only way in: it finds the share of token
// (NotFound when revoked, expired or unknown), records that it was opened,
// and gathers what the page and its PDF show.
func (s *Service) OpenShare(ctx context.Context, token string) (*SharedAssessment, error) {
	if token == "" {
		return nil, Errorf(NotFound, "this link is unknown, revoked or expired")
	}
	sh, err := s.store.OpenShare(ctx, HashToken(token), s.Now())
	if KindOf(err) == NotFound {
		return nil, Errorf(NotFound, "this link is unknown, revoked or expired")
	}
	if err != nil {
		return nil, err
	}
	answersOf := s.store.AssessmentChoices
	if sh.Texts {
		answersOf = s.store.AssessmentAnswers
	}
	// The share acts for its workspace alone, and only through export.
	x, err := s.export(ctx, User{WorkspaceID: sh.WorkspaceID}, sh.AssessmentID, answersOf)
	if err != nil {
		return nil, err
	}
	for i := range x.Respondents {
		r := &x.Respondents[i]
		r.Name, r.Role, r.Perspective = "", "", ""
	}
	out := &SharedAssessment{Share: sh, Export: x}
	if out.Brand, err = s.store.Branding(ctx, sh.WorkspaceID); err != nil {
		return nil, fmt.Errorf("branding of a share: %w", err)
	}
	if out.Brand.HasLogo {
		if out.Logo, err = s.store.Logo(ctx, sh.WorkspaceID); err != nil && KindOf(err) != NotFound {
			return nil, fmt.Errorf("logo of a share: %w", err)
		}
	}
	return out, nil
}
