package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.ModelStore = (*Store)(nil)

// modelRow is one version of a workspace's own questionnaire.
type modelRow struct {
	ID          string    `gorm:"column:id;primaryKey"`
	WorkspaceID string    `gorm:"column:workspace_id"`
	Slug        string    `gorm:"column:slug"`
	Version     string    `gorm:"column:version"`
	Major       int64     `gorm:"column:major"`
	Minor       int64     `gorm:"column:minor"`
	Patch       int64     `gorm:"column:patch"`
	Title       string    `gorm:"column:title"`
	Description string    `gorm:"column:description"`
	Source      string    `gorm:"column:source"`
	Definition  string    `gorm:"column:definition"`
	CreatedAt   time.Time `gorm:"column:created_at"`
}

func (modelRow) TableName() string { return "workspace_models" }

// modelInfoColumns is what listings read: never the source or definition.
const modelInfoColumns = "id, workspace_id, slug, version, title, description, created_at"

// newest orders a model's versions by their numbers, highest first.
const newest = "major DESC, minor DESC, patch DESC"

func (r *modelRow) info() assessment.ModelInfo {
	return assessment.ModelInfo{Slug: r.Slug, Version: r.Version, Title: r.Title, Description: r.Description,
		Own: true, CreatedAt: r.CreatedAt.UTC()}
}

// versionNumbers splits MAJOR.MINOR.PATCH into numbers the database can
// order by; a part too large for a BIGINT is the uploader's to fix.
func versionNumbers(v string) (nums [3]int64, err error) {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return nums, assessment.FieldError("version", "%q is not MAJOR.MINOR.PATCH", v)
	}
	for i, p := range parts {
		if nums[i], err = strconv.ParseInt(p, 10, 64); err != nil || nums[i] < 0 {
			return nums, assessment.FieldError("version", "%q: each part must be a number below 2^63", v)
		}
	}
	return nums, nil
}

// AddOwnModel stores a new version of a workspace's own model; Conflict if
// the workspace has that slug and version (the unique key decides).
func (s *Store) AddOwnModel(ctx context.Context, workspaceID string, m *assessment.Model, source []byte, at time.Time) (assessment.OwnModel, error) {
	nums, err := versionNumbers(m.Version)
	if err != nil {
		return assessment.OwnModel{}, err
	}
	def, err := encodeDefinition(m)
	if err != nil {
		return assessment.OwnModel{}, fmt.Errorf("encode questionnaire %s: %w", m, err)
	}
	row := modelRow{ID: newID(), WorkspaceID: workspaceID, Slug: m.Slug, Version: m.Version,
		Major: nums[0], Minor: nums[1], Patch: nums[2], Title: m.Title, Description: m.Description,
		Source: string(source), Definition: string(def), CreatedAt: ts(at)}
	if err := s.w.WithContext(ctx).Create(&row).Error; err != nil {
		return assessment.OwnModel{}, translate(fmt.Errorf("store questionnaire %s: %w", m, err))
	}
	return assessment.OwnModel{ID: row.ID, Model: m, CreatedAt: row.CreatedAt}, nil
}

// OwnModels lists every version of the workspace's own models, by slug,
// newest version first.
func (s *Store) OwnModels(ctx context.Context, workspaceID string) ([]assessment.ModelInfo, error) {
	var rows []modelRow
	err := s.r.WithContext(ctx).Select(modelInfoColumns).Scopes(inWorkspace(workspaceID)).
		Order("slug, " + newest).Find(&rows).Error
	if err != nil {
		return nil, translate(fmt.Errorf("list questionnaires: %w", err))
	}
	out := make([]assessment.ModelInfo, len(rows))
	for i := range rows {
		out[i] = rows[i].info()
	}
	return out, nil
}

// ownModel finds the row of an own model version, the newest when version
// is "", reading the columns given.
func ownModel(db *gorm.DB, workspaceID, slug, version, columns string) (modelRow, error) {
	q := db.Select(columns).Scopes(inWorkspace(workspaceID)).Where("slug = ?", slug)
	if version != "" {
		q = q.Where("version = ?", version)
	}
	var row modelRow
	err := q.Order(newest).Take(&row).Error
	return row, translate(err)
}

// OwnModel returns one version of an own model, the newest when version is "".
func (s *Store) OwnModel(ctx context.Context, workspaceID, slug, version string) (assessment.OwnModel, error) {
	row, err := ownModel(s.r.WithContext(ctx), workspaceID, slug, version, "id, slug, version, definition, created_at")
	if err != nil {
		return assessment.OwnModel{}, fmt.Errorf("questionnaire %s %s: %w", slug, version, err)
	}
	m, err := decodeDefinition([]byte(row.Definition))
	if err != nil {
		return assessment.OwnModel{}, fmt.Errorf("questionnaire %s %s: %w", slug, version, err)
	}
	return assessment.OwnModel{ID: row.ID, Model: m, CreatedAt: row.CreatedAt.UTC()}, nil
}

// DeleteOwnModel removes one version and, by cascade, its translations. An
// assessment's reference restricts the delete: the database refuses it,
// whatever was read before, and that refusal is the Conflict.
func (s *Store) DeleteOwnModel(ctx context.Context, workspaceID, slug, version string) error {
	res := s.w.WithContext(ctx).Scopes(inWorkspace(workspaceID)).
		Where("slug = ? AND version = ?", slug, version).Delete(&modelRow{})
	if err := res.Error; err != nil {
		if foreignKeyViolated(err) {
			return assessment.Errorf(assessment.Conflict, "questionnaire %s %s is in use", slug, version)
		}
		return translate(fmt.Errorf("delete questionnaire %s %s: %w", slug, version, err))
	}
	if res.RowsAffected == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	return nil
}

// foreignKeyViolated tells a refused delete from other failures; translate
// calls a broken reference NotFound, which is right for inserts only.
// SQLite reports an ON DELETE RESTRICT refusal as a constraint failure of
// its own kind (SQLITE_CONSTRAINT_TRIGGER), not as a foreign key one; the
// only constraint a delete of a model can break is the reference.
func foreignKeyViolated(err error) bool {
	var pe *pgconn.PgError
	var se sqlite3.Error
	return errors.Is(err, gorm.ErrForeignKeyViolated) || (errors.As(err, &pe) && pe.Code == "23503") ||
		(errors.As(err, &se) && se.Code == sqlite3.ErrConstraint)
}

// translationRow is a translation of an own model version.
type translationRow struct {
	ModelID   string    `gorm:"column:model_id;primaryKey"`
	Lang      string    `gorm:"column:lang;primaryKey"`
	Source    string    `gorm:"column:source"`
	Texts     string    `gorm:"column:texts"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

func (translationRow) TableName() string { return "workspace_model_translations" }

// The stored form of a translation's texts names its keys, as the stored
// definitions do, so that renaming a domain field cannot drop them. Like a
// definition format it is frozen: a new key may join only if its absence
// means the zero value.
type textsV1 struct {
	Title        string                  `json:"title,omitempty"`
	Description  string                  `json:"description,omitempty"`
	Stages       map[string]stageTextV1  `json:"stages,omitempty"`
	Capabilities map[string]capTextV1    `json:"capabilities,omitempty"`
	Questions    map[string]questionTxV1 `json:"questions,omitempty"`
}

type stageTextV1 struct {
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

type capTextV1 struct {
	Title           string `json:"title,omitempty"`
	Description     string `json:"description,omitempty"`
	RecommendLow    string `json:"recommend_low,omitempty"`
	RecommendMiddle string `json:"recommend_middle,omitempty"`
}

type questionTxV1 struct {
	Text    string            `json:"text,omitempty"`
	Help    string            `json:"help,omitempty"`
	Options map[string]string `json:"options,omitempty"`
}

func encodeTexts(t *assessment.Translation) ([]byte, error) {
	d := textsV1{Title: t.Title, Description: t.Description, Stages: map[string]stageTextV1{},
		Capabilities: map[string]capTextV1{}, Questions: map[string]questionTxV1{}}
	for id, s := range t.Stages {
		d.Stages[id] = stageTextV1(s)
	}
	for id, c := range t.Capabilities {
		d.Capabilities[id] = capTextV1(c)
	}
	for id, q := range t.Questions {
		d.Questions[id] = questionTxV1(q)
	}
	return json.Marshal(&d)
}

func decodeTexts(b []byte, slug, version, lang string) (*assessment.Translation, error) {
	var d textsV1
	if err := strictUnmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("decode translation %s %s %s: %w", slug, version, lang, err)
	}
	t := &assessment.Translation{Slug: slug, Version: version, Lang: lang, Title: d.Title, Description: d.Description,
		Stages: map[string]assessment.StageText{}, Capabilities: map[string]assessment.CapabilityText{},
		Questions: map[string]assessment.QuestionText{}}
	for id, s := range d.Stages {
		t.Stages[id] = assessment.StageText(s)
	}
	for id, c := range d.Capabilities {
		t.Capabilities[id] = assessment.CapabilityText(c)
	}
	for id, q := range d.Questions {
		t.Questions[id] = assessment.QuestionText(q)
	}
	return t, nil
}

// PutOwnTranslation stores t for the own model version it names, replacing
// one of the same language. The model is found and the translation written
// in one transaction; a model deleted meanwhile fails the reference.
func (s *Store) PutOwnTranslation(ctx context.Context, workspaceID string, t *assessment.Translation, source []byte, at time.Time) error {
	texts, err := encodeTexts(t)
	if err != nil {
		return fmt.Errorf("encode translation %s %s %s: %w", t.Slug, t.Version, t.Lang, err)
	}
	err = s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		m, err := ownModel(tx, workspaceID, t.Slug, t.Version, "id")
		if err != nil {
			return err
		}
		row := translationRow{ModelID: m.ID, Lang: t.Lang, Source: string(source), Texts: string(texts), CreatedAt: ts(at)}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "model_id"}, {Name: "lang"}},
			DoUpdates: clause.AssignmentColumns([]string{"source", "texts", "created_at"}),
		}).Create(&row).Error
	})
	if err != nil {
		return translate(fmt.Errorf("store translation %s %s %s: %w", t.Slug, t.Version, t.Lang, err))
	}
	return nil
}

// OwnTranslation returns an own model version's translation into lang.
func (s *Store) OwnTranslation(ctx context.Context, workspaceID, slug, version, lang string) (*assessment.Translation, error) {
	var row translationRow
	err := s.r.WithContext(ctx).Select("texts").
		Where("model_id = (?) AND lang = ?", s.modelID(workspaceID, slug, version), lang).Take(&row).Error
	if err != nil {
		return nil, translate(fmt.Errorf("translation %s %s %s: %w", slug, version, lang, err))
	}
	return decodeTexts([]byte(row.Texts), slug, version, lang)
}

// OwnLanguages lists the languages an own model version is translated into.
func (s *Store) OwnLanguages(ctx context.Context, workspaceID, slug, version string) ([]string, error) {
	var langs []string
	err := s.r.WithContext(ctx).Model(&translationRow{}).
		Where("model_id = (?)", s.modelID(workspaceID, slug, version)).Order("lang").Pluck("lang", &langs).Error
	if err != nil {
		return nil, translate(fmt.Errorf("languages of %s %s: %w", slug, version, err))
	}
	return langs, nil
}

// modelID is a subquery for the id of an own model version, scoped to its
// workspace like every tenant query.
func (s *Store) modelID(workspaceID, slug, version string) *gorm.DB {
	return s.r.Model(&modelRow{}).Select("id").Scopes(inWorkspace(workspaceID)).
		Where("slug = ? AND version = ?", slug, version)
}
