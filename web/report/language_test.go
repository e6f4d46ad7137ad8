package report_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/web/report"
)

// TestPDFInGerman: a German assessment's report has German headings and
// fixed texts, German dates and numbers, and its umlauts survive into the
// text layer; the same export in English is unchanged.
func TestPDFInGerman(t *testing.T) {
	x := workshop(t, 60)
	x.Assessment.Language = "de"
	var b bytes.Buffer
	if err := report.PDF(&b, report.Document{Export: x, Date: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, b.Bytes())
	if dir := os.Getenv("READINESS_ARTIFACTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "report-de.pdf"), b.Bytes(), 0o644)
	}
	flat := strings.Join(strings.Fields(pdftotext(t, path, "-enc", "UTF-8")), " ")
	r := x.Result
	for _, w := range []string{
		"DC/OS-READINESS-ASSESSMENT", "Inhalt", "Management-Zusammenfassung", "Wo die Organisation steht",
		"Die größten Wissenslücken", "Fähigkeiten und Stufen", "Die Stufenleiter", "Roadmap", "Fähigkeiten",
		"Teilnehmende", "Anhang: Methode", "Erstellt von", "Vertraulich", "2. März 2026", "Seite 3 von",
		fmt.Sprintf("Der Gesamtscore beträgt %.0f von 100", *r.Overall.Score),
		"Zürich", // the organisation's own umlaut, beside the catalogue's
	} {
		if !strings.Contains(flat, w) {
			t.Errorf("the German report's text layer lacks %q", w)
		}
	}
	for _, w := range []string{"Executive summary", "Contents", "Appendix: method", "Page 3 of"} {
		if strings.Contains(flat, w) {
			t.Errorf("the German report still says %q", w)
		}
	}

	// Document.Lang overrides the assessment's language.
	b.Reset()
	if err := report.PDF(&b, report.Document{Export: x, Date: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC), Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	flat = strings.Join(strings.Fields(pdftotext(t, writeTemp(t, b.Bytes()), "-enc", "UTF-8")), " ")
	for _, w := range []string{"Executive summary", "Contents", "2 March 2026"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the English report lacks %q", w)
		}
	}
}
