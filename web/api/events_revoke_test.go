package api_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api"
	"github.com/readiness/readiness/web/webtest"
)

// An open event stream re-checks its credential on every heartbeat: a
// removed user's stream, and the streams of a user whose password was
// reset, end; the streams of others stay open.
func TestStreamsEndWhenAccessEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		admin := h.Admin("Live")
		removed := h.Consultant("Live")
		_, id, _ := h.Setup(admin, "workshop", 0)

		// A server of its own with a quick heartbeat; the store is shared.
		srv, err := web.New(web.Config{Service: h.Service, Heartbeat: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		api.Register(srv, h.Service)
		ts := httptest.NewServer(srv)
		t.Cleanup(func() { srv.CloseStreams(); ts.Close() })
		url := ts.URL + "/api/v1/assessments/" + id + "/events"

		ofRemoved := openSSE(t, url, removed, "")
		ofAdmin := openSSE(t, url, admin, "")
		h.MustJSON("DELETE", "/api/v1/users/"+userID(t, h, admin, "live@example.com"), admin, nil, 204, nil)
		waitEnd(t, "the removed user's stream", ofRemoved)
		select {
		case <-ofAdmin.done:
			t.Fatal("the admin's stream ended with the removed user's")
		default:
		}

		// An admin of another workspace resets their own password through a
		// link: every stream of theirs ends.
		second := h.Admin("LiveThree")
		_, other3, _ := h.Setup(second, "workshop", 0)
		ofSecond := openSSE(t, ts.URL+"/api/v1/assessments/"+other3+"/events", second, "")
		ctx := context.Background()
		su, err := h.Service.Authenticate(ctx, second)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := h.Service.IssuePasswordReset(ctx, su, su.ID) // an admin may reset their own
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := h.Service.ResetPassword(ctx, token, "a fresh password here"); err != nil {
			t.Fatal(err)
		}
		waitEnd(t, "the reset user's stream", ofSecond)
	})
}

// waitEnd waits for a stream to end; the bound only keeps a broken test
// from hanging.
func waitEnd(t *testing.T, what string, c *sseClient) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s is still open 10 s later", what)
	}
}
