package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestJoinFormWithoutScript joins as a phone whose browser runs no script:
// the form posts, the participant lands on their own page, and scanning the
// code again carries on as the same participant instead of a new one.
func TestJoinFormWithoutScript(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token, id, code := h.Workshop("JoinForm")
	phone := h.Visitor()
	webtest.WantPage(t, "join form", phone.Get("/j/"+strings.ToLower(code)), 200, `<form id="join" method="post"`, "Participant N")

	for name, tt := range map[string]struct {
		form url.Values
		want string
	}{
		"long name":           {url.Values{"name": {strings.Repeat("n", 201)}}, `id="name-error"`},
		"unknown perspective": {url.Values{"perspective": {"finance"}}, `id="perspective-error"`},
	} {
		r := phone.Post("/j/"+code, tt.form)
		webtest.WantPage(t, name, r, http.StatusUnprocessableEntity, tt.want, `value="`+tt.form.Get("name")+`"`)
	}
	if r := phone.Post("/j/"+code, url.Values{"name": {"Ann"}, "_csrf": {""}}); r.Status != http.StatusForbidden {
		t.Errorf("join without a CSRF token: %s", r)
	}
	if n := len(respondents(h, id, token)); n != 0 {
		t.Fatalf("refused joins added %d participants", n)
	}

	r := phone.Post("/j/"+code, url.Values{"name": {"Ann"}, "role": {"SRE"}, "perspective": {"operations"}})
	link := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(link, "/r/") {
		t.Fatalf("join: %s, Location %q", r, link)
	}
	webtest.WantRedirect(t, "own page", phone.Get(link), link+"/welcome") // nothing answered yet
	webtest.WantPage(t, "welcome", phone.Get(link+"/welcome"), 200, "Ann")
	rs := respondents(h, id, token)
	if len(rs) != 1 || rs[0].Name != "Ann" || rs[0].Role != "SRE" || rs[0].Perspective == nil || *rs[0].Perspective != "operations" {
		t.Fatalf("respondents after the join: %+v", rs)
	}

	// The phone scans the code again (a reload, a closed tab): it carries on.
	again := phone.Get("/j/" + code)
	webtest.WantPage(t, "join page again", again, 200, "as Ann", `href="`+link+`"`, "Join as a new participant")
	if strings.Contains(string(again.Body), `<form id="join"`) {
		t.Error("a joined phone is shown the join form first")
	}
	webtest.WantPage(t, "join as someone new", phone.Get("/j/"+code+"?new=1"), 200, `<form id="join"`)
	// Another phone has no cookie: it gets the form.
	webtest.WantPage(t, "another phone", h.Visitor().Get("/j/"+code), 200, `<form id="join"`)

	// Full: a newcomer is told so, the one who joined still carries on.
	late := h.Visitor()
	late.Get("/j/" + code) // shown the form before the workshop filled up
	h.MustJSON("PATCH", "/api/v1/assessments/"+id, token, map[string]any{"max_participants": 1}, 200, nil)
	webtest.WantPage(t, "joining a full workshop", late.Post("/j/"+code, url.Values{"name": {"Late"}}), http.StatusConflict, "is full")
	webtest.WantPage(t, "full, joined phone", phone.Get("/j/"+code), 200, `href="`+link+`"`)

	// Closed: the one who joined can still see their answers.
	h.MustJSON("POST", "/api/v1/assessments/"+id+"/close", token, nil, 200, nil)
	webtest.WantPage(t, "closed, joined phone", phone.Get("/j/"+code), 200, "See your answers")
	webtest.WantPage(t, "closed, new phone", late.Get("/j/"+code), 200, "has ended")
	if n := len(respondents(h, id, token)); n != 1 {
		t.Errorf("%d participants, want 1", n)
	}
}

// TestJoinCookieIsOnlyForItsWorkshop: a link kept for one workshop is not
// offered on another's join page, nor once the participant is erased.
func TestJoinCookieIsOnlyForItsWorkshop(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	token, id, code := h.Workshop("JoinCookie")
	_, _, other := h.Workshop("JoinCookieOther")
	phone := h.Visitor()
	phone.Get("/j/" + code)
	link := phone.Post("/j/"+code, url.Values{"name": {"Bo"}}).Header.Get("Location")
	webtest.WantPage(t, "other workshop", phone.Get("/j/"+other), 200, `<form id="join"`)
	rs := respondents(h, id, token)
	h.MustJSON("DELETE", "/api/v1/assessments/"+id+"/respondents/"+rs[0].ID, token, nil, 204, nil)
	r := phone.Get("/j/" + code)
	webtest.WantPage(t, "after erasure", r, 200, `<form id="join"`)
	if strings.Contains(string(r.Body), link) {
		t.Error("the erased participant's link is still offered")
	}
}

// TestUnknownJoinCodesAreThrottled: one address may look up 20 unknown
// codes a minute, counted before anything else happens, so that a burst in
// parallel gets no more; known codes from that address still join.
func TestUnknownJoinCodesAreThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		_, _, code := h.Workshop("Guesses")
		var (
			mu     sync.Mutex
			counts = map[int]int{}
			wg     sync.WaitGroup
			start  = make(chan struct{})
		)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var r webtest.Response
				if i%2 == 0 {
					r = h.Do("POST", "/api/v1/join/NOPE"+string(rune('A'+i%26)), "", map[string]string{})
				} else {
					r = h.Do("GET", "/j/NOPE"+string(rune('A'+i%26)), "", nil)
				}
				if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") == "" {
					t.Errorf("429 without Retry-After")
				}
				mu.Lock()
				counts[r.Status]++
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		if counts[404] != 20 || counts[429] != 20 || len(counts) != 2 {
			t.Errorf("40 parallel unknown codes answered %v, want 20×404 and 20×429", counts)
		}
		// The room behind this address still gets in.
		h.Join(code, "")
		if r := h.Do("GET", "/j/"+code, "", nil); r.Status != 200 {
			t.Errorf("join page of a known code after the burst: %s", r)
		}
		if r := h.Do("POST", "/api/v1/join/NOPE", "", map[string]string{}); r.Status != 429 {
			t.Errorf("unknown code after the burst: %s", r)
		}
	})
}

type listedRespondent struct {
	ID, Name, Role string
	Perspective    *string
}

func respondents(h *webtest.Harness, assessmentID, token string) []listedRespondent {
	h.T.Helper()
	var rs []listedRespondent
	h.MustJSON("GET", "/api/v1/assessments/"+assessmentID+"/respondents", token, nil, 200, &rs)
	return rs
}
