package assessment

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// plain is a w×h image of one colour: it compresses to almost nothing.
func plain(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	return img
}

// noise is a w×h image of random pixels: it does not compress.
func noise(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	return img
}

func TestCheckLogo(t *testing.T) {
	big := encodePNG(t, noise(800, 700))
	if len(big) < 2<<20 {
		t.Fatalf("the big PNG is %d bytes, want over 2 MiB", len(big))
	}
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	pngLogo := encodePNG(t, plain(200, 100))
	for _, tt := range []struct {
		name, contentType string
		body              []byte
		kind              Kind
		w, h              int // of the stored PNG
	}{
		{"png", "image/png", pngLogo, "", 200, 100},
		{"jpeg", "image/jpeg", encodeJPEG(t, plain(120, 90)), "", 120, 90},
		{"type in capitals with a parameter", "Image/PNG; charset=binary", pngLogo, "", 200, 100},
		{"large sides are scaled down", "image/jpeg", encodeJPEG(t, plain(4096, 2048)), "", StoredLogoSide, StoredLogoSide / 2},
		{"svg", "image/svg+xml", svg, UnsupportedMediaType, 0, 0},
		{"svg declared as png", "image/png", svg, Invalid, 0, 0},
		{"text named .png", "image/png", []byte("just some text, not an image\n"), Invalid, 0, 0},
		{"text", "text/plain", []byte("hello"), UnsupportedMediaType, 0, 0},
		{"no type", "", pngLogo, UnsupportedMediaType, 0, 0},
		{"gif", "image/gif", []byte("GIF89a"), UnsupportedMediaType, 0, 0},
		{"png declared as jpeg", "image/jpeg", pngLogo, Invalid, 0, 0},
		{"truncated png", "image/png", pngLogo[:len(pngLogo)/2], Invalid, 0, 0},
		{"2 MiB", "image/png", big, TooLarge, 0, 0},
		{"too wide", "image/png", encodePNG(t, plain(MaxLogoSide+1, 1)), Invalid, 0, 0},
		{"too many pixels", "image/png", encodePNG(t, plain(5000, 5000)), Invalid, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckLogo(tt.contentType, tt.body)
			if KindOf(err) != tt.kind {
				t.Fatalf("error %v: kind %q, want %q", err, KindOf(err), tt.kind)
			}
			if err != nil {
				if e := err.(*Error); e.Field != "logo" {
					t.Errorf("error names %q, want logo", e.Field)
				}
				return
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(got))
			if err != nil || format != "png" || cfg.Width != tt.w || cfg.Height != tt.h {
				t.Errorf("stored %s %d×%d (%v), want png %d×%d", format, cfg.Width, cfg.Height, err, tt.w, tt.h)
			}
		})
	}
}

func TestShrinkKeepsColourAndTransparency(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			if x < 20 {
				img.SetNRGBA(x, y, color.NRGBA{R: 200, G: 10, B: 30, A: 255})
			} // the right half stays transparent
		}
	}
	got := shrink(img, 10)
	if b := got.Bounds(); b.Dx() != 10 || b.Dy() != 5 {
		t.Fatalf("shrunk to %v", b)
	}
	if c := color.NRGBAModel.Convert(got.At(1, 1)).(color.NRGBA); c.R < 195 || c.G > 15 || c.A != 255 {
		t.Errorf("left pixel %+v, want the red kept", c)
	}
	if _, _, _, a := got.At(8, 1).RGBA(); a != 0 {
		t.Errorf("right pixel alpha %d, want transparent", a)
	}
}

func TestTextOn(t *testing.T) {
	for _, tt := range []struct{ bg, want string }{
		{"#ffffff", "#000000"},
		{"#000000", "#ffffff"},
		{"#ffff00", "#000000"}, // yellow is light
		{"#0000ff", "#ffffff"}, // blue is dark
		{"#1f6feb", "#ffffff"},
		{"#777777", "#000000"}, // mid grey: black contrasts slightly more (4.7 vs 4.5)
		{"#FF8800", "#000000"},
		{"red", "#000000"},
		{"", "#000000"},
	} {
		if got := TextOn(tt.bg); got != tt.want {
			t.Errorf("TextOn(%q) = %s, want %s", tt.bg, got, tt.want)
		}
	}
	// Whatever the accent, the chosen text meets WCAG AA for normal text (4.5:1).
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		bg := "#" + strings.ToLower(strings.TrimPrefix(color6(r), "#"))
		l := relativeLuminance(bg)
		contrast := 1.05 / (l + 0.05)
		if TextOn(bg) == "#000000" {
			contrast = (l + 0.05) / 0.05
		}
		if contrast < 4.5 {
			t.Fatalf("TextOn(%s): contrast %.2f", bg, contrast)
		}
	}
}

func color6(r *rand.Rand) string {
	const hex = "0123456789abcdef"
	b := []byte("#000000")
	for i := 1; i < 7; i++ {
		b[i] = hex[r.IntN(16)]
	}
	return string(b)
}
