package web

import (
	"context"
	"fmt"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// fail is a sign-in with a wrong password: reserved, and kept.
func fail(t *testing.T, th *loginThrottle, account, addr string) {
	t.Helper()
	if _, wait, err := th.reserve(context.Background(), account, addr); err != nil || wait > 0 {
		t.Fatalf("reserve %s from %s: wait %v, %v", account, addr, wait, err)
	}
}

// succeed is a sign-in with the right password.
func succeed(t *testing.T, th *loginThrottle, account, addr string) {
	t.Helper()
	r, wait, err := th.reserve(context.Background(), account, addr)
	if err != nil || wait > 0 {
		t.Fatalf("reserve %s from %s: wait %v, %v", account, addr, wait, err)
	}
	if err := th.succeed(context.Background(), r); err != nil {
		t.Fatal(err)
	}
}

// wait is how long the next attempt must wait; an attempt it lets through
// is released again, so that asking does not count.
func wait(t *testing.T, th *loginThrottle, account, addr string) time.Duration {
	t.Helper()
	r, w, err := th.reserve(context.Background(), account, addr)
	if err != nil {
		t.Fatal(err)
	}
	if w == 0 {
		if err := th.release(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func TestLoginThrottleRules(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  func(t *testing.T, th *loginThrottle, clock *fakeClock) time.Duration // returns the wait to check
		want bool                                                                  // whether it must wait
	}{
		{"first attempt goes ahead", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			return wait(t, th, "ana", "10.0.0.1")
		}, false},
		{"four failures leave one attempt", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails - 1 {
				fail(t, th, "ana", "10.0.0.1")
			}
			return wait(t, th, "ana", "10.0.0.2")
		}, false},
		{"fifth account failure blocks", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails {
				fail(t, th, "ana", "10.0.0.1")
			}
			return wait(t, th, "ana", "10.0.0.2")
		}, true},
		{"an attempt in flight counts", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails - 1 {
				fail(t, th, "ana", "10.0.0.1")
			}
			// The fifth is reserved and its password still being checked.
			if _, w, err := th.reserve(context.Background(), "ana", "10.0.0.1"); err != nil || w > 0 {
				t.Fatalf("fifth attempt: wait %v, %v", w, err)
			}
			return wait(t, th, "ana", "10.0.0.1")
		}, true},
		{"account failures expire", func(t *testing.T, th *loginThrottle, c *fakeClock) time.Duration {
			for range maxAccountFails {
				fail(t, th, "ana", "10.0.0.1")
			}
			c.t = c.t.Add(loginWindow)
			return wait(t, th, "ana", "10.0.0.1")
		}, false},
		{"the window slides", func(t *testing.T, th *loginThrottle, c *fakeClock) time.Duration {
			fail(t, th, "ana", "10.0.0.1")
			c.t = c.t.Add(loginWindow - time.Minute)
			for range maxAccountFails - 1 {
				fail(t, th, "ana", "10.0.0.1")
			}
			c.t = c.t.Add(time.Minute) // the first left the window; four remain
			fail(t, th, "ana", "10.0.0.1")
			return wait(t, th, "ana", "10.0.0.1")
		}, true},
		{"address spraying blocks a new account", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails {
				fail(t, th, fmt.Sprint("guess", i), "10.0.0.1")
			}
			return wait(t, th, "bo", "10.0.0.1")
		}, true},
		{"address spraying spares other addresses", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails {
				fail(t, th, fmt.Sprint("guess", i), "10.0.0.1")
			}
			return wait(t, th, "bo", "10.0.0.9")
		}, false},
		{"a known account is not held back by its address", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			succeed(t, th, "bo", "10.0.0.1")
			for i := range maxAddressFails {
				fail(t, th, fmt.Sprint("guess", i), "10.0.0.1")
			}
			return wait(t, th, "bo", "10.0.0.1")
		}, false},
		{"an address refusal does not count against the account", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails {
				fail(t, th, fmt.Sprint("guess", i), "10.0.0.1")
			}
			for range maxAccountFails {
				if w := wait(t, th, "bo", "10.0.0.1"); w == 0 {
					t.Fatal("the address should be throttled")
				}
			}
			return wait(t, th, "bo", "10.0.0.2")
		}, false},
		{"success clears the account's failures", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails - 1 {
				fail(t, th, "ana", "10.0.0.1")
			}
			succeed(t, th, "ana", "10.0.0.1")
			fail(t, th, "ana", "10.0.0.1")
			return wait(t, th, "ana", "10.0.0.1")
		}, false},
		{"successes do not count against the address", func(t *testing.T, th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails + 1 {
				succeed(t, th, fmt.Sprint("user", i), "10.0.0.1")
			}
			return wait(t, th, "new", "10.0.0.1")
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
			th := newLoginThrottle(nil, clock.now)
			w := tt.run(t, th, clock)
			if (w > 0) != tt.want {
				t.Errorf("wait %v, want waiting=%v", w, tt.want)
			}
			if w > loginWindow {
				t.Errorf("wait %v is longer than the window", w)
			}
		})
	}
}
