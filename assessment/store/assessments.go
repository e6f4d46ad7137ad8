package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

type assessmentRow struct {
	ID                   string     `gorm:"column:id;primaryKey"`
	WorkspaceID          string     `gorm:"column:workspace_id"`
	OrganisationID       string     `gorm:"column:organisation_id"`
	Questionnaire        string     `gorm:"column:questionnaire"`
	QuestionnaireVersion string     `gorm:"column:questionnaire_version"`
	ModelID              *string    `gorm:"column:model_id"` // an own model version; NULL for the catalog's
	Definition           string     `gorm:"column:definition"`
	Mode                 string     `gorm:"column:mode"`
	Title                string     `gorm:"column:title"`
	Status               string     `gorm:"column:status"`
	JoinCode             *string    `gorm:"column:join_code"` // NULL keeps UNIQUE off non-workshops
	Focus                string     `gorm:"column:focus"`
	FocusEndsAt          *time.Time `gorm:"column:focus_ends_at"`
	FocusAt              *time.Time `gorm:"column:focus_at"`
	FacilitationStarted  *time.Time `gorm:"column:facilitation_started_at"`
	MaxParticipants      int        `gorm:"column:max_participants"`
	CreatedAt            time.Time  `gorm:"column:created_at"`
	ClosedAt             *time.Time `gorm:"column:closed_at"`
	// The fit: see fitColumns.
	Scope    *string `gorm:"column:scope"`
	Targets  string  `gorm:"column:targets"`
	Form     string  `gorm:"column:form"`
	Language string  `gorm:"column:language"`
	Welcome  string  `gorm:"column:welcome"`
}

func (r *assessmentRow) fit() fitColumns {
	return fitColumns{Scope: r.Scope, Targets: r.Targets, Form: r.Form, Language: r.Language, Welcome: r.Welcome}
}

func (assessmentRow) TableName() string { return "assessments" }

// assessmentCounts is an assessment row as assessmentColumns selects it.
type assessmentCounts struct {
	Row             assessmentRow `gorm:"embedded"`
	RespondentCount int           `gorm:"column:respondent_count"`
	SubmittedCount  int           `gorm:"column:submitted_count"`
	AnsweringCount  int           `gorm:"column:answering_count"`
}

// assessment is the row as the domain sees it. The fit's columns are
// written only by this store; one that does not decode (a hand-edited
// database) leaves the assessment unfitted rather than unreadable.
func (c *assessmentCounts) assessment() assessment.Assessment {
	r := &c.Row
	a := assessment.Assessment{
		ID: r.ID, WorkspaceID: r.WorkspaceID, OrganisationID: r.OrganisationID,
		Questionnaire: r.Questionnaire, QuestionnaireVersion: r.QuestionnaireVersion,
		Mode: assessment.Mode(r.Mode), Title: r.Title, Status: assessment.Status(r.Status),
		Focus: r.Focus, FocusEndsAt: utcPtr(r.FocusEndsAt), FocusAt: utcPtr(r.FocusAt), FacilitationStarted: utcPtr(r.FacilitationStarted),
		MaxParticipants: r.MaxParticipants, CreatedAt: r.CreatedAt.UTC(), ClosedAt: utcPtr(r.ClosedAt),
		Respondents: c.RespondentCount, Submitted: c.SubmittedCount, Answering: c.AnsweringCount,
	}
	if r.JoinCode != nil {
		a.JoinCode = *r.JoinCode
	}
	fit := r.fit()
	_ = fit.into(&a)
	return a
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateAssessment stores a with the questionnaire it is started with;
// NotFound if the organisation is not in a's workspace, Conflict if the join
// code is taken.
func (s *Store) CreateAssessment(ctx context.Context, a assessment.Assessment, definition *assessment.Model) (assessment.Assessment, error) {
	if definition == nil {
		return assessment.Assessment{}, assessment.FieldError("questionnaire", "an assessment needs its questionnaire")
	}
	def, err := encodeDefinition(definition)
	if err != nil {
		return assessment.Assessment{}, fmt.Errorf("encode questionnaire %s: %w", definition, err)
	}
	a.ID = newID()
	if a.Questionnaire == "" {
		a.Questionnaire = definition.Slug
	}
	if a.QuestionnaireVersion == "" {
		a.QuestionnaireVersion = definition.Version
	}
	if a.Status == "" {
		a.Status = assessment.Open
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.now()
	}
	if a.MaxParticipants == 0 {
		a.MaxParticipants = assessment.DefaultMaxParticipants
	}
	if a.Form == "" {
		a.Form = assessment.FormFull
	}
	if a.Language == "" {
		a.Language = assessment.DefaultLanguage
	}
	fit, err := newFitColumns(a)
	if err != nil {
		return assessment.Assessment{}, err
	}
	a.CreatedAt, a.ClosedAt = ts(a.CreatedAt), tsPtr(a.ClosedAt)
	a.Respondents, a.Submitted = 0, 0
	row := assessmentRow{
		ID: a.ID, WorkspaceID: a.WorkspaceID, OrganisationID: a.OrganisationID,
		Questionnaire: a.Questionnaire, QuestionnaireVersion: a.QuestionnaireVersion, Definition: string(def),
		Mode: string(a.Mode), Title: a.Title, Status: string(a.Status), Focus: a.Focus,
		MaxParticipants: a.MaxParticipants, CreatedAt: a.CreatedAt, ClosedAt: a.ClosedAt,
		Scope: fit.Scope, Targets: fit.Targets, Form: fit.Form, Language: fit.Language, Welcome: fit.Welcome,
	}
	if a.JoinCode != "" {
		row.JoinCode = &a.JoinCode
	}
	if a.ModelID != "" {
		row.ModelID = &a.ModelID // the reference keeps the version from being deleted
	}
	err = s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&organisationRow{}).Scopes(inWorkspace(a.WorkspaceID)).
			Where("id = ?", a.OrganisationID).Count(&n).Error; err != nil {
			return fmt.Errorf("check organisation %s: %w", a.OrganisationID, err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "no such organisation")
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create assessment: %w", err)
		}
		return nil
	})
	if err != nil {
		return assessment.Assessment{}, translate(err)
	}
	return a, nil
}

// Assessment returns one assessment of the workspace with its respondent counts.
func (s *Store) Assessment(ctx context.Context, workspaceID, id string) (assessment.Assessment, error) {
	var row assessmentCounts
	err := s.r.WithContext(ctx).Table("assessments").Select(assessmentColumns).
		Scopes(inWorkspace(workspaceID)).Where("assessments.id = ?", id).Take(&row).Error
	if err != nil {
		return assessment.Assessment{}, translate(fmt.Errorf("assessment %s: %w", id, err))
	}
	return row.assessment(), nil
}

// Assessments lists the workspace's assessments, newest first, with their
// respondent counts, in one query.
func (s *Store) Assessments(ctx context.Context, workspaceID string) ([]assessment.Assessment, error) {
	var rows []assessmentCounts
	err := s.r.WithContext(ctx).Table("assessments").Select(assessmentColumns).
		Scopes(inWorkspace(workspaceID)).Order("assessments.created_at DESC, assessments.id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("list assessments: %w", err))
	}
	out := make([]assessment.Assessment, len(rows))
	for i := range rows {
		out[i] = rows[i].assessment()
	}
	return out, nil
}

// CloseAssessment closes an open assessment; closing a closed one changes
// nothing (it keeps its first closing time).
//
// On PostgreSQL the close first locks the row FOR UPDATE: saves and new
// respondents hold it FOR KEY SHARE while they check that it is open (see
// queries.go), so the close waits for those under way, and those that come
// after it wait for the close and then see it. Its own UPDATE, which changes
// no key, would not wait for them.
func (s *Store) CloseAssessment(ctx context.Context, workspaceID, id string, at time.Time) (assessment.Assessment, error) {
	var events []assessment.Event
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == "postgres" {
			if err := tx.Exec(savesLockAssessment, id).Error; err != nil {
				return fmt.Errorf("lock saves: %w", err)
			}
		}
		res := tx.Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).
			Where("id = ? AND status = ?", id, assessment.Open).
			Updates(map[string]any{"status": string(assessment.Closed), "closed_at": ts(at)})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		events = []assessment.Event{{AssessmentID: id, Kind: assessment.EventClosed}}
		return s.writeEvents(tx, events, at)
	})
	if err != nil {
		return assessment.Assessment{}, translate(fmt.Errorf("close assessment %s: %w", id, err))
	}
	s.events.committed(events)
	return s.Assessment(ctx, workspaceID, id)
}

// SetFocus records the capability the facilitator is on with its timebox,
// and the move's event in the same transaction. The first move to a
// capability starts the session's clock.
func (s *Store) SetFocus(ctx context.Context, workspaceID, id string, f assessment.FocusMove) error {
	events := []assessment.Event{{AssessmentID: id, Kind: assessment.EventFocus, Capability: f.Capability, EndsAt: f.EndsAt}}
	at := ts(f.At)
	var endsAt *time.Time
	if f.EndsAt != nil {
		e := ts(*f.EndsAt)
		endsAt = &e
	}
	set := map[string]any{"focus": f.Capability, "focus_ends_at": endsAt, "focus_at": at}
	if f.Capability != "" {
		set["facilitation_started_at"] = gorm.Expr("COALESCE(facilitation_started_at, ?)", at)
	}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Updates(set)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		return s.writeEvents(tx, events, s.clock())
	})
	if err != nil {
		return translate(fmt.Errorf("set focus of %s: %w", id, err))
	}
	s.events.committed(events)
	return nil
}

// Definition returns the questionnaire the assessment was started with.
// Concurrent asks for one assessment share one read and decode, and its
// model: callers must not change it. When 500 phones start saving at once,
// each one's service found no indexed definition cached yet and decoded
// the same 147 questions itself: 2.2 s of CPU, more than the saves.
func (s *Store) Definition(ctx context.Context, assessmentID string) (*assessment.Model, error) {
	v, err, _ := s.definitions.Do(assessmentID, func() (any, error) {
		// Not the first asker's context: its client leaving must not fail
		// the read for the others waiting on it.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		return s.definition(rctx, assessmentID)
	})
	if err != nil {
		return nil, err
	}
	return v.(*assessment.Model), nil
}

func (s *Store) definition(ctx context.Context, assessmentID string) (*assessment.Model, error) {
	var row struct{ Definition string }
	err := s.r.WithContext(ctx).Table("assessments").Select("definition").
		Where("id = ?", assessmentID).Take(&row).Error
	if err != nil {
		return nil, translate(fmt.Errorf("definition of %s: %w", assessmentID, err))
	}
	m, err := decodeDefinition([]byte(row.Definition))
	if err != nil {
		return nil, fmt.Errorf("definition of %s: %w", assessmentID, err)
	}
	return m, nil
}

// AssessmentByJoinCode finds a workshop by its join code.
func (s *Store) AssessmentByJoinCode(ctx context.Context, code string) (assessment.Assessment, error) {
	if code == "" {
		return assessment.Assessment{}, assessment.Errorf(assessment.NotFound, "not found")
	}
	var row assessmentCounts
	err := s.r.WithContext(ctx).Table("assessments").Select(assessmentColumns).
		Where("assessments.join_code = ?", code).Take(&row).Error
	if err != nil {
		return assessment.Assessment{}, translate(fmt.Errorf("assessment by join code: %w", err))
	}
	return row.assessment(), nil
}

// UpdateAssessment stores a's title, participant cap and fit (scope,
// targets, form, language, welcome).
func (s *Store) UpdateAssessment(ctx context.Context, a assessment.Assessment) (assessment.Assessment, error) {
	if a.Form == "" {
		a.Form = assessment.FormFull
	}
	if a.Language == "" {
		a.Language = assessment.DefaultLanguage
	}
	fit, err := newFitColumns(a)
	if err != nil {
		return assessment.Assessment{}, err
	}
	res := s.w.WithContext(ctx).Model(&assessmentRow{}).Scopes(inWorkspace(a.WorkspaceID)).Where("id = ?", a.ID).
		Updates(map[string]any{"title": a.Title, "max_participants": a.MaxParticipants,
			"scope": fit.Scope, "targets": fit.Targets, "form": fit.Form, "language": fit.Language, "welcome": fit.Welcome})
	if res.Error != nil {
		return assessment.Assessment{}, translate(fmt.Errorf("update assessment %s: %w", a.ID, res.Error))
	}
	if res.RowsAffected == 0 {
		return assessment.Assessment{}, assessment.Errorf(assessment.NotFound, "not found")
	}
	return s.Assessment(ctx, a.WorkspaceID, a.ID)
}

// DeleteAssessment removes an assessment and everything kept for it, all or nothing.
func (s *Store) DeleteAssessment(ctx context.Context, workspaceID, id string) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("check assessment %s: %w", id, err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		return deleteAssessments(tx, workspaceID, []string{id})
	})
	return translate(err)
}

// assessmentTables are the tables that keep rows of an assessment under an
// assessment_id column, children before parents. A table added for an
// assessment's data belongs here, so that deleting an assessment (or its
// organisation) leaves nothing of it behind; TestDeleteAssessmentLeavesNothing
// checks every table with an assessment_id column.
var assessmentTables = []string{"answer_texts", "answers", "respondents", "agreed_answers", "events", "event_outbox", "assessment_notes"}

// deleteAssessments removes the given assessments of the workspace and every
// row kept for them, inside tx.
func deleteAssessments(tx *gorm.DB, workspaceID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	for _, table := range assessmentTables {
		if err := tx.Exec("DELETE FROM "+table+" WHERE assessment_id IN ?", ids).Error; err != nil {
			return fmt.Errorf("delete %s of assessments: %w", table, err)
		}
	}
	if err := tx.Scopes(inWorkspace(workspaceID)).Where("id IN ?", ids).Delete(&assessmentRow{}).Error; err != nil {
		return fmt.Errorf("delete assessments: %w", err)
	}
	return nil
}
