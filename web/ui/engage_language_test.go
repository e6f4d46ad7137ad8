package ui_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// lacking insists that r's page holds none of the English phrases: a
// German page that still says them was only half translated.
func lacking(t *testing.T, what string, r webtest.Response, english ...string) {
	t.Helper()
	for _, s := range english {
		if strings.Contains(string(r.Body), s) {
			t.Errorf("%s: the German page still says %q", what, s)
		}
	}
}

// germanModel is the built-in model with its German texts.
func germanModel(t *testing.T, h *webtest.Harness) *assessment.Model {
	t.Helper()
	de, err := h.Service.Localize(context.Background(), "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the built-in model in German: %v, %q", err, de.Lang)
	}
	return de.Model
}

// titleOf is the title of capability id in m.
func titleOf(t *testing.T, m *assessment.Model, id string) string {
	t.Helper()
	for _, c := range m.Capabilities {
		if c.ID == id {
			return c.Title
		}
	}
	t.Fatalf("no capability %s", id)
	return ""
}

// TestModelsPagesGerman: the Models page, an upload's problems, a model's
// preview and the answers to a delete speak German to a German browser;
// the questionnaire checker's own messages under each line stay English.
func TestModelsPagesGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, _ := h.SignIn("Modelle")
	v.Client.Transport = acceptLanguage("de-DE,de;q=0.9")

	r := v.Get("/models")
	htmlLang(t, "models", r, "de")
	webtest.WantPage(t, "German models page", r, 200, "<h1>Modelle</h1>", "Modelle und Versionen", ">mitgeliefert<", "(neueste)",
		"mit dem Release", ">Vorschau</a>", "Modell hochladen", "Eine YAML-Datei", "Hochladen und prüfen")
	lacking(t, "models page", r, "Models and versions", "built in", "Upload a model", "with the release", "Upload and check")

	good := webtest.OwnModel("fitness", "1.0.0")
	broken := strings.Replace(strings.Replace(good, "type: multi", "type: multiple", 1), "target: 70", "target: 0", 1)
	line := strings.Count(broken[:strings.Index(broken, "type: multiple")], "\n") + 1
	r = v.Post("/models", url.Values{"source": {broken}})
	webtest.WantPage(t, "German problems", r, http.StatusUnprocessableEntity,
		"Das Modell wurde nicht gespeichert: 2 Probleme sind zu beheben.", "Jedes steht unter seiner Zeile",
		fmt.Sprintf(`<span class="visually-hidden">Zeile %d: </span>`, line), `aria-label="Ab Zeile `)
	lacking(t, "problems", r, "problems to fix", "was not stored", ">Line ", `aria-label="Lines `)
	webtest.WantPage(t, "German empty file", v.Post("/models", url.Values{"source": {""}}), http.StatusUnprocessableEntity,
		"1 Problem ist zu beheben.", "Die Datei ist leer.")

	r = v.Post("/models", url.Values{"source": {good}})
	webtest.WantRedirect(t, "upload", r, "/models/fitness/preview?version=1.0.0&done=uploaded")
	r = v.Get(r.Header.Get("Location"))
	webtest.WantPage(t, "German preview", r, 200, "<title>Vorschau: Platform fitness 1.0.0 · Readiness</title>",
		"Version 1.0.0 von Platform fitness ist gespeichert", "Eine Vorschau:", "Vorschau für", "Sprache der Fragen", "Vollfassung",
		"Umfang: welche Fähigkeiten bewertet werden", "Vorschau zeigen", "4 Fragen</strong> auf 2 Seiten für diese Person.", "Teil 1 von 2")
	lacking(t, "preview", r, "is stored", "Preview as", "Show the preview", "questions</strong>", "Part 1 of", "Your answer")
	r = v.Get("/models/fitness/preview?form=core")
	webtest.WantPage(t, "German preview fallback", r, 200, "Dieser Fragebogen kennzeichnet keine Frage als Kernfrage und hat daher keine Kurzfassung.",
		"Die Vorschau zeigt stattdessen alle Fragen.")
	lacking(t, "preview fallback", r, "marks no question core", "every question instead")
	webtest.WantPage(t, "German duplicate", v.Post("/models", url.Values{"source": {good}}), http.StatusConflict,
		"Den Fragebogen „fitness“ gibt es in Version 1.0.0 bereits; erhöhen Sie die Version.")

	// Deleting: a version in use is refused in German; one not in use goes.
	v.Post("/organisations", url.Values{"name": {"Kunde"}})
	r = v.Get("/models/fitness/preview?version=1.0.0")
	org := regexpFind(t, string(r.Body), `href="(/organisations/[^"?]+)\?`)
	if r := v.Post(org+"/assessments", url.Values{"questionnaire": {"fitness"}, "mode": {"workshop"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("start on the own model: %s", r)
	}
	v.Get("/models")
	r = v.Post("/models/delete", url.Values{"slug": {"fitness"}, "version": {"1.0.0"}})
	webtest.WantPage(t, "German delete in use", r, http.StatusConflict, "wird von einem Assessment verwendet; löschen Sie zuerst das Assessment.")
	lacking(t, "delete in use", r, "is in use")
	webtest.WantPage(t, "German delete built-in", v.Post("/models/delete", url.Values{"slug": {"dcos-readiness"}, "version": {"1.2.0"}}),
		http.StatusConflict, "ist ein mitgelieferter Fragebogen und kann nicht gelöscht werden.")
	if r := v.Post("/models", url.Values{"source": {webtest.OwnModel("fitness", "1.1.0")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("a new version: %s", r)
	}
	v.Get("/models")
	webtest.WantRedirect(t, "delete unused", v.Post("/models/delete", url.Values{"slug": {"fitness"}, "version": {"1.1.0"}}), "/models?done=deleted")
	webtest.WantPage(t, "German deleted", v.Get("/models?done=deleted"), 200, "Die Version wurde gelöscht.")
}

// TestStartFormGerman: the start form, its estimates, the warning of a
// left-out prerequisite and its mistakes speak German, with the model's
// German titles; so do the organisation's quick start and the fit page.
func TestStartFormGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	m, de := h.Model, germanModel(t, h)
	v, tok := h.SignIn("Zuschnitt")
	v.Client.Transport = acceptLanguage("de")
	var o webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Acme"}, 201, &o)
	post := "/organisations/" + o.ID + "/assessments"

	r := v.Get("/organisations/" + o.ID)
	webtest.WantPage(t, "German quick start", r, 200, ">Assessment starten</h2>", "Wie antworten die Beteiligten?", "Self-Service",
		"Jede Person erhält einen eigenen Link", "Auf das Projekt zuschneiden")
	lacking(t, "quick start", r, "Start an assessment", "How will people answer?", "Each person gets", "Fit it to the engagement")

	full := assessment.EstimateOf(m, assessment.Fit{}, "")
	core := assessment.EstimateOf(m, assessment.Fit{Form: assessment.FormCore}, "")
	r = v.Get("/organisations/" + o.ID + "/start")
	htmlLang(t, "start page", r, "de")
	webtest.WantPage(t, "German start page", r, 200, "Assessment für Acme starten", "Was und wie", "Fragebogen", "(neueste) · mitgeliefert",
		"Fähigkeiten und Zielwerte", html.EscapeString(de.Capabilities[0].Title), html.EscapeString(de.Stages[0].Title),
		fmt.Sprintf("Vollfassung (≈ %d Fragen, ≈ %d Minuten)", full.Questions, full.Minutes),
		fmt.Sprintf("Kurzfassung (≈ %d Fragen, ≈ %d Minuten)", core.Questions, core.Minutes),
		"Fragen pro Person nach Perspektive (≈ Minuten bei 20 Sekunden je Frage)", "<th scope=\"row\">Betrieb</th>", "Keine Perspektive (alle Fragen)",
		"Min.</span>", "Begrüßungstext", "(freiwillig, bis zu 2.000 Zeichen)", ">Schätzung aktualisieren</button>", ">Abbrechen</a>")
	lacking(t, "start page", r, "What and how", "Capabilities and targets", "Full (≈", "Core (≈", "Update the estimates", "Welcome note",
		"(newest)", "No perspective", ">Cancel<")
	if de.Capabilities[0].Title != m.Capabilities[0].Title {
		lacking(t, "start page's titles", r, ">"+html.EscapeString(m.Capabilities[0].Title)+"<")
	}

	c, req := requiring(t, m)
	base := func() url.Values {
		return url.Values{"fitted": {"1"}, "scope-shown": {"1"}, "questionnaire": {"dcos-readiness"}, "questionnaire_version": {m.Version},
			"title": {"Workshop"}, "mode": {"workshop"}, "form": {"core"}, "language": {"de"}, "scope": {c.ID}}
	}
	with := func(k string, vals ...string) url.Values {
		f := base()
		f[k] = vals
		return f
	}
	r = v.Post(post, with("action", "check"))
	webtest.WantPage(t, "German warning", r, 200, "Ausgelassen, aber vorausgesetzt:",
		"„"+html.EscapeString(titleOf(t, de, c.ID))+"“ setzt „"+html.EscapeString(titleOf(t, de, req.ID))+"“ voraus", "gilt dann als erfüllt")
	lacking(t, "warning", r, "Left out, yet required", "which is left out", "counts as met", " requires ")

	for _, tt := range []struct {
		name string
		form url.Values
		want []string
	}{
		{"no capability", with("scope"), []string{`id="scope-error"`, "Kreuzen Sie mindestens eine Fähigkeit an."}},
		{"target not a number", with("target-"+c.ID, "viel"), []string{`id="targets-error"`,
			"Der Zielwert von " + html.EscapeString(titleOf(t, de, c.ID)) + " muss eine ganze Zahl von 0 bis 100 sein", `value="viel"`}},
		{"target above 100", with("target-"+c.ID, "150"), []string{`id="targets-error"`, "muss zwischen 0 und 100 liegen, nicht bei 150."}},
		{"bad mode", with("mode", "keins"), []string{`id="start-mode-error"`, "Wählen Sie Self-Service oder Workshop."}},
		{"welcome too long", with("welcome", strings.Repeat("w", assessment.MaxWelcomeLen+1)), []string{`id="fit-welcome-error"`, "Bitte höchstens 2000 Zeichen."}},
		{"unknown form", with("form", "kurz"), []string{`id="form-error"`, "Wählen Sie die Voll- oder die Kurzfassung."}},
		{"unknown version", with("questionnaire_version", "9.9.9"), []string{`id="start-version-error"`, "Wählen Sie einen Fragebogen und eine Version aus der Liste."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := v.Post(post, tt.form)
			webtest.WantPage(t, tt.name, r, http.StatusUnprocessableEntity, tt.want...)
			lacking(t, tt.name, r, "must ", "Choose ", "Tick ", "The target of")
		})
	}

	// A workspace's own model with a German translation of its own: the
	// start form shows its German titles and words its warning with them.
	for _, r := range []webtest.Response{
		h.SendYAML("POST", "/api/v1/questionnaires", tok, webtest.OwnModel("fitness", "1.0.0")),
		h.SendYAML("PUT", "/api/v1/questionnaires/fitness/translations/de", tok, webtest.OwnModelDE("fitness", "1.0.0")),
	} {
		if r.Status >= 300 {
			t.Fatalf("own model: %s", r)
		}
	}
	r = v.Post(post, url.Values{"fitted": {"1"}, "scope-shown": {"1"}, "questionnaire": {"fitness"}, "questionnaire_version": {"1.0.0"},
		"mode": {"workshop"}, "form": {"full"}, "language": {"de"}, "scope": {"observability"}, "action": {"check"}})
	webtest.WantPage(t, "German own model", r, 200, "<legend>Betreiben</legend>", "„Beobachtbarkeit“ setzt „Pipelines“ voraus", "Deutsch (de)")
	lacking(t, "own model", r, "<legend>Run</legend>", "Observability")

	// Started, its fit page speaks German too.
	f := base()
	f["scope"] = append([]string{c.ID}, c.Requires...)
	r = v.Post(post, f)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("start: %s", r)
	}
	id := idFrom(t, r.Header.Get("Location"), "/assessments/")
	r = v.Get("/assessments/" + id + "/fit")
	webtest.WantPage(t, "German fit page", r, 200, "<h1>Umfang, Fassung und Zielwerte</h1>", "Fragebogen: "+html.EscapeString(de.Title),
		"(für dieses Assessment fest)", "Vorschau als befragte Person", ">Speichern</button>")
	lacking(t, "fit page", r, "Scope, form and targets", "fixed for this assessment", "Preview as a respondent")
	r = v.Post("/assessments/"+id+"/fit", url.Values{"scope-shown": {"1"}, "form": {"full"}, "language": {"de"}})
	webtest.WantPage(t, "German fit error", r, http.StatusUnprocessableEntity, "Kreuzen Sie mindestens eine Fähigkeit an.")
}

// TestAssessmentPageGerman: an assessment's page, its invitation errors,
// its confirmations and its preview as a respondent speak German.
func TestAssessmentPageGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Seite")
	v.Client.Transport = acceptLanguage("de-AT")
	_, id, rs := h.Setup(tok, "workshop", 2)
	page := "/assessments/" + id

	r := v.Get(page)
	htmlLang(t, "assessment", r, "de")
	webtest.WantPage(t, "German assessment page", r, 200, ">offen<", "Workshop", "Fragebogen dcos-readiness", "Vorschau als befragte Person",
		">Ergebnisse</a>", "Projektoransicht", "Teilnahme am Workshop", "Link zur Teilnahme", "QR-Code des Links zur Teilnahme",
		"<h2 id=\"respondents\">Befragte</h2>", ">eingeladen<", "0 von ", "Personen einladen", "Eine Person pro Zeile: Name, Rolle, Perspektive",
		"Einladen und Links erstellen", "Einstellungen des Assessments", "Umbenennen", "Assessment abschließen …", "Assessment löschen …")
	lacking(t, "assessment page", r, "Invite people", "Respondents", "Assessment settings", "Joining the workshop", "Projector view",
		"preview as a respondent", ">invited<", " answered<", "Nobody yet", "Close the assessment", "Delete the assessment")

	r = v.Post(page+"/respondents", url.Values{"names": {"Ann, CTO, management\nBo, SRE, operatons"}})
	webtest.WantPage(t, "German invitation error", r, http.StatusUnprocessableEntity, "Zeile 2 (Bo): „operatons“ ist keine Perspektive")
	lacking(t, "invitation error", r, "is no perspective", "Line 2")
	webtest.WantPage(t, "German no names", v.Post(page+"/respondents", url.Values{"names": {"\n"}}), http.StatusUnprocessableEntity,
		"Geben Sie mindestens einen Namen ein, einen pro Zeile.")
	r = v.Post(page+"/respondents", url.Values{"names": {"Ann, CTO, management"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %s", r)
	}
	r = v.Get(strings.TrimSuffix(r.Header.Get("Location"), "#new-links"))
	webtest.WantPage(t, "German new links", r, 200, "1 neuer Link: jetzt kopieren", "Schicken Sie jeder Person ihren eigenen Link.",
		">Management</span>", "QR-Code des Links für Ann")
	lacking(t, "new links", r, "copy it now", "QR code")

	r = v.Get(page + "/respondents/" + rs[0].ID + "/erase")
	webtest.WantPage(t, "German erase", r, 200, "P0 löschen?", "(bisher 0 Antworten)", "Das lässt sich nicht rückgängig machen.",
		">P0 löschen</button>", ">Abbrechen</a>")
	lacking(t, "erase", r, "Erase", "cannot be undone")
	r = v.Get(page + "/close")
	webtest.WantPage(t, "German close", r, 200, "abschließen?", "3 befragte Personen haben noch nicht abgeschickt.", ">Assessment abschließen</button>")
	lacking(t, "close", r, "Close ", "not submitted")
	r = v.Get(page + "/delete")
	webtest.WantPage(t, "German delete", r, 200, "löschen?", "seine 3 befragten Personen", ">Assessment löschen</button>")
	lacking(t, "delete", r, "Delete ", "will be deleted")

	r = v.Get(page + "/questionnaire")
	webtest.WantPage(t, "German questionnaire", r, 200, "zählt ", "ohne Wertung: eine Wissenslücke",
		html.EscapeString(germanModel(t, h).Capabilities[0].Questions[0].Text))
	lacking(t, "questionnaire", r, "scores ", "not scored")

	r = v.Get(page + "/preview?form=core&perspective=data")
	webtest.WantPage(t, "German preview as a respondent", r, 200, "<h1>Vorschau als befragte Person</h1>",
		"Was eine befragte Person der Perspektive Daten im Umfang dieses Assessments gefragt wird, in der Kurzfassung:", "Hier wird nichts gespeichert.")
	lacking(t, "preview as a respondent", r, "What a respondent", "Nothing here is saved", "None: every question")
	webtest.WantPage(t, "German preview error", v.Get(page+"/preview?perspective=finanzen"), http.StatusUnprocessableEntity,
		"Wählen Sie eine der aufgeführten Perspektiven.")
}

// TestAuditPageGerman: the audit page names its actions in the page's
// language, with the action as the API gives it beside each.
func TestAuditPageGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	admin, _ := signInAdmin(t, h, "Protokoll")
	admin.Get("/settings")
	webtest.WantRedirect(t, "rename", admin.Post("/settings", url.Values{"name": {"Protokoll AG"}, "accent": {""}, "accent_was": {""}}), "/settings?saved=settings")

	admin.Client.Transport = acceptLanguage("de")
	r := admin.Get("/audit")
	webtest.WantPage(t, "German audit page", r, 200, "Angemeldet", "Name oder Farbe geändert", `<code class="action">sign-in</code>`,
		`<code class="action">workspace.changed</code>`)
	lacking(t, "audit page", r, "Signed in", "Name or colour changed")
	admin.Client.Transport = acceptLanguage("en")
	webtest.WantPage(t, "English audit page", admin.Get("/audit"), 200, "Signed in", "Name or colour changed")
}

// TestSettingsLogoErrorsGerman: a refused logo is explained in German.
func TestSettingsLogoErrorsGerman(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	admin, _ := signInAdmin(t, h, "Reiher")
	admin.Client.Transport = acceptLanguage("de")
	admin.Get("/settings")
	for _, tt := range []struct {
		name, file, contentType string
		body                    []byte
		status                  int
		message                 string
	}{
		{"an SVG", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 415, "Das Logo muss ein PNG- oder JPEG-Bild sein."},
		{"a text file named .png", "logo.png", "image/png", []byte("kein Bild\n"), 422, "Das Logo ist kein lesbares PNG-Bild."},
		{"over 512 KiB", "big.png", "image/png", logoFile(t, "png", 430, 430, true), 413, "Das Logo darf höchstens 512 KiB groß sein."},
	} {
		r := upload(t, h, admin, tt.file, tt.contentType, tt.body)
		webtest.WantPage(t, tt.name, r, tt.status, tt.message, `aria-describedby="logo-error"`)
		lacking(t, tt.name, r, "The logo", "must be")
	}
	r := upload(t, h, admin, "", "application/octet-stream", nil)
	webtest.WantPage(t, "no file", r, http.StatusUnprocessableEntity, "Wählen Sie eine PNG- oder JPEG-Datei zum Hochladen.")
	webtest.WantPage(t, "a bad colour", admin.Post("/settings", url.Values{"name": {"Reiher"}, "accent": {"türkis"}, "accent_was": {""}}),
		http.StatusUnprocessableEntity, "Geben Sie eine Farbe wie #1f6feb ein.")
}
