package main

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted: the smallest value at or below which p per cent of them fall.
// It returns 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// phase is what one side of the run (the server or the baseline) achieved.
type phase struct {
	Writes    int           `json:"writes"` // acknowledged saves or committed upserts
	Errors    int           `json:"errors"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	PerSecond float64       `json:"per_second"`
	P50       time.Duration `json:"p50_ns"`
	P99       time.Duration `json:"p99_ns"`
	Max       time.Duration `json:"max_ns"`
}

// newPhase summarises the latencies of the acknowledged writes of one side.
func newPhase(lat []time.Duration, errors int, elapsed time.Duration) phase {
	slices.Sort(lat)
	p := phase{Writes: len(lat), Errors: errors, Elapsed: elapsed,
		P50: percentile(lat, 50), P99: percentile(lat, 99), Max: percentile(lat, 100)}
	if elapsed > 0 {
		p.PerSecond = float64(len(lat)) / elapsed.Seconds()
	}
	return p
}

// summary is the result of a run; --json prints it as is.
type summary struct {
	URL                string   `json:"url"`
	Questionnaire      string   `json:"questionnaire"`
	Participants       int      `json:"participants"`
	AnswersPerPerson   int      `json:"answers_per_participant"`
	Answers            int      `json:"answers"` // PUTs sent
	Errors             int      `json:"errors"`  // non-200 PUTs, transport errors and missing answers
	Missing            int      `json:"missing"` // acknowledged answers the server did not show back
	Server             phase    `json:"server"`
	Baseline           *phase   `json:"baseline,omitempty"`
	Ratio              float64  `json:"ratio,omitempty"` // server saves/s over baseline upserts/s
	SQLiteSynchronous  string   `json:"sqlite_synchronous"`
	StoppedByDuration  bool     `json:"stopped_by_duration"`
	FirstErrorMessages []string `json:"first_errors,omitempty"`
}

// table renders s for people, in the layout the README shows.
func (s *summary) table() string {
	out := fmt.Sprintf("participants %s  answers %s  errors %s  missing %s\n",
		thousands(s.Participants), thousands(s.Answers), thousands(s.Errors), thousands(s.Missing))
	out += fmt.Sprintf("server    %s saves/s    %s\n", thousands(int(math.Round(s.Server.PerSecond))), latencies(s.Server))
	if s.Baseline != nil {
		out += fmt.Sprintf("baseline  %s upserts/s  %s  (synchronous=%s, %s errors)\n",
			thousands(int(math.Round(s.Baseline.PerSecond))), latencies(*s.Baseline), s.SQLiteSynchronous, thousands(s.Baseline.Errors))
		out += fmt.Sprintf("ratio     %.2f of the raw baseline\n", s.Ratio)
	}
	if s.StoppedByDuration {
		out += "stopped   by --duration before every answer was sent\n"
	}
	return out
}

func latencies(p phase) string {
	return fmt.Sprintf("p50 %s  p99 %s  max %s", ms(p.P50), ms(p.P99), ms(p.Max))
}

// ms prints a latency in milliseconds with one decimal below 100 ms.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	if f < 100 {
		return strconv.FormatFloat(f, 'f', 1, 64) + " ms"
	}
	return thousands(int(math.Round(f))) + " ms"
}

// thousands writes n with comma separators: 6800 becomes "6,800".
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
