package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

type respondentRow struct {
	ID           string     `gorm:"column:id;primaryKey"`
	AssessmentID string     `gorm:"column:assessment_id"`
	WorkspaceID  string     `gorm:"column:workspace_id"`
	Name         string     `gorm:"column:name"`
	Role         string     `gorm:"column:role"`
	Perspective  string     `gorm:"column:perspective"`
	TokenHash    []byte     `gorm:"column:token_hash"`
	CreatedAt    time.Time  `gorm:"column:created_at"`
	SubmittedAt  *time.Time `gorm:"column:submitted_at"`
}

func (respondentRow) TableName() string { return "respondents" }

func (r *respondentRow) respondent() assessment.Respondent {
	return assessment.Respondent{ID: r.ID, AssessmentID: r.AssessmentID, Name: r.Name, Role: r.Role, Perspective: r.Perspective,
		CreatedAt: r.CreatedAt.UTC(), SubmittedAt: utcPtr(r.SubmittedAt)}
}

// AddRespondent stores r with its token hash. The insert itself requires the
// assessment to be open and under its participant cap, so neither a close nor
// parallel joins can slip between a check and the write: NotFound if there
// is no such assessment, Conflict if it is closed or full. A respondent
// without a name is named "Participant N".
func (s *Store) AddRespondent(ctx context.Context, r assessment.Respondent, tokenHash []byte) (assessment.Respondent, error) {
	r.ID = newID()
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.now()
	}
	r.CreatedAt, r.SubmittedAt = ts(r.CreatedAt), nil
	args := []any{r.ID, r.Name, r.Name, r.Role, r.Perspective, tokenHash, r.CreatedAt, r.AssessmentID}
	var added int64
	var err error
	if s.dialect == "postgres" {
		err = s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(joinLock, r.AssessmentID).Error; err != nil {
				return fmt.Errorf("lock joins: %w", err)
			}
			var names []string
			if err := tx.Raw(s.q.addRespondent, args...).Scan(&names).Error; err != nil {
				return err
			}
			if added = int64(len(names)); added > 0 {
				r.Name = names[0]
			}
			return nil
		})
	} else {
		res := s.w.WithContext(ctx).Exec(s.q.addRespondent, args...)
		err, added = res.Error, res.RowsAffected
		if err == nil && added > 0 && r.Name == "" {
			err = s.w.WithContext(ctx).Model(&respondentRow{}).Select("name").Where("id = ?", r.ID).Scan(&r.Name).Error
		}
	}
	if err != nil {
		return assessment.Respondent{}, translate(fmt.Errorf("add respondent: %w", err))
	}
	if added == 0 {
		var row struct {
			Status          string
			MaxParticipants int
		}
		if err := s.r.WithContext(ctx).Model(&assessmentRow{}).Select("status, max_participants").
			Where("id = ?", r.AssessmentID).Take(&row).Error; err != nil {
			return assessment.Respondent{}, translate(fmt.Errorf("add respondent: check assessment: %w", err))
		}
		if row.Status != string(assessment.Open) {
			return assessment.Respondent{}, assessment.Errorf(assessment.Conflict, "the assessment is closed")
		}
		return assessment.Respondent{}, &assessment.Error{Kind: assessment.Conflict, Field: "max_participants",
			Message: fmt.Sprintf("the assessment is full: it takes at most %d participants", row.MaxParticipants)}
	}
	return r, nil
}

// Respondent returns one respondent of the workspace.
func (s *Store) Respondent(ctx context.Context, workspaceID, id string) (assessment.Respondent, error) {
	var row respondentRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Take(&row).Error; err != nil {
		return assessment.Respondent{}, translate(fmt.Errorf("respondent %s: %w", id, err))
	}
	return row.respondent(), nil
}

// Respondents lists an assessment's respondents in the order they joined;
// NotFound if the assessment is not in the workspace.
func (s *Store) Respondents(ctx context.Context, workspaceID, assessmentID string) ([]assessment.Respondent, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	var rows []struct {
		Row      respondentRow `gorm:"embedded"`
		Answered int           `gorm:"column:answered"`
	}
	err := s.r.WithContext(ctx).Table("respondents").Select(respondentColumns).Scopes(inWorkspace(workspaceID)).
		Where("respondents.assessment_id = ?", assessmentID).Order("respondents.created_at, respondents.id").Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("list respondents of %s: %w", assessmentID, err))
	}
	out := make([]assessment.Respondent, len(rows))
	for i := range rows {
		out[i] = rows[i].Row.respondent()
		out[i].Answered = rows[i].Answered
	}
	return out, nil
}

// checkAssessment reports NotFound unless the assessment is in the workspace.
func (s *Store) checkAssessment(ctx context.Context, workspaceID, assessmentID string) error {
	var n int64
	err := s.r.WithContext(ctx).Model(&assessmentRow{}).Scopes(inWorkspace(workspaceID)).
		Where("id = ?", assessmentID).Count(&n).Error
	if err != nil {
		return fmt.Errorf("check assessment %s: %w", assessmentID, err)
	}
	if n == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	return nil
}

// RotateToken replaces a respondent's token hash.
func (s *Store) RotateToken(ctx context.Context, workspaceID, respondentID string, tokenHash []byte) error {
	res := s.w.WithContext(ctx).Model(&respondentRow{}).Scopes(inWorkspace(workspaceID)).
		Where("id = ?", respondentID).Update("token_hash", tokenHash)
	if res.Error != nil {
		return translate(fmt.Errorf("rotate token of %s: %w", respondentID, res.Error))
	}
	if res.RowsAffected == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	return nil
}

// RespondentByToken finds a respondent and its assessment by token hash, in
// one query on the read pool. The assessment's counts are left zero: every
// answer a respondent saves starts here, and counting the assessment's
// respondents and answers on each save cost more than the save itself.
func (s *Store) RespondentByToken(ctx context.Context, tokenHash []byte) (assessment.Respondent, assessment.Assessment, error) {
	var (
		r                 assessment.Respondent
		a                 assessment.Assessment
		submitted, closed sql.Null[time.Time]
		mode, status      string
		joinCode          sql.NullString
		fit               fitColumns
		created, aCreated time.Time
	)
	err := s.rsql.QueryRowContext(ctx, s.q.respondentByToken, tokenHash).Scan(
		&r.ID, &r.AssessmentID, &r.Name, &r.Role, &r.Perspective, &created, &submitted,
		&a.ID, &a.WorkspaceID, &a.OrganisationID, &a.Questionnaire, &a.QuestionnaireVersion, &mode, &a.Title,
		&status, &joinCode, &a.Focus, &aCreated, &closed, &a.MaxParticipants,
		&fit.Scope, &fit.Targets, &fit.Form, &fit.Language, &fit.Welcome)
	if errors.Is(err, sql.ErrNoRows) {
		return assessment.Respondent{}, assessment.Assessment{}, assessment.Errorf(assessment.NotFound, "not found")
	}
	if err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, fmt.Errorf("respondent by token: %w", err)
	}
	r.CreatedAt, a.CreatedAt = created.UTC(), aCreated.UTC()
	if submitted.Valid {
		t := submitted.V.UTC()
		r.SubmittedAt = &t
	}
	if closed.Valid {
		t := closed.V.UTC()
		a.ClosedAt = &t
	}
	a.Mode, a.Status, a.JoinCode = assessment.Mode(mode), assessment.Status(status), joinCode.String
	if err := fit.into(&a); err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, fmt.Errorf("respondent by token: %w", err)
	}
	return r, a, nil
}

// respondentColumns selects a respondent with the number of questions they answered.
const respondentColumns = `respondents.id, respondents.assessment_id, respondents.workspace_id, respondents.name,
    respondents.role, respondents.perspective, respondents.created_at, respondents.submitted_at,
    (SELECT COUNT(*) FROM answers a WHERE a.respondent_id = respondents.id) AS answered`

// DeleteRespondent erases a respondent and every answer they gave, all or nothing.
func (s *Store) DeleteRespondent(ctx context.Context, workspaceID, assessmentID, id string) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&respondentRow{}).Scopes(inWorkspace(workspaceID)).
			Where("id = ? AND assessment_id = ?", id, assessmentID).Count(&n).Error; err != nil {
			return fmt.Errorf("check respondent %s: %w", id, err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		for _, table := range respondentTables {
			if err := tx.Exec("DELETE FROM "+table+" WHERE respondent_id = ?", id).Error; err != nil {
				return fmt.Errorf("erase %s of respondent %s: %w", table, id, err)
			}
		}
		return tx.Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Delete(&respondentRow{}).Error
	})
	return translate(err)
}

// respondentTables keep rows of one respondent under a respondent_id column;
// erasing a respondent empties them first. A table added for a respondent's
// data belongs here.
var respondentTables = []string{"answers"}
