package ui

import (
	"slices"
	"strings"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// perspectiveField is what the "perspective-select" partial draws: an
// optional select of the four perspectives, with the value chosen or typed
// and its error.
type perspectiveField struct {
	ID, Value, Error string
	Options          []perspectiveOption
}

type perspectiveOption struct {
	Value, Label string
	Selected     bool
}

// perspectiveSelect builds the select of id for value (as posted) and err.
func perspectiveSelect(pr *locale.Printer, id, value, err string) perspectiveField {
	f := perspectiveField{ID: id, Value: value, Error: err,
		Options: []perspectiveOption{{Value: "", Label: pr.T("perspective.none"), Selected: value == ""}}}
	for _, p := range assessment.Perspectives {
		f.Options = append(f.Options, perspectiveOption{Value: p, Label: perspectiveLabel(pr, p), Selected: value == p})
	}
	return f
}

// perspectiveLabel words a perspective for a person: "operations" →
// "Operations" ("Betrieb" in German).
func perspectiveLabel(pr *locale.Printer, p string) string {
	if p == "" {
		return ""
	}
	if key := "perspective." + p; pr.T(key) != key {
		return pr.T(key)
	}
	return strings.ToUpper(p[:1]) + p[1:]
}

// validPerspective reports whether a form's perspective is "" (none) or one
// of the four.
func validPerspective(p string) bool {
	return p == "" || slices.Contains(assessment.Perspectives, p)
}
