package store_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

func str(s string) *string { return &s }

func TestBranding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAccounts(t, s)
		carl := a.colleague(t, "Carl", assessment.RoleConsultant)
		other := newAccounts(t, s)
		otherName, err := other.svc.Branding(a.ctx, other.admin)
		if err != nil {
			t.Fatal(err)
		}

		b, err := a.svc.Branding(a.ctx, carl)
		if err != nil || b.Name == "" || b.Accent != "" || b.HasLogo {
			t.Fatalf("Branding = %+v, %v", b, err)
		}
		for _, tt := range []struct {
			name  string
			by    assessment.User
			up    assessment.BrandingUpdate
			kind  assessment.Kind
			field string
		}{
			{"consultant", carl, assessment.BrandingUpdate{Name: str("Mine")}, assessment.Forbidden, ""},
			{"empty name", a.admin, assessment.BrandingUpdate{Name: str("  ")}, assessment.Invalid, "name"},
			{"taken name", a.admin, assessment.BrandingUpdate{Name: str(otherName.Name)}, assessment.Conflict, "name"},
			{"named colour", a.admin, assessment.BrandingUpdate{Accent: str("red")}, assessment.Invalid, "accent"},
			{"short hex", a.admin, assessment.BrandingUpdate{Accent: str("#fff")}, assessment.Invalid, "accent"},
			{"css injection", a.admin, assessment.BrandingUpdate{Accent: str("#123456;}")}, assessment.Invalid, "accent"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := a.svc.UpdateBranding(a.ctx, tt.by, tt.up)
				wantField(t, err, tt.kind, tt.field)
			})
		}
		got, err := a.svc.UpdateBranding(a.ctx, a.admin, assessment.BrandingUpdate{Name: str(" Acme Consulting "), Accent: str("#1F6FEB")})
		if err != nil || got.Name != "Acme Consulting" || got.Accent != "#1f6feb" {
			t.Fatalf("UpdateBranding = %+v, %v", got, err)
		}
		got, err = a.svc.UpdateBranding(a.ctx, a.admin, assessment.BrandingUpdate{Accent: str("#00aa00")})
		if err != nil || got.Name != "Acme Consulting" || got.Accent != "#00aa00" {
			t.Fatalf("an accent-only update: %+v, %v", got, err)
		}

		t.Run("logo", func(t *testing.T) {
			var pngBody, jpegBody bytes.Buffer
			img := image.NewRGBA(image.Rect(0, 0, 64, 32))
			if err := png.Encode(&pngBody, img); err != nil {
				t.Fatal(err)
			}
			if err := jpeg.Encode(&jpegBody, img, nil); err != nil {
				t.Fatal(err)
			}
			wantKind(t, a.svc.SetLogo(a.ctx, carl, "image/png", pngBody.Bytes()), assessment.Forbidden)
			wantKind(t, a.svc.SetLogo(a.ctx, a.admin, "image/svg+xml", []byte("<svg/>")), assessment.UnsupportedMediaType)
			wantKind(t, a.svc.SetLogo(a.ctx, a.admin, "image/png", []byte("text named .png")), assessment.Invalid)
			wantKind(t, a.svc.SetLogo(a.ctx, a.admin, "image/png", make([]byte, 2<<20)), assessment.TooLarge)
			_, err := a.svc.Logo(a.ctx, carl)
			wantKind(t, err, assessment.NotFound)

			for _, up := range []struct {
				contentType string
				body        []byte
			}{{"image/png", pngBody.Bytes()}, {"image/jpeg", jpegBody.Bytes()}} {
				if err := a.svc.SetLogo(a.ctx, a.admin, up.contentType, up.body); err != nil {
					t.Fatalf("%s: %v", up.contentType, err)
				}
				stored, err := a.svc.Logo(a.ctx, carl)
				if err != nil {
					t.Fatal(err)
				}
				if cfg, format, err := image.DecodeConfig(bytes.NewReader(stored)); err != nil || format != "png" || cfg.Width != 64 {
					t.Errorf("%s stored as %s %d wide (%v)", up.contentType, format, cfg.Width, err)
				}
			}
			if b, _ := a.svc.Branding(a.ctx, carl); !b.HasLogo {
				t.Error("HasLogo false after upload")
			}
			if b, _ := other.svc.Branding(a.ctx, other.admin); b.HasLogo {
				t.Error("another workspace has the logo")
			}
			// The share page carries the brand.
			as := storetest.Assessment(t, s, a.admin.WorkspaceID, nil)
			_, token, err := a.svc.CreateShare(a.ctx, carl, as.ID, assessment.NewShare{})
			if err != nil {
				t.Fatal(err)
			}
			shared, err := a.svc.OpenShare(a.ctx, token)
			if err != nil || shared.Brand.Name != "Acme Consulting" || shared.Brand.Accent != "#00aa00" || len(shared.Logo) == 0 {
				t.Errorf("shared brand %+v, %d logo bytes, %v", shared.Brand, len(shared.Logo), err)
			}

			wantKind(t, a.svc.DeleteLogo(a.ctx, carl), assessment.Forbidden)
			wantKind(t, a.svc.DeleteLogo(a.ctx, a.admin), "")
			wantKind(t, a.svc.DeleteLogo(a.ctx, a.admin), "") // twice is harmless
			if b, _ := a.svc.Branding(a.ctx, carl); b.HasLogo {
				t.Error("HasLogo true after delete")
			}
			_, err = a.svc.Logo(a.ctx, carl)
			wantKind(t, err, assessment.NotFound)
		})

		t.Run("audited", func(t *testing.T) {
			entries, err := a.svc.Audit(a.ctx, a.admin, 10)
			if err != nil {
				t.Fatal(err)
			}
			count := map[string]int{}
			for _, e := range entries {
				count[e.Action]++
			}
			if count[assessment.AuditWorkspaceChanged] != 2 || count[assessment.AuditLogoChanged] != 2 || count[assessment.AuditLogoDeleted] != 1 {
				t.Errorf("audit counts %v", count)
			}
		})
	})
}
