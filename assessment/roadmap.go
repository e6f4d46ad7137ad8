package assessment

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// roadmap lists the below-target capabilities of crs (a Result's
// capabilities, in model order) in the order to pursue them.
//
// A capability's layer is 0 when none of its direct prerequisites is below
// target, else one more than the highest layer among those that are. Layer 0
// is Now, 1 Next and the rest Later. Items sort by phase, then stage, then
// layer, then the larger gap, then model order. Because a prerequisite sits in
// the same or an earlier stage and always has a lower layer, this order never
// puts an item before a below-target capability it requires.
func roadmap(ix *Index, crs []CapabilityResult) []RoadmapItem {
	p := planner{ix: ix, crs: crs}
	order := make([]int, 0, len(crs))
	for i := range crs {
		if crs[i].Status == BelowTarget {
			order = append(order, i)
		}
	}
	items := make([]RoadmapItem, 0, len(order))
	if len(order) == 0 {
		return items
	}

	p.layers = make([]int, len(crs))
	for i := range p.layers {
		p.layers[i] = unknownLayer
	}
	stages := make([]int, len(crs))
	nreq := 0
	for _, i := range order {
		p.layer(i)
		stages[i] = len(ix.model.Stages) // unknown stage: after every known one
		if si, ok := ix.stages[crs[i].Stage]; ok {
			stages[i] = si
		}
		for _, j := range p.prerequisites(i) {
			if crs[j].Status == BelowTarget {
				nreq++
			}
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(
			cmp.Compare(phaseRank(p.layers[a]), phaseRank(p.layers[b])),
			cmp.Compare(stages[a], stages[b]),
			cmp.Compare(p.layers[a], p.layers[b]),
			cmp.Compare(crs[b].Gap(), crs[a].Gap()),
			cmp.Compare(a, b),
		)
	})

	// The Requires lists of all items share one backing array.
	requires := make([]string, 0, nreq)
	var below, unassessed, unassessedIDs []string // scratch for the reason, reused per item
	for pos, i := range order {
		c := &crs[i]
		start := len(requires)
		below, unassessed, unassessedIDs = below[:0], unassessed[:0], unassessedIDs[:0]
		for _, j := range p.prerequisites(i) {
			switch crs[j].Status {
			case BelowTarget:
				requires = append(requires, crs[j].ID)
				below = append(below, crs[j].Title)
			case Unassessed:
				unassessed = append(unassessed, crs[j].Title)
				unassessedIDs = append(unassessedIDs, crs[j].ID)
			}
		}
		w := why(ix, c, unassessedIDs)
		items = append(items, RoadmapItem{
			Position:   pos + 1,
			Capability: c.ID,
			Title:      c.Title,
			Stage:      c.Stage,
			Phase:      phases[phaseRank(p.layers[i])],
			Requires:   requires[start:len(requires):len(requires)],
			Score:      *c.Score,
			Target:     c.Target,
			Reason:     reason(ix, &ix.model.Capabilities[i], w, below, unassessed),
			Why:        w,
		})
	}
	return items
}

const (
	unknownLayer = -1
	visiting     = -2 // guards against a cycle the loader should have refused
)

var phases = [...]Phase{Now, Next, Later}

func phaseRank(layer int) int { return min(layer, 2) }

// planner computes layers over the model's requires graph.
type planner struct {
	ix     *Index
	crs    []CapabilityResult
	layers []int
	prereq []int // scratch returned by prerequisites
}

// prerequisites returns the model indices of capability i's direct
// prerequisites, in the order the model lists them, each once. The slice is
// reused by the next call.
func (p *planner) prerequisites(i int) []int {
	p.prereq = p.prereq[:0]
	for _, id := range p.ix.model.Capabilities[i].Requires {
		j, ok := p.ix.caps[id]
		if ok && j != i && !slices.Contains(p.prereq, j) {
			p.prereq = append(p.prereq, j)
		}
	}
	return p.prereq
}

func (p *planner) layer(i int) int {
	switch l := p.layers[i]; l {
	case visiting:
		return -1 // ignore the edge that closes a cycle
	case unknownLayer:
	default:
		return l
	}
	p.layers[i] = visiting
	l := 0
	// Requires, not prerequisites: the recursion would overwrite its scratch.
	for _, id := range p.ix.model.Capabilities[i].Requires {
		j, ok := p.ix.caps[id]
		if !ok || j == i || p.crs[j].Status != BelowTarget {
			continue
		}
		l = max(l, p.layer(j)+1)
	}
	p.layers[i] = l
	return l
}

// why puts into figures why the capability is on the roadmap. Numbers are
// whole: the score is rounded to the nearest integer but never shown as
// reaching the target it misses, so score and gap always add up to the
// target; a must-have's value is never shown as reaching its threshold
// either.
//
// The recommendation for a low score applies when the score is under half
// the target or a must-have is under half its threshold: a missing sponsor
// is a low score whatever the average says.
func why(ix *Index, cr *CapabilityResult, unassessed []string) *RoadmapWhy {
	score, target := *cr.Score, cr.Target // the assessment's target, which may replace the model's
	w := &RoadmapWhy{Target: target, Low: score < float64(target)/2}
	if score < float64(target) {
		w.Score = min(int(math.Round(score)), target-1)
		w.Short = target - w.Score
	} else {
		w.Score = int(math.Round(score))
	}
	if len(cr.CriticalGaps) > 0 {
		w.MustHaves = make([]MustHaveGap, len(cr.CriticalGaps))
		for k, id := range cr.CriticalGaps {
			q, _, _ := ix.Question(id)
			value := float64(q.Critical) - cr.shortfalls[k]
			w.Low = w.Low || value < float64(q.Critical)/2
			w.MustHaves[k] = MustHaveGap{Question: id, Value: min(int(math.Round(value)), q.Critical-1), Needed: q.Critical}
		}
	}
	if len(unassessed) > 0 {
		w.Unassessed = slices.Clone(unassessed)
	}
	return w
}

// reason tells a client, in plain English, what w says: why the capability
// is on the roadmap and what to do about it. A capability held back by a
// critical gap names each such question by its text; below and unassessed
// are the titles of its prerequisites below target and without a scored
// answer.
func reason(ix *Index, c *Capability, w *RoadmapWhy, below, unassessed []string) string {
	var b strings.Builder
	b.WriteString("Scores ")
	if w.Short > 0 {
		b.WriteString(strconv.Itoa(w.Score))
		b.WriteString(" against a target of ")
		b.WriteString(strconv.Itoa(w.Target))
		b.WriteString(" (")
		b.WriteString(strconv.Itoa(w.Short))
		if w.Short == 1 {
			b.WriteString(" point short)")
		} else {
			b.WriteString(" points short)")
		}
		if len(w.MustHaves) > 0 {
			b.WriteString(", and ")
		}
	} else {
		b.WriteString(strconv.Itoa(w.Score))
		b.WriteString(", at or above its target of ")
		b.WriteString(strconv.Itoa(w.Target))
		b.WriteString(", but ")
	}
	if len(w.MustHaves) > 0 {
		if len(w.MustHaves) == 1 {
			b.WriteString("a must-have falls short: ")
		} else {
			b.WriteString("must-haves fall short: ")
		}
		gaps := make([]string, len(w.MustHaves))
		for k, g := range w.MustHaves {
			q, _, _ := ix.Question(g.Question)
			gaps[k] = fmt.Sprintf("“%s” is at %d where it needs %d", q.Text, g.Value, g.Needed)
		}
		writeList(&b, gaps)
	}
	b.WriteByte('.')
	if rec := w.Recommendation(c); rec != "" {
		b.WriteByte(' ')
		b.WriteString(rec)
	}
	if len(below) > 0 {
		b.WriteString(" Start once ")
		writeList(&b, below)
		if len(below) == 1 {
			b.WriteString(" reaches its target.")
		} else {
			b.WriteString(" reach their targets.")
		}
	}
	if len(unassessed) > 0 {
		b.WriteString(" Assess ")
		writeList(&b, unassessed)
		if len(unassessed) == 1 {
			b.WriteString(" too: it has no scored answers yet.")
		} else {
			b.WriteString(" too: they have no scored answers yet.")
		}
	}
	return b.String()
}

// writeList writes "A", "A and B" or "A, B and C".
func writeList(b *strings.Builder, names []string) {
	for k, n := range names {
		switch {
		case k == 0:
		case k == len(names)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(n)
	}
}
