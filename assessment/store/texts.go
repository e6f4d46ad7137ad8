package store

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

// textRow gives one text answer or comment its random ID and hidden flag.
// It is keyed by its answer and kind, not by the text, so an edit of the
// answer keeps both.
type textRow struct {
	ID           string `gorm:"column:id;primaryKey"`
	AssessmentID string `gorm:"column:assessment_id"`
	WorkspaceID  string `gorm:"column:workspace_id"`
	RespondentID string `gorm:"column:respondent_id"`
	QuestionID   string `gorm:"column:question_id"`
	Kind         string `gorm:"column:kind"`
	Hidden       bool   `gorm:"column:hidden"`
}

func (textRow) TableName() string { return "answer_texts" }

// Participants' texts are read and numbered with plain SQL: two joins of one
// table that gorm's builder would only obscure. Neither returns a
// respondent: what leaves the store cannot name its author.
const (
	// textsOfAssessment lists every answer with a text or a comment, with
	// the ID and hidden flag of each, if it has one. Parameter: assessment id.
	textsOfAssessment = `SELECT a.question_id, a.text, a.comment,
    COALESCE(ta.id, '') AS answer_id, COALESCE(ta.hidden, FALSE) AS answer_hidden,
    COALESCE(tc.id, '') AS comment_id, COALESCE(tc.hidden, FALSE) AS comment_hidden
FROM answers a
LEFT JOIN answer_texts ta ON ta.respondent_id = a.respondent_id AND ta.question_id = a.question_id AND ta.kind = 'answer'
LEFT JOIN answer_texts tc ON tc.respondent_id = a.respondent_id AND tc.question_id = a.question_id AND tc.kind = 'comment'
WHERE a.assessment_id = ? AND (a.text <> '' OR a.comment <> '')`

	// textsWithoutID lists the texts of an assessment that have no row in
	// answer_texts yet. Parameters: assessment id, twice.
	textsWithoutID = `SELECT a.respondent_id, a.question_id, 'answer' AS kind FROM answers a
WHERE a.assessment_id = ? AND a.text <> '' AND NOT EXISTS (SELECT 1 FROM answer_texts t
    WHERE t.respondent_id = a.respondent_id AND t.question_id = a.question_id AND t.kind = 'answer')
UNION ALL
SELECT a.respondent_id, a.question_id, 'comment' AS kind FROM answers a
WHERE a.assessment_id = ? AND a.comment <> '' AND NOT EXISTS (SELECT 1 FROM answer_texts t
    WHERE t.respondent_id = a.respondent_id AND t.question_id = a.question_id AND t.kind = 'comment')`
)

// Texts returns every non-empty text answer and comment of an assessment of
// the workspace; withIDs first gives each text that has none a random ID.
func (s *Store) Texts(ctx context.Context, workspaceID, assessmentID string, withIDs bool) ([]assessment.ParticipantText, error) {
	if err := s.checkAssessment(ctx, workspaceID, assessmentID); err != nil {
		return nil, err
	}
	rows, err := s.textRows(ctx, assessmentID)
	if err != nil {
		return nil, err
	}
	// Texts are numbered when first listed with IDs; once they are, a
	// listing is one read and never takes the writer.
	if withIDs && slices.ContainsFunc(rows, textRowUnnumbered) {
		// An answer erased between the look-up and the insert breaks the
		// reference (PostgreSQL reads each statement afresh); a second try
		// no longer sees it.
		err := s.numberTexts(ctx, workspaceID, assessmentID)
		if assessment.KindOf(err) == assessment.NotFound {
			err = s.numberTexts(ctx, workspaceID, assessmentID)
		}
		if err != nil {
			return nil, err
		}
		if rows, err = s.textRows(ctx, assessmentID); err != nil {
			return nil, err
		}
	}
	out := make([]assessment.ParticipantText, 0, len(rows))
	for _, r := range rows {
		if r.Text != "" {
			out = append(out, assessment.ParticipantText{ID: r.AnswerID, Question: r.QuestionID, Kind: assessment.TextAnswer, Text: r.Text, Hidden: r.AnswerHidden})
		}
		if r.Comment != "" {
			out = append(out, assessment.ParticipantText{ID: r.CommentID, Question: r.QuestionID, Kind: assessment.TextComment, Text: r.Comment, Hidden: r.CommentHidden})
		}
	}
	return out, nil
}

// textsRow is an answer with a text or a comment, and the ID and hidden
// flag of each, where it has one.
type textsRow struct {
	QuestionID    string
	Text          string
	Comment       string
	AnswerID      string
	AnswerHidden  bool
	CommentID     string
	CommentHidden bool
}

func textRowUnnumbered(r textsRow) bool {
	return (r.Text != "" && r.AnswerID == "") || (r.Comment != "" && r.CommentID == "")
}

func (s *Store) textRows(ctx context.Context, assessmentID string) ([]textsRow, error) {
	var rows []textsRow
	if err := s.r.WithContext(ctx).Raw(textsOfAssessment, assessmentID).Scan(&rows).Error; err != nil {
		return nil, translate(fmt.Errorf("texts of assessment %s: %w", assessmentID, err))
	}
	return rows, nil
}

// numberTexts gives every text of the assessment that has no ID a random
// one, in one transaction. Texts numbered by a concurrent call are left as
// that call numbered them.
func (s *Store) numberTexts(ctx context.Context, workspaceID, assessmentID string) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var missing []struct {
			RespondentID string
			QuestionID   string
			Kind         string
		}
		if err := tx.Raw(textsWithoutID, assessmentID, assessmentID).Scan(&missing).Error; err != nil {
			return fmt.Errorf("find texts without an id: %w", err)
		}
		if len(missing) == 0 {
			return nil
		}
		rows := make([]textRow, len(missing))
		for i, m := range missing {
			rows[i] = textRow{ID: newID(), AssessmentID: assessmentID, WorkspaceID: workspaceID,
				RespondentID: m.RespondentID, QuestionID: m.QuestionID, Kind: m.Kind}
		}
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "respondent_id"}, {Name: "question_id"}, {Name: "kind"}},
			DoNothing: true,
		}).CreateInBatches(rows, 500).Error
		if err != nil {
			return fmt.Errorf("number %d texts: %w", len(rows), err)
		}
		return nil
	})
	if err != nil {
		return translate(fmt.Errorf("texts of assessment %s: %w", assessmentID, err))
	}
	return nil
}

// SetTextHidden sets the hidden flag of one text of the assessment and
// returns the text; NotFound unless it is the assessment's, in the
// workspace, and not empty.
func (s *Store) SetTextHidden(ctx context.Context, workspaceID, assessmentID, textID string, hidden bool) (assessment.ParticipantText, error) {
	var t assessment.ParticipantText
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row struct {
			QuestionID string
			Kind       string
			Text       string
			Comment    string
		}
		err := tx.Model(&textRow{}).Scopes(inWorkspace(workspaceID)).
			Select("answer_texts.question_id, answer_texts.kind, answers.text, answers.comment").
			Joins("JOIN answers ON answers.respondent_id = answer_texts.respondent_id AND answers.question_id = answer_texts.question_id").
			Where("answer_texts.id = ? AND answer_texts.assessment_id = ?", textID, assessmentID).
			Take(&row).Error
		if err != nil {
			return err
		}
		t = assessment.ParticipantText{ID: textID, Question: row.QuestionID, Kind: assessment.TextKind(row.Kind), Text: row.Text, Hidden: hidden}
		if t.Kind == assessment.TextComment {
			t.Text = row.Comment
		}
		if t.Text == "" { // its author emptied it: nothing to hide or show
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		return tx.Model(&textRow{}).Scopes(inWorkspace(workspaceID)).Where("id = ?", textID).Update("hidden", hidden).Error
	})
	if err != nil {
		return assessment.ParticipantText{}, translate(fmt.Errorf("set text %s hidden: %w", textID, err))
	}
	return t, nil
}
