package api_test

import (
	"testing"
	"time"

	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// TestFocusJump moves a room to capability 12 with a timebox: a phone's
// stream and its response carry both. An agreed answer recorded for
// capability 2 while the room is on 12 does not move anyone: the next
// focus event a phone sees is the facilitator's next move.
func TestFocusJump(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		token, id, code := h.Workshop("Jump")
		p := h.Join(code, "")
		phone := openSSE(t, h.Server.URL+"/api/v1/responses/"+p.Token+"/events", "", "")
		caps := h.Model.Capabilities
		twelve, two, thirteen := caps[11].ID, &caps[1], caps[12].ID
		ends := time.Now().Add(10 * time.Minute).UTC().Truncate(time.Second).Format(time.RFC3339)

		var a struct {
			Focus       *string `json:"focus"`
			FocusEndsAt *string `json:"focus_ends_at"`
		}
		h.MustJSON("PUT", "/api/v1/assessments/"+id+"/focus", token, map[string]any{"capability": twelve, "ends_at": ends}, 200, &a)
		if a.Focus == nil || *a.Focus != twelve || a.FocusEndsAt == nil || *a.FocusEndsAt != ends {
			t.Fatalf("after the jump: focus %v until %v, want %s until %s", a.Focus, a.FocusEndsAt, twelve, ends)
		}
		if e := phone.next("focus"); e.Data["capability"] != twelve || e.Data["ends_at"] != ends {
			t.Fatalf("the phone's focus event: %+v, want %s until %s", e.Data, twelve, ends)
		}
		var resp struct {
			Assessment struct {
				Focus       *string `json:"focus"`
				FocusEndsAt *string `json:"focus_ends_at"`
			} `json:"assessment"`
		}
		h.MustJSON("GET", "/api/v1/responses/"+p.Token, "", nil, 200, &resp)
		if f := resp.Assessment.Focus; f == nil || *f != twelve || resp.Assessment.FocusEndsAt == nil {
			t.Fatalf("the phone's response: focus %v until %v, want %s with a timebox", f, resp.Assessment.FocusEndsAt, twelve)
		}

		body := webtest.AnswerFor(&two.Questions[0], 1)
		body["rationale"] = "Settled after the break"
		h.MustJSON("PUT", "/api/v1/assessments/"+id+"/agreed/"+two.Questions[0].ID, token, body, 200, nil)
		h.MustJSON("GET", "/api/v1/responses/"+p.Token, "", nil, 200, &resp)
		if f := resp.Assessment.Focus; f == nil || *f != twelve {
			t.Fatalf("after an agreed answer for %s: focus %v, want %s still", two.ID, f, twelve)
		}
		a.FocusEndsAt = nil // the key is left out without a timebox
		h.MustJSON("PUT", "/api/v1/assessments/"+id+"/focus", token, map[string]any{"capability": thirteen}, 200, &a)
		if e := phone.next("focus"); e.Data["capability"] != thirteen || e.Data["ends_at"] != nil {
			t.Fatalf("the phone's next focus event: %+v, want %s without a timebox", e.Data, thirteen)
		}
		if a.FocusEndsAt != nil {
			t.Errorf("a move without ends_at kept the timebox %s", *a.FocusEndsAt)
		}

		for name, tt := range map[string]struct {
			body  map[string]any
			field string
		}{
			"ends_at in the past":     {map[string]any{"capability": twelve, "ends_at": "2001-01-01T00:00:00Z"}, "ends_at"},
			"ends_at not a time":      {map[string]any{"capability": twelve, "ends_at": "in ten minutes"}, "ends_at"},
			"ends_at without a focus": {map[string]any{"capability": nil, "ends_at": ends}, "ends_at"},
			"ends_at a day away":      {map[string]any{"capability": twelve, "ends_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339)}, "ends_at"},
			"no capability key":       {map[string]any{"ends_at": ends}, "capability"},
		} {
			r := h.Do("PUT", "/api/v1/assessments/"+id+"/focus", token, tt.body)
			if _, field := r.ErrorField(); r.Status != 422 || field != tt.field {
				t.Errorf("%s: %s, want 422 naming %s", name, r, tt.field)
			}
		}
	})
}
