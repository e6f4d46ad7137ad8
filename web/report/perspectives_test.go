package report_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

// TestPDFPerspectives prints capability scores per perspective, flags the
// capabilities two perspectives see far apart, and names withheld groups.
func TestPDFPerspectives(t *testing.T) {
	x := workshop(t, 12)
	high, low := *x.Result, *x.Result
	high.Capabilities = append([]assessment.CapabilityResult(nil), x.Result.Capabilities...)
	low.Capabilities = append([]assessment.CapabilityResult(nil), x.Result.Capabilities...)
	ninety, ten := 90.0, 10.0
	high.Capabilities[0].Score, low.Capabilities[0].Score = &ninety, &ten
	pc := assessment.ComparePerspectives([]assessment.PerspectiveResult{
		{Perspective: "operations", Result: &high}, {Perspective: "development", Result: &low}, {Perspective: "data"},
	})

	var b bytes.Buffer
	if err := report.PDF(&b, report.Document{Export: x, Date: reportDate, Perspectives: &pc}); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, b.Bytes())
	flat := strings.Join(strings.Fields(pdftotext(t, path)), " ")
	// The page for a person to look at: the section follows the summary.
	dir := filepath.Join("..", "..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for p := 3; p <= pageCount(t, path); p++ {
		if strings.Contains(pdftotext(t, path, "-f", fmt.Sprint(p), "-l", fmt.Sprint(p)), "How each perspective sees it") {
			if out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "80", "-singlefile", "-f", fmt.Sprint(p), "-l", fmt.Sprint(p),
				path, filepath.Join(dir, "report-perspectives")).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			break
		}
	}
	title := x.Result.Capabilities[0].Title
	for _, w := range []string{"How each perspective sees it", "Withheld, fewer than 3 respondents: data",
		title + ": operations sees 90, development 10: discuss", "Capability scores by perspective", "operations 90 · development 10"} {
		if !strings.Contains(flat, w) {
			t.Errorf("the report does not say %q", w)
		}
	}
	if without := strings.Join(strings.Fields(pdftotext(t, writeTemp(t, render(t, x)))), " "); strings.Contains(without, "How each perspective sees it") {
		t.Error("a report without perspectives has a perspective section")
	}
}
