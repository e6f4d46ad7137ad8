package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/readiness/readiness/assessment"
)

var _ assessment.LoginAttemptStore = (*Store)(nil)

// ReserveLoginAttempt counts an attempt unless the bucket is full. The count
// and the insert are one transaction that holds the bucket: on PostgreSQL an
// advisory lock on the bucket's name (so instances sharing the database
// queue on it), on SQLite the single writer connection, whose transactions
// begin IMMEDIATE.
func (s *Store) ReserveLoginAttempt(ctx context.Context, bucket string, now time.Time, window time.Duration, limit int) (int64, bool, time.Time, error) {
	var (
		id      int64
		ok      bool
		retryAt time.Time
	)
	nowMS, cutoff := now.UnixMilli(), now.Add(-window).UnixMilli()
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if s.dialect == "postgres" {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "login_attempts:"+bucket).Error; err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		if err := tx.Exec("DELETE FROM login_attempts WHERE bucket = ? AND at <= ?", bucket, cutoff).Error; err != nil {
			return fmt.Errorf("forget old attempts: %w", err)
		}
		var recent []int64
		if err := tx.Raw("SELECT at FROM login_attempts WHERE bucket = ? ORDER BY at DESC LIMIT ?", bucket, limit).
			Scan(&recent).Error; err != nil {
			return fmt.Errorf("count attempts: %w", err)
		}
		if len(recent) >= limit {
			retryAt = time.UnixMilli(recent[limit-1]).Add(window)
			return nil
		}
		if err := tx.Raw("INSERT INTO login_attempts (bucket, at) VALUES (?, ?) RETURNING id", bucket, nowMS).
			Scan(&id).Error; err != nil {
			return fmt.Errorf("count attempt: %w", err)
		}
		ok = true
		return nil
	})
	if err != nil {
		return 0, false, time.Time{}, fmt.Errorf("reserve login attempt: %w", err)
	}
	return id, ok, retryAt, nil
}

// ReleaseLoginAttempt uncounts one attempt; an unknown id is no error.
func (s *Store) ReleaseLoginAttempt(ctx context.Context, id int64) error {
	if err := s.w.WithContext(ctx).Exec("DELETE FROM login_attempts WHERE id = ?", id).Error; err != nil {
		return fmt.Errorf("release login attempt: %w", err)
	}
	return nil
}

// ClearLoginAttempts uncounts every attempt on bucket. It also sweeps the
// attempts of every bucket older than a day: a reservation forgets only its
// own bucket's old attempts, and buckets nobody tries again (a spray of
// made-up accounts) would otherwise keep theirs for ever. Successful sign-ins
// are frequent enough to keep the table small.
func (s *Store) ClearLoginAttempts(ctx context.Context, bucket string) error {
	if err := s.w.WithContext(ctx).Exec("DELETE FROM login_attempts WHERE bucket = ? OR at <= ?",
		bucket, s.clock().Add(-24*time.Hour).UnixMilli()).Error; err != nil {
		return fmt.Errorf("clear login attempts: %w", err)
	}
	return nil
}
