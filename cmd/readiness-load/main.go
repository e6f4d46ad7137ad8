// Command readiness-load drives concurrent participants against a running
// readiness server, each saving its answers through the JSON API, and
// reports saves per second and latency in two phases:
//
//   - saturation: every participant sends its next answer the moment the
//     previous one is acknowledged. This is the most the server can take. By
//     Little's law its latency is participants / throughput, so it says
//     nothing about what a person waits for. In the same run a raw baseline
//     does the same single-row upserts with database/sql on a fresh SQLite
//     file with the server's settings, so the server's overhead over SQLite
//     itself reads off one ratio.
//   - paced: as many fresh participants answer at a human pace, a think time
//     drawn from --think ± 50 % between answers (the first within one think
//     time of the start), for --paced-duration or until they run out of
//     questions. Its latency is what a workshop room sees.
//
// --phases selects the phases; they run in the order above, each on
// respondents of its own, and every acknowledged answer is read back after
// each.
//
//	readiness-load --url http://127.0.0.1:8080 --email load@example.com --participants 100
//
// The password comes from --password or READINESS_LOAD_PASSWORD. Only
// loopback servers are loaded unless --allow-remote is given.
//
// A run from scratch, on a database of its own:
//
//	printf 'a-long-password-123\n' | readiness user add --db load.db --workspace load \
//	    --email load@example.com --name Load --role consultant --password-stdin
//	readiness serve --db load.db --addr 127.0.0.1:18081 &
//	READINESS_LOAD_PASSWORD=a-long-password-123 readiness-load \
//	    --url http://127.0.0.1:18081 --email load@example.com --participants 100
//
// Read the ratio together with the latencies: both sides pay one fsync per
// save with synchronous=FULL, so on a slow disk the baseline's own p99 is
// the floor the server can reach without batching commits. The baseline
// runs after the saturation phase, with the server idle, on the same disk.
// The exit status is 1 when any save was refused, failed or not stored.
//
// --workshop runs a live workshop instead of the phases: the consultant
// creates a workshop assessment, --listeners projectors follow its event
// stream, and the participants join by its code and answer at the paced
// phase's pace (--think, --paced-duration). Besides the save latency it
// reports how long each acknowledged answer takes to reach each projector as
// an answer event, from the moment its PUT was sent. Every participant's
// phone follows its respondent stream (--phones) while the focus moves to
// the next capability every --focus-every, and each move is timed until
// every phone read its focus event. An event that has not come
// --event-deadline after its PUT was sent is missed, an error. Given
// several comma-separated --url, instances of serve on one PostgreSQL, the
// participants and the projectors are spread over them round robin:
//
//	readiness-load --workshop --url http://127.0.0.1:18081,http://127.0.0.1:18082 \
//	    --email load@example.com --participants 500 --think 6s --paced-duration 90s
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"
)

// Bounds that keep one run from turning into a flood by a typo.
const (
	maxParticipants = 10000
	maxAnswers      = 10000   // per participant
	maxPuts         = 2000000 // in all
	defaultCap      = 10 * time.Minute
	maxErrorSamples = 5
	setupWorkers    = 16
	maxThink        = 10 * time.Minute
	maxPaced        = 10 * time.Minute
)

type config struct {
	URL           string
	URLs          []string // --url split at commas; the workshop mode spreads over them
	Email         string
	Password      string
	Participants  int
	Answers       int // per participant; 0 means every scored question
	Duration      time.Duration
	Phases        phases
	Think         time.Duration // mean think time of the paced phase
	PacedDuration time.Duration
	Seed          uint64 // of the paced phase's think times
	Questionnaire string
	Baseline      bool
	BaselineDB    string // "" for a SQLite file, or a postgres:// URL
	BaselineConns int
	ResultRuns    int
	Synchronous   string
	JSON          bool
	AllowRemote   bool
	Gzip          bool // ask for gzip-compressed responses, as phones do
	// The workshop mode.
	Workshop       bool
	Listeners      int
	EventDeadline  time.Duration
	NotifyDuration time.Duration
	Phones         bool          // every participant follows its respondent stream
	FocusEvery     time.Duration // the facilitator moves the focus this often
}

func parseFlags(args []string, env func(string) string, stderr io.Writer) (config, error) {
	var c config
	var phaseList string
	fs := flag.NewFlagSet("readiness-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.URL, "url", cmp.Or(env("READINESS_LOAD_URL"), "http://127.0.0.1:8080"),
		"server base URL (loopback only unless --allow-remote); --workshop takes several, comma-separated, instances on one database")
	fs.StringVar(&c.Email, "email", env("READINESS_LOAD_EMAIL"), "consultant e-mail to log in with")
	fs.StringVar(&c.Password, "password", env("READINESS_LOAD_PASSWORD"), "consultant password (or READINESS_LOAD_PASSWORD)")
	fs.IntVar(&c.Participants, "participants", 100, "concurrent participants")
	fs.IntVar(&c.Answers, "answers-per-participant", 0, "answers each participant saves (default: every scored question)")
	fs.DurationVar(&c.Duration, "duration", 0, "cap on the saturation phase and on the baseline (default: until every answer is sent, at most 10m)")
	fs.StringVar(&phaseList, "phases", "saturation,paced", "phases to run: saturation (no think time), paced (think time between answers), or both")
	fs.DurationVar(&c.Think, "think", 2*time.Second, "paced phase: mean think time between answers, drawn from ±50%")
	fs.DurationVar(&c.PacedDuration, "paced-duration", 30*time.Second, "paced phase: how long participants keep answering (at most 10m)")
	fs.Uint64Var(&c.Seed, "seed", 1, "paced phase: seed of the think times, for repeatable runs")
	fs.StringVar(&c.Questionnaire, "questionnaire", "dcos-readiness", "questionnaire slug")
	fs.BoolVar(&c.Baseline, "baseline", true, "also run the raw SQLite baseline after the saturation phase")
	fs.StringVar(&c.BaselineDB, "baseline-db", env("READINESS_LOAD_BASELINE_DB"),
		"baseline on PostgreSQL: a postgres:// URL of the server's PostgreSQL (a schema of its own is created and dropped); default a SQLite file")
	fs.IntVar(&c.BaselineConns, "baseline-conns", 32, "baseline on PostgreSQL and the workshop's raw NOTIFY: connections in its pool (the server's is 32)")
	fs.IntVar(&c.ResultRuns, "result-runs", 5, "after the baseline, time GET .../result and a raw scan of the baseline's answers this many times each (0: skip)")
	fs.StringVar(&c.Synchronous, "sqlite-synchronous", "FULL", "baseline synchronous mode, as the server's: FULL or NORMAL")
	fs.BoolVar(&c.JSON, "json", false, "print the summary as JSON")
	fs.BoolVar(&c.AllowRemote, "allow-remote", false, "allow a --url whose host is not loopback")
	fs.BoolVar(&c.Gzip, "gzip", true, "participants send Accept-Encoding: gzip, as phones' browsers do (false: the server's cost without compression)")
	fs.BoolVar(&c.Workshop, "workshop", false,
		"run the workshop mode instead of --phases: participants join a workshop by code and answer at --think pace for --paced-duration while --listeners follow its event stream")
	fs.IntVar(&c.Listeners, "listeners", 2, "workshop: projectors following the event stream, spread over the --url list")
	fs.DurationVar(&c.EventDeadline, "event-deadline", 5*time.Second,
		"workshop: an acknowledged answer whose event has not reached a listener this long after its PUT was sent is missed, an error")
	fs.DurationVar(&c.NotifyDuration, "notify-duration", 20*time.Second,
		"workshop with --baseline-db: how long the raw LISTEN/NOTIFY round trip runs, at the workshop's offered rate (at most --paced-duration)")
	fs.BoolVar(&c.Phones, "phones", true,
		"workshop: every participant's phone follows its respondent event stream, and the focus moves every --focus-every")
	fs.DurationVar(&c.FocusEvery, "focus-every", 10*time.Second,
		"workshop with --phones: how often the facilitator moves the focus to the next capability")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	p, err := parsePhases(phaseList)
	if err != nil {
		return c, err
	}
	c.Phases = p
	return c, c.validate()
}

func (c *config) validate() error {
	switch {
	case c.Email == "":
		return errors.New("--email is required")
	case c.Password == "":
		return errors.New("--password or READINESS_LOAD_PASSWORD is required")
	case c.Participants < 1 || c.Participants > maxParticipants:
		return fmt.Errorf("--participants %d: want 1 to %d", c.Participants, maxParticipants)
	case c.Answers < 0 || c.Answers > maxAnswers:
		return fmt.Errorf("--answers-per-participant %d: want 1 to %d", c.Answers, maxAnswers)
	case c.Duration < 0:
		return fmt.Errorf("--duration %s: want a positive duration", c.Duration)
	case c.Think <= 0 || c.Think > maxThink:
		return fmt.Errorf("--think %s: want more than 0 and at most %s", c.Think, maxThink)
	case c.PacedDuration <= 0 || c.PacedDuration > maxPaced:
		return fmt.Errorf("--paced-duration %s: want more than 0 and at most %s", c.PacedDuration, maxPaced)
	case !c.Phases.Saturation && !c.Phases.Paced:
		return errors.New("--phases: want saturation, paced or both")
	case c.Questionnaire == "":
		return errors.New("--questionnaire is required")
	case c.BaselineConns < 1 || c.BaselineConns > 1000:
		return fmt.Errorf("--baseline-conns %d: want 1 to 1000", c.BaselineConns)
	case c.ResultRuns < 0 || c.ResultRuns > 1000:
		return fmt.Errorf("--result-runs %d: want 0 to 1000", c.ResultRuns)
	}
	if c.BaselineDB != "" {
		u, err := url.Parse(c.BaselineDB)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("--baseline-db: want a postgres:// URL")
		}
		if !c.AllowRemote && !isLoopback(u.Hostname()) {
			return fmt.Errorf("--baseline-db host %q is not loopback: add --allow-remote to load it", u.Hostname())
		}
	}
	c.Synchronous = strings.ToUpper(c.Synchronous)
	if c.Synchronous != "FULL" && c.Synchronous != "NORMAL" {
		return fmt.Errorf("--sqlite-synchronous %q: want FULL or NORMAL", c.Synchronous)
	}
	n := 0
	for _, on := range []bool{c.Phases.Saturation, c.Phases.Paced} {
		if on {
			n++
		}
	}
	if c.Participants*max(c.Answers, 1)*n > maxPuts {
		return fmt.Errorf("%d participants × %d answers × %d phases: more than %d saves in one run", c.Participants, c.Answers, n, maxPuts)
	}
	if c.Duration == 0 {
		c.Duration = defaultCap
	}
	c.URLs = nil
	for u := range strings.SplitSeq(c.URL, ",") {
		if _, err := checkTarget(strings.TrimSpace(u), c.AllowRemote); err != nil {
			return err
		}
		c.URLs = append(c.URLs, strings.TrimSpace(u))
	}
	if !c.Workshop {
		if len(c.URLs) > 1 {
			return errors.New("--url: several URLs only with --workshop")
		}
		return nil
	}
	switch {
	case c.Participants > maxWorkshop:
		return fmt.Errorf("--participants %d: a workshop takes at most %d", c.Participants, maxWorkshop)
	case c.Listeners < 1 || c.Listeners > 100:
		return fmt.Errorf("--listeners %d: want 1 to 100", c.Listeners)
	case c.EventDeadline <= 0 || c.EventDeadline > time.Minute:
		return fmt.Errorf("--event-deadline %s: want more than 0 and at most 1m", c.EventDeadline)
	case c.NotifyDuration <= 0 || c.NotifyDuration > maxPaced:
		return fmt.Errorf("--notify-duration %s: want more than 0 and at most %s", c.NotifyDuration, maxPaced)
	case c.FocusEvery < 100*time.Millisecond || c.FocusEvery > maxPaced:
		return fmt.Errorf("--focus-every %s: want at least 100ms and at most %s", c.FocusEvery, maxPaced)
	}
	return nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := parseFlags(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "readiness-load:", err)
		os.Exit(2)
	}
	mode := run
	if c.Workshop {
		mode = runWorkshop
	}
	s, err := mode(ctx, c, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readiness-load:", err)
		os.Exit(1)
	}
	if c.JSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			fmt.Fprintln(os.Stderr, "readiness-load:", err)
			os.Exit(1)
		}
	} else {
		fmt.Print(s.table())
	}
	if s.Errors > 0 {
		os.Exit(1) // a lost or refused save fails the run, so scripts notice
	}
}

// run sets up an assessment and runs the phases c asks for, each with
// respondents of its own: saturation, its check and the baseline, then the
// paced phase and its check. Progress goes to logw.
func run(ctx context.Context, c config, logw io.Writer) (*summary, error) {
	base, err := checkTarget(c.URL, c.AllowRemote)
	if err != nil {
		return nil, err
	}
	cl := &client{base: base.String(), http: newHTTPClient(c.Participants, c.Gzip)}
	if err := cl.login(ctx, c.Email, c.Password); err != nil {
		return nil, err
	}
	q, err := cl.questionnaire(ctx, c.Questionnaire)
	if err != nil {
		return nil, err
	}
	all, scored := q.questions()
	if len(all) == 0 {
		return nil, fmt.Errorf("questionnaire %s has no questions", c.Questionnaire)
	}
	perPerson := c.Answers
	if perPerson == 0 {
		perPerson = max(scored, 1)
	}
	work, err := plan(all, c.Participants, perPerson)
	if err != nil {
		return nil, err
	}
	assessmentID, err := cl.createAssessment(ctx, c.Questionnaire, time.Now())
	if err != nil {
		return nil, err
	}
	s := &summary{URL: base.String(), Questionnaire: q.Slug + "@" + q.Version, Participants: c.Participants,
		AnswersPerPerson: perPerson}
	var samples []string

	if c.Phases.Saturation {
		fmt.Fprintf(logw, "saturation: %d participants saving %d answers each, no think time\n", c.Participants, perPerson)
		sr, res, smp, err := drive(ctx, cl, assessmentID, 0, work, pace{}, c.Duration, logw)
		if err != nil {
			return nil, err
		}
		sat := &saturation{serverRun: sr, SQLiteSynchronous: c.Synchronous,
			StoppedByDuration: res.cut > 0 || res.sent < c.Participants*perPerson}
		samples = append(samples, smp...)
		if c.Baseline && ctx.Err() == nil {
			raw, err := openRaw(ctx, c)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(logw, "baseline: %d writers, %d upserts each, %s\n", c.Participants, perPerson, raw.desc)
			b, bsamples, err := baseline(ctx, c, raw, work)
			if err == nil && c.ResultRuns > 0 && ctx.Err() == nil {
				fmt.Fprintf(logw, "result: %d runs of GET .../result and of a raw scan\n", c.ResultRuns)
				sat.Result, err = timeResult(ctx, cl, assessmentID, raw, c.ResultRuns)
			}
			if cerr := raw.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("baseline: clean up: %w", cerr)
			}
			if err != nil {
				return nil, err
			}
			sat.Baseline, sat.BaselineDB = &b, raw.desc
			if b.PerSecond > 0 {
				sat.Ratio = sat.Server.PerSecond / b.PerSecond
			}
			samples = append(samples, bsamples...)
		}
		s.Saturation = sat
		s.Errors += sat.Errors
	}

	if c.Phases.Paced && ctx.Err() == nil {
		fmt.Fprintf(logw, "paced: %d fresh participants, think %s ± 50%%, for %s\n", c.Participants, c.Think, c.PacedDuration)
		pc := pace{think: c.Think, until: c.PacedDuration, seed: c.Seed}
		// The extra requestTimeout lets the answers sent just before the end
		// come back; the client's own timeout bounds each of them anyway.
		first := 0
		if c.Phases.Saturation {
			first = c.Participants
		}
		sr, res, smp, err := drive(ctx, cl, assessmentID, first, work, pc, c.PacedDuration+requestTimeout, logw)
		if err != nil {
			return nil, err
		}
		s.Paced = &paced{serverRun: sr, Think: c.Think, Duration: c.PacedDuration, Seed: c.Seed,
			OfferedPerSecond: float64(c.Participants) / c.Think.Seconds(), RanOut: res.finished}
		samples = append(samples, smp...)
		s.Errors += sr.Errors
	}

	for i, m := range samples {
		if i == maxErrorSamples*2 {
			break
		}
		s.FirstErrorMessages = append(s.FirstErrorMessages, m)
		fmt.Fprintln(logw, "error:", m)
	}
	return s, ctx.Err()
}

// drive adds one fresh respondent per entry of work (numbered from first,
// so the names stay distinct across phases), lets them answer as pc says for
// at most limit, and reads every response back.
func drive(ctx context.Context, cl *client, assessmentID string, first int, work [][]put, pc pace, limit time.Duration,
	logw io.Writer) (serverRun, loadResult, []string, error) {
	fmt.Fprintf(logw, "assessment %s: adding %d respondents\n", assessmentID, len(work))
	tokens, err := addRespondents(ctx, cl, assessmentID, first, len(work))
	if err != nil {
		return serverRun{}, loadResult{}, nil, err
	}
	loadCtx, cancel := context.WithTimeout(ctx, limit)
	one := func(int) *client { return cl }
	res := load(loadCtx, one, tokens, work, pc, nil)
	cancel()
	fmt.Fprintf(logw, "verifying %d responses\n", len(tokens))
	missing, verr, vsamples := verify(ctx, one, tokens, res.expected)
	sr := serverRun{Answers: res.sent, Errors: res.errors + verr + missing, Missing: missing,
		Server: newPhase(res.latencies, res.errors, res.elapsed)}
	return sr, res, append(res.samples, vsamples...), nil
}

// openRaw creates the baseline's database: a fresh SQLite file in a
// directory of its own, or a fresh schema on c.BaselineDB. Close removes it.
func openRaw(ctx context.Context, c config) (*rawDB, error) {
	if c.BaselineDB != "" {
		r, err := openRawPostgres(ctx, c.BaselineDB, c.BaselineConns)
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		return r, nil
	}
	dir, err := os.MkdirTemp("", "readiness-load-")
	if err != nil {
		return nil, fmt.Errorf("baseline directory: %w", err)
	}
	r, err := openRawSQLite(ctx, dir, c.Synchronous)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("baseline: %w", err)
	}
	closeDB := r.cleanup
	r.cleanup = func() error { return errors.Join(closeDB(), os.RemoveAll(dir)) }
	return r, nil
}

// baseline runs the raw writers on raw, within the run's duration cap.
func baseline(ctx context.Context, c config, raw *rawDB, work [][]put) (phase, []string, error) {
	bctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	b, samples, err := raw.run(bctx, work)
	if err != nil {
		return phase{}, nil, fmt.Errorf("baseline: %w", err)
	}
	return b, samples, nil
}

// timeResult fetches the assessment's result runs times, each followed by a
// raw scan of the baseline's answers (as many rows, when every answer was
// sent), so that a busy machine slows both alike; it reports the medians.
// One untimed fetch first fills the server's caches.
func timeResult(ctx context.Context, cl *client, assessmentID string, raw *rawDB, runs int) (*resultTiming, error) {
	if err := cl.result(ctx, assessmentID); err != nil {
		return nil, err
	}
	var server, scan []time.Duration
	rows := 0
	for range runs {
		t := time.Now()
		if err := cl.result(ctx, assessmentID); err != nil {
			return nil, err
		}
		server = append(server, time.Since(t))
		t = time.Now()
		n, err := raw.scanAll(ctx)
		if err != nil {
			return nil, err
		}
		scan = append(scan, time.Since(t))
		rows = n
	}
	slices.Sort(server)
	slices.Sort(scan)
	r := &resultTiming{Runs: runs, Rows: rows, Server: percentile(server, 50), RawScan: percentile(scan, 50)}
	if r.RawScan > 0 {
		r.Ratio = float64(r.Server) / float64(r.RawScan)
	}
	return r, nil
}

// plan picks every participant's answers before the clock starts, so the
// run measures the server and not the generator. Participant i's answers
// depend on i alone: two runs send the same answers.
func plan(all []question, participants, perPerson int) ([][]put, error) {
	work := make([][]put, participants)
	for i := range work {
		r := rand.New(rand.NewPCG(uint64(i), 0x7265616479))
		work[i] = make([]put, perPerson)
		for j := range work[i] {
			q := all[j%len(all)]
			a, err := newAnswer(q, r)
			if err != nil {
				return nil, err
			}
			work[i][j] = put{question: q.ID, answer: a, body: a.body()}
		}
	}
	return work, nil
}

func addRespondents(ctx context.Context, cl *client, assessmentID string, first, n int) ([]string, error) {
	tokens := make([]string, n)
	err := eachOf(ctx, n, func(ctx context.Context, i int) error {
		t, err := cl.addRespondent(ctx, assessmentID, first+i)
		tokens[i] = t
		return err
	})
	return tokens, err
}

// eachOf runs do for 0..n-1, setupWorkers at a time. The first failure
// cancels the calls under way, starts no more and is returned.
func eachOf(ctx context.Context, n int, do func(ctx context.Context, i int) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(setupWorkers)
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error { return do(ctx, i) })
	}
	return g.Wait()
}

// outcome is what the server may hold for one question after a run.
type outcome struct {
	acked    bool
	accepted []answer // the last acknowledged answer, then any sent after it whose fate is unknown
}

type loadResult struct {
	sent      int
	errors    int
	cut       int // requests the duration cap interrupted: neither saves nor errors
	finished  int // participants who sent every answer they had
	latencies []time.Duration
	elapsed   time.Duration
	samples   []string
	expected  []map[string]*outcome // per participant, per question
}

// acked hears of every acknowledged answer: participant i's answer to
// question was sent at sent and acknowledged at ack.
type acked func(i int, question string, sent, ack time.Time)

// load starts every participant at the same instant; each sends its answers
// one after the other through clientOf(i), as a person filling in the form
// does, waiting as pc says before each. Once pc.until has passed no answer
// is sent, but those under way are awaited: cutting them would count as
// neither save nor error. observe, if not nil, hears of each acknowledged
// answer as it comes back.
func load(ctx context.Context, clientOf func(i int) *client, tokens []string, work [][]put, pc pace, observe acked) loadResult {
	res := loadResult{expected: make([]map[string]*outcome, len(tokens))}
	var (
		mu    sync.Mutex
		wg    sync.WaitGroup
		start = make(chan struct{})
		stop  time.Time // set before start is closed, read after
	)
	for i, token := range tokens {
		wg.Go(func() {
			cl := clientOf(i)
			<-start
			r := pc.rand(i)
			exp := map[string]*outcome{}
			lat := make([]time.Duration, 0, len(work[i]))
			var sent, errs, cut int
			var samples []string
			done := true
			for j, p := range work[i] {
				if !wait(ctx, pc.delay(r, j), stop) {
					done = false
					break
				}
				o := exp[p.question]
				if o == nil {
					o = &outcome{}
					exp[p.question] = o
				}
				sent++
				t := time.Now()
				status, body, err := cl.putAnswer(ctx, token, p.question, p.body)
				d := time.Since(t)
				switch {
				case err == nil && status == 200:
					lat = append(lat, d)
					o.acked, o.accepted = true, []answer{p.answer}
					if observe != nil {
						observe(i, p.question, t, t.Add(d))
					}
				case err != nil && ctx.Err() != nil:
					cut++
					o.accepted = append(o.accepted, p.answer)
				case err != nil:
					errs++
					o.accepted = append(o.accepted, p.answer)
					if len(samples) < maxErrorSamples {
						samples = append(samples, err.Error())
					}
				default:
					// A refused request changes nothing, by the contract.
					errs++
					if len(samples) < maxErrorSamples {
						samples = append(samples, fmt.Sprintf("PUT answers/%s: status %d: %s", p.question, status, body))
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.expected[i] = exp
			res.sent += sent - cut
			res.errors += errs
			res.cut += cut
			if done && cut == 0 {
				res.finished++
			}
			res.latencies = append(res.latencies, lat...)
			for _, s := range samples {
				if len(res.samples) < maxErrorSamples {
					res.samples = append(res.samples, s)
				}
			}
		})
	}
	t0 := time.Now()
	if pc.until > 0 {
		stop = t0.Add(pc.until)
	}
	close(start)
	wg.Wait()
	res.elapsed = time.Since(t0)
	return res
}

// verify reads every participant's response back and counts acknowledged
// answers that are absent or differ: acknowledged means stored.
func verify(ctx context.Context, clientOf func(i int) *client, tokens []string, expected []map[string]*outcome) (missing, errs int, samples []string) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(setupWorkers, len(tokens)) {
		wg.Go(func() {
			for i := range next {
				stored, err := clientOf(i).response(ctx, tokens[i])
				m := 0
				if err == nil {
					m = countMissing(stored, expected[i])
				}
				mu.Lock()
				if err != nil {
					errs++
					if len(samples) < maxErrorSamples {
						samples = append(samples, err.Error())
					}
				}
				if m > 0 && len(samples) < maxErrorSamples {
					samples = append(samples, fmt.Sprintf("participant %d: %d acknowledged answers not stored", i+1, m))
				}
				missing += m
				mu.Unlock()
			}
		})
	}
	for i := range tokens {
		next <- i
	}
	close(next)
	wg.Wait()
	return missing, errs, samples
}

// countMissing counts the acknowledged questions whose stored answer is none
// of those the server may rightly hold.
func countMissing(stored map[string]storedAnswer, expected map[string]*outcome) int {
	n := 0
	for id, o := range expected {
		if !o.acked {
			continue
		}
		s, ok := stored[id]
		found := false
		for _, a := range o.accepted {
			if ok && s.matches(a) {
				found = true
				break
			}
		}
		if !found {
			n++
		}
	}
	return n
}
