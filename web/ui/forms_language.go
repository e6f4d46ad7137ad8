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

// fieldErrors match a domain message to its catalogue key. A named group
// of the pattern fills the text's placeholder of that name; an unnamed
// first group is its {{.N}}.
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
	// Starting and fitting an assessment.
	{regexp.MustCompile(`^must be workshop or self-service$`), "fit.err_mode"},
	{regexp.MustCompile(`^must name at least one capability$`), "fit.err_scope_empty"},
	{regexp.MustCompile(`^no capability "(?P<Capability>.*)" in (?:questionnaire )?(?P<Model>\S+)$`), "fit.err_unknown_capability"},
	{regexp.MustCompile(`^the target of (?P<Capability>\S+) must be between 0 and 100, not (?P<Target>-?\d+)$`), "fit.err_target_range"},
	{regexp.MustCompile(`^must be full or core, not "(?P<Form>.*)"$`), "fit.err_form"},
	{regexp.MustCompile(`^(?:questionnaire )?(?P<Model>\S+) marks no question core(?:, so it has no core form|; use the full form)$`), "fit.err_no_core"},
	{regexp.MustCompile(`^capability (?P<Capability>\S+) has no core question; leave it out of the scope or ask the full form$`), "fit.err_capability_no_core"},
	{regexp.MustCompile(`^must be a language code such as en or de, not "(?P<Lang>.*)"$`), "fit.err_language_code"},
	{regexp.MustCompile(`^questionnaire (?P<Model>\S+) is not available in "(?P<Lang>.*)"; it has (?P<Languages>.*)$`), "fit.err_language"},
	{regexp.MustCompile(`^no questionnaire "(?P<Slug>.*)" version (?P<Version>\S+)$`), "fit.err_no_version"},
	{regexp.MustCompile(`^no questionnaire "(?P<Slug>.*)"$`), "fit.err_no_questionnaire"},
	{regexp.MustCompile(`^must be one of operations, development, data or management, not "(?:.*)"$`), "join.err_perspective"},
	{regexp.MustCompile(`^the assessment is full: it takes at most (?P<Max>\d+) participants$`), "assessment.err_full"},
	{regexp.MustCompile(`^the assessment is closed$`), "assessment.err_closed"},
	// Models of the workspace's own.
	{regexp.MustCompile(`^"(?P<Slug>.*)" is the slug of a built-in questionnaire; choose another$`), "models.err_builtin_slug"},
	{regexp.MustCompile(`^questionnaire "(?P<Slug>.*)" version (?P<Version>\S+) exists already; raise the version$`), "models.err_exists"},
	{regexp.MustCompile(`^questionnaire "(?P<Slug>.*)" version (?P<Version>\S+) is in use by an assessment; delete the assessment first$`), "models.err_in_use"},
	{regexp.MustCompile(`^"(?P<Slug>.*)" is a built-in questionnaire; it cannot be deleted$`), "models.err_builtin_delete"},
	{regexp.MustCompile(`^is required: name the version to delete$`), "models.err_no_version"},
	{regexp.MustCompile(`^the file is empty$`), "models.problem_empty"},
	{regexp.MustCompile(`^the file must be UTF-8 text$`), "models.problem_utf8"},
	{regexp.MustCompile(`^the file is (?P<Size>\d+) bytes; at most \d+ \((?P<Max>\d+) MiB\) are accepted$`), "models.problem_size"},
	// The workspace's settings.
	{regexp.MustCompile(`^another workspace has this name$`), "settings_errors.name_taken"},
	{regexp.MustCompile(`^a logo must be a PNG or JPEG image$`), "settings_errors.logo_type"},
	{regexp.MustCompile(`^a logo must be at most (?P<KiB>\d+) KiB$`), "settings_errors.logo_size"},
	{regexp.MustCompile(`^is not a (?P<Format>\S+) image that can be read$`), "settings_errors.logo_unreadable"},
	{regexp.MustCompile(`^must be at most (?P<Side>\d+) × \d+ pixels$`), "settings_errors.logo_pixels"},
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
	return localMessage(p, de.Message)
}

// localMessage is a message of the domain in p's language, if the
// catalogue has it; p nil (an English page) keeps the domain's words.
func localMessage(p *locale.Printer, msg string) (string, bool) {
	if p == nil {
		return "", false
	}
	for _, fe := range fieldErrors {
		m := fe.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		var pairs []any
		for i, name := range fe.re.SubexpNames() {
			switch {
			case i == 0:
			case name != "":
				pairs = append(pairs, name, m[i])
			case i == 1:
				pairs = append(pairs, "N", m[i])
			}
		}
		if len(pairs) == 0 {
			pairs = []any{"N", ""}
		}
		return p.T(fe.key, pairs...), true
	}
	return "", false
}

// errorText words a domain error for a page: in the page's language where
// the catalogue has it, else the domain's sentence ("Version is required.").
func errorText(c echo.Context, de *assessment.Error) string {
	if msg, ok := localFieldError(formPrinter(c), de); ok {
		return msg
	}
	return fieldSentence(de.Field, de.Message)
}
