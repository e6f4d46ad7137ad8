package ui_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/web/webtest"
)

// signInAdmin adds an admin to a new workspace and signs a visitor in.
func signInAdmin(t *testing.T, h *webtest.Harness, workspace string) (*webtest.Visitor, string) {
	t.Helper()
	email := "admin@" + strings.ToLower(workspace) + ".example"
	if _, err := h.Service.AddUser(context.Background(), assessment.NewUser{Workspace: workspace, Email: email,
		Name: "Admin " + workspace, Role: assessment.RoleAdmin, Password: webtest.Password}); err != nil {
		t.Fatal(err)
	}
	v := h.Visitor()
	v.Get("/login")
	webtest.WantRedirect(t, "admin signs in", v.Post("/login", url.Values{"email": {email}, "password": {webtest.Password}}), "/")
	var tok struct{ Token string }
	h.MustJSON("POST", "/api/v1/auth/token", "", map[string]string{"email": email, "password": webtest.Password}, 201, &tok)
	return v, tok.Token
}

// logoFile is a w × h picture encoded as format ("png" or "jpeg"); noisy
// pictures compress badly, to make large files.
func logoFile(t testing.TB, format string, w, h int, noisy bool) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(3, 4))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(30 + x*180/w), 90, uint8(200 - y*100/h), 255}
			if noisy {
				c = color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// upload posts a file as the logo form does, with the page's CSRF token.
func upload(t *testing.T, h *webtest.Harness, v *webtest.Visitor, name, contentType string, body []byte) webtest.Response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if err := mw.WriteField("_csrf", v.CSRF); err != nil {
		t.Fatal(err)
	}
	hdr := textproto.MIMEHeader{}
	hdr.Set("Content-Disposition", `form-data; name="logo"; filename="`+name+`"`)
	hdr.Set("Content-Type", contentType)
	part, err := mw.CreatePart(hdr)
	if err != nil {
		t.Fatal(err)
	}
	part.Write(body)
	mw.Close()
	req, err := http.NewRequest("POST", h.Server.URL+"/settings/logo", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return v.Send(req)
}

func TestSettingsPage(t *testing.T) {
	h := webtest.New(t, storetest.New(t))
	admin, adminTok := signInAdmin(t, h, "Heron")
	webtest.WantPage(t, "settings", admin.Get("/settings"), 200, `name="name" type="text" value="Heron"`, `type="color"`, `enctype="multipart/form-data"`,
		`accept="image/png,image/jpeg"`, "No logo yet", `<a href="/settings">Settings</a>`)

	// Name and colour: errors come back in the form; a good one shows in the header.
	webtest.WantPage(t, "a bad colour", admin.Post("/settings", url.Values{"name": {"Heron Advisory"}, "accent": {"teal"}, "accent_was": {""}, "accent_picker": {"#6b3fa0"}}), 422,
		"Accent must be a colour such as #1f6feb.", `value="teal"`, `aria-invalid="true"`)
	webtest.WantPage(t, "no name", admin.Post("/settings", url.Values{"name": {" "}, "accent": {""}, "accent_was": {""}, "accent_picker": {"#6b3fa0"}}), 422, "Name")
	webtest.WantRedirect(t, "save", admin.Post("/settings", url.Values{"name": {"Heron Advisory"}, "accent": {""}, "accent_was": {""}, "accent_picker": {"#FFD60A"}}), "/settings?saved=settings")
	r := admin.Get("/settings?saved=settings")
	webtest.WantPage(t, "after saving", r, 200, "Name and colour saved.", `<link rel="stylesheet" href="/brand/ffd60a.css">`, `<header class="bar branded">`,
		`<span class="brand-name">Heron Advisory</span>`, `value="#ffd60a"`)
	css := admin.Get("/brand/ffd60a.css")
	if css.Status != 200 || !strings.Contains(string(css.Body), "background: #ffd60a; color: #000000;") || !strings.HasPrefix(css.Header.Get("Content-Type"), "text/css") {
		t.Errorf("the brand stylesheet of a light accent: %s", css)
	}
	if css := h.Visitor().Get("/brand/1f3a5f.css"); css.Status != 200 || !strings.Contains(string(css.Body), "color: #ffffff;") {
		t.Errorf("the brand stylesheet of a dark accent: %s", css)
	}
	for _, bad := range []string{"/brand/zzzzzz.css", "/brand/FFD60A.css", "/brand/ffd60a.js", "/brand/ffd60a0.css"} {
		if r := h.Visitor().Get(bad); r.Status != 404 {
			t.Errorf("%s: %d", bad, r.Status)
		}
	}
	// Typing a code wins over the picker; emptying it goes back to the default.
	admin.Get("/settings")
	webtest.WantRedirect(t, "typed", admin.Post("/settings", url.Values{"name": {"Heron Advisory"}, "accent": {"#0F766E"}, "accent_was": {"#ffd60a"}, "accent_picker": {"#ffd60a"}}), "/settings?saved=settings")
	var ws struct{ Name, Accent string }
	h.MustJSON("GET", "/api/v1/workspace", adminTok, nil, 200, &ws)
	if ws.Name != "Heron Advisory" || ws.Accent != "#0f766e" {
		t.Errorf("after typing a code: %+v", ws)
	}

	// Logos: PNG and JPEG taken; SVG, a text file named .png and 2 MiB refused in the form.
	admin.Get("/settings")
	for _, tt := range []struct {
		name, file, contentType string
		body                    []byte
		status                  int
		message                 string
	}{
		{"an SVG", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 415, "The logo must be a PNG or JPEG image."},
		{"a text file named .png", "logo.png", "image/png", []byte("this is not a picture\n"), 422, "The logo is not a PNG image that can be read."},
		{"a JPEG named .png", "logo.png", "image/png", logoFile(t, "jpeg", 40, 20, false), 422, "The logo is not a PNG image that can be read."},
		{"over 512 KiB", "big.png", "image/png", logoFile(t, "png", 430, 430, true), 413, "The logo must be at most 512 KiB."},
	} {
		r := upload(t, h, admin, tt.file, tt.contentType, tt.body)
		webtest.WantPage(t, tt.name, r, tt.status, tt.message, `id="ws-logo"`, `aria-describedby="logo-error"`)
	}
	if r := upload(t, h, admin, "huge.png", "image/png", logoFile(t, "png", 820, 820, true)); r.Status != 413 || !strings.Contains(string(r.Body), "at most 512 KiB") {
		t.Errorf("a 2 MiB image: %d", r.Status)
	}
	if r := upload(t, h, admin, "", "application/octet-stream", nil); r.Status != 422 {
		t.Errorf("no file: %d", r.Status)
	}
	h.MustJSON("GET", "/api/v1/workspace", adminTok, nil, 200, &ws)

	for _, tt := range []struct{ file, contentType, format string }{{"logo.png", "image/png", "png"}, {"logo.jpg", "image/jpeg", "jpeg"}} {
		webtest.WantRedirect(t, tt.format+" logo", upload(t, h, admin, tt.file, tt.contentType, logoFile(t, tt.format, 320, 100, false)), "/settings?saved=logo")
		r := admin.Get("/settings?saved=logo")
		webtest.WantPage(t, "with a "+tt.format+" logo", r, 200, "Logo saved.", `<img class="brand-logo" src="/workspace/logo.png" alt="">`,
			`<img src="/workspace/logo.png" alt="Your current logo">`, "Remove the logo")
		logo := admin.Get("/workspace/logo.png")
		if logo.Status != 200 || logo.Header.Get("Content-Type") != "image/png" || logo.Header.Get("ETag") == "" {
			t.Fatalf("the logo: %d %s", logo.Status, logo.Header)
		}
		if _, err := png.Decode(bytes.NewReader(logo.Body)); err != nil {
			t.Errorf("the %s logo is not served as a PNG: %v", tt.format, err)
		}
		if r := h.Visitor().Get("/workspace/logo.png"); r.Status != http.StatusSeeOther {
			t.Errorf("the logo without sign-in: %d", r.Status)
		}
		// The consultant's PDF carries it on the cover.
		pdf := admin.Get("/assessments/" + mustAssessment(t, h, adminTok) + "/report.pdf")
		if pdf.Status != 200 {
			t.Fatalf("the PDF: %d", pdf.Status)
		}
		if imgs := pdfImages(t, pdf.Body, 1); len(imgs) == 0 {
			t.Errorf("no logo on the PDF cover from a %s upload", tt.format)
		}
		if text := pdfText(t, pdf.Body); !strings.Contains(text, "Prepared by Heron Advisory") {
			t.Errorf("the PDF does not name the workspace as its author")
		}
	}
	admin.Get("/settings")
	webtest.WantRedirect(t, "remove the logo", admin.Post("/settings/logo/delete", nil), "/settings?saved=removed")
	webtest.WantPage(t, "after removing", admin.Get("/settings?saved=removed"), 200, "Logo removed.", "No logo yet")

	// A consultant of the workspace sees the page but changes nothing.
	consultant, _ := h.SignIn("Heron") // heron@example.com, a consultant of the same workspace
	r = consultant.Get("/settings")
	webtest.WantPage(t, "a consultant's settings", r, 200, "Only an administrator", `<fieldset class="plain" disabled>`)
	if strings.Contains(string(r.Body), `href="/settings"`) {
		t.Error("the consultant's header links to Settings")
	}
	if r := consultant.Post("/settings", url.Values{"name": {"Taken over"}, "accent": {""}}); r.Status != 403 {
		t.Errorf("a consultant saved settings: %d", r.Status)
	}
	if r := upload(t, h, consultant, "logo.png", "image/png", logoFile(t, "png", 20, 20, false)); r.Status != 403 {
		t.Errorf("a consultant uploaded a logo: %d", r.Status)
	}
	if r := consultant.Post("/settings/logo/delete", nil); r.Status != 403 {
		t.Errorf("a consultant removed the logo: %d", r.Status)
	}
	h.MustJSON("GET", "/api/v1/workspace", adminTok, nil, 200, &ws)
	if ws.Name != "Heron Advisory" {
		t.Errorf("refused changes renamed the workspace: %+v", ws)
	}
}

// mustAssessment makes an assessment in the token's workspace.
func mustAssessment(t *testing.T, h *webtest.Harness, tok string) string {
	t.Helper()
	_, id, _ := h.Setup(tok, "workshop", 0)
	return id
}

// pdfImages lists the images pdfimages finds on a page of a PDF.
func pdfImages(t *testing.T, pdf []byte, page int) []string {
	t.Helper()
	p, err := exec.LookPath("pdfimages")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdfimages is required under CI")
		}
		t.Skip("pdfimages not installed")
	}
	path := filepath.Join(t.TempDir(), "images.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(p, "-list", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[2:]
}
