package assessment

import (
	"context"
	"time"
)

// The store interfaces below are what Service consumes; assessment/store
// implements them on SQLite and PostgreSQL. Every method that takes a
// workspaceID scopes its query by it: an object of another workspace is
// NotFound, never revealed. Errors are *Error with Kind NotFound or Conflict
// where the doc says so; anything else is internal.

// UserStore keeps users and their API tokens.
type UserStore interface {
	// AddUser creates the workspace named workspace if it is new, then the user:
	// both or neither. A duplicate email (emails are unique across workspaces,
	// compared in lower case) is Conflict.
	AddUser(ctx context.Context, workspace string, u User) (User, error)
	// UserByEmail finds a user by email, case-insensitively; NotFound if none.
	UserByEmail(ctx context.Context, email string) (User, error)
	// AddToken stores the hash of a new API token for userID.
	AddToken(ctx context.Context, userID string, hash []byte, expires time.Time) error
	// UserByToken finds the user owning an unexpired token hash; NotFound otherwise.
	UserByToken(ctx context.Context, hash []byte, now time.Time) (User, error)
	// DeleteToken removes a token hash; deleting an unknown one is no error,
	// so signing out twice is harmless.
	DeleteToken(ctx context.Context, hash []byte) error
	// AddWorkspaceUser creates a user in the existing workspace workspaceID;
	// a duplicate email is Conflict.
	AddWorkspaceUser(ctx context.Context, workspaceID string, u User) (User, error)
	// Users lists a workspace's users, oldest first.
	Users(ctx context.Context, workspaceID string) ([]User, error)
}

// OrganisationStore keeps the clients being assessed.
type OrganisationStore interface {
	CreateOrganisation(ctx context.Context, o Organisation) (Organisation, error)
	Organisation(ctx context.Context, workspaceID, id string) (Organisation, error)
	Organisations(ctx context.Context, workspaceID string) ([]Organisation, error)
	// OrganisationAssessments lists an organisation's assessments, oldest
	// first, with their respondent counts; NotFound if it is not in the workspace.
	OrganisationAssessments(ctx context.Context, workspaceID, organisationID string) ([]Assessment, error)
	// UpdateOrganisation stores o's name and industry; NotFound if it is not
	// in o.WorkspaceID.
	UpdateOrganisation(ctx context.Context, o Organisation) (Organisation, error)
	// DeleteOrganisation removes an organisation with all its assessments and
	// everything in them, in one transaction; NotFound if it is not in the workspace.
	DeleteOrganisation(ctx context.Context, workspaceID, id string) error
}

// AssessmentStore keeps assessments and the questionnaire each was started with.
type AssessmentStore interface {
	// CreateAssessment stores a with its definition; NotFound if a.OrganisationID
	// is not in a.WorkspaceID. A.JoinCode, if set, must be unique (Conflict).
	CreateAssessment(ctx context.Context, a Assessment, definition *Model) (Assessment, error)
	// Assessment returns one assessment with its respondent counts.
	Assessment(ctx context.Context, workspaceID, id string) (Assessment, error)
	Assessments(ctx context.Context, workspaceID string) ([]Assessment, error)
	// UpdateAssessment stores a's title, participant cap and fit (Scope,
	// Targets, Form, Language, Welcome); NotFound if it is not in a.WorkspaceID.
	UpdateAssessment(ctx context.Context, a Assessment) (Assessment, error)
	// DeleteAssessment removes an assessment, its respondents, their answers and
	// everything else kept for it, in one transaction; NotFound if it is not in
	// the workspace.
	DeleteAssessment(ctx context.Context, workspaceID, id string) error
	// CloseAssessment marks it closed (idempotent) and returns it; closing
	// an open one records an EventClosed in the same transaction.
	CloseAssessment(ctx context.Context, workspaceID, id string, at time.Time) (Assessment, error)
	// SetFocus records the capability the facilitator is on ("" for none),
	// and an EventFocus in the same transaction.
	SetFocus(ctx context.Context, workspaceID, id, capability string) error
	// Definition returns the questionnaire an assessment was started with. It is
	// not scoped: call it only with an ID from a scoped lookup or a respondent token.
	Definition(ctx context.Context, assessmentID string) (*Model, error)
	// AssessmentByJoinCode finds a workshop by its join code; NotFound if none.
	AssessmentByJoinCode(ctx context.Context, code string) (Assessment, error)
}

// RespondentStore keeps respondents. Tokens are stored only as hashes.
type RespondentStore interface {
	// AddRespondent stores r with its token hash; Conflict if the assessment is
	// closed or has MaxParticipants respondents, checked by the write itself
	// so that neither a close nor parallel joins can race it. It records an
	// EventRespondent in the same transaction.
	AddRespondent(ctx context.Context, r Respondent, tokenHash []byte) (Respondent, error)
	Respondent(ctx context.Context, workspaceID, id string) (Respondent, error)
	// Respondents lists an assessment's respondents, each with Answered set.
	Respondents(ctx context.Context, workspaceID, assessmentID string) ([]Respondent, error)
	// DeleteRespondent erases a respondent of the assessment and every answer
	// they gave; NotFound unless both are in the workspace and belong together.
	DeleteRespondent(ctx context.Context, workspaceID, assessmentID, id string) error
	// RotateToken replaces a respondent's token hash; the old link stops working.
	RotateToken(ctx context.Context, workspaceID, respondentID string, tokenHash []byte) error
	// RespondentByToken finds a respondent and its assessment by token hash.
	// It runs before every save, so it leaves the assessment's counts
	// (Respondents, Submitted, Answering) zero: ask Assessment for them.
	RespondentByToken(ctx context.Context, tokenHash []byte) (Respondent, Assessment, error)
}

// AnswerStore keeps answers: one per respondent and question.
type AnswerStore interface {
	// SaveAnswer inserts or replaces the answer of a.RespondentID to
	// a.QuestionID. Conflict if the respondent has submitted or the assessment
	// is closed, checked by the write itself. Returns once the answer is
	// durable. The events given (at most one: the answer's own) are recorded
	// in the answer's transaction, so a stored answer always has its event;
	// only seeding in tests saves answers without one.
	SaveAnswer(ctx context.Context, a Answer, events ...Event) (Answer, error)
	Answers(ctx context.Context, respondentID string) ([]Answer, error)
	AssessmentAnswers(ctx context.Context, workspaceID, assessmentID string) ([]Answer, error)
	// AssessmentChoices is AssessmentAnswers without each answer's Text,
	// Comment and UpdatedAt: all that scores, spreads and progress read, and
	// much cheaper to read for a large assessment.
	AssessmentChoices(ctx context.Context, workspaceID, assessmentID string) ([]Answer, error)
	// Submit marks the respondent submitted, and records an EventSubmit in
	// the same transaction; Conflict if already submitted or the assessment
	// is closed.
	Submit(ctx context.Context, respondentID string, at time.Time) error
}

// Store is everything Service needs from persistence.
type Store interface {
	UserStore
	OrganisationStore
	AssessmentStore
	RespondentStore
	AnswerStore
	NotesStore
	WorkspaceStore
	AgreedStore
	TextStore
	AccountStore
	AuditStore
	ShareStore
	BrandingStore
}
