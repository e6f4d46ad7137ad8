package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/readiness/readiness/assessment"
)

// form is what a page needs to show a form again: what was typed, and the
// error beside the field at fault (or Message for one that names none).
type form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
	c       echo.Context // to word the domain's errors in the page's language
}

// Get is the value typed into a field.
func (f form) Get(name string) string { return f.Values[name] }

// Err is the error to show beside a field.
func (f form) Err(name string) string { return f.Errors[name] }

// readForm keeps the named fields of the posted form.
func readForm(c echo.Context, names ...string) form {
	f := form{Values: map[string]string{}, Errors: map[string]string{}, c: c}
	for _, n := range names {
		f.Values[n] = c.FormValue(n)
	}
	return f
}

// fail records err on f when it is a user's mistake (Invalid, or Conflict
// such as a closed assessment), and reports whether it did; anything else
// is for the error handler. fields maps a domain field to the form's name.
func (f *form) fail(err error, fields map[string]string) bool {
	var de *assessment.Error
	if !errors.As(err, &de) || (de.Kind != assessment.Invalid && de.Kind != assessment.Conflict) {
		return false
	}
	name := de.Field
	if n, ok := fields[name]; ok {
		name = n
	}
	if _, known := f.Values[name]; known && name != "" {
		f.Errors[name] = errorText(f.c, de)
		return true
	}
	f.Message = errorText(f.c, de)
	return true
}

// fieldSentence words a field's error for a person: "is required" becomes
// "Name is required."; a message that stands alone is kept as it is.
func fieldSentence(field, msg string) string {
	for _, verb := range []string{"is ", "must ", "may ", "cannot ", "can "} {
		if strings.HasPrefix(msg, verb) {
			return sentence(strings.ReplaceAll(field, "_", " ") + " " + msg)
		}
	}
	return sentence(msg)
}

// sentence starts a message with a capital and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// fieldView is one labelled input of a form, as the "field" template draws it.
type fieldView struct {
	ID, Name, Label, Value, Error, Type string
	Optional                            bool
	Max                                 int
}

// field builds a required text input of f named name.
func field(id, name, label string, f form) fieldView {
	return fieldView{ID: id, Name: name, Label: label, Value: f.Get(name), Error: f.Err(name), Type: "text", Max: 200}
}

// optionalField is field for an input that may stay empty.
func optionalField(id, name, label string, f form) fieldView {
	v := field(id, name, label, f)
	v.Optional = true
	return v
}

// seeOther is the redirect after a successful POST (post/redirect/get).
func seeOther(c echo.Context, format string, args ...any) error {
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf(format, args...))
}

// qrCode is a QR code as an SVG path: Size modules square, dark modules in D.
type qrCode struct {
	Size int
	D    string
}

// newQRCode draws text as a QR code with a quiet zone, at medium error
// correction (a phone reads it off a projector or a printed page).
func newQRCode(text string) (qrCode, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return qrCode{}, fmt.Errorf("QR code: %w", err)
	}
	bits := q.Bitmap()
	var b strings.Builder
	for y, row := range bits {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run - 1
		}
	}
	return qrCode{Size: len(bits), D: b.String()}, nil
}
