package report

import (
	"strings"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
)

// The domain's sentences that pages and the PDF show, worded in a reader's
// language. assessment keeps its own English wording for the JSON API (a
// roadmap item's reason is part of the contract); these take its figures
// instead, so that a German page says the same in German. In English they
// say exactly what the domain says.

// RoadmapReason says why it is on the roadmap and what to do about it, in
// p's language. ix is the model in that language: the must-haves'
// questions, the recommendation and the prerequisites' titles come from it.
// An item without figures (one put together by hand) keeps its Reason.
func RoadmapReason(p *locale.Printer, ix *assessment.Index, it assessment.RoadmapItem) string {
	w := it.Why
	if w == nil || ix == nil {
		return it.Reason
	}
	var parts []string
	var must string
	if len(w.MustHaves) > 0 {
		gaps := make([]string, len(w.MustHaves))
		for k, g := range w.MustHaves {
			text := g.Question
			if q, _, ok := ix.Question(g.Question); ok {
				text = q.Text
			}
			gaps[k] = p.T("roadmap.must_have", "Question", text, "Value", p.Number(g.Value), "Needed", p.Number(g.Needed))
		}
		must = p.Tn("roadmap.must_haves", len(gaps), "List", List(p, gaps))
	}
	score, target := p.Number(w.Score), p.Number(w.Target)
	switch {
	case w.Short > 0 && must == "":
		parts = append(parts, p.T("roadmap.below", "Score", score, "Target", target, "Short", p.Tn("roadmap.short", w.Short)))
	case w.Short > 0:
		parts = append(parts, p.T("roadmap.below_must", "Score", score, "Target", target, "Short", p.Tn("roadmap.short", w.Short), "MustHaves", must))
	default:
		parts = append(parts, p.T("roadmap.above_must", "Score", score, "Target", target, "MustHaves", must))
	}
	if c, ok := ix.Capability(it.Capability); ok {
		if rec := w.Recommendation(c); rec != "" {
			parts = append(parts, rec)
		}
	}
	titles := func(ids []string) []string {
		out := make([]string, len(ids))
		for k, id := range ids {
			out[k] = id
			if c, ok := ix.Capability(id); ok {
				out[k] = c.Title
			}
		}
		return out
	}
	if len(it.Requires) > 0 {
		parts = append(parts, p.Tn("roadmap.start_once", len(it.Requires), "List", List(p, titles(it.Requires))))
	}
	if len(w.Unassessed) > 0 {
		parts = append(parts, p.Tn("roadmap.assess_too", len(w.Unassessed), "List", List(p, titles(w.Unassessed))))
	}
	return strings.Join(parts, " ")
}

// List joins names as the language lists them: "A", "A and B", "A, B and C".
func List(p *locale.Printer, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return p.T("roadmap.list", "Init", strings.Join(names[:len(names)-1], p.T("roadmap.list_sep")), "Last", names[len(names)-1])
}

// CompletenessNote says how much of a result rests on answers, in p's
// language, as assessment.Completeness.Note does in English; "" once every
// scored question has a value.
func CompletenessNote(p *locale.Printer, c assessment.Completeness) string {
	switch {
	case c.Unassessed > 0:
		return p.T("completeness.preliminary", "Answered", p.Number(c.Answered), "Total", p.Number(c.Total),
			"Unassessed", p.Number(c.Unassessed), "Capabilities", p.Number(c.Capabilities))
	case c.Partial():
		return p.T("completeness.partial", "Answered", p.Number(c.Answered), "Total", p.Number(c.Total))
	}
	return ""
}

// EmptyRoadmap says why a roadmap has no item, in p's language, as
// assessment.Completeness.EmptyRoadmap does in English: never "nothing to
// do" while capabilities wait to be assessed.
func EmptyRoadmap(p *locale.Printer, c assessment.Completeness) string {
	if c.Unassessed > 0 {
		return p.Tn("completeness.roadmap_waiting", c.Unassessed)
	}
	return p.T("completeness.roadmap_empty")
}
