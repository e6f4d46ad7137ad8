package report_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/locale"
	"github.com/readiness/readiness/web/report"
)

// gated is a model whose roadmap says everything a reason can say: a
// must-have (two on one capability), prerequisites below target and
// unassessed, low and middling recommendations.
func gated() *assessment.Model {
	levels := func(id, text string, critical int) assessment.Question {
		return assessment.Question{ID: id, Text: text, Type: assessment.Single, Critical: critical, Options: []assessment.Option{
			{ID: "0", Label: "None", Score: f(0)}, {ID: "1", Label: "Some", Score: f(1.0 / 3)},
			{ID: "2", Label: "Most", Score: f(2.0 / 3)}, {ID: "3", Label: "All", Score: f(1)}}}
	}
	capability := func(id, stage string, target int, requires []string, qs ...assessment.Question) assessment.Capability {
		return assessment.Capability{ID: id, Title: "Title " + id, Stage: stage, Target: target, Requires: requires,
			RecommendLow: "Low " + id + ".", RecommendMiddle: "Middle " + id + ".", Questions: qs}
	}
	return &assessment.Model{Slug: "gated", Version: "1.0.0", Title: "Gated",
		Stages: []assessment.Stage{{ID: "s1", Title: "One", Order: 1}, {ID: "s2", Title: "Two", Order: 2}},
		Capabilities: []assessment.Capability{
			capability("a", "s1", 60, nil, levels("qa", "Is there a sponsor?", 100), levels("qa2", "Is there a budget?", 60), levels("qa3", "Vision?", 0)),
			capability("b", "s1", 50, nil, levels("qb", "Builds?", 0)),
			capability("c", "s1", 40, nil, levels("qc", "Tests?", 0)),
			capability("d", "s2", 70, []string{"a", "b", "c"}, levels("qd", "Deploys?", 0)),
			capability("e", "s2", 70, []string{"b"}, levels("qe", "Runs?", 0)),
		}}
}

func picks(pairs ...string) []assessment.Answer {
	var out []assessment.Answer
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, assessment.Answer{RespondentID: "r1", QuestionID: pairs[i], Option: pairs[i+1]})
	}
	return out
}

// TestRoadmapReasonEnglish: worded from its figures in English, a reason
// reads exactly as the domain's (the API's) own.
func TestRoadmapReasonEnglish(t *testing.T) {
	en := locale.Embedded().For("en")
	ix := assessment.NewIndex(gated())
	cases := [][]assessment.Answer{
		picks("qa", "0", "qa2", "3", "qa3", "3", "qb", "1", "qd", "2", "qe", "0"),            // one must-have far short, above target
		picks("qa", "2", "qa2", "1", "qa3", "3", "qb", "3", "qc", "0", "qd", "1", "qe", "3"), // two must-haves, below target
		picks("qa", "3", "qa2", "3", "qa3", "0", "qb", "0", "qc", "0", "qd", "0", "qe", "2"), // below, three prerequisites below
		picks("qd", "1", "qe", "1"),                         // prerequisites unassessed
		picks("qa", "0", "qa2", "0", "qa3", "0", "qd", "2"), // one below, two unassessed
	}
	seen := map[string]bool{}
	for i, answers := range cases {
		r := assessment.Score(ix, answers)
		for _, it := range r.Roadmap {
			if got := report.RoadmapReason(en, ix, it); got != it.Reason {
				t.Errorf("case %d, %s:\n got %q\nwant %q", i, it.Capability, got, it.Reason)
			}
			for _, s := range []string{"a must-have falls short", "must-haves fall short", "points short), and", "at or above",
				"reaches its target", "reach their targets", "it has no scored", "they have no scored", "Low ", "Middle "} {
				if strings.Contains(it.Reason, s) {
					seen[s] = true
				}
			}
		}
	}
	for _, s := range []string{"a must-have falls short", "must-haves fall short", "points short), and", "at or above",
		"reaches its target", "reach their targets", "it has no scored", "they have no scored", "Low ", "Middle "} {
		if !seen[s] {
			t.Errorf("no case says %q", s)
		}
	}
	// The built-in model, as a workshop answers it.
	for _, n := range []int{3, 12, 60} {
		x := workshop(t, n)
		for _, it := range x.Result.Roadmap {
			if got := report.RoadmapReason(en, x.Index, it); got != it.Reason {
				t.Errorf("workshop of %d, %s:\n got %q\nwant %q", n, it.Capability, got, it.Reason)
			}
		}
	}
	// An item made by hand, without figures, keeps its reason.
	if got := report.RoadmapReason(en, ix, assessment.RoadmapItem{Reason: "Short by 10."}); got != "Short by 10." {
		t.Errorf("an item without figures: %q", got)
	}
}

// TestRoadmapReasonGerman: the same figures in German, with German
// quotation marks, list words and the model's German texts.
func TestRoadmapReasonGerman(t *testing.T) {
	de := locale.Embedded().For("de")
	ix := assessment.NewIndex(gated())
	r := assessment.Score(ix, picks("qa", "0", "qa2", "1", "qa3", "3", "qb", "0", "qd", "2", "qe", "1"))
	above := assessment.Score(ix, picks("qa", "0", "qa2", "3", "qa3", "3", "qb", "3", "qc", "3", "qd", "3", "qe", "3"))
	got := map[string]string{"a2": report.RoadmapReason(de, ix, above.Roadmap[0])}
	for _, it := range r.Roadmap {
		got[it.Capability] = report.RoadmapReason(de, ix, it)
	}
	want := map[string]string{
		"a":  "Score 44 bei einem Zielwert von 60 (es fehlen 16 Punkte), und Pflichtkriterien sind nicht erfüllt: „Is there a sponsor?“ liegt bei 0, nötig sind 100 und „Is there a budget?“ liegt bei 33, nötig sind 60. Low a.",
		"a2": "Score 67 erreicht den Zielwert von 60, aber ein Pflichtkriterium ist nicht erfüllt: „Is there a sponsor?“ liegt bei 0, nötig sind 100. Low a.",
		"b":  "Score 0 bei einem Zielwert von 50 (es fehlen 50 Punkte). Low b.",
		"d":  "Score 67 bei einem Zielwert von 70 (es fehlen 3 Punkte). Middle d. Beginnen Sie, sobald Title a und Title b ihre Zielwerte erreichen. Bewerten Sie auch Title c: Dafür gibt es noch keine gewertete Antwort.",
		"e":  "Score 33 bei einem Zielwert von 70 (es fehlen 37 Punkte). Low e. Beginnen Sie, sobald Title b den Zielwert erreicht.",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s:\n got %q\nwant %q", id, got[id], w)
		}
	}
}

// TestCompletenessWords: the completeness note and the empty roadmap's
// sentence read in English as the domain words them, and in German.
func TestCompletenessWords(t *testing.T) {
	en, de := locale.Embedded().For("en"), locale.Embedded().For("de")
	for _, c := range []assessment.Completeness{
		{Answered: 6, Total: 145, Unassessed: 9, Capabilities: 12},
		{Answered: 140, Total: 145, Capabilities: 12},
		{Answered: 145, Total: 145, Capabilities: 12},
		{Answered: 0, Total: 10, Unassessed: 1, Capabilities: 1},
	} {
		if got, want := report.CompletenessNote(en, c), c.Note(); got != want {
			t.Errorf("%+v: note %q, want %q", c, got, want)
		}
		if got, want := report.EmptyRoadmap(en, c), c.EmptyRoadmap(); got != want {
			t.Errorf("%+v: empty roadmap %q, want %q", c, got, want)
		}
	}
	c := assessment.Completeness{Answered: 1234, Total: 2000, Unassessed: 2, Capabilities: 12}
	for got, want := range map[string]string{
		report.CompletenessNote(de, c): "1.234 von 2.000 Fragen beantwortet: vorläufig, 2 von 12 Fähigkeiten noch nicht bewertet",
		report.EmptyRoadmap(de, c):     "Noch nichts auf der Roadmap: 2 Fähigkeiten sind noch nicht bewertet.",
		report.CompletenessNote(de, assessment.Completeness{Answered: 3, Total: 4}): "3 von 4 Fragen beantwortet",
		report.List(de, []string{"A", "B", "C"}):                                    "A, B und C",
	} {
		if got != want {
			t.Errorf("German: %q, want %q", got, want)
		}
	}
	if s := fmt.Sprint(report.CompletenessNote(de, assessment.Completeness{Answered: 4, Total: 4})); s != "" {
		t.Errorf("a complete result has a note: %q", s)
	}
}
