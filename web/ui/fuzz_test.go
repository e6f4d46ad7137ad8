package ui_test

import (
	"net/url"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// FuzzPageForms posts whatever a browser could to the forms of a workshop:
// the join form, and the agreed-answer form with any question and answer.
// Every answer is a page below 500.
func FuzzPageForms(f *testing.F) {
	h := webtest.New(f, storetest.New(f))
	v, tok := h.SignIn("FuzzForms")
	multi := webtest.FirstOfType(h.Model, assessment.Multi)
	for _, s := range [][3]string{{"Ann", "SRE", "operations"}, {"", "", ""}, {"x", "y", "finance"}, {"\x00", "\xff", "\u202e"},
		{multi.ID, multi.Options[0].ID, "because"}, {multi.ID, "none", ""}, {"no-such", "1", ""}, {multi.ID, "", "\n"}} {
		for target := range 2 {
			f.Add(target, s[0], s[1], s[2])
		}
	}
	_, aID, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+aID, tok, nil, 200, &a)
	v.Get("/assessments/" + aID)
	v.Post("/assessments/"+aID+"/focus", url.Values{"capability": {webtest.CapabilityOf(f, h.Model, multi.ID)}})
	phone := h.Visitor()
	phone.Get("/j/" + a.JoinCode)
	f.Fuzz(func(t *testing.T, target int, x, y, z string) {
		h := h.With(t)
		var r webtest.Response
		if target%2 == 0 {
			r = phone.With(h).Post("/j/"+a.JoinCode+"?new=1", url.Values{"name": {x}, "role": {y}, "perspective": {z}})
		} else {
			r = v.With(h).Post("/assessments/"+aID+"/agreed", url.Values{"question": {x}, "a-" + x: {y, z}, "rationale": {z}})
		}
		if r.Status >= 500 {
			t.Fatalf("form %d (%q, %q, %q): %s", target, x, y, z, r)
		}
	})
}
