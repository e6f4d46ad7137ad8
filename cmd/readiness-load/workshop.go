package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The workshop mode is a live room: a consultant creates a workshop, two
// projectors (or more, --listeners) follow its event stream, and the
// participants join by its code from their phones and answer at a human
// pace. Besides the save latency it times how long each acknowledged answer
// takes to reach every projector as an answer event, from the moment its PUT
// was sent (and, beside it, from the moment it was acknowledged). With
// several --url, the participants and the projectors are spread over them
// round robin: two serve instances on one PostgreSQL.

const (
	maxWorkshop = 5000 // the contract's cap on max_participants
	// streamReady bounds the wait for a projector's stream to open.
	streamReady = 10 * time.Second
	// reconnectWait is how long a projector waits before it reconnects, as
	// the server's retry field tells a browser to.
	reconnectWait = 2 * time.Second
	// eventTarget is the contract's promise: an event reaches every
	// listener within 1 s of the acknowledged change.
	eventTarget = time.Second
)

// eventKey names one answer: answers are never repeated within a workshop
// run, so it names one PUT.
type eventKey struct{ respondent, question string }

// sentAnswer is an acknowledged answer as the participant saw it.
type sentAnswer struct {
	sent, ack time.Time
	instance  int // the URL it went to, by its number
}

// tracker matches acknowledged answers with the answer events each listener
// receives. Either may come first: the event of an answer may reach a
// listener before its PUT's response reaches the participant.
type tracker struct {
	mu         sync.Mutex
	ids        []string // respondent id by participant
	urls       int      // participant i answers through URL i%urls
	listeners  int
	acked      map[eventKey]sentAnswer
	arrived    map[eventKey][]time.Time // per listener, the first arrival
	duplicates []int                    // per listener: answer events seen again
	changed    chan struct{}            // a value after each change, never blocking
}

func newTracker(ids []string, urls, listeners int) *tracker {
	return &tracker{ids: ids, urls: urls, listeners: listeners, acked: map[eventKey]sentAnswer{},
		arrived: map[eventKey][]time.Time{}, duplicates: make([]int, listeners), changed: make(chan struct{}, 1)}
}

func (t *tracker) poke() {
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

// ack records participant i's acknowledged answer to question.
func (t *tracker) ack(i int, question string, sent, ack time.Time) {
	t.mu.Lock()
	t.acked[eventKey{t.ids[i], question}] = sentAnswer{sent: sent, ack: ack, instance: i % t.urls}
	t.mu.Unlock()
	t.poke()
}

// event records that listener l received the answer event k at at.
func (t *tracker) event(l int, k eventKey, at time.Time) {
	t.mu.Lock()
	a := t.arrived[k]
	if a == nil {
		a = make([]time.Time, t.listeners)
		t.arrived[k] = a
	}
	if a[l].IsZero() {
		a[l] = at
	} else {
		t.duplicates[l]++
	}
	t.mu.Unlock()
	t.poke()
}

// outstanding counts the (answer, listener) pairs still without an event.
func (t *tracker) outstanding() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for k := range t.acked {
		a := t.arrived[k]
		for l := range t.listeners {
			if a == nil || a[l].IsZero() {
				n++
			}
		}
	}
	return n
}

// settle waits until every acknowledged answer reached every listener, or
// until deadline after the last acknowledgement, whichever comes first.
func (t *tracker) settle(ctx context.Context, deadline time.Duration) {
	t.mu.Lock()
	var last time.Time
	for _, a := range t.acked {
		if a.ack.After(last) {
			last = a.ack
		}
	}
	t.mu.Unlock()
	settle(ctx, last.Add(deadline), t.outstanding, t.changed)
}

// settle waits until outstanding is 0, checking it again after each value
// on changed, or until the time until, whichever comes first.
func settle(ctx context.Context, until time.Time, outstanding func() int, changed <-chan struct{}) {
	timer := time.NewTimer(time.Until(until))
	defer timer.Stop()
	for outstanding() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			return
		case <-changed:
		}
	}
}

// eventLatency is what one listener, or all of them together, saw.
type eventLatency struct {
	URL      string        `json:"url,omitempty"`
	Events   int           `json:"events"` // answer events of acknowledged answers, in time or late
	Missed   int           `json:"missed"` // acknowledged answers whose event did not come within the deadline
	Late     int           `json:"over_1s"`
	P50      time.Duration `json:"p50_ns"` // from the PUT sent to the event received
	P99      time.Duration `json:"p99_ns"`
	Max      time.Duration `json:"max_ns"`
	AckP50   time.Duration `json:"after_ack_p50_ns"` // from the PUT acknowledged, 0 when the event came first
	AckP99   time.Duration `json:"after_ack_p99_ns"`
	Earlier  int           `json:"before_ack"` // events that came before their PUT's acknowledgement
	Repeated int           `json:"repeated"`   // answer events seen twice on one stream
}

// latencies sums the tracker up per listener, over all of them, and over
// the pairs of an answer and a listener on different instances (none with
// one URL), which learn of each other's answers through the database. An
// event that came after the deadline is missed, and its latency still counts.
func (t *tracker) latencies(deadline time.Duration, urls []string) (per []eventLatency, all, cross eventLatency) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for l := range t.listeners {
		e := t.summarise(deadline, func(_, listener int) bool { return listener == l })
		e.URL, e.Repeated = urls[l%len(urls)], t.duplicates[l]
		per = append(per, e)
	}
	all = t.summarise(deadline, func(int, int) bool { return true })
	for _, d := range t.duplicates {
		all.Repeated += d
	}
	if len(urls) > 1 {
		cross = t.summarise(deadline, func(instance, listener int) bool { return instance != listener%len(urls) })
	}
	return per, all, cross
}

// summarise sums up the pairs of an acknowledged answer, sent through the
// URL numbered instance, and a listener that keep selects.
func (t *tracker) summarise(deadline time.Duration, keep func(instance, listener int) bool) eventLatency {
	c := arrivals{deadline: deadline}
	for k, a := range t.acked {
		got := t.arrived[k]
		for l := range t.listeners {
			if !keep(a.instance, l) {
				continue
			}
			var at time.Time
			if got != nil {
				at = got[l]
			}
			c.add(a.sent, a.ack, at)
		}
	}
	sent, afterAck := c.quantiles()
	return eventLatency{Events: c.count, Missed: c.missed, Late: c.late, Earlier: c.earlier,
		P50: sent[0], P99: sent[1], Max: sent[2], AckP50: afterAck[0], AckP99: afterAck[1]}
}

// listener is one projector following the assessment's event stream, or
// one participant's phone following its respondent stream.
type listener struct {
	n       int
	name    string // "listener 2", "phone 17": for error messages
	http    *http.Client
	base    string
	token   string // the consultant's bearer token; "" for a phone, whose path holds its token
	path    string
	tracker *tracker      // answer events: a projector's
	focus   *focusTracker // focus events: a phone's

	mu      sync.Mutex
	errors  int
	samples []string
}

func (l *listener) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errors++
	if len(l.samples) < maxErrorSamples {
		l.samples = append(l.samples, l.name+": "+fmt.Sprintf(format, args...))
	}
}

// newStreamClient has no overall timeout, which would cut a stream: only
// connecting and the response header are bounded. Each open stream holds a
// connection of its own, streams of them at once: no cap on connections per
// host, and as many idle ones kept for reconnecting streams.
func newStreamClient(streams int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ResponseHeaderTimeout: streamReady,
		MaxConnsPerHost:       0, // no limit
		MaxIdleConns:          streams + 16,
		MaxIdleConnsPerHost:   streams + 16,
	}}
}

// follow reads the stream until ctx ends, reconnecting with Last-Event-ID as
// a browser's EventSource does when the stream drops; every failed connect
// and every drop is an error. ready is closed once the first stream is open
// (the server sends its preamble after it subscribed).
func (l *listener) follow(ctx context.Context, ready chan<- struct{}) {
	var last string
	opened := false
	for ctx.Err() == nil {
		err := l.read(ctx, &last, func() {
			if !opened {
				opened = true
				close(ready)
			}
		})
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			err = errors.New("stream ended")
		}
		l.fail("%v", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(reconnectWait):
		}
	}
}

func (l *listener) read(ctx context.Context, last *string, open func()) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+l.path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	if l.token != "" {
		req.Header.Set("Authorization", "Bearer "+l.token)
	}
	if *last != "" {
		req.Header.Set("Last-Event-ID", *last)
	}
	resp, err := l.http.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", l.path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &apiError{Method: http.MethodGet, Path: l.path, Status: resp.StatusCode, Body: readSnippet(resp.Body)}
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		return fmt.Errorf("GET %s: content type %q, want text/event-stream", l.path, ct)
	}
	return readEvents(resp.Body, func(ev sseEvent) {
		if ev.id != "" {
			*last = ev.id
		}
		if ev.comment || ev.kind != "" {
			open()
		}
		switch {
		case ev.kind == "focus" && l.focus != nil:
			l.focusEvent(ev)
			return
		case ev.kind == "answer" && l.tracker == nil:
			// A respondent's stream carries focus and closed alone: an
			// answer there would tell a phone what others answered.
			l.fail("answer event %s on a respondent stream", ev.id)
			return
		case ev.kind != "answer":
			return
		}
		at := time.Now()
		var d struct {
			Respondent string `json:"respondent_id"`
			Question   string `json:"question"`
			Capability string `json:"capability"`
		}
		if err := json.Unmarshal([]byte(ev.data), &d); err != nil || d.Respondent == "" || d.Question == "" || d.Capability == "" {
			l.fail("answer event %s: want respondent_id, question and capability: %q", ev.id, ev.data)
			return
		}
		l.tracker.event(l.n, eventKey{d.Respondent, d.Question}, at)
	})
}

// sseEvent is one dispatched block of a text/event-stream.
type sseEvent struct {
	id, kind, data string
	comment        bool // a block of comments alone, such as the preamble or a heartbeat
}

// readEvents parses a text/event-stream and calls dispatch for each block,
// until the stream ends (nil) or fails.
func readEvents(r io.Reader, dispatch func(sseEvent)) error {
	br := bufio.NewReader(r)
	var ev sseEvent
	var data []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			ev.data = strings.Join(data, "\n")
			if ev.kind != "" || ev.data != "" || ev.comment {
				dispatch(ev)
			}
			ev, data = sseEvent{}, nil
			continue
		}
		if strings.HasPrefix(line, ":") {
			ev.comment = true
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			ev.id = value
		case "event":
			ev.kind = value
		case "data":
			data = append(data, value)
		}
	}
}

// joined is one participant who came in by the code.
type joined struct {
	id, token string
	took      time.Duration
}

// joinAll lets n participants join by code, participant i through
// clientOf(i), setupWorkers at a time; the first failure stops it.
func joinAll(ctx context.Context, clientOf func(int) *client, code string, n int) ([]joined, error) {
	out := make([]joined, n)
	err := eachOf(ctx, n, func(ctx context.Context, i int) error {
		t := time.Now()
		id, token, err := clientOf(i).join(ctx, code, i)
		out[i] = joined{id: id, token: token, took: time.Since(t)}
		return err
	})
	return out, err
}

// workshopRun is the workshop mode's result.
type workshopRun struct {
	URLs             []string       `json:"urls"`
	Listeners        int            `json:"listeners"`
	Think            time.Duration  `json:"think_ns"`
	Duration         time.Duration  `json:"duration_ns"`
	Seed             uint64         `json:"seed"`
	OfferedPerSecond float64        `json:"offered_per_second"`
	EventDeadline    time.Duration  `json:"event_deadline_ns"`
	Join             phase          `json:"join"`
	Answers          int            `json:"answers"`
	Missing          int            `json:"missing"`     // acknowledged answers not read back
	SaveErrors       int            `json:"save_errors"` // refused or failed PUTs and read-backs
	StreamErrors     int            `json:"stream_errors"`
	Save             phase          `json:"save"`
	Events           eventLatency   `json:"events"`
	PerListener      []eventLatency `json:"per_listener"`
	CrossInstance    eventLatency   `json:"cross_instance"` // answers saved on another instance than the listener's
	RanOut           int            `json:"ran_out_of_questions"`
	Focus            *focusRun      `json:"focus,omitempty"` // the phones' streams; absent with --phones=false
	Notify           *notifyRun     `json:"raw_notify,omitempty"`
}

// runWorkshop runs the workshop mode: see the comment at the top of this file.
func runWorkshop(ctx context.Context, c config, logw io.Writer) (*summary, error) {
	var bases []string
	for _, u := range c.URLs {
		b, err := checkTarget(u, c.AllowRemote)
		if err != nil {
			return nil, err
		}
		bases = append(bases, b.String())
	}
	hc := newHTTPClient(c.Participants, c.Gzip)
	consultants := make([]*client, len(bases))
	for i, b := range bases {
		consultants[i] = &client{base: b, http: hc}
	}
	cl := consultants[0]
	if err := cl.login(ctx, c.Email, c.Password); err != nil {
		return nil, err
	}
	for _, o := range consultants[1:] {
		o.token = cl.token // one database: the token holds on every instance
	}
	q, err := cl.questionnaire(ctx, c.Questionnaire)
	if err != nil {
		return nil, err
	}
	all, scored := q.questions()
	perPerson := c.Answers
	if perPerson == 0 {
		perPerson = scored
	}
	if perPerson < 1 || perPerson > len(all) {
		// A repeated question would send an event that cannot be told from
		// the first one's.
		return nil, fmt.Errorf("workshop: %d answers per participant, but %s has %d questions", perPerson, c.Questionnaire, len(all))
	}
	work, err := plan(all, c.Participants, perPerson)
	if err != nil {
		return nil, err
	}
	id, code, err := cl.createWorkshop(ctx, c.Questionnaire, c.Participants, time.Now())
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(logw, "workshop %s (code %s): %d listeners over %d URLs\n", id, code, c.Listeners, len(bases))

	// The projectors are up before anyone joins, as in the room.
	listenCtx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	ids := make([]string, c.Participants)
	tr := newTracker(ids, len(bases), c.Listeners)
	phones := 0
	if c.Phones {
		phones = c.Participants
	}
	if err := checkFileLimit(c.Participants + phones + c.Listeners); err != nil {
		return nil, err
	}
	sc := newStreamClient(phones + c.Listeners)
	listeners := make([]*listener, c.Listeners)
	var lwg sync.WaitGroup
	for i := range listeners {
		l := &listener{n: i, name: fmt.Sprintf("listener %d", i+1), http: sc, base: bases[i%len(bases)], token: cl.token,
			path: "/api/v1/assessments/" + url.PathEscape(id) + "/events", tracker: tr}
		listeners[i] = l
		ready := make(chan struct{})
		lwg.Go(func() { l.follow(listenCtx, ready) })
		select {
		case <-ready:
		case <-time.After(streamReady):
			stopListening()
			lwg.Wait()
			return nil, fmt.Errorf("listener %d on %s: stream not open after %s: %v", i+1, l.base, streamReady, l.samples)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}

	participant := func(i int) *client { return &client{base: bases[i%len(bases)], http: hc} }
	clients := make([]*client, c.Participants)
	for i := range clients {
		clients[i] = participant(i)
	}
	clientOf := func(i int) *client { return clients[i] }
	fmt.Fprintf(logw, "joining %d participants by code\n", c.Participants)
	t0 := time.Now()
	people, err := joinAll(ctx, clientOf, code, c.Participants)
	if err != nil {
		return nil, err
	}
	joinTook := time.Since(t0)
	tokens := make([]string, len(people))
	var joinLat []time.Duration
	for i, p := range people {
		ids[i], tokens[i] = p.id, p.token
		joinLat = append(joinLat, p.took)
	}

	// Each phone follows its respondent stream from the moment it joined
	// until the end of the run, on the URL it joined through.
	var ft *focusTracker
	var phoneStreams []*listener
	if c.Phones {
		fmt.Fprintf(logw, "opening %d phone streams\n", len(tokens))
		ft = newFocusTracker(len(tokens), len(bases))
		phoneStreams, err = openPhones(listenCtx, &lwg, sc, bases, tokens, ft)
		if err != nil {
			stopListening()
			lwg.Wait()
			return nil, err
		}
	}

	fmt.Fprintf(logw, "answering: think %s ± 50%%, for %s, %d answers each at most\n", c.Think, c.PacedDuration, perPerson)
	pc := pace{think: c.Think, until: c.PacedDuration, seed: c.Seed}
	loadCtx, cancel := context.WithTimeout(ctx, c.PacedDuration+requestTimeout)
	var mwg sync.WaitGroup
	if ft != nil {
		order := focusOrder(q)
		start := time.Now()
		fmt.Fprintf(logw, "moving the focus every %s over %d capabilities\n", c.FocusEvery, len(order))
		mwg.Go(func() {
			moveFocus(loadCtx, consultants, id, order, c.FocusEvery, start, start.Add(c.PacedDuration), ft)
		})
	}
	res := load(loadCtx, clientOf, tokens, work, pc, tr.ack)
	mwg.Wait()
	cancel()
	fmt.Fprintf(logw, "waiting up to %s for the last events\n", c.EventDeadline)
	tr.settle(ctx, c.EventDeadline)
	if ft != nil {
		ft.settle(ctx, c.EventDeadline)
	}
	stopListening()
	lwg.Wait()

	fmt.Fprintf(logw, "verifying %d responses\n", len(tokens))
	missing, verr, vsamples := verify(ctx, clientOf, tokens, res.expected)
	per, allEv, cross := tr.latencies(c.EventDeadline, bases)
	w := &workshopRun{URLs: bases, Listeners: c.Listeners, Think: c.Think, Duration: c.PacedDuration, Seed: c.Seed,
		OfferedPerSecond: float64(c.Participants) / c.Think.Seconds(), EventDeadline: c.EventDeadline,
		Join: newPhase(joinLat, 0, joinTook), Answers: res.sent, Missing: missing, SaveErrors: res.errors + verr,
		Save: newPhase(res.latencies, res.errors, res.elapsed), Events: allEv, PerListener: per, CrossInstance: cross, RanOut: res.finished}
	samples := append(res.samples, vsamples...)
	for _, l := range listeners {
		w.StreamErrors += l.errors
		samples = append(samples, l.samples...)
	}
	if ft != nil {
		w.Focus = ft.result(c.EventDeadline, c.FocusEvery)
		samples = append(samples, ft.samples...)
		for _, p := range phoneStreams {
			w.Focus.StreamErrors += p.errors
			if len(samples) < maxErrorSamples*2 {
				samples = append(samples, p.samples...)
			}
		}
	}
	s := &summary{URL: strings.Join(bases, ","), Questionnaire: q.Slug + "@" + q.Version, Participants: c.Participants,
		AnswersPerPerson: perPerson, Workshop: w}
	s.Errors = w.SaveErrors + w.Missing + w.StreamErrors + w.Events.Missed
	if f := w.Focus; f != nil {
		s.Errors += f.MoveErrors + f.StreamErrors + f.Phone.Missed
	}

	if c.BaselineDB != "" && ctx.Err() == nil {
		d := min(c.NotifyDuration, c.PacedDuration)
		fmt.Fprintf(logw, "raw NOTIFY: %s at %.0f/s from %d connections, %d listening connections\n", d, w.OfferedPerSecond,
			c.BaselineConns, c.Listeners)
		n, err := rawNotify(ctx, c.BaselineDB, c.BaselineConns, c.Listeners, w.OfferedPerSecond, d, c.EventDeadline)
		if err != nil {
			return nil, err
		}
		w.Notify = n
		s.Errors += n.Missed + n.Errors
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
