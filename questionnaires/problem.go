// Package questionnaires loads readiness models from YAML: the ones built into
// the binary and any a consultancy writes itself. Every file is treated as
// hostile input: it is size-capped, never expands aliases, and every problem is
// reported with the line at fault so that an author can fix a file in one pass.
// FORMAT.md in this directory documents the format.
package questionnaires

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a questionnaire file.
type Problem struct {
	File    string
	Line    int // 1-based; 0 when no line can be named (the file could not be read)
	Message string
}

// String formats p as the lint command prints it: "FILE:LINE: message".
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
}

// Problems is every problem found while loading, as one error.
type Problems []Problem

// Error lists one problem per line, so that a failed start-up shows them all.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
