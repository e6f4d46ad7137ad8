package api_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// brandAdmin adds an admin to a new workspace and returns their API token.
func brandAdmin(t *testing.T, h *webtest.Harness, workspace, email string) string {
	t.Helper()
	if _, err := h.Service.AddUser(context.Background(), assessment.NewUser{Workspace: workspace, Email: email,
		Name: "Admin " + workspace, Role: assessment.RoleAdmin, Password: webtest.Password}); err != nil {
		t.Fatal(err)
	}
	var tok struct{ Token string }
	h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": webtest.Password}, 201, &tok)
	return tok.Token
}

// picture is a w × h image with a gradient; noisy makes it compress badly,
// so that a small image can still be a large file.
func picture(w, h int, noisy bool) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255}
			if noisy {
				c = color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// putLogo sends body as the logo with the declared type.
func putLogo(t *testing.T, h *webtest.Harness, token, contentType string, body []byte) webtest.Response {
	t.Helper()
	req, err := http.NewRequest("PUT", h.Server.URL+"/api/v1/workspace/logo", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := h.Server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return webtest.Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

func TestWorkspaceBrandAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		h := webtest.New(t, st)
		admin := brandAdmin(t, h, "Brand", "admin@brand.example")
		consultant := h.Consultant("Brand") // brand@example.com, a consultant of the same workspace
		other := brandAdmin(t, h, "Other", "admin@other.example")

		var ws struct {
			Name, Accent string
			Logo         bool
		}
		h.MustJSON("GET", "/api/v1/workspace", consultant, nil, 200, &ws)
		if ws.Name != "Brand" || ws.Accent != "" || ws.Logo {
			t.Fatalf("a new workspace: %+v", ws)
		}
		h.MustJSON("PATCH", "/api/v1/workspace", admin, map[string]string{"name": "Nordlicht Consulting", "accent": "#1F6FEB"}, 200, &ws)
		if ws.Name != "Nordlicht Consulting" || ws.Accent != "#1f6feb" {
			t.Fatalf("after PATCH: %+v", ws)
		}
		for name, tt := range map[string]struct {
			token  string
			body   any
			status int
			field  string
		}{
			"bad accent":         {admin, map[string]string{"accent": "blue"}, 422, "accent"},
			"empty name":         {admin, map[string]string{"name": " "}, 422, "name"},
			"taken name":         {other, map[string]string{"name": "Nordlicht Consulting"}, 409, "name"},
			"wrong type":         {admin, map[string]any{"accent": 7}, 400, "accent"},
			"consultant changes": {consultant, map[string]string{"accent": "#000000"}, 403, ""},
			"no token":           {"", map[string]string{"accent": "#000000"}, 401, ""},
		} {
			r := h.Do("PATCH", "/api/v1/workspace", tt.token, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
				t.Errorf("%s: %s, want %d naming %q", name, r, tt.status, tt.field)
			}
		}
		h.MustJSON("GET", "/api/v1/workspace", consultant, nil, 200, &ws)
		if ws.Name != "Nordlicht Consulting" || ws.Accent != "#1f6feb" {
			t.Errorf("refused PATCHes changed the workspace: %+v", ws)
		}

		logoPNG := pngBytes(t, picture(120, 40, false))
		logoJPEG := jpegBytes(t, picture(300, 100, false))
		bigNoise := pngBytes(t, picture(800, 800, true)) // about 2 MiB: over the server's 1 MiB body limit
		if len(bigNoise) < 2<<20-200<<10 {
			t.Fatalf("the large image is only %d bytes", len(bigNoise))
		}
		overLogo := pngBytes(t, picture(430, 430, true)) // between 512 KiB and 1 MiB: the logo rule's 413
		if len(overLogo) <= assessment.MaxLogoBytes || len(overLogo) >= 1<<20 {
			t.Fatalf("the over-limit logo is %d bytes", len(overLogo))
		}
		svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		for _, tt := range []struct {
			name, token, contentType string
			body                     []byte
			status                   int
			field                    string
		}{
			{"an SVG", admin, "image/svg+xml", svg, 415, "logo"},
			{"an SVG declared as PNG", admin, "image/png", svg, 422, "logo"},
			{"a text file named .png", admin, "image/png", []byte("just some text, not a picture\n"), 422, "logo"},
			{"a PNG declared as JPEG", admin, "image/jpeg", logoPNG, 422, "logo"},
			{"no type", admin, "", logoPNG, 415, "logo"},
			{"a 2 MiB image", admin, "image/png", bigNoise, 413, ""},
			{"over 512 KiB", admin, "image/png", overLogo, 413, "logo"},
			{"too many pixels", admin, "image/png", pngBytes(t, image.NewGray(image.Rect(0, 0, 5000, 10))), 422, "logo"},
			{"a consultant", consultant, "image/png", logoPNG, 403, ""},
			{"no token", "", "image/png", logoPNG, 401, ""},
		} {
			r := putLogo(t, h, tt.token, tt.contentType, tt.body)
			if _, field := r.ErrorField(); r.Status != tt.status || field != tt.field {
				t.Errorf("%s: %s, want %d naming %q", tt.name, r, tt.status, tt.field)
			}
		}
		h.MustJSON("GET", "/api/v1/workspace", admin, nil, 200, &ws)
		if ws.Logo {
			t.Fatal("a refused logo was stored")
		}
		for name, tt := range map[string]struct {
			contentType string
			body        []byte
		}{"PNG": {"image/png", logoPNG}, "JPEG": {"image/jpeg; charset=binary", logoJPEG}} {
			if r := putLogo(t, h, admin, tt.contentType, tt.body); r.Status != 204 {
				t.Fatalf("%s logo: %s", name, r)
			}
			h.MustJSON("GET", "/api/v1/workspace", consultant, nil, 200, &ws)
			stored, err := h.Service.Logo(context.Background(), assessment.User{WorkspaceID: mustWorkspace(t, h, consultant)})
			if err != nil || !ws.Logo {
				t.Fatalf("%s logo not stored: %v %+v", name, err, ws)
			}
			if _, err := png.Decode(bytes.NewReader(stored)); err != nil {
				t.Errorf("%s logo is not stored as a PNG: %v", name, err)
			}
		}
		if r := h.Do("DELETE", "/api/v1/workspace/logo", consultant, nil); r.Status != 403 {
			t.Errorf("a consultant removed the logo: %s", r)
		}
		h.MustJSON("DELETE", "/api/v1/workspace/logo", admin, nil, 204, nil)
		h.MustJSON("GET", "/api/v1/workspace", admin, nil, 200, &ws)
		if ws.Logo {
			t.Error("the logo is still there after DELETE")
		}
	})
}

func mustWorkspace(t *testing.T, h *webtest.Harness, token string) string {
	t.Helper()
	u, err := h.Service.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return u.WorkspaceID
}
