package main

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestThinkTimeWithinBounds(t *testing.T) {
	for _, tt := range []struct {
		name   string
		think  time.Duration
		lo, hi time.Duration
	}{
		{"default 2s", 2 * time.Second, time.Second, 3 * time.Second},
		{"odd nanoseconds", 3, 2, 4},
		{"one nanosecond", 1, 1, 1},
		{"ten minutes", maxThink, 5 * time.Minute, 15 * time.Minute},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			lowest, highest := tt.hi, tt.lo
			for range 10000 {
				d := thinkTime(r, tt.think)
				if d < tt.lo || d > tt.hi {
					t.Fatalf("thinkTime(%v) = %v, want within [%v, %v]", tt.think, d, tt.lo, tt.hi)
				}
				lowest, highest = min(lowest, d), max(highest, d)
			}
			// Uniform over the whole range: 10,000 draws reach within 1 % of both ends.
			if slack := (tt.hi - tt.lo) / 100; lowest > tt.lo+slack || highest < tt.hi-slack {
				t.Errorf("draws span [%v, %v], want close to [%v, %v]", lowest, highest, tt.lo, tt.hi)
			}
		})
	}
}

func TestFirstOffsetWithinOneThinkTime(t *testing.T) {
	for _, think := range []time.Duration{1, 2, time.Millisecond, 2 * time.Second} {
		r := rand.New(rand.NewPCG(3, 4))
		var highest time.Duration
		for range 10000 {
			d := firstOffset(r, think)
			if d < 0 || d >= think {
				t.Fatalf("firstOffset(%v) = %v, want within [0, %v)", think, d, think)
			}
			highest = max(highest, d)
		}
		if highest < think-think/100-1 {
			t.Errorf("firstOffset(%v) never went past %v: the start would bunch up", think, highest)
		}
	}
}

func TestPaceDelay(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for j := range 3 {
		if d := (pace{}).delay(r, j); d != 0 {
			t.Errorf("saturation delay before answer %d = %v, want 0", j, d)
		}
	}
	p := pace{think: 2 * time.Second, seed: 7}
	r = p.rand(0)
	if d := p.delay(r, 0); d < 0 || d >= p.think {
		t.Errorf("first delay %v, want within one think time", d)
	}
	for j := 1; j < 100; j++ {
		if d := p.delay(r, j); d < time.Second || d > 3*time.Second {
			t.Errorf("delay before answer %d = %v, want within think ± 50 %%", j, d)
		}
	}
}

// TestPaceRepeatable pins what makes two runs comparable: a participant's
// draws depend on the seed and its own number alone.
func TestPaceRepeatable(t *testing.T) {
	draws := func(p pace, i int) []time.Duration {
		r := p.rand(i)
		out := make([]time.Duration, 20)
		for j := range out {
			out[j] = p.delay(r, j)
		}
		return out
	}
	equal := slices.Equal[[]time.Duration]
	p := pace{think: time.Second, seed: 1}
	if !equal(draws(p, 3), draws(p, 3)) {
		t.Error("same seed and participant drew differently")
	}
	if equal(draws(p, 3), draws(p, 4)) {
		t.Error("two participants drew the same think times")
	}
	if equal(draws(p, 3), draws(pace{think: time.Second, seed: 2}, 3)) {
		t.Error("another seed drew the same think times")
	}
}

// TestWaitRefusesWithoutSleeping covers the cases that must return at once.
func TestWaitRefusesWithoutSleeping(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	now := time.Now()
	for _, tt := range []struct {
		name string
		ctx  context.Context
		d    time.Duration
		stop time.Time
		want bool
	}{
		{"no wait, no stop", context.Background(), 0, time.Time{}, true},
		{"no wait, stop ahead", context.Background(), 0, now.Add(time.Hour), true},
		{"no wait, cancelled", cancelled, 0, time.Time{}, false},
		{"stop passed", context.Background(), 0, now.Add(-time.Second), false},
		{"sleep would reach stop", context.Background(), time.Hour, now.Add(time.Minute), false},
		{"cancelled during a long sleep", cancelled, time.Hour, time.Time{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := wait(tt.ctx, tt.d, tt.stop); got != tt.want {
				t.Errorf("wait(%v, stop %v) = %v, want %v", tt.d, tt.stop.Sub(now), got, tt.want)
			}
		})
	}
}

func TestParsePhases(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want phases
		ok   bool
	}{
		{"saturation,paced", phases{Saturation: true, Paced: true}, true},
		{"paced,saturation", phases{Saturation: true, Paced: true}, true},
		{"saturation", phases{Saturation: true}, true},
		{"paced", phases{Paced: true}, true},
		{" Paced , SATURATION ", phases{Saturation: true, Paced: true}, true},
		{"paced,paced", phases{Paced: true}, true},
		{"", phases{}, false},
		{"paced,", phases{}, false},
		{"baseline", phases{}, false},
		{"saturation;paced", phases{}, false},
	} {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parsePhases(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parsePhases(%q) = %+v, %v; want %+v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func testSummary() *summary {
	return &summary{URL: "http://127.0.0.1:18095", Questionnaire: "dcos-readiness@1.0.0", Participants: 500,
		AnswersPerPerson: 71, Errors: 2,
		Saturation: &saturation{
			serverRun: serverRun{Answers: 35500, Server: phase{Writes: 35500, Elapsed: 56900 * time.Millisecond,
				PerSecond: 623.9, P50: 475 * time.Millisecond, P99: 3707 * time.Millisecond, Max: 8712 * time.Millisecond}},
			Baseline: &phase{Writes: 35500, PerSecond: 1071.2, P50: 276 * time.Millisecond, P99: 2099 * time.Millisecond,
				Max: 4781 * time.Millisecond},
			Ratio: 0.5825, SQLiteSynchronous: "FULL", BaselineDB: "sqlite, synchronous=FULL",
			Result: &resultTiming{Runs: 5, Rows: 35500, Server: 48 * time.Millisecond, RawScan: 17 * time.Millisecond,
				Ratio: 48.0 / 17},
		},
		Paced: &paced{
			serverRun: serverRun{Answers: 7412, Errors: 2, Missing: 1, Server: phase{Writes: 7410, Errors: 1,
				Elapsed: 30 * time.Second, PerSecond: 247.0, P50: 3100 * time.Microsecond, P99: 12 * time.Millisecond,
				Max: 41 * time.Millisecond}},
			Think: 2 * time.Second, Duration: 30 * time.Second, Seed: 1, OfferedPerSecond: 250,
		},
	}
}

func TestSummaryTable(t *testing.T) {
	both := testSummary()
	slow := testSummary()
	slow.Saturation = nil
	slow.Errors, slow.Paced.Errors, slow.Paced.Missing = 0, 0, 0
	slow.Paced.Server.P99 = 25 * time.Millisecond
	short := testSummary()
	short.Paced, short.Errors = nil, 0
	short.Participants, short.Saturation.Baseline, short.Saturation.Ratio, short.Saturation.StoppedByDuration = 3, nil, 0, true
	short.Saturation.Result = nil // timed only beside a baseline
	ranOut := testSummary()
	ranOut.Saturation, ranOut.Errors, ranOut.Participants, ranOut.AnswersPerPerson = nil, 0, 3, 2
	ranOut.Paced = &paced{serverRun: serverRun{Answers: 6, Server: phase{Writes: 6, Elapsed: 195 * time.Millisecond,
		PerSecond: 30.77, P50: 2500 * time.Microsecond, P99: 4700 * time.Microsecond, Max: 4700 * time.Microsecond}},
		Think: 100 * time.Millisecond, Duration: 30 * time.Second, Seed: 9, OfferedPerSecond: 30, RanOut: 3}

	for _, tt := range []struct {
		name string
		s    *summary
		want string
	}{
		{"both phases", both, `participants 500  questionnaire dcos-readiness@1.0.0  up to 71 answers each
saturation  closed loop, no think time
  answers 35,500  errors 0  missing 0
  server    624 saves/s    p50 475 ms  p99 3,707 ms  max 8,712 ms
  baseline  1,071 upserts/s  p50 276 ms  p99 2,099 ms  max 4,781 ms  (sqlite, synchronous=FULL, 0 errors)
  ratio     0.58 of the raw baseline  (target at least 0.50: met)
  result    median 48.0 ms over 5 runs; raw scan of 35,500 answers 17.0 ms; ratio 2.82
            (target at most 3 × the raw scan and 50 ms: met)
paced       think 2s ± 50%, 30s, fresh respondents, seed 1
  answers 7,412  errors 2  missing 1
  offered   250 saves/s
  server    247 saves/s    p50 3.1 ms  p99 12.0 ms  max 41.0 ms
  target    p99 under 25 ms with 0 errors: not met
`},
		{"paced only, p99 on the target is not under it", slow, `participants 500  questionnaire dcos-readiness@1.0.0  up to 71 answers each
paced       think 2s ± 50%, 30s, fresh respondents, seed 1
  answers 7,412  errors 0  missing 0
  offered   250 saves/s
  server    247 saves/s    p50 3.1 ms  p99 25.0 ms  max 41.0 ms
  target    p99 under 25 ms with 0 errors: not met
`},
		{"saturation without baseline, cut short", short, `participants 3  questionnaire dcos-readiness@1.0.0  up to 71 answers each
saturation  closed loop, no think time
  answers 35,500  errors 0  missing 0
  server    624 saves/s    p50 475 ms  p99 3,707 ms  max 8,712 ms
  stopped   by --duration before every answer was sent
`},
		{"paced, out of questions", ranOut, `participants 3  questionnaire dcos-readiness@1.0.0  up to 2 answers each
paced       think 100ms ± 50%, 30s, fresh respondents, seed 9
  answers 6  errors 0  missing 0
  offered   30.0 saves/s
  server    30.8 saves/s    p50 2.5 ms  p99 4.7 ms  max 4.7 ms
  target    p99 under 25 ms with 0 errors: met
  ran out   3 of 3 participants answered every question; the phase took 195ms
`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.table(); got != tt.want {
				t.Errorf("table() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestSummaryJSON pins the keys scripts read: both phases, each with its
// server figures, and the paced phase's settings.
func TestSummaryJSON(t *testing.T) {
	b, err := json.Marshal(testSummary())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Errors     int `json:"errors"`
		Saturation struct {
			Answers  int                `json:"answers"`
			Server   map[string]float64 `json:"server"`
			Baseline map[string]float64 `json:"baseline"`
			Ratio    float64            `json:"ratio"`
			Sync     string             `json:"sqlite_synchronous"`
		} `json:"saturation"`
		Paced struct {
			Answers int                `json:"answers"`
			Errors  int                `json:"errors"`
			Missing int                `json:"missing"`
			Server  map[string]float64 `json:"server"`
			Think   int64              `json:"think_ns"`
			Offered float64            `json:"offered_per_second"`
			Seed    uint64             `json:"seed"`
		} `json:"paced"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	s, p := got.Saturation, got.Paced
	if got.Errors != 2 || s.Answers != 35500 || s.Server["per_second"] != 623.9 || s.Baseline["writes"] != 35500 ||
		s.Ratio != 0.5825 || s.Sync != "FULL" {
		t.Errorf("saturation in JSON = %+v (errors %d), from %s", s, got.Errors, b)
	}
	if p.Answers != 7412 || p.Errors != 2 || p.Missing != 1 || p.Server["p99_ns"] != float64(12*time.Millisecond) ||
		p.Think != int64(2*time.Second) || p.Offered != 250 || p.Seed != 1 {
		t.Errorf("paced in JSON = %+v, from %s", p, b)
	}
}
