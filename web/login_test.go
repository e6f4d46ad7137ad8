package web_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// accountLimit is the contract's: after 5 failures for one account within
// 15 minutes, further attempts answer 429 without a password check.
const accountLimit = 5

// guesses sends n wrong passwords for email at once, spread over the
// harnesses, and counts the answers by status. A 401 is an attempt whose
// password was checked; a 429 one that was refused before any check.
func guesses(t *testing.T, n int, email string, hs ...*webtest.Harness) map[int]int {
	t.Helper()
	var (
		mu     sync.Mutex
		counts = map[int]int{}
		wg     sync.WaitGroup
		start  = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			h := hs[i%len(hs)]
			r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": "wrong guess " + strconv.Itoa(i)})
			if r.Status == 429 {
				if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60 {
					t.Errorf("429 with Retry-After %q, want 1-900 seconds", r.Header.Get("Retry-After"))
				}
			}
			mu.Lock()
			counts[r.Status]++
			mu.Unlock()
		})
	}
	close(start)
	wg.Wait()
	return counts
}

func TestLoginParallelGuessesStopAtTheLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		h.Consultant("Burst")
		got := guesses(t, 40, "burst@example.com", h)
		if got[401] != accountLimit || got[429] != 40-accountLimit || len(got) != 2 {
			t.Errorf("40 parallel wrong passwords answered %v, want %d×401 and %d×429", got, accountLimit, 40-accountLimit)
		}
		// Even the right password waits out the throttle: no check at all.
		if r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "burst@example.com", "password": webtest.Password}); r.Status != 429 {
			t.Errorf("right password after the burst: %s", r)
		}
		// Another account from the same address is not locked with it.
		h.Consultant("Bystander")
	})
}

func TestLoginSequentialGuessesStopAtTheLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		h.Consultant("Steady")
		for i := range 12 {
			r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "steady@example.com", "password": "wrong guess " + strconv.Itoa(i)})
			want := 401
			if i >= accountLimit {
				want = 429
			}
			if r.Status != want {
				t.Errorf("attempt %d: %s, want %d", i+1, r, want)
			}
		}
	})
}

// TestLoginCountIsSharedByInstances runs two servers, each with its own
// store on one database, as instances behind a load balancer: an attacker
// spreading guesses over both gets no more checks than against one.
func TestLoginCountIsSharedByInstances(t *testing.T) {
	storetest.EachShared(t, func(t *testing.T, a, b *store.Store) {
		ha, hb := webtest.New(t, a), webtest.New(t, b)
		ha.Consultant("Shared")
		for i := range 2 { // two failures on one instance first
			if r := hb.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "shared@example.com", "password": "early guess " + strconv.Itoa(i)}); r.Status != 401 {
				t.Fatalf("early guess: %s", r)
			}
		}
		got := guesses(t, 40, "shared@example.com", ha, hb)
		if got[401] != accountLimit-2 || got[429] != 40-(accountLimit-2) {
			t.Errorf("40 wrong passwords over two instances answered %v, want %d×401 and the rest 429", got, accountLimit-2)
		}
		for _, h := range []*webtest.Harness{ha, hb} {
			if r := h.Do("POST", "/api/v1/auth/token", "", map[string]string{"email": "shared@example.com", "password": webtest.Password}); r.Status != 429 {
				t.Errorf("right password after the burst: %s", r)
			}
		}
	})
}
