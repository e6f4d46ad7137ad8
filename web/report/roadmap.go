package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/readiness/readiness/assessment"
)

// roadmapHeader is the contract's header of roadmap.csv.
var roadmapHeader = []string{"position", "phase", "capability", "title", "stage", "score", "target", "requires", "reason"}

// RoadmapCSV writes the roadmap as a backlog an issue tracker can import:
// one row per item in order, RFC 4180 quoted (CRLF line ends), every text
// cell guarded against spreadsheet formulas. The score is the whole number
// the item's reason names.
func RoadmapCSV(w io.Writer, x *assessment.Export) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(roadmapHeader); err != nil {
		return err
	}
	for _, it := range x.Result.Roadmap {
		shown := min(int(math.Round(it.Score)), it.Target-1) // never shown as reaching the target it misses
		row := []string{
			strconv.Itoa(it.Position), string(it.Phase), safeCell(it.Capability), safeCell(it.Title), safeCell(it.Stage),
			strconv.Itoa(max(shown, 0)), strconv.Itoa(it.Target), safeCell(strings.Join(it.Requires, " ")), safeCell(it.Reason),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
