package report

import (
	"bytes"
	"fmt"
	"io"
	"time"

	gofpdf "codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
)

// canvas is every drawing operation the PDF layout uses, in millimetres on
// A4 with the origin at the top left. Only this file knows the PDF library
// (fpdf, the maintained successor of gofpdf): replacing it means writing another canvas,
// not touching the layout.
type canvas interface {
	AddPage()
	SetPage(n int) // go back to page n (1-based) to draw on it again
	PageCount() int
	// Font: style is "" (regular), "B" (bold) or "I" (italic); size in points.
	Font(style string, size float64)
	TextColor(c rgb)
	// Text writes s with its baseline at y, starting at x.
	Text(x, y float64, s string)
	TextWidth(s string) float64
	// Line, Rect and Polygon stroke with the given colour and width in mm; a
	// nil fill leaves shapes open. alpha (0..1) applies to the fill.
	Line(x1, y1, x2, y2 float64, stroke rgb, width float64, dashed bool)
	Rect(x, y, w, h float64, fill, stroke *rgb, width float64)
	Polygon(pts []pt, fill, stroke *rgb, width, alpha float64, dashed bool)
	// Bookmark adds an entry to the document outline at y on the current page.
	Bookmark(title string, level int, y float64)
	// Link makes the area x, y, w, h jump to the top of page.
	Link(x, y, w, h float64, page int)
	// Image draws the PNG registered as name (registering it on first use)
	// in the box x, y, w, h.
	Image(name string, png []byte, x, y, w, h float64)
	Output(w io.Writer) error
}

type rgb struct{ R, G, B int }

type pt struct{ X, Y float64 }

// fpdf implements canvas with gofpdf.
type fpdf struct {
	pdf   *gofpdf.Fpdf
	links map[int]int // page → link id
}

// newFpdf starts an A4 document with the Go fonts, whose glyphs cover Latin,
// Greek and Cyrillic, so any organisation's name prints.
func newFpdf(title, author string, created time.Time) *fpdf {
	pdf := gofpdf.New("P", "mm", "A4", "")
	// gofpdf writes into the font bytes it is given (go-pdf/fpdf#37): every
	// document gets its own copy, or concurrent reports race.
	pdf.AddUTF8FontFromBytes("go", "", append([]byte(nil), goregular.TTF...))
	pdf.AddUTF8FontFromBytes("go", "B", append([]byte(nil), gobold.TTF...))
	pdf.AddUTF8FontFromBytes("go", "I", append([]byte(nil), goitalic.TTF...))
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(author, true)
	pdf.SetCreator("Readiness", true)
	pdf.SetSubject("DC/OS readiness assessment", true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetCatalogSort(true) // repeatable bytes for the same input
	// Page streams stay uncompressed: gofpdf makes a fresh zlib writer (about
	// 1 MB of tables) for every page, which was two thirds of a 48-page
	// report's time and memory. The embedded font subsets are still
	// compressed; a report for 60 people is about 0.7 MB instead of 0.2 MB.
	pdf.SetCompression(false)
	return &fpdf{pdf: pdf, links: map[int]int{}}
}

func (f *fpdf) AddPage()       { f.pdf.AddPage() }
func (f *fpdf) SetPage(n int)  { f.pdf.SetPage(n) }
func (f *fpdf) PageCount() int { return f.pdf.PageCount() }

func (f *fpdf) Font(style string, size float64) { f.pdf.SetFont("go", style, size) }

// TextColor sets the fill colour too: gofpdf skips the text colour when it
// equals the fill colour it believes current, which is wrong on a page that
// SetPage went back to.
func (f *fpdf) TextColor(c rgb) {
	f.pdf.SetFillColor(c.R, c.G, c.B)
	f.pdf.SetTextColor(c.R, c.G, c.B)
}

func (f *fpdf) Text(x, y float64, s string) { f.pdf.Text(x, y, s) }

func (f *fpdf) TextWidth(s string) float64 { return f.pdf.GetStringWidth(s) }

func (f *fpdf) dash(on bool) {
	if on {
		f.pdf.SetDashPattern([]float64{1.2, 0.9}, 0)
	} else {
		f.pdf.SetDashPattern(nil, 0)
	}
}

func (f *fpdf) Line(x1, y1, x2, y2 float64, stroke rgb, width float64, dashed bool) {
	f.pdf.SetDrawColor(stroke.R, stroke.G, stroke.B)
	f.pdf.SetLineWidth(width)
	f.dash(dashed)
	f.pdf.Line(x1, y1, x2, y2)
	f.dash(false)
}

func style(fill, stroke *rgb) string {
	switch {
	case fill != nil && stroke != nil:
		return "FD"
	case fill != nil:
		return "F"
	default:
		return "D"
	}
}

func (f *fpdf) colours(fill, stroke *rgb, width float64) {
	if fill != nil {
		f.pdf.SetFillColor(fill.R, fill.G, fill.B)
	}
	if stroke != nil {
		f.pdf.SetDrawColor(stroke.R, stroke.G, stroke.B)
		f.pdf.SetLineWidth(width)
	}
}

func (f *fpdf) Rect(x, y, w, h float64, fill, stroke *rgb, width float64) {
	if fill == nil && stroke == nil {
		return
	}
	f.colours(fill, stroke, width)
	f.pdf.Rect(x, y, w, h, style(fill, stroke))
}

func (f *fpdf) Polygon(pts []pt, fill, stroke *rgb, width, alpha float64, dashed bool) {
	if len(pts) < 2 || (fill == nil && stroke == nil) {
		return
	}
	ps := make([]gofpdf.PointType, len(pts))
	for i, p := range pts {
		ps[i] = gofpdf.PointType{X: p.X, Y: p.Y}
	}
	if fill != nil {
		f.colours(fill, nil, 0)
		f.pdf.SetAlpha(alpha, "Normal")
		f.pdf.Polygon(ps, "F")
		f.pdf.SetAlpha(1, "Normal")
	}
	if stroke != nil {
		f.colours(nil, stroke, width)
		f.dash(dashed)
		f.pdf.Polygon(ps, "D")
		f.dash(false)
	}
}

func (f *fpdf) Bookmark(title string, level int, y float64) { f.pdf.Bookmark(title, level, y) }

func (f *fpdf) Link(x, y, w, h float64, page int) {
	id, ok := f.links[page]
	if !ok {
		id = f.pdf.AddLink()
		f.pdf.SetLink(id, 0, page)
		f.links[page] = id
	}
	f.pdf.Link(x, y, w, h, id)
}

func (f *fpdf) Image(name string, png []byte, x, y, w, h float64) {
	opts := gofpdf.ImageOptions{ImageType: "PNG"}
	if f.pdf.GetImageInfo(name) == nil {
		f.pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(png))
	}
	f.pdf.ImageOptions(name, x, y, w, h, false, opts, 0, "")
}

func (f *fpdf) Output(w io.Writer) error {
	if err := f.pdf.Output(w); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}
