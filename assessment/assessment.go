package assessment

import "time"

// Role says what a user may do in a workspace.
type Role string

// Roles a user may have.
const (
	RoleConsultant Role = "consultant"
	RoleAdmin      Role = "admin"
)

// MinPasswordLen is the shortest password a user may have.
const MinPasswordLen = 12

// User is a consultant or an admin who signs in to a workspace.
type User struct {
	ID           string
	WorkspaceID  string
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	CreatedAt    time.Time
}

// Organisation is a client being assessed.
type Organisation struct {
	ID          string
	WorkspaceID string
	Name        string
	Industry    string
	CreatedAt   time.Time
}

// Mode says how an assessment is run.
type Mode string

// Assessment modes.
const (
	Workshop    Mode = "workshop"     // live, participants join with a code
	SelfService Mode = "self-service" // participants get an invite link each
)

// Status says whether an assessment still takes answers.
type Status string

// Assessment statuses.
const (
	Open   Status = "open"
	Closed Status = "closed"
)

// Assessment is one run of a questionnaire for an organisation. It keeps the
// questionnaire version it was started with, and the definition itself, so a
// later model version never changes its results.
type Assessment struct {
	ID                   string
	WorkspaceID          string
	OrganisationID       string
	Questionnaire        string // slug
	QuestionnaireVersion string
	ModelID              string // the workspace's own model version it runs on, "" for a catalog one; set on create only
	Mode                 Mode
	Title                string
	Status               Status
	JoinCode             string // workshop only
	Focus                string // the capability the facilitator is on, if any
	MaxParticipants      int    // respondents it takes, invited and joined together
	// Scope, Targets and Form fit the assessment to its engagement; see Fit.
	Scope   []string       // capability IDs in scope, in model order; nil means all
	Targets map[string]int // capability ID → target replacing the model's
	Form    Form           // FormFull or FormCore
	// Language is the PDF's language and the respondents' when their
	// browser names none the model has.
	Language string
	// Welcome is the consultant's note shown to respondents before the
	// first question; up to MaxWelcomeLen characters.
	Welcome     string
	CreatedAt   time.Time
	ClosedAt    *time.Time
	Respondents int // number of respondents
	Answering   int // of them, those with an answer who have not submitted
	Submitted   int // number of them who submitted
}

// Respondent is one participant of an assessment. Their token is shown once
// and stored only as a hash.
type Respondent struct {
	ID           string
	AssessmentID string
	Name         string
	Role         string
	Perspective  string // "" or one of Perspectives: whose questions they are asked
	CreatedAt    time.Time
	SubmittedAt  *time.Time
	Answered     int // questions with a stored answer; set by listings
	Total        int // questions asked of them; set by Service.Respondents
}

// Submitted reports whether the respondent has submitted.
func (r *Respondent) Submitted() bool { return r.SubmittedAt != nil }

// RespondentStatus is where a respondent is: invited, answering or submitted.
type RespondentStatus string

// Respondent statuses.
const (
	Invited   RespondentStatus = "invited"   // no answer yet
	Answering RespondentStatus = "answering" // some answers, not submitted
	Done      RespondentStatus = "submitted" // submitted: the answers are final
)

// Status says where the respondent is, from Answered and SubmittedAt.
func (r *Respondent) Status() RespondentStatus {
	switch {
	case r.Submitted():
		return Done
	case r.Answered > 0:
		return Answering
	}
	return Invited
}
