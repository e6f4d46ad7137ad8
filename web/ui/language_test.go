package ui_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// acceptLanguage sends every request of a visitor with the header a
// browser set to lang would send.
type acceptLanguage string

func (a acceptLanguage) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Accept-Language", string(a))
	return http.DefaultTransport.RoundTrip(req)
}

// speaking is a visitor whose browser asks for header's languages.
func speaking(h *webtest.Harness, header string) *webtest.Visitor {
	v := h.Visitor()
	v.Client.Transport = acceptLanguage(header)
	return v
}

func htmlLang(t *testing.T, what string, r webtest.Response, want string) {
	t.Helper()
	if tag := `<html lang="` + want + `">`; !strings.Contains(string(r.Body), tag) {
		start, _, _ := strings.Cut(string(r.Body), "<head>")
		t.Errorf("%s: want %s, page starts %q", what, tag, start)
	}
}

// TestRespondentPageLanguage: Accept-Language chooses the respondent's
// page language (de-CH is German, French is not offered so English), the
// switch overrides it and is kept for the browser, and the answers stay.
func TestRespondentPageLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Sprache")
	_, _, rs := h.Setup(tok, "self-service", 1)
	self := "/r/" + rs[0].Token
	first := &h.Model.Capabilities[0]

	for header, want := range map[string]string{"de": "de", "de-CH, en;q=0.5": "de", "fr-FR, fr;q=0.9": "en", "": "en"} {
		r := speaking(h, header).Get(self + "?start=1") // past the welcome
		webtest.WantPage(t, header, r, 200)
		htmlLang(t, "Accept-Language "+header, r, want)
	}

	de, err := h.Service.Localize(context.Background(), "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the built-in model in German: %v, %q", err, de.Lang)
	}
	deFirst := &de.Model.Capabilities[0]
	v := speaking(h, "de-DE,de;q=0.9,en;q=0.8")
	webtest.WantPage(t, "German welcome", v.Get(self+"/welcome"), 200, "Willkommen", `href="/r/`+rs[0].Token+`/welcome?lang=en"`)
	r := v.Get(self + "?start=1")
	webtest.WantPage(t, "German page", r, 200, "Teil 1 von", html.EscapeString(deFirst.Title), html.EscapeString(deFirst.Questions[0].Text), "von "+strconv.Itoa(h.Model.QuestionCount())+" Fragen beantwortet",
		`>Weiter</button>`, "Kommentar", `href="/r/`+rs[0].Token+`?lang=en&amp;start=1"`)
	if strings.Contains(string(r.Body), "questions answered") {
		t.Error("the German page still says “questions answered”")
	}

	// A comment without an answer: the page's own message, in German.
	q := first.Questions[0]
	r = v.Post(self+"?c="+first.ID, url.Values{"go": {"next"}, "c-" + q.ID: {"nur ein Kommentar"}})
	webtest.WantPage(t, "German form error", r, http.StatusUnprocessableEntity,
		"Wählen Sie eine Antwort, damit Ihr Kommentar gespeichert wird.", "braucht Ihre Aufmerksamkeit")

	// Answer the first page in German, then switch to English.
	if r := v.Post(self+"?c="+first.ID, capabilityForm(first, "next")); r.Status != http.StatusSeeOther {
		t.Fatalf("save in German: %s", r)
	}
	r = v.Get(self + "?c=" + first.ID + "&lang=en")
	htmlLang(t, "after the switch", r, "en")
	webtest.WantPage(t, "English after the switch", r, 200, "Part 1 of", `>Next</button>`, `lang=de"`,
		html.EscapeString(first.Title), html.EscapeString(first.Questions[0].Text))
	for _, q := range first.Questions {
		if len(q.Options) > 0 && !checkedIn(string(r.Body), q.ID) {
			t.Errorf("question %s: the answer given in German is not shown checked in English", q.ID)
		}
	}
	if got := storedAnswers(h, rs[0].Token); len(got) != len(first.Questions) {
		t.Errorf("stored answers after the switch: %d, want %d", len(got), len(first.Questions))
	}
	// The switch is kept for this browser, whatever it asks for.
	htmlLang(t, "the next page", v.Get(self), "en")
	// And switching back works the same way.
	htmlLang(t, "switched back", v.Get(self+"?lang=de"), "de")
	htmlLang(t, "kept German", v.Get(self+"?review=1"), "de")
	// An unknown language leaves the choice alone.
	htmlLang(t, "unknown switch", v.Get(self+"?lang=xx"), "de")
}

// checkedIn reports whether some option of question id is checked.
func checkedIn(body, id string) bool {
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, `name="a-`+id+`"`) && strings.Contains(line, " checked>") {
			return true
		}
	}
	return false
}

// TestJoinPageLanguage: the join page speaks the phone's language.
func TestJoinPageLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	_, _, code := h.Workshop("JoinSprache")
	r := speaking(h, "de-CH").Get("/j/" + code)
	htmlLang(t, "join page", r, "de")
	webtest.WantPage(t, "German join page", r, 200, "Am Workshop teilnehmen", "Ihr Name", ">Teilnehmen</button>", "Betrieb")
	phone := speaking(h, "de")
	phone.Get("/j/" + code)
	r = phone.Post("/j/"+code, url.Values{"perspective": {"finance"}})
	webtest.WantPage(t, "German join error", r, http.StatusUnprocessableEntity, "Wählen Sie eine der aufgeführten Perspektiven.")
	r = phone.Post("/j/"+code, url.Values{"name": {"Jörg"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("join: %s", r)
	}
	webtest.WantPage(t, "German welcome", phone.Get(r.Header.Get("Location")+"/welcome"), 200, "Willkommen, Jörg", "Los geht")
	r = phone.Get(r.Header.Get("Location") + "?start=1")
	htmlLang(t, "own page after joining", r, "de")
	webtest.WantPage(t, "German respondent page", r, 200, "Jörg", "Teil 1 von")
	r = phone.Get("/j/" + code)
	webtest.WantPage(t, "German carry on", r, 200, "als Jörg", "Mit Ihren Antworten weitermachen")
}

// TestLoginAndErrorPagesLanguage: the sign-in form, its messages and the
// error pages follow the browser; the API's errors stay English.
func TestLoginAndErrorPagesLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	h.Consultant("Anmeldung")
	v := speaking(h, "de")
	r := v.Get("/login")
	htmlLang(t, "login", r, "de")
	webtest.WantPage(t, "German login", r, 200, "<title>Anmelden · Readiness</title>", "E-Mail-Adresse", "Passwort")
	r = v.Post("/login", url.Values{"email": {"anmeldung@example.com"}, "password": {"wrong password!"}})
	webtest.WantPage(t, "German wrong password", r, http.StatusUnauthorized, "E-Mail-Adresse oder Passwort ist falsch.")
	r = v.Get("/r/not-a-token")
	htmlLang(t, "404", r, "de")
	webtest.WantPage(t, "German 404", r, http.StatusNotFound, "Nicht gefunden", "Hier ist nichts.")

	req, err := http.NewRequest("GET", h.Server.URL+"/api/v1/responses/not-a-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "de")
	if res := v.Send(req); res.Status != http.StatusNotFound || strings.Contains(string(res.Body), "Nicht") {
		t.Errorf("API error with Accept-Language de: %s", res)
	}
}

// TestAssessmentLanguageFallback: a German assessment's respondents whose
// browser names no language the page has read German; a browser that asks
// for English gets English.
func TestAssessmentLanguageFallback(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	tok := h.Consultant("Fallback")
	_, id, rs := h.Setup(tok, "self-service", 1)
	ctx := context.Background()
	u, err := h.Service.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	de := "de"
	if a, err := h.Service.UpdateAssessment(ctx, u, id, assessment.AssessmentUpdate{Language: &de}); err != nil || a.Language != "de" {
		t.Fatalf("make the assessment German: %v, %q", err, a.Language)
	}
	self := "/r/" + rs[0].Token
	for header, want := range map[string]string{"fr": "de", "": "de", "en-GB": "en", "de-AT": "de"} {
		r := speaking(h, header).Get(self + "/welcome")
		webtest.WantPage(t, header, r, 200)
		htmlLang(t, "German assessment, Accept-Language "+header, r, want)
	}
	// The switch still wins.
	htmlLang(t, "switched", speaking(h, "fr").Get(self+"?lang=en"), "en")
}

// TestResultsPageLanguage: a consultant whose browser asks for German (or
// who switched) reads the results page in German.
func TestResultsPageLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Ergebnis")
	a := seeded(h, tok, storetest.Model(), 2, 2)
	path := "/assessments/" + a.ID + "/results?answers=vcs"
	v.Client.Transport = acceptLanguage("de-CH,de;q=0.9")
	r := v.Get(path)
	htmlLang(t, "results", r, "de")
	webtest.WantPage(t, "German results", r, 200, "<h1>Ergebnisse</h1>", "Stufenleiter", "Fähigkeiten im Vergleich zu ihren Zielwerten",
		"Wissenslücken", "Zurückgehalten: 2 Personen haben geantwortet, weniger als 3.", "2 Personen befragt", "Abmelden", "PDF herunterladen")
	r = v.Get(path + "&lang=en")
	htmlLang(t, "results switched", r, "en")
	webtest.WantPage(t, "English results", r, 200, "Stage ladder", "Withheld: 2 people answered, fewer than 3.")
}

// TestConsultantAndSharePagesLanguage: the dashboard, the account page and
// a sponsor's share page follow the browser's Accept-Language; the share
// page shows the model's own texts in German too.
func TestConsultantAndSharePagesLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Konten")
	_, id, _ := h.Setup(tok, "self-service", 1)
	v.Client.Transport = acceptLanguage("de-DE,de;q=0.9")

	r := v.Get("/")
	htmlLang(t, "dashboard", r, "de")
	webtest.WantPage(t, "German dashboard", r, 200, "Ihre Organisationen", "Organisation hinzufügen", "Branche", "(freiwillig)",
		"1 eingeladen · 0 antworten gerade · 0 abgeschickt", ">offen<", ">Konto</a>", ">Abmelden</button>")
	r = v.Post("/organisations", url.Values{"name": {""}})
	webtest.WantPage(t, "German dashboard form again", r, http.StatusUnprocessableEntity, "Ihre Organisationen", `aria-invalid="true"`)

	r = v.Get("/account")
	htmlLang(t, "account", r, "de")
	webtest.WantPage(t, "German account page", r, 200, "Ihr Konto", "Passwort ändern", "Aktuelles Passwort", "Neues Passwort wiederholen", ">Berater<")

	share := createShare(t, v, id, url.Values{"expires_in_days": {"30"}})
	de, err := h.Service.Localize(context.Background(), "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the built-in model in German: %v, %q", err, de.Lang)
	}
	r = speaking(h, "de").Get("/s/" + share)
	htmlLang(t, "share page", r, "de")
	webtest.WantPage(t, "German share page", r, 200, "PDF-Bericht herunterladen", "1 Person befragt", "gültig bis", "Wissenslücken",
		html.EscapeString(de.Model.Capabilities[0].Title))
	r = speaking(h, "en").Get("/s/" + share)
	htmlLang(t, "English share page", r, "en")
	webtest.WantPage(t, "English share page", r, 200, "Download the PDF report", "1 participant", html.EscapeString(h.Model.Capabilities[0].Title))
}

// TestAccountFormErrorsLanguage: the password form's own and the domain's
// field errors come in German on a German page, English on an English one.
func TestAccountFormErrorsLanguage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, _ := h.SignIn("Passwort")
	v.Client.Transport = acceptLanguage("de")
	v.Get("/account")
	webtest.WantPage(t, "differ", v.Post("/account/password", url.Values{"current": {"x"}, "new": {"abcdefghijklmn"}, "repeat": {"abc"}}),
		http.StatusUnprocessableEntity, "Die beiden neuen Passwörter unterscheiden sich.")
	webtest.WantPage(t, "short", v.Post("/account/password", url.Values{"current": {webtest.Password}, "new": {"kurz"}, "repeat": {"kurz"}}),
		http.StatusUnprocessableEntity, "Bitte mindestens 12 Zeichen.")
	webtest.WantPage(t, "wrong current", v.Post("/account/password", url.Values{"current": {"falsch-falsch-falsch"}, "new": {"abcdefghijklmn"}, "repeat": {"abcdefghijklmn"}}),
		http.StatusUnprocessableEntity, "Das ist nicht Ihr aktuelles Passwort.")
	v.Client.Transport = acceptLanguage("en")
	webtest.WantPage(t, "short in English", v.Post("/account/password", url.Values{"current": {webtest.Password}, "new": {"kurz"}, "repeat": {"kurz"}}),
		http.StatusUnprocessableEntity, "The new password must be at least 12 characters.")
}

// TestGermanAssessmentShareAndPDF: a German assessment's share page speaks
// German to a browser that asks for no language, and its PDFs (the
// sponsor's and the consultant's) print German headings and the model's
// German capability titles, umlauts intact.
func TestGermanAssessmentShareAndPDF(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	v, tok := h.SignIn("Zuerich")
	ctx := context.Background()
	u, a := germanAssessment(t, h, tok, assessment.SelfService)
	if _, _, err := h.Service.AddRespondent(ctx, u, a.ID, assessment.NewRespondent{Name: "P1"}); err != nil {
		t.Fatal(err)
	}
	de, err := h.Service.Localize(ctx, "", h.Model, "de")
	if err != nil || de.Lang != "de" {
		t.Fatalf("the built-in model in German: %v, %q", err, de.Lang)
	}
	// The shortest capability title that German words differently: it
	// stays on one line of the PDF.
	var want, english string
	for i, c := range de.Model.Capabilities {
		if c.Title != h.Model.Capabilities[i].Title && (want == "" || len(c.Title) < len(want)) {
			want, english = c.Title, h.Model.Capabilities[i].Title
		}
	}
	if want == "" {
		t.Fatal("no capability title differs in German")
	}

	share := createShare(t, v, a.ID, url.Values{"expires_in_days": {"30"}})
	r := h.Visitor().Get("/s/" + share)
	htmlLang(t, "share page of a German assessment", r, "de")
	webtest.WantPage(t, "German share page without Accept-Language", r, 200, "PDF-Bericht herunterladen", html.EscapeString(want))

	flat := func(b []byte) string { return strings.Join(strings.Fields(pdfText(t, b)), " ") }
	for what, pdf := range map[string][]byte{
		"share PDF": h.Visitor().Get("/s/" + share + "/report.pdf").Body,
		"API PDF":   h.Do("GET", "/api/v1/assessments/"+a.ID+"/report.pdf", tok, nil).Body,
	} {
		text := flat(pdf)
		for _, w := range []string{"Management-Zusammenfassung", "Fähigkeiten", "Müller AG", want, "bewerteten Fragen beantwortet"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", what, w)
			}
		}
		if strings.Contains(text, english) {
			t.Errorf("%s still names %q in English", what, english)
		}
	}
}

// germanAssessment starts a German assessment run in mode, of the
// organisation "Müller AG", for the holder of the API token tok.
func germanAssessment(t *testing.T, h *webtest.Harness, tok string, mode assessment.Mode) (assessment.User, assessment.Assessment) {
	t.Helper()
	ctx := context.Background()
	u, err := h.Service.Authenticate(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	var o webtest.Created
	h.MustJSON("POST", "/api/v1/organisations", tok, map[string]string{"name": "Müller AG"}, 201, &o)
	a, err := h.Service.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: o.ID, Questionnaire: "dcos-readiness",
		Mode: mode, Title: "Frühjahr", Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	return u, a
}
