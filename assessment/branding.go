package assessment

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A workspace's brand: its name, an accent colour and a logo, shown in the
// pages' header, on the share page and on the PDF's cover. A logo is an
// upload from the web, so it is checked by decoding it, never by its name
// or declared type alone, and stored only as a PNG the service encoded
// itself: whatever else the file carried (metadata, a polyglot payload)
// is gone. SVG is never taken: it carries script.

// Limits of a logo upload.
const (
	MaxLogoBytes = 512 << 10 // the upload, as sent
	MaxLogoSide  = 4096      // pixels, either side, as decoded
	// StoredLogoSide bounds the stored PNG's longer side: a header or a
	// cover never shows more, and a large JPEG re-encoded losslessly at
	// full size would weigh tens of MiB.
	StoredLogoSide = 1024
)

// Branding is how a workspace presents itself.
type Branding struct {
	Name    string
	Accent  string // "#rrggbb", or "" for the default
	HasLogo bool
}

// BrandingUpdate holds the fields a PATCH may change; nil keeps a field.
type BrandingUpdate struct {
	Name   *string
	Accent *string // "" goes back to the default
}

// BrandingStore keeps workspaces' brands.
type BrandingStore interface {
	// Branding returns a workspace's brand; NotFound if it does not exist.
	Branding(ctx context.Context, workspaceID string) (Branding, error)
	// UpdateBranding stores a workspace's name and accent; Conflict if
	// another workspace has the name.
	UpdateBranding(ctx context.Context, workspaceID, name, accent string, e AuditEntry) (Branding, error)
	// SetLogo stores (or replaces) a workspace's logo, a PNG.
	SetLogo(ctx context.Context, workspaceID string, png []byte, at time.Time, e AuditEntry) error
	// DeleteLogo removes a workspace's logo; none is no error.
	DeleteLogo(ctx context.Context, workspaceID string, e AuditEntry) error
	// Logo returns a workspace's logo; NotFound if it has none.
	Logo(ctx context.Context, workspaceID string) ([]byte, error)
}

var accentPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Branding returns the brand of the user's workspace.
func (s *Service) Branding(ctx context.Context, u User) (Branding, error) {
	return s.store.Branding(ctx, u.WorkspaceID)
}

// UpdateBranding renames the admin's workspace or changes its accent.
func (s *Service) UpdateBranding(ctx context.Context, admin User, up BrandingUpdate) (Branding, error) {
	if err := adminOnly(admin, "changes its settings"); err != nil {
		return Branding{}, err
	}
	b, err := s.store.Branding(ctx, admin.WorkspaceID)
	if err != nil {
		return Branding{}, err
	}
	if up.Name != nil {
		b.Name = strings.TrimSpace(*up.Name)
		if err := checkLength("name", b.Name, 1, 200); err != nil {
			return Branding{}, err
		}
	}
	if up.Accent != nil {
		b.Accent = strings.ToLower(strings.TrimSpace(*up.Accent))
		if b.Accent != "" && !accentPattern.MatchString(b.Accent) {
			return Branding{}, FieldError("accent", "must be a colour such as #1f6feb")
		}
	}
	e := s.auditOf(ctx, admin, AuditWorkspaceChanged, target("workspace", admin.WorkspaceID))
	saved, err := s.store.UpdateBranding(ctx, admin.WorkspaceID, b.Name, b.Accent, e)
	if KindOf(err) == Conflict {
		return Branding{}, &Error{Kind: Conflict, Field: "name", Message: "another workspace has this name"}
	}
	return saved, err
}

// Logo returns the logo of the user's workspace, a PNG; NotFound if none.
func (s *Service) Logo(ctx context.Context, u User) ([]byte, error) {
	return s.store.Logo(ctx, u.WorkspaceID)
}

// SetLogo checks an uploaded logo and stores it as a PNG. contentType is
// the upload's declared type. Errors: UnsupportedMediaType for a type other
// than PNG or JPEG; TooLarge over MaxLogoBytes; Invalid naming "logo" for
// a body that does not decode as the declared type or has a side over
// MaxLogoSide.
func (s *Service) SetLogo(ctx context.Context, admin User, contentType string, body []byte) error {
	if err := adminOnly(admin, "changes its settings"); err != nil {
		return err
	}
	stored, err := CheckLogo(contentType, body)
	if err != nil {
		return err
	}
	e := s.auditOf(ctx, admin, AuditLogoChanged, target("workspace", admin.WorkspaceID))
	return s.store.SetLogo(ctx, admin.WorkspaceID, stored, s.Now(), e)
}

// DeleteLogo removes the logo of the admin's workspace.
func (s *Service) DeleteLogo(ctx context.Context, admin User) error {
	if err := adminOnly(admin, "changes its settings"); err != nil {
		return err
	}
	return s.store.DeleteLogo(ctx, admin.WorkspaceID, s.auditOf(ctx, admin, AuditLogoDeleted, target("workspace", admin.WorkspaceID)))
}

// CheckLogo decodes an upload declared as contentType and returns the PNG
// to store, or the error SetLogo describes.
func CheckLogo(contentType string, body []byte) ([]byte, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	format := map[string]string{"image/png": "png", "image/jpeg": "jpeg"}[strings.ToLower(mt)]
	if err != nil || format == "" {
		return nil, &Error{Kind: UnsupportedMediaType, Field: "logo", Message: "a logo must be a PNG or JPEG image"}
	}
	if len(body) > MaxLogoBytes {
		return nil, &Error{Kind: TooLarge, Field: "logo", Message: fmt.Sprintf("a logo must be at most %d KiB", MaxLogoBytes>>10)}
	}
	undecodable := FieldError("logo", "is not a %s image that can be read", strings.ToUpper(format))
	// Only this format's decoder runs: image.Decode would try every format
	// linked into the binary.
	decodeConfig, decode := png.DecodeConfig, png.Decode
	if format == "jpeg" {
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	}
	cfg, err := decodeConfig(bytes.NewReader(body))
	if err != nil {
		return nil, undecodable
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxLogoSide || cfg.Height > MaxLogoSide {
		return nil, FieldError("logo", "must be at most %d × %d pixels", MaxLogoSide, MaxLogoSide)
	}
	img, err := decode(bytes.NewReader(body))
	if err != nil {
		return nil, undecodable
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, shrink(img, StoredLogoSide)); err != nil {
		return nil, fmt.Errorf("encode logo: %w", err)
	}
	return out.Bytes(), nil
}

// shrink scales img down, keeping its proportions, until neither side is
// over side, averaging the source pixels each target pixel covers; a small
// enough image comes back as it is. It works on premultiplied RGBA, whose
// plain average weights colour by alpha, so transparent pixels do not
// darken the edges.
func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src) // fast paths for what png and jpeg decode to
	scale := float64(side) / float64(max(w, h))
	tw, th := max(1, int(math.Round(float64(w)*scale))), max(1, int(math.Round(float64(h)*scale)))
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	for ty := range th {
		y0, y1 := ty*h/th, max((ty+1)*h/th, ty*h/th+1)
		for tx := range tw {
			x0, x1 := tx*w/tw, max((tx+1)*w/tw, tx*w/tw+1)
			var sum [4]int
			for y := y0; y < y1; y++ {
				row := src.Pix[y*src.Stride+x0*4 : y*src.Stride+x1*4]
				for i := 0; i < len(row); i += 4 {
					sum[0] += int(row[i])
					sum[1] += int(row[i+1])
					sum[2] += int(row[i+2])
					sum[3] += int(row[i+3])
				}
			}
			n := (y1 - y0) * (x1 - x0)
			o := dst.PixOffset(tx, ty)
			for c := range sum {
				dst.Pix[o+c] = uint8(sum[c] / n)
			}
		}
	}
	return dst
}

// TextOn returns the text colour readable on a background colour
// "#rrggbb": "#000000" or "#ffffff", whichever contrasts more by WCAG's
// relative luminance. An accent a user chose can be any colour, so pages
// derive the text on it rather than trust it. A malformed colour gets
// "#000000".
func TextOn(background string) string {
	if !accentPattern.MatchString(background) {
		return "#000000"
	}
	l := relativeLuminance(background)
	// Contrast with black is (l+0.05)/0.05, with white 1.05/(l+0.05).
	if (l+0.05)/0.05 >= 1.05/(l+0.05) {
		return "#000000"
	}
	return "#ffffff"
}

// relativeLuminance is WCAG 2's relative luminance of "#rrggbb".
func relativeLuminance(hex string) float64 {
	channel := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(1) + 0.7152*channel(3) + 0.0722*channel(5)
}
