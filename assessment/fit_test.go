package assessment

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func core(q Question) Question {
	q.Core = true
	return q
}

// fitModel is a chain of four capabilities over three stages, each
// requiring the one before: c1 and c2 in s1, c3 in s2, c4 in s3. Every
// capability has a core question; c1 has a second one outside the core form.
func fitModel() *Index {
	return index([]string{"s1", "s2", "s3"},
		capability("c1", "s1", 50, nil, core(levels("q1")), levels("q1x")),
		capability("c2", "s1", 50, []string{"c1"}, core(levels("q2"))),
		capability("c3", "s2", 50, []string{"c2"}, core(levels("q3"))),
		capability("c4", "s3", 50, []string{"c3"}, core(levels("q4"))),
	)
}

// TestScoreFit is scoring rule 8: scope, per-assessment targets and the
// core form, each case one respondent's answers ("q1=3" picks option 3).
func TestScoreFit(t *testing.T) {
	type want struct {
		status      map[string]CapabilityStatus
		scores      map[string]string // capability → fmtScore
		totals      map[string]int    // capability → Total
		stages      []StageStatus
		level       int
		overall     string
		preliminary bool
		roadmap     []string // capability:requires
		reason      string   // a part of the first roadmap item's reason
	}
	for _, tt := range []struct {
		name    string
		fit     Fit
		answers string
		want    want
	}{
		{
			name: "no fit scores everything", answers: "q1=4 q1x=0 q2=1 q3=4 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": Ready, "c2": BelowTarget, "c3": Ready, "c4": Ready},
				scores: map[string]string{"c1": "50", "c2": "25"}, totals: map[string]int{"c1": 2},
				stages: []StageStatus{StageBlocked, StageWaiting, StageWaiting}, level: 0, overall: "65",
				roadmap: []string{"c2:"},
			},
		},
		{
			name: "out of scope: no score, blocks nothing, met as a prerequisite", fit: Fit{Scope: []string{"c1", "c3", "c4"}},
			answers: "q1=1 q1x=1 q2=0 q3=1 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": BelowTarget, "c2": OutOfScope, "c3": BelowTarget, "c4": Ready},
				scores: map[string]string{"c1": "25", "c2": "nil", "c3": "25"}, totals: map[string]int{"c2": 0},
				stages: []StageStatus{StageBlocked, StageBlocked, StageWaiting}, overall: "43.75",
				// c3 requires c2, which is out of scope: nothing before it.
				roadmap: []string{"c1:", "c3:"},
			},
		},
		{
			name: "a stage out of scope is not reached and holds nothing back", fit: Fit{Scope: []string{"c3", "c4"}},
			answers: "q1=0 q2=0 q3=4 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": OutOfScope, "c2": OutOfScope, "c3": Ready, "c4": Ready},
				stages: []StageStatus{StageOutOfScope, StageReached, StageReached}, level: 2, overall: "100",
				roadmap: []string{},
			},
		},
		{
			name: "preliminary while a capability in scope is unassessed", fit: Fit{Scope: []string{"c1", "c2"}},
			answers: "q1=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": Ready, "c2": Unassessed, "c3": OutOfScope, "c4": OutOfScope},
				stages: []StageStatus{StageBlocked, StageOutOfScope, StageOutOfScope}, overall: "100",
				preliminary: true, roadmap: []string{},
			},
		},
		{
			name: "unassessed out of scope is not preliminary", fit: Fit{Scope: []string{"c1"}},
			answers: "q1=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": Ready, "c2": OutOfScope},
				stages: []StageStatus{StageReached, StageOutOfScope, StageOutOfScope}, level: 1, overall: "100",
				roadmap: []string{},
			},
		},
		{
			name: "a raised target puts a capability on the roadmap", fit: Fit{Targets: map[string]int{"c3": 80}},
			answers: "q1=4 q1x=4 q2=4 q3=3 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c3": BelowTarget},
				stages: []StageStatus{StageReached, StageBlocked, StageWaiting}, level: 1, overall: "95",
				roadmap: []string{"c3:"}, reason: "Scores 75 against a target of 80 (5 points short).",
			},
		},
		{
			name: "a lowered target takes it off", fit: Fit{Targets: map[string]int{"c2": 20}},
			answers: "q1=4 q1x=4 q2=1 q3=4 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c2": Ready},
				stages: []StageStatus{StageReached, StageReached, StageReached}, level: 3, overall: "85",
				roadmap: []string{},
			},
		},
		{
			name: "the core form scores and counts core questions only", fit: Fit{Form: FormCore},
			answers: "q1=4 q1x=0 q2=4 q3=4 q4=4",
			want: want{
				status: map[string]CapabilityStatus{"c1": Ready},
				scores: map[string]string{"c1": "100"}, totals: map[string]int{"c1": 1},
				stages: []StageStatus{StageReached, StageReached, StageReached}, level: 3, overall: "100",
				roadmap: []string{},
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := fitModel()
			var answers []Answer
			for _, f := range strings.Fields(tt.answers) {
				q, o, _ := strings.Cut(f, "=")
				answers = append(answers, pick("r1", q, o))
			}
			res := ScoreWith(ix, answers, Options{Fit: tt.fit})
			for _, cr := range res.Capabilities {
				if s, ok := tt.want.status[cr.ID]; ok && cr.Status != s {
					t.Errorf("%s: status %s, want %s", cr.ID, cr.Status, s)
				}
				if s, ok := tt.want.scores[cr.ID]; ok && fmtScore(cr.Score) != s {
					t.Errorf("%s: score %s, want %s", cr.ID, fmtScore(cr.Score), s)
				}
				if n, ok := tt.want.totals[cr.ID]; ok && cr.Total != n {
					t.Errorf("%s: total %d, want %d", cr.ID, cr.Total, n)
				}
				c, _ := ix.Capability(cr.ID)
				if cr.Target != tt.fit.Target(c) {
					t.Errorf("%s: target %d, want %d", cr.ID, cr.Target, tt.fit.Target(c))
				}
			}
			var stages []StageStatus
			for i, sr := range res.Stages {
				stages = append(stages, sr.Status)
				if sr.Reached != (sr.Status == StageReached) {
					t.Errorf("stage %d: reached %v with status %s", i, sr.Reached, sr.Status)
				}
				if sr.Status == StageOutOfScope && sr.Score != nil {
					t.Errorf("stage %d out of scope has score %s", i, fmtScore(sr.Score))
				}
			}
			if !slices.Equal(stages, tt.want.stages) {
				t.Errorf("stages %v, want %v", stages, tt.want.stages)
			}
			if res.Overall.Level != tt.want.level {
				t.Errorf("level %d, want %d", res.Overall.Level, tt.want.level)
			}
			if got := fmtScore(res.Overall.Score); got != tt.want.overall {
				t.Errorf("overall %s, want %s", got, tt.want.overall)
			}
			if res.Preliminary != tt.want.preliminary {
				t.Errorf("preliminary %v, want %v", res.Preliminary, tt.want.preliminary)
			}
			roadmap := []string{}
			for _, it := range res.Roadmap {
				roadmap = append(roadmap, it.Capability+":"+strings.Join(it.Requires, ","))
				if !tt.fit.InScope(it.Capability) {
					t.Errorf("%s is out of scope and on the roadmap", it.Capability)
				}
			}
			if !slices.Equal(roadmap, tt.want.roadmap) {
				t.Errorf("roadmap %v, want %v", roadmap, tt.want.roadmap)
			}
			if tt.want.reason != "" && (len(res.Roadmap) == 0 || !strings.Contains(res.Roadmap[0].Reason, tt.want.reason)) {
				t.Errorf("roadmap %+v, want a first reason with %q", res.Roadmap, tt.want.reason)
			}
		})
	}
}

// TestScoreFitIgnoresAnswersNotAsked: answers kept from before a scope or
// form change count in no total, "don't know" count or divergence.
func TestScoreFitIgnoresAnswersNotAsked(t *testing.T) {
	ix := fitModel()
	answers := []Answer{pick("r1", "q1", "dk"), pick("r2", "q1", "dk"), pick("r1", "q1x", "0"), pick("r2", "q1x", "4"),
		pick("r1", "q2", "dk"), pick("r1", "q3", "4")}
	res := ScoreWith(ix, answers, Options{Fit: Fit{Scope: []string{"c1", "c3"}, Form: FormCore}})
	c1, c2 := res.Capabilities[0], res.Capabilities[1]
	if c1.DontKnow != 2 || len(c1.Divergence) != 0 || c1.Total != 1 {
		t.Errorf("c1: dont know %d, divergence %v, total %d; want 2, none, 1", c1.DontKnow, c1.Divergence, c1.Total)
	}
	if c2.DontKnow != 0 || c2.Total != 0 || c2.Answered != 0 {
		t.Errorf("c2 out of scope counts %+v", c2)
	}
	if res.Overall.DontKnow != 2 || res.Overall.Total != 2 {
		t.Errorf("overall dont know %d total %d, want 2 and 2", res.Overall.DontKnow, res.Overall.Total)
	}
	// Without the fit the same answers count everywhere.
	all := Score(ix, answers)
	if all.Overall.DontKnow != 3 || all.Overall.Total != 5 || len(all.Capabilities[0].Divergence) != 1 {
		t.Errorf("no fit: dont know %d total %d divergence %v", all.Overall.DontKnow, all.Overall.Total, all.Capabilities[0].Divergence)
	}
}

func TestFitCheck(t *testing.T) {
	m := fitModel().Model()
	noCore := index([]string{"s1"}, capability("a", "s1", 50, nil, levels("qa"))).Model()
	partCore := index([]string{"s1"}, capability("a", "s1", 50, nil, core(levels("qa"))),
		capability("b", "s1", 50, nil, levels("qb"))).Model()
	for _, tt := range []struct {
		name  string
		model *Model
		in    Fit
		field string // "" means valid
		want  Fit
	}{
		{name: "zero", model: m, want: Fit{Form: FormFull}},
		{name: "scope in model order, once", model: m, in: Fit{Scope: []string{"c3", "c1", "c3"}},
			want: Fit{Scope: []string{"c1", "c3"}, Form: FormFull}},
		{name: "every capability is all", model: m, in: Fit{Scope: []string{"c4", "c3", "c2", "c1"}}, want: Fit{Form: FormFull}},
		{name: "empty scope", model: m, in: Fit{Scope: []string{}}, field: "scope"},
		{name: "unknown scope", model: m, in: Fit{Scope: []string{"c1", "nope"}}, field: "scope"},
		{name: "targets", model: m, in: Fit{Targets: map[string]int{"c1": 0, "c2": 100}},
			want: Fit{Targets: map[string]int{"c1": 0, "c2": 100}, Form: FormFull}},
		{name: "unknown target", model: m, in: Fit{Targets: map[string]int{"nope": 50}}, field: "targets"},
		{name: "target above 100", model: m, in: Fit{Targets: map[string]int{"c1": 101}}, field: "targets"},
		{name: "target below 0", model: m, in: Fit{Targets: map[string]int{"c1": -1}}, field: "targets"},
		{name: "core", model: m, in: Fit{Form: FormCore}, want: Fit{Form: FormCore}},
		{name: "unknown form", model: m, in: Fit{Form: "short"}, field: "form"},
		{name: "core of a model without core", model: noCore, in: Fit{Form: FormCore}, field: "form"},
		{name: "core with a capability in scope that has none", model: partCore, in: Fit{Form: FormCore}, field: "form"},
		{name: "core with it left out", model: partCore, in: Fit{Form: FormCore, Scope: []string{"a"}},
			want: Fit{Form: FormCore, Scope: []string{"a"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Check(tt.model)
			if tt.field != "" {
				var e *Error
				if !errors.As(err, &e) || e.Kind != Invalid || e.Field != tt.field {
					t.Fatalf("error %v, want invalid %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Scope, tt.want.Scope) || (got.Scope == nil) != (tt.want.Scope == nil) ||
				got.Form != tt.want.Form || len(got.Targets) != len(tt.want.Targets) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for id, v := range tt.want.Targets {
				if got.Targets[id] != v {
					t.Errorf("target %s %d, want %d", id, got.Targets[id], v)
				}
			}
		})
	}
}

func TestEstimateOf(t *testing.T) {
	ops, dev := core(levels("q2")), levels("q3")
	ops.Perspectives = []string{PerspectiveOperations}
	dev.Perspectives = []string{PerspectiveDevelopment}
	m := index([]string{"s1"},
		capability("a", "s1", 50, nil, core(levels("q1")), ops, dev, text("t")),
		capability("b", "s1", 50, nil, core(levels("q4")), levels("q5"), levels("q6")),
	).Model()
	for _, tt := range []struct {
		name        string
		fit         Fit
		perspective string
		want        Estimate
	}{
		{"full, everyone", Fit{}, "", Estimate{7, 2}},             // 140 s
		{"full, operations", Fit{}, "operations", Estimate{6, 2}}, // 120 s
		{"core, everyone", Fit{Form: FormCore}, "", Estimate{3, 1}},
		{"core, development", Fit{Form: FormCore}, "development", Estimate{2, 1}},
		{"scope b", Fit{Scope: []string{"b"}}, "", Estimate{3, 1}},
		{"scope b, core", Fit{Scope: []string{"b"}, Form: FormCore}, "", Estimate{1, 1}}, // 20 s: at least a minute
	} {
		if got := EstimateOf(m, tt.fit, tt.perspective); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
	big := index([]string{"s1"}, capability("a", "s1", 50, nil, slices.Repeat([]Question{levels("q")}, 103)...)).Model()
	if got := EstimateOf(big, Fit{}, ""); got != (Estimate{103, 34}) {
		t.Errorf("103 questions: %+v, want 34 minutes", got)
	}
}

func TestFitApply(t *testing.T) {
	ix := fitModel()
	f := Fit{Scope: []string{"c1", "c3"}, Targets: map[string]int{"c3": 90}, Form: FormCore}
	m := f.Apply(ix.Model())
	var got []string
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			got = append(got, c.ID+"/"+q.ID)
		}
		if c.ID == "c3" && (c.Target != 90 || len(c.Requires) != 0) {
			t.Errorf("c3: target %d requires %v, want 90 and none (c2 is out of scope)", c.Target, c.Requires)
		}
	}
	if !slices.Equal(got, []string{"c1/q1", "c3/q3"}) {
		t.Errorf("asked %v", got)
	}
	if n := len(ix.Model().Capabilities[0].Questions); n != 2 || ix.Model().Capabilities[2].Target != 50 {
		t.Errorf("Apply changed the model it was given")
	}
}

// TestCompareFit: a capability out of scope on a side has no score there
// and is never a like-for-like change; one asked in another form is not either.
func TestCompareFit(t *testing.T) {
	ix := fitModel()
	answers := []Answer{pick("r", "q1", "4"), pick("r", "q1x", "4"), pick("r", "q2", "1"), pick("r", "q3", "2"), pick("r", "q4", "2")}
	from := Assessment{ID: "a"}
	to := Assessment{ID: "b", Scope: []string{"c1", "c3", "c4"}, Form: FormCore}
	fromRes := ScoreWith(ix, answers, Options{Fit: from.Fit()})
	toRes := ScoreWith(ix, answers, Options{Fit: to.Fit()})
	c := Compare(from, to, ix, ix, fromRes, toRes)
	same := map[string]bool{}
	for _, cc := range c.Capabilities {
		same[cc.ID] = cc.SameQuestions
		if cc.ID == "c2" && (cc.ScoreChange.To != nil || cc.ScoreChange.Change != nil || cc.ScoreChange.From == nil) {
			t.Errorf("c2 out of scope on the to side: %+v", cc.ScoreChange)
		}
	}
	if want := map[string]bool{"c1": false, "c2": false, "c3": true, "c4": true}; !maps.Equal(same, want) {
		t.Errorf("same questions %v, want %v", same, want)
	}
	if !slices.Contains(c.Roadmap.Dropped, "c2") {
		t.Errorf("c2 left the scope: dropped %v", c.Roadmap.Dropped)
	}
}
