package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestSVGArtifacts draws every chart as a plain SVG file in test-artifacts/
// so that a person can look at the geometry without the web app.
func TestSVGArtifacts(t *testing.T) {
	dir := filepath.Join("..", "..", "test-artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := result(17)
	write := func(name string, w, h float64, body func(*bytes.Buffer)) {
		var b bytes.Buffer
		fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" font-family="sans-serif">`+"\n", num(w), num(h), num(w), num(h))
		fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`)
		body(&b)
		b.WriteString("</svg>\n")
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(b *bytes.Buffer, tx Text, fill string) {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s">`, num(tx.X), num(tx.Y), tx.Anchor, num(tx.Size), fill)
		for i, l := range tx.Lines {
			dy := 0.0
			if i > 0 {
				dy = tx.LineHeight
			}
			fmt.Fprintf(b, `<tspan x="%s" dy="%s">`, num(tx.X), num(dy))
			_ = xml.EscapeText(b, []byte(l))
			b.WriteString("</tspan>")
		}
		b.WriteString("</text>\n")
	}
	rd := NewRadar(r, en)
	write("chart-radar.svg", rd.Width, rd.Height, func(b *bytes.Buffer) {
		for _, ring := range rd.Rings {
			fmt.Fprintf(b, `<polygon points="%s" fill="none" stroke="#ddd"/>`+"\n", ring.Points)
			text(b, ring.Label, "#888")
		}
		for _, ax := range rd.Axes {
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ddd"/>`+"\n", num(rd.Center.X), num(rd.Center.Y), num(ax.End.X), num(ax.End.Y))
			text(b, ax.Label, "#222")
			text(b, ax.Value, "#555")
		}
		fmt.Fprintf(b, `<polygon points="%s" fill="none" stroke="#b45309" stroke-width="2" stroke-dasharray="5 4"/>`+"\n", rd.Target)
		fmt.Fprintf(b, `<polygon points="%s" fill="#2563eb" fill-opacity="0.25" stroke="#2563eb" stroke-width="2"/>`+"\n", rd.Score)
	})
	bars := NewBars(r, en)
	write("chart-bars.svg", bars.Width, bars.Height, func(b *bytes.Buffer) {
		for _, tk := range bars.Ticks {
			fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#ddd"/>`+"\n", num(tk.Pos), num(bars.Plot.Y), num(tk.Pos), num(bars.Plot.Y+bars.Plot.H))
			text(b, Text{X: tk.Pos, Y: bars.Plot.Y - 6, Anchor: Middle, Size: 10, Lines: []string{tk.Label}}, "#888")
		}
		for _, row := range bars.Rows {
			fill := "#2563eb"
			if row.Meets {
				fill = "#15803d"
			}
			text(b, row.Label, "#222")
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n", num(row.Bar.X), num(row.Bar.Y), num(row.Bar.W), num(row.Bar.H), fill)
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#b45309"/>`+"\n", num(row.Mark.X), num(row.Mark.Y), num(row.Mark.W), num(row.Mark.H))
			text(b, row.Value, "#222")
		}
	})
	l := NewLadder(r, en)
	write("chart-ladder.svg", l.Width, l.Height, func(b *bytes.Buffer) {
		for _, s := range l.Steps {
			fill := map[StepState]string{Reached: "#dcfce7", Blocked: "#fee2e2", HeldBack: "#f3f4f6"}[s.State]
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#999"/>`+"\n", num(s.Box.X), num(s.Box.Y), num(s.Box.W), num(s.Box.H), fill)
			text(b, s.Name, "#111")
			text(b, s.Status, "#333")
		}
	})
}
