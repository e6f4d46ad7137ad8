package assessment

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxNoteLen is the longest summary or finding, in characters.
const MaxNoteLen = 20000

// Notes are the consultant's own words on an assessment: an executive
// summary and a finding per capability. The report prints them first.
type Notes struct {
	AssessmentID string
	Summary      string
	Capabilities map[string]string // capability ID → finding; never nil
	UpdatedAt    time.Time         // zero when nothing was ever saved
}

// Finding returns the consultant's finding for a capability, "" if none.
func (n *Notes) Finding(capability string) string { return n.Capabilities[capability] }

// NotesStore keeps the notes of assessments.
type NotesStore interface {
	// Notes returns an assessment's notes, empty ones when none were saved;
	// NotFound if the assessment is not in the workspace.
	Notes(ctx context.Context, workspaceID, assessmentID string) (Notes, error)
	// SaveNotes replaces an assessment's notes; NotFound if the assessment is
	// not in the workspace.
	SaveNotes(ctx context.Context, workspaceID string, n Notes) (Notes, error)
}

// Workspace is one tenant: a consultancy or a platform team. Nothing crosses
// it. Its name signs the reports its consultants make.
type Workspace struct {
	ID   string
	Name string
}

// WorkspaceStore names workspaces.
type WorkspaceStore interface {
	// Workspace returns one workspace; NotFound if it does not exist.
	Workspace(ctx context.Context, id string) (Workspace, error)
}

// Notes returns the notes of an assessment of the user's workspace.
func (s *Service) Notes(ctx context.Context, u User, assessmentID string) (Notes, error) {
	return s.store.Notes(ctx, u.WorkspaceID, assessmentID)
}

// SaveNotes validates and replaces the notes of an assessment of the user's
// workspace. Texts are trimmed; an empty finding is dropped.
func (s *Service) SaveNotes(ctx context.Context, u User, assessmentID string, n Notes) (Notes, error) {
	a, err := s.store.Assessment(ctx, u.WorkspaceID, assessmentID)
	if err != nil {
		return Notes{}, err
	}
	n.AssessmentID = a.ID
	n.Summary = strings.TrimSpace(n.Summary)
	if err := checkNote("summary", n.Summary); err != nil {
		return Notes{}, err
	}
	ix, err := s.index(ctx, a.ID)
	if err != nil {
		return Notes{}, err
	}
	ids := make([]string, 0, len(n.Capabilities))
	for id := range n.Capabilities {
		ids = append(ids, id)
	}
	sort.Strings(ids) // the first problem reported is the same every time
	clean := make(map[string]string, len(ids))
	for _, id := range ids {
		if _, ok := ix.Capability(id); !ok {
			return Notes{}, FieldError("capabilities."+id, "no capability %q in this questionnaire", id)
		}
		text := strings.TrimSpace(n.Capabilities[id])
		if err := checkNote("capabilities."+id, text); err != nil {
			return Notes{}, err
		}
		if text != "" {
			clean[id] = text
		}
	}
	n.Capabilities = clean
	n.UpdatedAt = s.Now().Truncate(time.Millisecond)
	saved, err := s.store.SaveNotes(ctx, u.WorkspaceID, n)
	if err != nil {
		return Notes{}, err
	}
	return saved, s.audit(ctx, u, AuditNotesChanged, target("assessment", a.ID))
}

func checkNote(field, text string) error {
	if !utf8.ValidString(text) {
		return FieldError(field, "must be valid UTF-8")
	}
	if utf8.RuneCountInString(text) > MaxNoteLen {
		return FieldError(field, "must be at most %d characters", MaxNoteLen)
	}
	return nil
}
