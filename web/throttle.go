package web

import (
	"sync"
	"time"
)

// Login throttling: failures are counted per account and per client address
// over a sliding window. A workshop room behind one NAT shares an address, so
// the address limit is looser than the account one, and respondents (who
// never log in) are never throttled by address. An account that signed in
// successfully from an address lately is not held back by that address's
// failures, so one person guessing passwords does not lock out a colleague
// on the same network (the account's own limit still applies).
const (
	loginWindow      = 15 * time.Minute
	knownFor         = 24 * time.Hour
	maxAccountFails  = 5
	maxAddressFails  = 20
	maxThrottledKeys = 100_000 // bounds memory under a spray of distinct keys
)

type loginThrottle struct {
	now   func() time.Time
	mu    sync.Mutex
	fails map[string][]time.Time
	known map[string]time.Time // account + address → last successful sign-in
}

func newLoginThrottle(now func() time.Time) *loginThrottle {
	return &loginThrottle{now: now, fails: map[string][]time.Time{}, known: map[string]time.Time{}}
}

// wait reports how long a login for account from addr must wait; 0 means go ahead.
func (t *loginThrottle) wait(account, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	w := t.waitKey("a:"+account, maxAccountFails, now)
	if last, ok := t.known[account+"\x00"+addr]; !ok || now.Sub(last) > knownFor {
		w = max(w, t.waitKey("ip:"+addr, maxAddressFails, now))
	}
	return w
}

func (t *loginThrottle) waitKey(key string, limit int, now time.Time) time.Duration {
	fs := t.recent(key, now)
	if len(fs) < limit {
		return 0
	}
	return max(fs[len(fs)-limit].Add(loginWindow).Sub(now), time.Second)
}

// recent drops failures older than the window and returns the rest.
func (t *loginThrottle) recent(key string, now time.Time) []time.Time {
	fs := t.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= loginWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = fs
	return fs
}

func (t *loginThrottle) fail(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.fails) >= maxThrottledKeys {
		for k := range t.fails {
			t.recent(k, now)
		}
	}
	for _, k := range []string{"a:" + account, "ip:" + addr} {
		if len(t.fails) >= maxThrottledKeys && t.fails[k] == nil {
			continue
		}
		fs := append(t.recent(k, now), now)
		if len(fs) > maxAddressFails {
			fs = fs[len(fs)-maxAddressFails:]
		}
		t.fails[k] = fs
	}
}

// succeed forgets an account's failures once its owner signs in, and
// remembers the address it signed in from.
func (t *loginThrottle) succeed(account, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	delete(t.fails, "a:"+account)
	if len(t.known) >= maxThrottledKeys {
		for k, last := range t.known {
			if now.Sub(last) > knownFor {
				delete(t.known, k)
			}
		}
		if len(t.known) >= maxThrottledKeys {
			return // full of recent sign-ins: this one just is not remembered
		}
	}
	t.known[account+"\x00"+addr] = now
}
