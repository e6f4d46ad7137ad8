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

// The targets a run is read against.
const (
	targetRatio = 0.5                   // saturation: server saves/s over baseline upserts/s
	targetP99   = 25 * time.Millisecond // paced, with no errors
	// The result of the saturated assessment: at most this many times the
	// raw scan of as many answers, and at most targetResult.
	targetResultRatio = 3.0
	targetResult      = 50 * time.Millisecond
)

// summary is the result of a run; --json prints it as is. A phase that was
// not run is absent.
type summary struct {
	URL                string       `json:"url"`
	Questionnaire      string       `json:"questionnaire"`
	Participants       int          `json:"participants"`
	AnswersPerPerson   int          `json:"answers_per_participant"`
	Errors             int          `json:"errors"` // over every phase: any fails the run
	Saturation         *saturation  `json:"saturation,omitempty"`
	Paced              *paced       `json:"paced,omitempty"`
	Workshop           *workshopRun `json:"workshop,omitempty"`
	FirstErrorMessages []string     `json:"first_errors,omitempty"`
}

// serverRun is what one phase got from the server.
type serverRun struct {
	Answers int   `json:"answers"` // PUTs sent, less those the cap cut short
	Errors  int   `json:"errors"`  // non-200 PUTs, transport errors, failed read-backs and missing answers
	Missing int   `json:"missing"` // acknowledged answers the server did not show back
	Server  phase `json:"server"`
}

// saturation is the closed loop without think time, beside the baseline.
type saturation struct {
	serverRun
	Baseline          *phase        `json:"baseline,omitempty"`
	BaselineDB        string        `json:"baseline_db,omitempty"` // the baseline's database and settings
	Ratio             float64       `json:"ratio,omitempty"`       // server saves/s over baseline upserts/s
	SQLiteSynchronous string        `json:"sqlite_synchronous"`
	StoppedByDuration bool          `json:"stopped_by_duration"`
	Result            *resultTiming `json:"result,omitempty"`
}

// resultTiming compares GET .../result of the saturated assessment with a
// raw scan of the baseline's answers, measured alternately in one run.
type resultTiming struct {
	Runs    int           `json:"runs"`
	Rows    int           `json:"raw_rows"` // answers the raw scan read
	Server  time.Duration `json:"server_median_ns"`
	RawScan time.Duration `json:"raw_scan_median_ns"`
	Ratio   float64       `json:"ratio"` // server over raw scan
}

// paced is the phase at a human pace.
type paced struct {
	serverRun
	Think            time.Duration `json:"think_ns"`
	Duration         time.Duration `json:"duration_ns"`
	Seed             uint64        `json:"seed"`
	OfferedPerSecond float64       `json:"offered_per_second"` // participants / think
	RanOut           int           `json:"ran_out_of_questions"`
}

// table renders s for people: one block per phase, its figures indented.
func (s *summary) table() string {
	out := fmt.Sprintf("participants %s  questionnaire %s  up to %s answers each\n",
		thousands(s.Participants), s.Questionnaire, thousands(s.AnswersPerPerson))
	if st := s.Saturation; st != nil {
		out += "saturation  closed loop, no think time\n"
		out += counts(st.serverRun)
		out += fmt.Sprintf("  server    %s saves/s    %s\n", rate(st.Server.PerSecond), latencies(st.Server))
		if st.Baseline != nil {
			out += fmt.Sprintf("  baseline  %s upserts/s  %s  (%s, %s errors)\n",
				rate(st.Baseline.PerSecond), latencies(*st.Baseline), st.BaselineDB, thousands(st.Baseline.Errors))
			out += fmt.Sprintf("  ratio     %.2f of the raw baseline  (target at least %.2f: %s)\n",
				st.Ratio, targetRatio, met(st.Ratio >= targetRatio))
		}
		if r := st.Result; r != nil {
			out += fmt.Sprintf("  result    median %s over %d runs; raw scan of %s answers %s; ratio %.2f\n",
				ms(r.Server), r.Runs, thousands(r.Rows), ms(r.RawScan), r.Ratio)
			out += fmt.Sprintf("            (target at most %.0f × the raw scan and %d ms: %s)\n", targetResultRatio,
				targetResult.Milliseconds(), met(r.Ratio <= targetResultRatio && r.Server <= targetResult))
		}
		if st.StoppedByDuration {
			out += "  stopped   by --duration before every answer was sent\n"
		}
	}
	if p := s.Paced; p != nil {
		out += fmt.Sprintf("paced       think %s ± 50%%, %s, fresh respondents, seed %d\n", p.Think, p.Duration, p.Seed)
		out += counts(p.serverRun)
		out += fmt.Sprintf("  offered   %s saves/s\n", rate(p.OfferedPerSecond))
		out += fmt.Sprintf("  server    %s saves/s    %s\n", rate(p.Server.PerSecond), latencies(p.Server))
		out += fmt.Sprintf("  target    p99 under %d ms with 0 errors: %s\n",
			targetP99.Milliseconds(), met(p.Errors == 0 && p.Server.Writes > 0 && p.Server.P99 < targetP99))
		if p.RanOut > 0 {
			out += fmt.Sprintf("  ran out   %s of %s participants answered every question; the phase took %s\n",
				thousands(p.RanOut), thousands(s.Participants), p.Server.Elapsed.Round(time.Millisecond))
		}
	}
	if w := s.Workshop; w != nil {
		out += w.table(s.Participants)
	}
	return out
}

// Targets of the workshop mode's answer→event p99.
const (
	targetEventOne   = 100 * time.Millisecond // one instance
	targetEventMany  = time.Second            // several instances on one PostgreSQL
	targetOverNotify = 100 * time.Millisecond // several: over the raw NOTIFY round trip's p99
)

func (w *workshopRun) table(participants int) string {
	out := fmt.Sprintf("workshop    think %s ± 50%%, %s, seed %d, %d listeners over %d URLs\n",
		w.Think, w.Duration, w.Seed, w.Listeners, len(w.URLs))
	out += fmt.Sprintf("  joined    %s by code in %s    %s\n", thousands(w.Join.Writes), w.Join.Elapsed.Round(time.Millisecond), latencies(w.Join))
	out += fmt.Sprintf("  answers %s  save errors %s  missing %s  stream errors %s  events missed %s\n",
		thousands(w.Answers), thousands(w.SaveErrors), thousands(w.Missing), thousands(w.StreamErrors), thousands(w.Events.Missed))
	out += fmt.Sprintf("  offered   %s saves/s\n", rate(w.OfferedPerSecond))
	out += fmt.Sprintf("  save      %s saves/s    %s\n", rate(w.Save.PerSecond), latencies(w.Save))
	ev := func(e eventLatency) string {
		return fmt.Sprintf("p50 %s  p99 %s  max %s  (after ack: p50 %s  p99 %s)  events %s  missed %s  over 1 s %s",
			ms(e.P50), ms(e.P99), ms(e.Max), ms(e.AckP50), ms(e.AckP99), thousands(e.Events), thousands(e.Missed), thousands(e.Late))
	}
	out += "  answer→event, from the PUT sent until the listener read the event\n"
	for i, e := range w.PerListener {
		out += fmt.Sprintf("  listener %d  %s  %s\n", i+1, e.URL, ev(e))
	}
	out += fmt.Sprintf("  all         %s\n", ev(w.Events))
	if len(w.URLs) > 1 {
		out += fmt.Sprintf("  across instances, an answer saved on one and read on another\n              %s\n", ev(w.CrossInstance))
	}
	ok := w.Events.Events > 0 && w.Events.Missed == 0 && w.SaveErrors == 0 && w.Missing == 0 && w.StreamErrors == 0
	var target string
	if len(w.URLs) == 1 {
		target = fmt.Sprintf("p99 at most %d ms on one instance with 0 errors: %s", targetEventOne.Milliseconds(),
			met(ok && w.Events.P99 <= targetEventOne))
	} else {
		target = fmt.Sprintf("p99 at most %s across instances with 0 errors: %s", targetEventMany, met(ok && w.Events.P99 <= targetEventMany))
	}
	if f := w.Focus; f != nil {
		out += f.table(len(w.URLs))
	}
	if n := w.Notify; n != nil {
		out += fmt.Sprintf("  raw NOTIFY  %s, %d connections, %d listening, %s/s for %s: %s sent  p50 %s  p99 %s  max %s  missed %s  errors %s\n",
			n.DB, n.Conns, n.Listeners, rate(n.Rate), n.Duration, thousands(n.Sent), ms(n.P50), ms(n.P99), ms(n.Max), thousands(n.Missed), thousands(n.Errors))
		target += fmt.Sprintf("; at most raw NOTIFY p99 + %d ms (%s): %s", targetOverNotify.Milliseconds(), ms(n.P99+targetOverNotify),
			met(ok && w.Events.P99 <= n.P99+targetOverNotify))
	}
	out += "  target    " + target + "\n"
	if w.RanOut > 0 {
		out += fmt.Sprintf("  ran out   %s of %s participants answered every question\n", thousands(w.RanOut), thousands(participants))
	}
	return out
}

func counts(r serverRun) string {
	return fmt.Sprintf("  answers %s  errors %s  missing %s\n", thousands(r.Answers), thousands(r.Errors), thousands(r.Missing))
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

// rate prints a rate per second with one decimal below 100, where the
// decimal still says something.
func rate(f float64) string {
	if f < 100 {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	return thousands(int(math.Round(f)))
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

func (f *focusRun) table(urls int) string {
	out := fmt.Sprintf("  phones    %s respondent streams  focus moved every %s: %s moves  move errors %s  stream errors %s\n",
		thousands(f.Phones), f.Every, thousands(f.Moves), thousands(f.MoveErrors), thousands(f.StreamErrors))
	out += fmt.Sprintf("  focus PUT %s\n", latencies(f.Put))
	ev := func(e focusLatency) string {
		return fmt.Sprintf("p50 %s  p99 %s  max %s  (after ack: p50 %s  p99 %s  max %s)  deliveries %s  missed %s  over 1 s %s",
			ms(e.P50), ms(e.P99), ms(e.Max), ms(e.AckP50), ms(e.AckP99), ms(e.AckMax), thousands(e.Deliveries),
			thousands(e.Missed), thousands(e.Late))
	}
	out += "  focus→phone, from the PUT sent until the phone read the focus event\n"
	out += fmt.Sprintf("  phones      %s\n", ev(f.Phone))
	if urls > 1 {
		out += fmt.Sprintf("  across instances, a move sent to one and read on another\n              %s\n", ev(f.CrossInstance))
	}
	if f.Repeated > 0 || f.Unexpected > 0 {
		out += fmt.Sprintf("  also      %s focus events seen twice, %s of no move\n", thousands(f.Repeated), thousands(f.Unexpected))
	}
	ok := f.Moves > 0 && f.MoveErrors == 0 && f.StreamErrors == 0 && f.Phone.Missed == 0
	out += fmt.Sprintf("  target    focus→phone p99 under %s with 0 errors: %s\n", eventTarget, met(ok && f.Phone.P99 < eventTarget))
	return out
}

// arrivals gathers, for each pair of a change and a listener, how long the
// change took to reach it: from the PUT sent and from its acknowledgement.
// A pair without an arrival, or with one after the deadline, is missed; the
// latency of a late one still counts.
type arrivals struct {
	deadline                     time.Duration
	count, missed, late, earlier int
	sent, afterAck               []time.Duration
}

func (a *arrivals) add(sent, ack, at time.Time) {
	if at.IsZero() {
		a.missed++
		return
	}
	d := at.Sub(sent)
	if d > a.deadline {
		a.missed++
	}
	if d > eventTarget {
		a.late++
	}
	a.count++
	a.sent = append(a.sent, d)
	da := at.Sub(ack)
	if da < 0 {
		a.earlier++
		da = 0
	}
	a.afterAck = append(a.afterAck, da)
}

// quantiles are p50, p99 and the maximum of the latencies from the PUT sent
// and from its acknowledgement.
func (a *arrivals) quantiles() (sent, afterAck [3]time.Duration) {
	slices.Sort(a.sent)
	slices.Sort(a.afterAck)
	for i, p := range []float64{50, 99, 100} {
		sent[i], afterAck[i] = percentile(a.sent, p), percentile(a.afterAck, p)
	}
	return sent, afterAck
}
