package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/readiness/readiness/assessment"
)

type workspaceRow struct {
	ID        string    `gorm:"column:id;primaryKey"`
	Name      string    `gorm:"column:name"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

func (workspaceRow) TableName() string { return "workspaces" }

type userRow struct {
	ID           string    `gorm:"column:id;primaryKey"`
	WorkspaceID  string    `gorm:"column:workspace_id"`
	Email        string    `gorm:"column:email"`
	Name         string    `gorm:"column:name"`
	Role         string    `gorm:"column:role"`
	PasswordHash string    `gorm:"column:password_hash"`
	CreatedAt    time.Time `gorm:"column:created_at"`
}

func (userRow) TableName() string { return "users" }

func newUserRow(u assessment.User) *userRow {
	return &userRow{ID: u.ID, WorkspaceID: u.WorkspaceID, Email: u.Email, Name: u.Name,
		Role: string(u.Role), PasswordHash: u.PasswordHash, CreatedAt: u.CreatedAt}
}

func (r *userRow) user() assessment.User {
	return assessment.User{ID: r.ID, WorkspaceID: r.WorkspaceID, Email: r.Email, Name: r.Name,
		Role: assessment.Role(r.Role), PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt.UTC()}
}

type tokenRow struct {
	Hash      []byte    `gorm:"column:hash;primaryKey"`
	UserID    string    `gorm:"column:user_id"`
	ExpiresAt time.Time `gorm:"column:expires_at"`
	CreatedAt time.Time `gorm:"column:created_at"`
}

func (tokenRow) TableName() string { return "api_tokens" }

// AddUser creates the workspace if it is new, then the user: both or neither.
// The email is stored lower-cased, so uniqueness ignores case.
func (s *Store) AddUser(ctx context.Context, workspace string, u assessment.User) (assessment.User, error) {
	now := s.clock()
	u = newUser(u, now)
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// ON CONFLICT DO NOTHING rather than read-then-insert: two first users
		// of one workspace may arrive together (on PostgreSQL).
		ws := workspaceRow{ID: newID(), Name: workspace, CreatedAt: now}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoNothing: true}).
			Create(&ws).Error; err != nil {
			return fmt.Errorf("create workspace %q: %w", workspace, err)
		}
		var got workspaceRow
		if err := tx.Where("name = ?", workspace).Take(&got).Error; err != nil {
			return fmt.Errorf("read workspace %q: %w", workspace, err)
		}
		u.WorkspaceID = got.ID
		return createUser(tx, u)
	})
	if err != nil {
		return assessment.User{}, translate(err)
	}
	return u, nil
}

// newUser is u as it is stored: a new ID, the email in lower case (so
// uniqueness ignores case), a creation time to the stored precision.
func newUser(u assessment.User, now time.Time) assessment.User {
	u.ID = newID()
	u.Email = strings.ToLower(u.Email)
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now
	}
	u.CreatedAt = ts(u.CreatedAt)
	return u
}

// createUser inserts u inside tx; a taken email is Conflict.
func createUser(tx *gorm.DB, u assessment.User) error {
	if err := tx.Create(newUserRow(u)).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return assessment.Errorf(assessment.Conflict, "a user with email %s already exists", u.Email)
		}
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// UserByEmail finds a user by email, whatever its case.
func (s *Store) UserByEmail(ctx context.Context, email string) (assessment.User, error) {
	var row userRow
	if err := s.r.WithContext(ctx).Where("email = ?", strings.ToLower(email)).Take(&row).Error; err != nil {
		return assessment.User{}, translate(fmt.Errorf("user by email: %w", err))
	}
	return row.user(), nil
}

// AddToken stores the hash of a new API token; NotFound if the user is unknown.
func (s *Store) AddToken(ctx context.Context, userID string, hash []byte, expires time.Time) error {
	row := tokenRow{Hash: hash, UserID: userID, ExpiresAt: ts(expires), CreatedAt: s.clock()}
	if err := s.w.WithContext(ctx).Create(&row).Error; err != nil {
		return translate(fmt.Errorf("add token: %w", err))
	}
	return nil
}

// UserByToken finds the owner of a token hash that has not expired at now.
func (s *Store) UserByToken(ctx context.Context, hash []byte, now time.Time) (assessment.User, error) {
	var row userRow
	err := s.r.WithContext(ctx).Select("users.*").
		Joins("JOIN api_tokens t ON t.user_id = users.id").
		Where("t.hash = ? AND t.expires_at > ?", hash, ts(now)).
		Take(&row).Error
	if err != nil {
		return assessment.User{}, translate(fmt.Errorf("user by token: %w", err))
	}
	return row.user(), nil
}

// DeleteToken removes a token; an unknown hash is no error.
func (s *Store) DeleteToken(ctx context.Context, hash []byte) error {
	if err := s.w.WithContext(ctx).Where("hash = ?", hash).Delete(&tokenRow{}).Error; err != nil {
		return translate(fmt.Errorf("delete token: %w", err))
	}
	return nil
}
