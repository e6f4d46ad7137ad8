package main

import (
	"fmt"
	"io"

	"github.com/readiness/readiness/questionnaires"
)

func runLint(files []string, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return usageError{"usage: readiness questionnaire lint FILE..."}
	}
	// Together, so that a translation finds its model among the files.
	ps := questionnaires.LintFiles(files)
	for _, p := range ps {
		fmt.Fprintln(stdout, p.String())
	}
	problems := len(ps)
	if problems > 0 {
		fmt.Fprintf(stderr, "%d problem(s) in %d file(s)\n", problems, len(files))
		return errReported
	}
	fmt.Fprintf(stderr, "%d file(s) ok\n", len(files))
	return nil
}
