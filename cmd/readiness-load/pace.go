package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// phases says which phases a run has. They always run in the same order,
// saturation (and its baseline) first, whatever order --phases names them in.
type phases struct {
	Saturation bool
	Paced      bool
}

// parsePhases reads a comma-separated list of phase names.
func parsePhases(s string) (phases, error) {
	var p phases
	for name := range strings.SplitSeq(s, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "saturation":
			p.Saturation = true
		case "paced":
			p.Paced = true
		default:
			return phases{}, fmt.Errorf("--phases %q: unknown phase %q; want saturation, paced or both", s, strings.TrimSpace(name))
		}
	}
	return p, nil
}

// pace spaces the answers of one phase. The zero value sends each answer
// the moment the previous one is acknowledged, which is the saturation phase.
type pace struct {
	think time.Duration // mean think time between answers; 0 for none
	until time.Duration // no answer is sent this long after the start or later; 0 for no limit
	seed  uint64
}

// rand gives participant i a generator of its own, so that what it draws
// depends neither on the goroutine schedule nor on the other participants,
// and two runs with one seed draw the same.
func (p pace) rand(i int) *rand.Rand {
	return rand.New(rand.NewPCG(p.seed, uint64(i)))
}

// delay is how long a participant waits before its answer number j (from 0).
func (p pace) delay(r *rand.Rand, j int) time.Duration {
	if p.think <= 0 {
		return 0
	}
	if j == 0 {
		return firstOffset(r, p.think)
	}
	return thinkTime(r, p.think)
}

// thinkTime draws uniformly from think ± 50 %, both ends included: people
// read a question for a while, never for no time at all.
func thinkTime(r *rand.Rand, think time.Duration) time.Duration {
	lo, hi := think-think/2, think+think/2
	return lo + time.Duration(r.Int64N(int64(hi-lo)+1))
}

// firstOffset draws uniformly from [0, think): participants who all opened
// the form at the same moment would otherwise answer in lockstep, and the
// phase would measure bursts of N saves rather than a steady rate.
func firstOffset(r *rand.Rand, think time.Duration) time.Duration {
	return time.Duration(r.Int64N(int64(think)))
}

// wait sleeps for d and reports whether the participant should then send.
// It does not start a sleep that would reach stop (zero: no stop), so a
// phase ends on time without cutting requests already sent.
func wait(ctx context.Context, d time.Duration, stop time.Time) bool {
	if !stop.IsZero() && !time.Now().Add(d).Before(stop) {
		return false
	}
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
