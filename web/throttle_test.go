package web

import (
	"fmt"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestLoginThrottleRules(t *testing.T) {
	for _, tt := range []struct {
		name string
		run  func(th *loginThrottle, clock *fakeClock) time.Duration // returns the wait to check
		want bool                                                    // whether it must wait
	}{
		{"first attempt goes ahead", func(th *loginThrottle, _ *fakeClock) time.Duration {
			return th.wait("ana", "10.0.0.1")
		}, false},
		{"fifth account failure blocks", func(th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails {
				th.fail("ana", "10.0.0.1")
			}
			return th.wait("ana", "10.0.0.2")
		}, true},
		{"account failures expire", func(th *loginThrottle, c *fakeClock) time.Duration {
			for range maxAccountFails {
				th.fail("ana", "10.0.0.1")
			}
			c.t = c.t.Add(loginWindow)
			return th.wait("ana", "10.0.0.1")
		}, false},
		{"address spraying blocks a new account", func(th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails {
				th.fail(fmt.Sprint("guess", i), "10.0.0.1")
			}
			return th.wait("bo", "10.0.0.1")
		}, true},
		{"address spraying spares other addresses", func(th *loginThrottle, _ *fakeClock) time.Duration {
			for i := range maxAddressFails {
				th.fail(fmt.Sprint("guess", i), "10.0.0.1")
			}
			return th.wait("bo", "10.0.0.9")
		}, false},
		{"a known account is not held back by its address", func(th *loginThrottle, _ *fakeClock) time.Duration {
			th.succeed("bo", "10.0.0.1")
			for i := range maxAddressFails {
				th.fail(fmt.Sprint("guess", i), "10.0.0.1")
			}
			return th.wait("bo", "10.0.0.1")
		}, false},
		{"success clears the account's failures", func(th *loginThrottle, _ *fakeClock) time.Duration {
			for range maxAccountFails - 1 {
				th.fail("ana", "10.0.0.1")
			}
			th.succeed("ana", "10.0.0.1")
			th.fail("ana", "10.0.0.1")
			return th.wait("ana", "10.0.0.1")
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
			th := newLoginThrottle(clock.now)
			w := tt.run(th, clock)
			if (w > 0) != tt.want {
				t.Errorf("wait %v, want waiting=%v", w, tt.want)
			}
			if w > loginWindow {
				t.Errorf("wait %v is longer than the window", w)
			}
		})
	}
}
