package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// Login throttling: attempts are counted per account and per client address
// over a sliding window. Each attempt is counted (reserved) before its
// password is checked, so a burst of parallel guesses gets no more checks
// than a sequence; a wrong password keeps its count, a right one clears the
// account's. A workshop room behind one NAT shares an address, so the
// address limit is looser than the account one, and respondents (who never
// log in) are never throttled by address. An account that signed in
// successfully from an address lately is not held back by that address's
// count, so one person guessing passwords does not lock out a colleague on
// the same network (the account's own limit still applies).
const (
	loginWindow      = 15 * time.Minute
	knownFor         = 24 * time.Hour
	maxAccountFails  = 5
	maxAddressFails  = 20
	maxThrottledKeys = 100_000 // bounds memory under a spray of distinct keys
)

type loginThrottle struct {
	attempts assessment.LoginAttemptStore
	now      func() time.Time
	mu       sync.Mutex
	known    map[string]time.Time // account + address → last successful sign-in
}

// newLoginThrottle counts in attempts, or in this process when it is nil.
func newLoginThrottle(attempts assessment.LoginAttemptStore, now func() time.Time) *loginThrottle {
	if attempts == nil {
		attempts = newMemoryAttempts()
	}
	return &loginThrottle{attempts: attempts, now: now, known: map[string]time.Time{}}
}

// bucket names a throttle bucket by a hash, so that the attempted emails and
// addresses are not kept in the clear.
func bucket(kind, key string) string {
	h := sha256.Sum256([]byte(kind + ":" + key))
	return hex.EncodeToString(h[:16])
}

// loginReservation is the counted attempt of one sign-in, until its outcome
// is known.
type loginReservation struct {
	account, addr string
	accountID     int64
	addrID        int64 // 0 when the address was not counted (a known account)
}

// reserve counts a sign-in attempt for account from addr before its password
// is checked. A positive wait means it was refused and nothing was counted.
func (t *loginThrottle) reserve(ctx context.Context, account, addr string) (loginReservation, time.Duration, error) {
	now := t.now()
	r := loginReservation{account: account, addr: addr}
	id, ok, retryAt, err := t.attempts.ReserveLoginAttempt(ctx, bucket("account", account), now, loginWindow, maxAccountFails)
	if err != nil {
		return r, 0, err
	}
	if !ok {
		return r, max(retryAt.Sub(now), time.Second), nil
	}
	r.accountID = id
	if t.isKnown(account, addr, now) {
		return r, 0, nil
	}
	id, ok, retryAt, err = t.attempts.ReserveLoginAttempt(ctx, bucket("address", addr), now, loginWindow, maxAddressFails)
	if err == nil && !ok {
		err = t.attempts.ReleaseLoginAttempt(ctx, r.accountID)
		return r, max(retryAt.Sub(now), time.Second), err
	}
	if err != nil {
		return r, 0, errors.Join(err, t.attempts.ReleaseLoginAttempt(ctx, r.accountID))
	}
	r.addrID = id
	return r, 0, nil
}

func (t *loginThrottle) isKnown(account, addr string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	last, ok := t.known[account+"\x00"+addr]
	return ok && now.Sub(last) <= knownFor
}

// release uncounts an attempt that neither failed nor succeeded (the check
// itself broke): it must not count against anyone.
func (t *loginThrottle) release(ctx context.Context, r loginReservation) error {
	err := t.attempts.ReleaseLoginAttempt(ctx, r.accountID)
	if r.addrID != 0 {
		err = errors.Join(err, t.attempts.ReleaseLoginAttempt(ctx, r.addrID))
	}
	return err
}

// succeed forgets an account's failures once its owner signs in, does not
// count the attempt against the address, and remembers the address.
func (t *loginThrottle) succeed(ctx context.Context, r loginReservation) error {
	err := t.attempts.ClearLoginAttempts(ctx, bucket("account", r.account))
	if r.addrID != 0 {
		err = errors.Join(err, t.attempts.ReleaseLoginAttempt(ctx, r.addrID))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.known) >= maxThrottledKeys {
		for k, last := range t.known {
			if now.Sub(last) > knownFor {
				delete(t.known, k)
			}
		}
		if len(t.known) >= maxThrottledKeys {
			return err // full of recent sign-ins: this one just is not remembered
		}
	}
	t.known[r.account+"\x00"+r.addr] = now
	return err
}

// Join codes are short enough to guess, so the contract limits lookups of
// unknown codes to 20 a minute from one address. Only unknown codes count:
// a room joining from behind one address is never held back.
const (
	codeGuessWindow = time.Minute
	maxCodeGuesses  = 20
)

// codeThrottle counts lookups of unknown join codes per client address, in
// the same store (and so across instances) as sign-in attempts.
type codeThrottle struct {
	attempts assessment.LoginAttemptStore
	now      func() time.Time
}

// guess counts one lookup of an unknown code from addr. A positive wait
// means the address is over the limit; that lookup is not counted.
func (t codeThrottle) guess(ctx context.Context, addr string) (time.Duration, error) {
	now := t.now()
	_, ok, retryAt, err := t.attempts.ReserveLoginAttempt(ctx, bucket("join-code", addr), now, codeGuessWindow, maxCodeGuesses)
	if err != nil || ok {
		return 0, err
	}
	return max(retryAt.Sub(now), time.Second), nil
}

// memoryAttempts counts attempts in this process: for a Server built without
// a database-backed count (tests, tools). Serving processes use the store's.
type memoryAttempts struct {
	mu     sync.Mutex
	next   int64
	byKey  map[string][]memoryAttempt
	bucket map[int64]string
}

type memoryAttempt struct {
	id int64
	at time.Time
}

func newMemoryAttempts() *memoryAttempts {
	return &memoryAttempts{byKey: map[string][]memoryAttempt{}, bucket: map[int64]string{}}
}

var _ assessment.LoginAttemptStore = (*memoryAttempts)(nil)

func (m *memoryAttempts) ReserveLoginAttempt(_ context.Context, key string, now time.Time, window time.Duration, limit int) (int64, bool, time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.byKey) >= maxThrottledKeys {
		for k := range m.byKey {
			m.recent(k, now, window)
		}
	}
	as := m.recent(key, now, window)
	if len(as) >= limit {
		return 0, false, as[len(as)-limit].at.Add(window), nil
	}
	if len(m.byKey) >= maxThrottledKeys && as == nil {
		return 0, true, time.Time{}, nil // full of live keys: let it through uncounted rather than grow
	}
	m.next++
	m.byKey[key] = append(as, memoryAttempt{id: m.next, at: now})
	m.bucket[m.next] = key
	return m.next, true, time.Time{}, nil
}

// recent drops key's attempts older than the window and returns the rest.
func (m *memoryAttempts) recent(key string, now time.Time, window time.Duration) []memoryAttempt {
	as := m.byKey[key]
	i := 0
	for i < len(as) && now.Sub(as[i].at) >= window {
		delete(m.bucket, as[i].id)
		i++
	}
	as = as[i:]
	if len(as) == 0 {
		delete(m.byKey, key)
		return nil
	}
	m.byKey[key] = as
	return as
}

func (m *memoryAttempts) ReleaseLoginAttempt(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	key, ok := m.bucket[id]
	if !ok {
		return nil
	}
	delete(m.bucket, id)
	as := slices.DeleteFunc(m.byKey[key], func(a memoryAttempt) bool { return a.id == id })
	if len(as) == 0 {
		delete(m.byKey, key)
	} else {
		m.byKey[key] = as
	}
	return nil
}

func (m *memoryAttempts) ClearLoginAttempts(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.byKey[key] {
		delete(m.bucket, a.id)
	}
	delete(m.byKey, key)
	return nil
}

// CountUnknownCode counts err against the client's address when it says a
// join code is unknown, and turns it into a 429 beyond the limit.
func (s *Server) CountUnknownCode(c echo.Context, err error) error {
	if assessment.KindOf(err) != assessment.NotFound {
		return err
	}
	wait, terr := s.codes.guess(c.Request().Context(), c.RealIP())
	if terr != nil {
		return fmt.Errorf("join code throttle: %w", terr)
	}
	if wait > 0 {
		return &RequestError{Status: http.StatusTooManyRequests, Code: "throttled", RetryAfter: wait,
			Message: "too many unknown join codes from this address; try again in a minute"}
	}
	return err
}
