package ui_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// lowest is the PUT body of q's lowest scored answer; nil for a text question.
func lowest(q *assessment.Question) map[string]any {
	switch q.Type {
	case assessment.Multi:
		return map[string]any{"options": []string{}}
	case assessment.Scale:
		return map[string]any{"value": *q.Min}
	case assessment.Text:
		return nil
	}
	best := ""
	low := 2.0
	for _, o := range q.Options {
		if o.Score != nil && *o.Score < low {
			best, low = o.ID, *o.Score
		}
	}
	return map[string]any{"option": best}
}

// wantNone fails for each of words that the page shows.
func wantNone(t *testing.T, what string, r webtest.Response, words ...string) {
	t.Helper()
	for _, w := range words {
		if strings.Contains(string(r.Body), w) {
			t.Errorf("%s still says %q", what, w)
		}
	}
}

// TestWorkshopPagesGerman: with a browser set to German, the projector (the
// lobby, a capability, the results) and the facilitator's console run in
// German, with the model's German texts, and the agreed-answer form says
// what is missing in German.
func TestWorkshopPagesGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Werkstatt")
	v.Client.Transport = acceptLanguage("de-DE,de;q=0.9")
	_, id, _ := h.Setup(tok, "workshop", 0)
	var a webtest.Created
	h.MustJSON("GET", "/api/v1/assessments/"+id, tok, nil, 200, &a)
	de, err := h.Service.Localize(context.Background(), "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the built-in model in German: %v, %q", err, de.Lang)
	}
	cp, q := optionCapability(t, h.Model)
	var deCap *assessment.Capability
	var deQ *assessment.Question
	for ci := range de.Model.Capabilities {
		if c := &de.Model.Capabilities[ci]; c.ID == cp.ID {
			deCap = c
			for qi := range c.Questions {
				if c.Questions[qi].ID == q.ID {
					deQ = &c.Questions[qi]
				}
			}
		}
	}
	if deCap == nil || deQ == nil || deCap.Title == cp.Title || deQ.Text == q.Text {
		t.Fatalf("no German title and question for %s/%s", cp.ID, q.ID)
	}
	// Four phones; three disagree on the question, one does not know.
	var dk string
	for _, o := range q.Options {
		if o.Unscored == assessment.DontKnow {
			dk = o.ID
		}
	}
	for i := range 4 {
		p := h.Join(a.JoinCode, "")
		body := map[string]any{"option": q.Options[(i*2)%len(q.Options)].ID}
		if i == 3 && dk != "" {
			body = map[string]any{"option": dk}
		}
		h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", body, 200, nil)
	}
	present := "/assessments/" + id + "/present"

	r := v.Get(present)
	htmlLang(t, "projector", r, "de")
	webtest.WantPage(t, "German lobby", r, 200, "Mit dem Telefon teilnehmen", `aria-label="QR-Code des Teilnahme-Links"`,
		"Antworten Sie in Ihrem eigenen Tempo", "Die Moderation hat noch keine Fähigkeit gewählt.", "4</strong> dabei",
		"Mit der ersten Fähigkeit beginnen →", "Ergebnisse zeigen", ">Konsole</a>", "Zu besprechen")
	wantNone(t, "German lobby", r, "Join on your phone", "Answer at your own pace", "</strong> joined", "Start with the first capability",
		"Show the results", "To discuss", "questions answered", "Answers diverge", "Must-have gap", "don't know")

	webtest.WantRedirect(t, "focus", v.Post("/assessments/"+id+"/focus", url.Values{"capability": {cp.ID}, "back": {"present"}, "minutes": {"10"}}), present)
	r = v.Get(present + "?reveal=1")
	webtest.WantPage(t, "German capability", r, 200, html.EscapeString(deCap.Title), html.EscapeString(deQ.Text), "Fähigkeit ", " beantwortet",
		"Antworten gehen auseinander", "Verteilung ausblenden", "Timebox: bis", "Fragen beantwortet: vorläufig", `data-left="noch {time}"`, `data-over="Die Zeit ist um"`)
	wantNone(t, "German capability", r, html.EscapeString(cp.Title), "Capability ", "</strong> answered", "Hide spread", "Timebox: until", "Refresh", "Previous")

	r = v.Get(present + "?results=1")
	webtest.WantPage(t, "German results on the projector", r, 200, "Gesamtscore (vorläufig)", "Stufen erreicht",
		"Fragen mit gewerteter Antwort", "Vorläufig:", "Zurück zum Workshop", "von", "Fragen beantwortet: vorläufig")
	wantNone(t, "German results on the projector", r, "overall score", "stages reached", "Back to the workshop", "questions answered",
		"Nothing on the roadmap", "nothing on the roadmap")

	console := "/assessments/" + id + "/facilitate"
	r = v.Get(console)
	htmlLang(t, "console", r, "de")
	webtest.WantPage(t, "German console", r, 200, "Moderation: ", "Agenda", "Timebox für den nächsten Sprung", "5 Minuten", "10 Minuten",
		"Jetzt: "+html.EscapeString(deCap.Title), "Antworten gehen auseinander", "Vereinbarte Antworten: "+html.EscapeString(deCap.Title),
		"Vereinbarte Antwort festhalten", "Begründung", "Bitte wählen…", "Sitzung:", `data-minutes="{m} Min."`, "Projektoransicht",
		"Alle im eigenen Tempo antworten lassen", html.EscapeString(deQ.Text), "Fragen beantwortet: vorläufig")
	wantNone(t, "German console", r, "Facilitating", "Timebox for the next jump", "minutes<", "Record the agreed answer",
		"Rationale", "Choose…", "Session:", "answers diverge", "Projector view", " min<", "questions answered")

	// The agreed-answer form without an answer says so in German.
	r = v.Post("/assessments/"+id+"/agreed", url.Values{"question": {q.ID}, "back": {"facilitate"}, "rationale": {"Weil."}})
	webtest.WantPage(t, "German agreed answer missing", r, http.StatusUnprocessableEntity,
		"Geben Sie die Antwort an, auf die sich die Gruppe geeinigt hat.")
	wantNone(t, "German agreed answer missing", r, "Give the answer the group agreed on.")
	// Saved, the console confirms it in German.
	r = v.Post("/assessments/"+id+"/agreed", url.Values{"question": {q.ID}, "back": {"facilitate"}, "a-" + q.ID: {q.Options[0].ID}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("agreed answer: %d", r.Status)
	}
	r = v.Get(r.Header.Get("Location"))
	webtest.WantPage(t, "German agreed answer saved", r, 200, "Gespeichert: Die vereinbarte Antwort ist festgehalten.",
		"Vereinbarte Antwort löschen", "vereinbart: "+html.EscapeString(deQ.Options[0].Label))

	// The same pages in English stay English.
	en := h.Visitor()
	en.Client.Jar = v.Client.Jar
	en.Client.Transport = acceptLanguage("en")
	webtest.WantPage(t, "English console", en.Get(console), 200, "Facilitating: ", "Timebox for the next jump", "Record the agreed answer")
	webtest.WantPage(t, "English projector", en.Get(present+"?reveal=1"), 200, "</strong> answered", "Hide spread", html.EscapeString(cp.Title))
}

// TestGermanResultsReasonsAndPDF: a German assessment's results page and
// PDF give the roadmap's reasons and the completeness note in German, in
// the model's German words, while the API's reason stays English.
func TestGermanResultsReasonsAndPDF(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Gruende")
	_, a := germanAssessment(t, h, tok, assessment.Workshop)
	var p webtest.Created
	h.MustJSON("POST", "/api/v1/assessments/"+a.ID+"/respondents", tok, map[string]string{"name": "P1"}, 201, &p)
	// The lowest answers to the first three capabilities: they go on the
	// roadmap, and the rest waits to be assessed.
	for ci := range 3 {
		for qi := range h.Model.Capabilities[ci].Questions {
			q := &h.Model.Capabilities[ci].Questions[qi]
			if body := lowest(q); body != nil {
				h.MustJSON("PUT", "/api/v1/responses/"+p.Token+"/answers/"+q.ID, "", body, 200, nil)
			}
		}
	}
	var res struct {
		Roadmap []struct{ Capability, Reason string }
	}
	h.MustJSON("GET", "/api/v1/assessments/"+a.ID+"/result", tok, nil, 200, &res)
	if len(res.Roadmap) == 0 {
		t.Fatal("no roadmap item to word")
	}
	for _, it := range res.Roadmap {
		if !strings.HasPrefix(it.Reason, "Scores ") || !strings.Contains(it.Reason, "against a target of") {
			t.Errorf("the API's reason of %s is not the English one: %q", it.Capability, it.Reason)
		}
	}

	v.Client.Transport = acceptLanguage("de")
	r := v.Get("/assessments/" + a.ID + "/results")
	htmlLang(t, "results", r, "de")
	webtest.WantPage(t, "German results page", r, 200, "bei einem Zielwert von", "Punkte)", "von ", "Fragen beantwortet: vorläufig,",
		"Fähigkeiten noch nicht bewertet", "Score je Fähigkeit im Vergleich zum Ziel", "Fähigkeiten bewertet")
	wantNone(t, "German results page", r, "Scores ", "against a target of", "points short", "Start once", "questions answered",
		"not yet assessed", "Capability scores against targets", "capabilities assessed")

	pdf := h.Do("GET", "/api/v1/assessments/"+a.ID+"/report.pdf", tok, nil)
	if pdf.Status != 200 {
		t.Fatalf("report.pdf: %d", pdf.Status)
	}
	if dir := os.Getenv("READINESS_ARTIFACTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "report-de-reasons.pdf"), pdf.Body, 0o644)
	}
	text := pdfText(t, pdf.Body)
	for _, w := range []string{"bei einem Zielwert von", "es fehlen", "Beantwortet", "Fragen beantwortet: vorläufig,", "Fähigkeiten noch nicht bewertet"} {
		if !strings.Contains(text, w) {
			t.Errorf("the German PDF lacks %q", w)
		}
	}
	for _, w := range []string{"Scores ", "against a target of", "points short", "Start once", "questions answered", "Answered "} {
		if strings.Contains(text, w) {
			t.Errorf("the German PDF still says %q", w)
		}
	}
}
