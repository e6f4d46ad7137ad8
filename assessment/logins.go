package assessment

import (
	"context"
	"time"
)

// LoginAttemptStore counts sign-in attempts per bucket (an account or a
// client address, named by an opaque key) over a sliding window. The count is
// taken before the password is checked, so that a burst of parallel guesses
// gets no more checks than a sequence; assessment/store keeps it in the
// database, so that every instance sharing one database shares the count.
type LoginAttemptStore interface {
	// ReserveLoginAttempt counts one attempt on bucket at now, unless limit
	// attempts are already counted in the window before now: then it counts
	// nothing, and retryAt says when the oldest of those leaves the window.
	// Concurrent calls for one bucket never both take its last slot.
	ReserveLoginAttempt(ctx context.Context, bucket string, now time.Time, window time.Duration, limit int) (id int64, ok bool, retryAt time.Time, err error)
	// ReleaseLoginAttempt uncounts one reserved attempt (it did not fail).
	ReleaseLoginAttempt(ctx context.Context, id int64) error
	// ClearLoginAttempts uncounts every attempt on bucket (its owner signed in).
	ClearLoginAttempts(ctx context.Context, bucket string) error
}
