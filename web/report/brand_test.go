package report_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

// logoPicture is a w × h logo: a dark mark on a transparent ground, so
// that both the alpha channel and the colours reach the PDF.
func logoPicture(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			if (x/(h/2)+y/(h/2))%2 == 0 || x > w/2 {
				img.SetNRGBA(x, y, color.NRGBA{uint8(20 + x*200/w), 60, 140, 255})
			}
		}
	}
	return img
}

// storedLogo is what assessment keeps of an upload of contentType.
func storedLogo(t *testing.T, contentType string, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if contentType == "image/jpeg" {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	stored, err := assessment.CheckLogo(contentType, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// imagesOn lists the images pdfimages finds on page, one line each.
func imagesOn(t *testing.T, path string, page int) []string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdfimages"), "-list", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[2:] // two header lines
}

// TestPDFBrand: the logo (from a PNG or a JPEG upload, and from a 16-bit
// PNG the PDF library cannot read as it is) is drawn on the cover and in
// the running header; the brand's name says who prepared the report.
func TestPDFBrand(t *testing.T) {
	deep := image.NewNRGBA64(image.Rect(0, 0, 90, 30))
	for x := range 90 {
		deep.SetNRGBA64(x, x%30, color.NRGBA64{0x1234, 0x8000, 0xffff, 0xffff})
	}
	var deepPNG bytes.Buffer
	if err := png.Encode(&deepPNG, deep); err != nil {
		t.Fatal(err)
	}
	for name, logo := range map[string][]byte{
		"png":        storedLogo(t, "image/png", logoPicture(240, 80)),
		"jpeg":       storedLogo(t, "image/jpeg", logoPicture(300, 120)),
		"16-bit png": deepPNG.Bytes(),
	} {
		t.Run(name, func(t *testing.T) {
			x := workshopOf(fixedModel(), 6)
			d := report.Document{Export: x, Date: reportDate, Brand: report.Brand{Name: "Fjord & Fell Advisory", Logo: logo, Accent: "#0f766e"}}
			var b bytes.Buffer
			if err := report.PDF(&b, d); err != nil {
				t.Fatal(err)
			}
			path := writeTemp(t, b.Bytes())
			if out, err := exec.Command(tool(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
				t.Fatalf("qpdf --check: %v\n%s", err, out)
			}
			if imgs := imagesOn(t, path, 1); len(imgs) == 0 {
				t.Error("no image on the cover")
			}
			if imgs := imagesOn(t, path, 3); len(imgs) == 0 {
				t.Error("no logo in the running header")
			}
			flat := strings.Join(strings.Fields(pdftotext(t, path)), " ")
			if !strings.Contains(flat, "Prepared by Fjord & Fell Advisory") || strings.Contains(flat, x.Workspace.Name) {
				t.Errorf("the brand's name is not the one printed")
			}
			var again bytes.Buffer
			if err := report.PDF(&again, d); err != nil || !bytes.Equal(again.Bytes(), b.Bytes()) {
				t.Errorf("a branded report is not repeatable (%v)", err)
			}
		})
	}
	x := workshopOf(fixedModel(), 6)
	if err := report.PDF(&bytes.Buffer{}, report.Document{Export: x, Brand: report.Brand{Logo: []byte("not a png")}}); err == nil {
		t.Error("a broken logo rendered")
	}
	// Without a logo there is no image at all.
	var plain bytes.Buffer
	if err := report.PDF(&plain, report.Document{Export: x, Date: reportDate}); err != nil {
		t.Fatal(err)
	}
	if imgs := imagesOn(t, writeTemp(t, plain.Bytes()), 1); len(imgs) != 0 {
		t.Errorf("a report without a logo has images: %q", imgs)
	}
}

// TestPDFBrandArtifact renders a branded cover and a page with the running
// header to test-artifacts/ for a person to look at.
func TestPDFBrandArtifact(t *testing.T) {
	x := workshop(t, 24)
	var b bytes.Buffer
	d := report.Document{Export: x, Date: reportDate, Brand: report.Brand{Name: "Fjord & Fell Advisory",
		Logo: storedLogo(t, "image/png", logoPicture(480, 160)), Accent: "#0f766e"}}
	if err := report.PDF(&b, d); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "report-branded.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]int{"cover": 1, "summary": 3} {
		out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "80", "-singlefile", "-f", fmt.Sprint(page), "-l", fmt.Sprint(page),
			path, filepath.Join(dir, "report-branded-"+name)).CombinedOutput()
		if err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
	}
}
