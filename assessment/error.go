package assessment

import (
	"errors"
	"fmt"
)

// Kind says what went wrong in terms a caller can act on; only web/ knows statuses.
type Kind string

// The kinds of failure the domain reports. Anything else is internal.
const (
	Invalid      Kind = "invalid"      // well-formed input that breaks a rule
	NotFound     Kind = "not_found"    // absent, or in another workspace
	Conflict     Kind = "conflict"     // clashes with current state
	Unauthorized Kind = "unauthorized" // missing or wrong credentials
	Forbidden    Kind = "forbidden"    // signed in, but the role may not do this
	Internal     Kind = "internal"     // a bug or an unavailable dependency

	// An upload of a type the resource does not take (a logo that is not
	// PNG or JPEG), and one over its size limit.
	UnsupportedMediaType Kind = "unsupported_media_type"
	TooLarge             Kind = "too_large"
)

// Error may be shown to a user; Field names the input at fault, if one is.
type Error struct {
	Kind    Kind
	Field   string
	Message string
	// Problems lists, line by line, what is wrong with an uploaded file
	// (a questionnaire or a translation), so that all can be fixed at once.
	Problems []Problem
}

// Problem is one thing wrong with an uploaded file, at its 1-based line
// (0 when no line can be named).
type Problem struct {
	Line    int
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf builds an *Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// FieldError builds an Invalid error naming the input field at fault.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindOf reports the kind of err: "" for nil, Internal for anything that is not an *Error.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}
