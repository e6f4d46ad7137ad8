package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// In a workshop every phone follows its respondent stream, GET
// /api/v1/responses/{token}/events, and the facilitator moves the group from
// capability to capability with PUT /api/v1/assessments/{id}/focus. The
// workshop mode opens one such stream per participant, on the URL it joined
// through, moves the focus every --focus-every during the answering, and
// times each move until every phone has read its focus event: from the PUT
// sent and from its acknowledgement.

// focusMove is one PUT of the focus, as the facilitator saw it.
type focusMove struct {
	capability string // "" clears the focus
	instance   int    // the URL it went to, by its number
	sent, ack  time.Time
	failed     bool // refused or not answered: the phones need not follow
}

// focusTracker matches the facilitator's moves with the focus events each
// phone receives. A phone's event may come before the PUT's answer.
type focusTracker struct {
	mu         sync.Mutex
	phones     int
	urls       int // phone i listens through URL i%urls
	moves      []focusMove
	arrived    [][]time.Time // per move, per phone: the first arrival
	repeated   int           // focus events of a move a phone had already seen
	unexpected int           // focus events that match no move sent
	samples    []string      // the first failed moves
	changed    chan struct{}
}

func newFocusTracker(phones, urls int) *focusTracker {
	return &focusTracker{phones: phones, urls: urls, changed: make(chan struct{}, 1)}
}

func (f *focusTracker) poke() {
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

// send records a move about to be sent and returns its number.
func (f *focusTracker) send(capability string, instance int, sent time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.moves = append(f.moves, focusMove{capability: capability, instance: instance, sent: sent})
	f.arrived = append(f.arrived, make([]time.Time, f.phones))
	return len(f.moves) - 1
}

// acked records the answer to move k: acknowledged at at, or failed with err.
func (f *focusTracker) acked(k int, at time.Time, err error) {
	f.mu.Lock()
	f.moves[k].ack, f.moves[k].failed = at, err != nil
	if err != nil && len(f.samples) < maxErrorSamples {
		f.samples = append(f.samples, fmt.Sprintf("focus move %d: %v", k+1, err))
	}
	f.mu.Unlock()
	f.poke()
}

// event records that phone p read a focus event on capability at at. It
// belongs to the latest move to that capability: consecutive moves differ.
func (f *focusTracker) event(p int, capability string, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.poke()
	for k := len(f.moves) - 1; k >= 0; k-- {
		if f.moves[k].capability != capability {
			continue
		}
		if f.arrived[k][p].IsZero() {
			f.arrived[k][p] = at
		} else {
			f.repeated++
		}
		return
	}
	f.unexpected++
}

// outstanding counts the (move, phone) pairs still without an event; a
// failed move is owed to nobody.
func (f *focusTracker) outstanding() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k, m := range f.moves {
		if m.failed {
			continue
		}
		for _, at := range f.arrived[k] {
			if at.IsZero() {
				n++
			}
		}
	}
	return n
}

// settle waits until every move reached every phone, or until deadline
// after the last move was sent, whichever comes first.
func (f *focusTracker) settle(ctx context.Context, deadline time.Duration) {
	f.mu.Lock()
	var last time.Time
	if len(f.moves) > 0 {
		last = f.moves[len(f.moves)-1].sent
	}
	f.mu.Unlock()
	settle(ctx, last.Add(deadline), f.outstanding, f.changed)
}

// focusLatency is what the phones saw of the facilitator's moves.
type focusLatency struct {
	Deliveries int           `json:"deliveries"` // (move, phone) focus events, in time or late
	Missed     int           `json:"missed"`     // (move, phone) pairs without an event within the deadline
	Late       int           `json:"over_1s"`
	P50        time.Duration `json:"p50_ns"` // from the PUT sent to the phone's event
	P99        time.Duration `json:"p99_ns"`
	Max        time.Duration `json:"max_ns"`
	AckP50     time.Duration `json:"after_ack_p50_ns"` // from the PUT acknowledged, 0 when the event came first
	AckP99     time.Duration `json:"after_ack_p99_ns"`
	AckMax     time.Duration `json:"after_ack_max_ns"`
	Earlier    int           `json:"before_ack"` // events that came before their PUT's acknowledgement
}

// summarise sums up the pairs of a successful move, sent through the URL
// numbered instance, and a phone that keep selects. An event after the
// deadline is missed, and its latency still counts.
func (f *focusTracker) summarise(deadline time.Duration, keep func(instance, phone int) bool) focusLatency {
	c := arrivals{deadline: deadline}
	for k, m := range f.moves {
		if m.failed {
			continue
		}
		for p, at := range f.arrived[k] {
			if keep(m.instance, p) {
				c.add(m.sent, m.ack, at)
			}
		}
	}
	sent, afterAck := c.quantiles()
	return focusLatency{Deliveries: c.count, Missed: c.missed, Late: c.late, Earlier: c.earlier,
		P50: sent[0], P99: sent[1], Max: sent[2], AckP50: afterAck[0], AckP99: afterAck[1], AckMax: afterAck[2]}
}

// focusRun is the phones' part of a workshop run.
type focusRun struct {
	Phones       int           `json:"phones"` // respondent streams, one per participant
	Every        time.Duration `json:"every_ns"`
	Moves        int           `json:"moves"`         // PUTs of the focus sent
	MoveErrors   int           `json:"move_errors"`   // of them refused or failed
	StreamErrors int           `json:"stream_errors"` // failed connects and drops of phone streams, answer events on them
	Repeated     int           `json:"repeated"`      // focus events a phone saw twice
	Unexpected   int           `json:"unexpected"`    // focus events of no move
	Put          phase         `json:"put"`           // the facilitator's PUTs
	Phone        focusLatency  `json:"phone"`
	// CrossInstance: moves sent through another instance than the phone's.
	CrossInstance focusLatency `json:"cross_instance"`
}

// result sums the tracker up over every phone and, with several URLs,
// over the pairs of a move and a phone on different instances.
func (f *focusTracker) result(deadline, every time.Duration) *focusRun {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := &focusRun{Phones: f.phones, Every: every, Moves: len(f.moves), Repeated: f.repeated, Unexpected: f.unexpected}
	var put []time.Duration
	for _, m := range f.moves {
		if m.failed {
			r.MoveErrors++
			continue
		}
		put = append(put, m.ack.Sub(m.sent))
	}
	r.Put = newPhase(put, r.MoveErrors, 0)
	r.Phone = f.summarise(deadline, func(int, int) bool { return true })
	if f.urls > 1 {
		r.CrossInstance = f.summarise(deadline, func(instance, phone int) bool { return instance != phone%f.urls })
	}
	return r
}

// focusEvent reads a phone's focus event: {"capability": "ID"} or null.
func (l *listener) focusEvent(ev sseEvent) {
	at := time.Now()
	var d struct {
		Capability *json.RawMessage `json:"capability"`
	}
	if err := json.Unmarshal([]byte(ev.data), &d); err != nil || d.Capability == nil {
		l.fail("focus event %s: want capability: %q", ev.id, ev.data)
		return
	}
	var capability *string
	if err := json.Unmarshal(*d.Capability, &capability); err != nil {
		l.fail("focus event %s: capability is neither a string nor null: %q", ev.id, ev.data)
		return
	}
	l.focus.event(l.n, deref(capability), at)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// focusOrder is the capabilities the facilitator walks through, in the
// questionnaire's order; with a single one it alternates with none, so that
// every move changes the focus.
func focusOrder(q *questionnaire) []string {
	var ids []string
	for _, c := range q.Capabilities {
		ids = append(ids, c.ID)
	}
	if len(ids) == 1 {
		ids = append(ids, "")
	}
	return ids
}

// moveFocus moves the focus to the next capability at start + every, start
// + 2 × every, … for as long as that is before stop, move k through the
// URL numbered k%len(consultants), so that with several instances phones
// learn of moves made on another.
func moveFocus(ctx context.Context, consultants []*client, assessmentID string, order []string, every time.Duration,
	start, stop time.Time, f *focusTracker) {
	for k := 0; ; k++ {
		at := start.Add(time.Duration(k+1) * every)
		if !at.Before(stop) || !wait(ctx, time.Until(at), time.Time{}) {
			return
		}
		capability, instance := order[k%len(order)], k%len(consultants)
		n := f.send(capability, instance, time.Now())
		err := consultants[instance].setFocus(ctx, assessmentID, capability)
		f.acked(n, time.Now(), err)
	}
}

// setFocus puts the facilitator on capability, or on none for "".
func (c *client) setFocus(ctx context.Context, assessmentID, capability string) error {
	var v *string
	if capability != "" {
		v = &capability
	}
	return c.do(ctx, http.MethodPut, "/api/v1/assessments/"+url.PathEscape(assessmentID)+"/focus",
		map[string]*string{"capability": v}, nil)
}

// openPhones opens participant i's respondent stream on bases[i%len(bases)]
// for every token, each followed until ctx ends, and waits until all are
// open, at most streamReady.
func openPhones(ctx context.Context, wg *sync.WaitGroup, hc *http.Client, bases, tokens []string, f *focusTracker) ([]*listener, error) {
	phones := make([]*listener, len(tokens))
	readies := make([]chan struct{}, len(tokens))
	for i, token := range tokens {
		p := &listener{n: i, name: fmt.Sprintf("phone %d", i+1), http: hc, base: bases[i%len(bases)],
			path: "/api/v1/responses/" + url.PathEscape(token) + "/events", focus: f}
		phones[i], readies[i] = p, make(chan struct{})
		wg.Go(func() { p.follow(ctx, readies[i]) })
	}
	timer := time.NewTimer(streamReady)
	defer timer.Stop()
	for i, ready := range readies {
		select {
		case <-ready:
		case <-timer.C:
			p := phones[i]
			p.mu.Lock()
			defer p.mu.Unlock()
			return phones, fmt.Errorf("phone %d on %s: stream not open after %s: %v", i+1, p.base, streamReady, p.samples)
		case <-ctx.Done():
			return phones, ctx.Err()
		}
	}
	return phones, nil
}
