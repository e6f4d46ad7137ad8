package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

func TestSharesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		tok, other := h.Consultant("Shares"), h.Consultant("Elsewhere")
		_, id, _ := h.Setup(tok, "workshop", 0)
		path := "/api/v1/assessments/" + id + "/shares"

		var made struct {
			ID, URL   string
			Texts     bool
			ExpiresAt time.Time `json:"expires_at"`
		}
		h.MustJSON("POST", path, tok, map[string]any{}, 201, &made)
		if made.ID == "" || !strings.HasPrefix(made.URL, h.Server.URL+"/s/") || made.Texts {
			t.Fatalf("created %+v", made)
		}
		if d := time.Until(made.ExpiresAt); d < 29*24*time.Hour || d > 31*24*time.Hour {
			t.Errorf("default expiry in %v, want 30 days", d)
		}
		token := strings.TrimPrefix(made.URL, h.Server.URL+"/s/")
		if len(token) < 22 {
			t.Errorf("token %q carries fewer than 128 bits", token)
		}
		var week struct {
			ID        string
			Texts     bool
			ExpiresAt time.Time `json:"expires_at"`
		}
		h.MustJSON("POST", path, tok, map[string]any{"expires_in_days": 7, "texts": true}, 201, &week)
		if !week.Texts || time.Until(week.ExpiresAt) > 7*24*time.Hour {
			t.Errorf("a week with texts: %+v", week)
		}
		for name, tt := range map[string]struct {
			token, path string
			body        any
			status      int
			field       string
		}{
			"zero days":         {tok, path, map[string]any{"expires_in_days": 0}, 422, "expires_in_days"},
			"too many days":     {tok, path, map[string]any{"expires_in_days": assessment.MaxShareDays + 1}, 422, "expires_in_days"},
			"days as text":      {tok, path, map[string]any{"expires_in_days": "7"}, 400, "expires_in_days"},
			"texts as text":     {tok, path, map[string]any{"texts": "yes"}, 400, "texts"},
			"another workspace": {other, path, map[string]any{}, 404, ""},
			"no token":          {"", path, map[string]any{}, 401, ""},
		} {
			r := h.Do("POST", tt.path, tt.token, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
				t.Errorf("%s: %s, want %d naming %q", name, r, tt.status, tt.field)
			}
		}

		// The page opens without sign-in, and the list says when.
		if r := h.Do("GET", "/s/"+token, "", nil); r.Status != 200 {
			t.Fatalf("the share page: %d", r.Status)
		}
		var list []struct {
			ID           string
			Token        string
			LastOpenedAt *time.Time `json:"last_opened_at"`
		}
		r := h.MustJSON("GET", path, tok, nil, 200, &list)
		if len(list) != 2 || list[0].ID != made.ID || list[0].LastOpenedAt == nil || list[1].LastOpenedAt != nil {
			t.Fatalf("shares: %s", r.Body)
		}
		if strings.Contains(string(r.Body), token) || strings.Contains(string(r.Body), `"token"`) || strings.Contains(string(r.Body), `"url"`) {
			t.Errorf("the list shows a token: %s", r.Body)
		}
		if r := h.Do("GET", path, other, nil); r.Status != 404 {
			t.Errorf("another workspace lists the shares: %s", r)
		}

		// Another workspace cannot revoke; the owner can, once.
		if r := h.Do("DELETE", path+"/"+made.ID, other, nil); r.Status != 404 {
			t.Errorf("another workspace revoked: %s", r)
		}
		if r := h.Do("DELETE", "/api/v1/assessments/"+id+"/shares/nosuchshare", tok, nil); r.Status != 404 {
			t.Errorf("revoke an unknown share: %s", r)
		}
		h.MustJSON("DELETE", path+"/"+made.ID, tok, nil, 204, nil)
		if r := h.Do("DELETE", path+"/"+made.ID, tok, nil); r.Status != 404 {
			t.Errorf("revoke twice: %s", r)
		}
		if r := h.Do("GET", "/s/"+token, "", nil); r.Status != 404 {
			t.Errorf("a revoked link: %d", r.Status)
		}
		h.MustJSON("GET", path, tok, nil, 200, &list)
		if len(list) != 1 || list[0].ID != week.ID {
			t.Errorf("after the revoke: %+v", list)
		}
	})
}
