package assessment

import (
	"math"
	"time"
	"unicode/utf8"
)

// Limits on free text so one participant cannot bloat an assessment.
const (
	MaxTextLen    = 10000 // characters in a text answer
	MaxCommentLen = 2000  // characters in a comment on any answer
)

// Answer is one respondent's answer to one question. Exactly one of Option,
// Options, Value or Text is meaningful, as the question's type says.
type Answer struct {
	RespondentID string
	QuestionID   string
	Option       string   // single, boolean
	Options      []string // multi; empty means "none of these"
	Value        *float64 // scale
	Text         string   // text
	Comment      string
	UpdatedAt    time.Time
}

// Check validates a against q: the right kind of answer, known options, a value
// in range. The error names the JSON field at fault.
func (a *Answer) Check(q *Question) error {
	if utf8.RuneCountInString(a.Comment) > MaxCommentLen {
		return FieldError("comment", "must be at most %d characters", MaxCommentLen)
	}
	switch q.Type {
	case Single, Boolean:
		if a.Options != nil || a.Value != nil || a.Text != "" {
			return FieldError("option", "question %s takes one option: {\"option\": \"id\"}", q.ID)
		}
		if a.Option == "" {
			return FieldError("option", "is required for a %s question", q.Type)
		}
		if q.Option(a.Option) == nil {
			return FieldError("option", "%q is not an option of question %s", a.Option, q.ID)
		}
	case Multi:
		if a.Option != "" || a.Value != nil || a.Text != "" || a.Options == nil {
			return FieldError("options", "question %s takes a list of options: {\"options\": [\"id\", ...]}", q.ID)
		}
		seen := make(map[string]bool, len(a.Options))
		for _, id := range a.Options {
			if q.Option(id) == nil {
				return FieldError("options", "%q is not an option of question %s", id, q.ID)
			}
			if seen[id] {
				return FieldError("options", "%q is given twice", id)
			}
			seen[id] = true
		}
	case Scale:
		if a.Option != "" || a.Options != nil || a.Text != "" || a.Value == nil {
			return FieldError("value", "question %s takes a number: {\"value\": n}", q.ID)
		}
		v := *a.Value
		if math.IsNaN(v) || math.IsInf(v, 0) || q.Min == nil || q.Max == nil || v < *q.Min || v > *q.Max {
			return FieldError("value", "must be between %g and %g", deref(q.Min), deref(q.Max))
		}
	case Text:
		if a.Option != "" || a.Options != nil || a.Value != nil {
			return FieldError("text", "question %s takes free text: {\"text\": \"...\"}", q.ID)
		}
		if utf8.RuneCountInString(a.Text) > MaxTextLen {
			return FieldError("text", "must be at most %d characters", MaxTextLen)
		}
		if !utf8.ValidString(a.Text) {
			return FieldError("text", "must be valid UTF-8")
		}
	default:
		return FieldError("question", "question %s has an unknown type %q", q.ID, q.Type)
	}
	return nil
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
