package ui

import (
	"regexp"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// The domain words its rules in English (the API's errors stay English).
// A page in another language shows the field errors people make most in
// its own words, matched here by the domain's message; anything else keeps
// the English sentence rather than guess.

const ctxHandler = "ui.handler" // the page handler, for readForm to find the printer

// fieldErrors match a domain message to its catalogue key; the pattern's
// first group, if any, is the {{.N}} of the text.
var fieldErrors = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^is required$`), "form.required"},
	{regexp.MustCompile(`^must be at most (\d+) characters$`), "form.at_most"},
	{regexp.MustCompile(`^must be at least (\d+) characters$`), "form.at_least"},
	{regexp.MustCompile(`^must be at most 72 bytes$`), "form.password_bytes"},
	{regexp.MustCompile(`^must be valid UTF-8$`), "form.utf8"},
	{regexp.MustCompile(`^must be an email address such as name@example.com$`), "form.email"},
	{regexp.MustCompile(`^must be consultant or admin$`), "form.role"},
	{regexp.MustCompile(`^is not your current password$`), "form.current_password"},
	{regexp.MustCompile(`^must be between 1 and (\d+)$`), "form.days"},
	{regexp.MustCompile(`^must be a colour such as #1f6feb$`), "form.colour"},
}

// formPrinter is the printer of the form's page, nil when the page is in
// English (the domain's own words are kept) or unknown.
func formPrinter(c echo.Context) *locale.Printer {
	if c == nil {
		return nil
	}
	s, ok := c.Get(ctxHandler).(*handler)
	if !ok {
		return nil
	}
	if s.language(c) == locale.Default {
		return nil
	}
	return s.printer(c)
}

// localFieldError is de's message in p's language, if the catalogue has it.
func localFieldError(p *locale.Printer, de *assessment.Error) (string, bool) {
	if p == nil {
		return "", false
	}
	for _, fe := range fieldErrors {
		if m := fe.re.FindStringSubmatch(de.Message); m != nil {
			n := ""
			if len(m) > 1 {
				n = m[1]
			}
			return p.T(fe.key, "N", n), true
		}
	}
	return "", false
}
