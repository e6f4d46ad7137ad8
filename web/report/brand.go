package report

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"strconv"
)

// Brand is how the consultancy presents the report: its name in "Prepared
// by", its logo on the cover and in the running header, its accent colour
// on the cover's rules and under the running header. The charts keep the
// report's own palette: their colours are chosen to read in print and in
// greyscale, which a brand colour need not.
type Brand struct {
	Name   string // "" means the export's workspace name
	Logo   []byte // a PNG, as assessment stores it; nil for none
	Accent string // "#rrggbb"; "" keeps the default
}

// logoImage is a logo ready for the canvas: an 8-bit PNG (the PDF library
// reads neither 16-bit nor interlaced PNGs) and its size in pixels.
type logoImage struct {
	png  []byte
	w, h int
}

// prepareLogo decodes a stored logo and encodes it again as 8-bit RGBA, or
// RGB when it is opaque, so that any PNG assessment stored can be drawn.
func prepareLogo(b []byte) (*logoImage, error) {
	if len(b) == 0 {
		return nil, nil
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode logo: %w", err)
	}
	bounds := img.Bounds()
	flat := image.NewNRGBA(image.Rect(0, 0, bounds.Dx(), bounds.Dy()))
	draw.Draw(flat, flat.Bounds(), img, bounds.Min, draw.Src)
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&out, flat); err != nil {
		return nil, fmt.Errorf("encode logo: %w", err)
	}
	return &logoImage{png: out.Bytes(), w: bounds.Dx(), h: bounds.Dy()}, nil
}

// fit is the size in millimetres of the logo scaled to fit inside maxW ×
// maxH, keeping its proportions.
func (g *logoImage) fit(maxW, maxH float64) (w, h float64) {
	w, h = maxW, maxW*float64(g.h)/float64(g.w)
	if h > maxH {
		w, h = maxH*float64(g.w)/float64(g.h), maxH
	}
	return w, h
}

// parseAccent reads "#rrggbb"; ok is false for anything else.
func parseAccent(s string) (c rgb, ok bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}, true
}
