package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.AccountStore = (*Store)(nil)

type invitationRow struct {
	ID          string     `gorm:"column:id;primaryKey"`
	WorkspaceID string     `gorm:"column:workspace_id"`
	Email       string     `gorm:"column:email"`
	Name        string     `gorm:"column:name"`
	Role        string     `gorm:"column:role"`
	TokenHash   []byte     `gorm:"column:token_hash"`
	CreatedAt   time.Time  `gorm:"column:created_at"`
	ExpiresAt   time.Time  `gorm:"column:expires_at"`
	UsedAt      *time.Time `gorm:"column:used_at"`
}

func (invitationRow) TableName() string { return "invitations" }

func (r *invitationRow) invitation() assessment.Invitation {
	return assessment.Invitation{ID: r.ID, WorkspaceID: r.WorkspaceID, Email: r.Email, Name: r.Name,
		Role: assessment.Role(r.Role), CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
}

type passwordResetRow struct {
	ID        string     `gorm:"column:id;primaryKey"`
	UserID    string     `gorm:"column:user_id"`
	TokenHash []byte     `gorm:"column:token_hash"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	ExpiresAt time.Time  `gorm:"column:expires_at"`
	UsedAt    *time.Time `gorm:"column:used_at"`
}

func (passwordResetRow) TableName() string { return "password_resets" }

// WorkspaceUser returns a user of the workspace.
func (s *Store) WorkspaceUser(ctx context.Context, workspaceID, id string) (assessment.User, error) {
	var row userRow
	if err := s.r.WithContext(ctx).Scopes(inWorkspace(workspaceID)).Where("id = ?", id).Take(&row).Error; err != nil {
		return assessment.User{}, translate(fmt.Errorf("user %s: %w", id, err))
	}
	return row.user(), nil
}

// SetPassword replaces a password hash and ends the user's tokens but keep,
// with the audit entry, in one transaction.
func (s *Store) SetPassword(ctx context.Context, userID, passwordHash string, keep []byte, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return setPassword(tx, userID, passwordHash, keep, e)
	})
	return translate(err)
}

// setPassword is SetPassword inside tx.
func setPassword(tx *gorm.DB, userID, passwordHash string, keep []byte, e assessment.AuditEntry) error {
	res := tx.Model(&userRow{}).Where("id = ?", userID).Update("password_hash", passwordHash)
	if res.Error != nil {
		return fmt.Errorf("set password of %s: %w", userID, res.Error)
	}
	if res.RowsAffected == 0 {
		return assessment.Errorf(assessment.NotFound, "not found")
	}
	end := tx.Where("user_id = ?", userID)
	if keep != nil {
		end = end.Where("hash <> ?", keep)
	}
	if err := end.Delete(&tokenRow{}).Error; err != nil {
		return fmt.Errorf("end sessions of %s: %w", userID, err)
	}
	return appendAudit(tx, e)
}

// CreateInvitation stores an invitation; Conflict if a user has its email.
func (s *Store) CreateInvitation(ctx context.Context, inv assessment.Invitation, tokenHash []byte, e assessment.AuditEntry) (assessment.Invitation, error) {
	row := invitationRow{ID: newID(), WorkspaceID: inv.WorkspaceID, Email: strings.ToLower(inv.Email), Name: inv.Name,
		Role: string(inv.Role), TokenHash: tokenHash, CreatedAt: ts(inv.CreatedAt), ExpiresAt: ts(inv.ExpiresAt)}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Where("email = ?", row.Email).Count(&n).Error; err != nil {
			return fmt.Errorf("check email: %w", err)
		}
		if n > 0 {
			return assessment.Errorf(assessment.Conflict, "a user with email %s already exists", row.Email)
		}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create invitation: %w", err)
		}
		if e.Target == "" {
			e.Target = "invitation:" + row.ID
		}
		return appendAudit(tx, e)
	})
	if err != nil {
		return assessment.Invitation{}, translate(err)
	}
	return row.invitation(), nil
}

// InvitationByToken finds an unused, unexpired invitation; it changes nothing.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash []byte, now time.Time) (assessment.Invitation, error) {
	var row invitationRow
	err := s.r.WithContext(ctx).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", tokenHash, ts(now)).Take(&row).Error
	if err != nil {
		return assessment.Invitation{}, translate(fmt.Errorf("invitation by token: %w", err))
	}
	return row.invitation(), nil
}

// AcceptInvitation consumes an invitation and creates its user with a
// session. The UPDATE that marks the invitation used also checks that it is
// usable, so of two requests at once only one finds a row to update.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash []byte, now time.Time, passwordHash string, sess assessment.Session, e assessment.AuditEntry) (assessment.User, error) {
	var u assessment.User
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var inv invitationRow
		err := tx.Raw(`UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
RETURNING id, workspace_id, email, name, role, created_at, expires_at`, ts(now), tokenHash, ts(now)).Scan(&inv).Error
		if err != nil {
			return fmt.Errorf("use invitation: %w", err)
		}
		if inv.ID == "" {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		u = assessment.User{ID: newID(), WorkspaceID: inv.WorkspaceID, Email: inv.Email, Name: inv.Name,
			Role: assessment.Role(inv.Role), PasswordHash: passwordHash, CreatedAt: ts(now)}
		if err := tx.Create(newUserRow(u)).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return assessment.Errorf(assessment.Conflict, "a user with email %s already exists", u.Email)
			}
			return fmt.Errorf("create invited user: %w", err)
		}
		if err := addSession(tx, u.ID, sess, now); err != nil {
			return err
		}
		e.WorkspaceID, e.Actor, e.Target = u.WorkspaceID, u.Email, "user:"+u.ID
		return appendAudit(tx, e)
	})
	if err != nil {
		return assessment.User{}, translate(err)
	}
	return u, nil
}

func addSession(tx *gorm.DB, userID string, sess assessment.Session, now time.Time) error {
	row := tokenRow{Hash: sess.TokenHash, UserID: userID, ExpiresAt: ts(sess.ExpiresAt), CreatedAt: ts(now)}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("start session: %w", err)
	}
	return nil
}

// CreatePasswordReset stores a reset link for a user of the workspace.
func (s *Store) CreatePasswordReset(ctx context.Context, workspaceID, userID string, tokenHash []byte, created, expires time.Time, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&userRow{}).Scopes(inWorkspace(workspaceID)).Where("id = ?", userID).Count(&n).Error; err != nil {
			return fmt.Errorf("find user %s: %w", userID, err)
		}
		if n == 0 {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		row := passwordResetRow{ID: newID(), UserID: userID, TokenHash: tokenHash, CreatedAt: ts(created), ExpiresAt: ts(expires)}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("create password reset: %w", err)
		}
		return appendAudit(tx, e)
	})
	return translate(err)
}

// PasswordResetByToken finds the user of an unused, unexpired reset link.
func (s *Store) PasswordResetByToken(ctx context.Context, tokenHash []byte, now time.Time) (assessment.User, error) {
	var row userRow
	err := s.r.WithContext(ctx).Select("users.*").
		Joins("JOIN password_resets p ON p.user_id = users.id").
		Where("p.token_hash = ? AND p.used_at IS NULL AND p.expires_at > ?", tokenHash, ts(now)).
		Take(&row).Error
	if err != nil {
		return assessment.User{}, translate(fmt.Errorf("password reset by token: %w", err))
	}
	return row.user(), nil
}

// UsePasswordReset consumes a reset link, sets the password, ends every
// token and other reset link of the user and starts a new session.
func (s *Store) UsePasswordReset(ctx context.Context, tokenHash []byte, now time.Time, passwordHash string, sess assessment.Session, e assessment.AuditEntry) (assessment.User, error) {
	var u assessment.User
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var reset passwordResetRow
		err := tx.Raw(`UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
RETURNING id, user_id`, ts(now), tokenHash, ts(now)).Scan(&reset).Error
		if err != nil {
			return fmt.Errorf("use password reset: %w", err)
		}
		if reset.ID == "" {
			return assessment.Errorf(assessment.NotFound, "not found")
		}
		// Any other link of the user dies with this one: the user has chosen.
		if err := tx.Model(&passwordResetRow{}).Where("user_id = ? AND used_at IS NULL", reset.UserID).
			Update("used_at", ts(now)).Error; err != nil {
			return fmt.Errorf("end other reset links: %w", err)
		}
		var row userRow
		if err := tx.Where("id = ?", reset.UserID).Take(&row).Error; err != nil {
			return fmt.Errorf("user of reset link: %w", err)
		}
		u = row.user()
		u.PasswordHash = passwordHash
		e.WorkspaceID, e.Actor, e.Target = u.WorkspaceID, u.Email, "user:"+u.ID
		if err := setPassword(tx, u.ID, passwordHash, nil, e); err != nil {
			return err
		}
		return addSession(tx, u.ID, sess, now)
	})
	if err != nil {
		return assessment.User{}, translate(err)
	}
	return u, nil
}

// lockAdmins serialises the changes that could leave a workspace without an
// admin. On PostgreSQL two transactions would each count two admins and
// each remove one; the row lock on the workspace makes the second count
// after the first commits. SQLite's single writer, whose transactions begin
// IMMEDIATE, serialises them already.
func (s *Store) lockAdmins(tx *gorm.DB, workspaceID string) error {
	if s.dialect != "postgres" {
		return nil
	}
	if err := tx.Exec("SELECT id FROM workspaces WHERE id = ? FOR UPDATE", workspaceID).Error; err != nil {
		return fmt.Errorf("lock workspace %s: %w", workspaceID, err)
	}
	return nil
}

// lastAdmin reports whether u is the only admin of its workspace.
func lastAdmin(tx *gorm.DB, u userRow) (bool, error) {
	if u.Role != string(assessment.RoleAdmin) {
		return false, nil
	}
	var n int64
	if err := tx.Model(&userRow{}).Scopes(inWorkspace(u.WorkspaceID)).Where("role = ?", string(assessment.RoleAdmin)).
		Count(&n).Error; err != nil {
		return false, fmt.Errorf("count admins: %w", err)
	}
	return n <= 1, nil
}

// SetRole changes a user's role, never the last admin's to consultant.
func (s *Store) SetRole(ctx context.Context, workspaceID, userID string, role assessment.Role, e assessment.AuditEntry) (assessment.User, error) {
	var row userRow
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockAdmins(tx, workspaceID); err != nil {
			return err
		}
		if err := tx.Scopes(inWorkspace(workspaceID)).Where("id = ?", userID).Take(&row).Error; err != nil {
			return fmt.Errorf("user %s: %w", userID, err)
		}
		if row.Role == string(role) {
			return nil // nothing changes, nothing to audit
		}
		if role != assessment.RoleAdmin {
			last, err := lastAdmin(tx, row)
			if err != nil {
				return err
			}
			if last {
				return assessment.Errorf(assessment.Conflict, "the last admin of a workspace stays admin")
			}
		}
		if err := tx.Model(&userRow{}).Scopes(inWorkspace(workspaceID)).Where("id = ?", userID).
			Update("role", string(role)).Error; err != nil {
			return fmt.Errorf("set role of %s: %w", userID, err)
		}
		row.Role = string(role)
		return appendAudit(tx, e)
	})
	if err != nil {
		return assessment.User{}, translate(err)
	}
	return row.user(), nil
}

// RemoveUser deletes a user, never a workspace's last admin. Their tokens
// and reset links go with them (foreign keys cascade); nothing else refers
// to a user, so their work stays, and their email is free again.
func (s *Store) RemoveUser(ctx context.Context, workspaceID, userID string, e assessment.AuditEntry) error {
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.lockAdmins(tx, workspaceID); err != nil {
			return err
		}
		var row userRow
		if err := tx.Scopes(inWorkspace(workspaceID)).Where("id = ?", userID).Take(&row).Error; err != nil {
			return fmt.Errorf("user %s: %w", userID, err)
		}
		last, err := lastAdmin(tx, row)
		if err != nil {
			return err
		}
		if last {
			return assessment.Errorf(assessment.Conflict, "the last admin of a workspace stays")
		}
		if err := tx.Where("user_id = ?", userID).Delete(&tokenRow{}).Error; err != nil {
			return fmt.Errorf("end sessions of %s: %w", userID, err)
		}
		if err := tx.Scopes(inWorkspace(workspaceID)).Where("id = ?", userID).Delete(&userRow{}).Error; err != nil {
			return fmt.Errorf("remove user %s: %w", userID, err)
		}
		return appendAudit(tx, e)
	})
	return translate(err)
}
