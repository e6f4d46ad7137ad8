package assessment

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
)

func sameScore(got, want *float64) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return *got == *want
}

// oneCapability is a model with one capability "c" (target 50) holding qs.
func oneCapability(qs ...Question) *Index {
	return index([]string{"s"}, capability("c", "s", 50, nil, qs...))
}

func TestScoreSingleAndBoolean(t *testing.T) {
	ix := oneCapability(
		single("sg", opt("lo", 2), naOpt("na"), opt("mid", 5), dkOpt("dk"), opt("hi", 10)),
		single("neg", opt("minus", -4), opt("zero", 0), opt("plus", 4)),
		single("one", naOpt("na"), opt("yes", 3)),
		boolean("b"),
	)
	tests := []struct {
		name    string
		answers []Answer
		want    *float64
	}{
		{"lowest scored option is 0", []Answer{pick("r1", "sg", "lo")}, num(0)},
		{"unscored options stay out of the range", []Answer{pick("r1", "sg", "mid")}, num(37.5)},
		{"highest scored option is 100", []Answer{pick("r1", "sg", "hi")}, num(100)},
		{"negative scores shift the range", []Answer{pick("r1", "neg", "zero")}, num(50)},
		{"a lone scored option is full marks", []Answer{pick("r1", "one", "yes")}, num(100)},
		{"boolean yes", []Answer{pick("r1", "b", "yes")}, num(100)},
		{"boolean no", []Answer{pick("r1", "b", "no")}, num(0)},
		{"boolean don't know is unscored", []Answer{pick("r1", "b", "dk")}, nil},
		{"respondents are averaged", []Answer{pick("r1", "sg", "lo"), pick("r2", "sg", "hi"), pick("r3", "sg", "hi")}, num(round9(200.0 / 3))},
		{"unknown option is ignored", []Answer{pick("r1", "sg", "huge")}, nil},
		{"unknown question is ignored", []Answer{pick("r1", "nope", "hi")}, nil},
		{"a list of options is the wrong kind", []Answer{picks("r1", "sg", "hi")}, nil},
		{"a value is the wrong kind", []Answer{value("r1", "b", 1)}, nil},
		{"an option plus a value is the wrong kind", []Answer{{RespondentID: "r1", QuestionID: "b", Option: "yes", Value: num(1)}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, tt.answers).Capabilities[0].Score
			if !sameScore(got, tt.want) {
				t.Errorf("score %s, want %s", fmtScore(got), fmtScore(tt.want))
			}
		})
	}
}

func TestScoreMulti(t *testing.T) {
	ix := oneCapability(multi("m", opt("a", 1), opt("b", 3), opt("zero", 0), opt("neg", -2), naOpt("na"), dkOpt("dk")))
	tests := []struct {
		name     string
		answer   Answer
		want     *float64
		dontKnow int
		status   CapabilityStatus
	}{
		{"one option over all positive scores", picks("r1", "m", "a"), num(25), 0, BelowTarget},
		{"every positive option", picks("r1", "m", "a", "b"), num(100), 0, Ready},
		{"empty selection is a scored 0", picks("r1", "m"), num(0), 0, BelowTarget},
		{"a zero option is scored", picks("r1", "m", "zero"), num(0), 0, BelowTarget},
		{"a negative option adds nothing", picks("r1", "m", "b", "neg"), num(75), 0, Ready},
		{"unscored options beside a scored one are ignored", picks("r1", "m", "a", "na", "dk"), num(25), 0, BelowTarget},
		{"not applicable only is unscored", picks("r1", "m", "na"), nil, 0, Inapplicable},
		{"don't know only is unscored and counted", picks("r1", "m", "dk"), nil, 1, Unassessed},
		{"don't know wins over not applicable", picks("r1", "m", "na", "dk"), nil, 1, Unassessed},
		{"a repeated option counts once", picks("r1", "m", "a", "a"), num(25), 0, BelowTarget},
		{"an unknown option voids the answer", picks("r1", "m", "a", "c"), nil, 0, Unassessed},
		{"nil options is the wrong kind", Answer{RespondentID: "r1", QuestionID: "m"}, nil, 0, Unassessed},
		{"a single option is the wrong kind", pick("r1", "m", "a"), nil, 0, Unassessed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Score(ix, []Answer{tt.answer}).Capabilities[0]
			if !sameScore(c.Score, tt.want) || c.DontKnow != tt.dontKnow || c.Status != tt.status {
				t.Errorf("score %s, dont know %d, status %s; want %s, %d, %s",
					fmtScore(c.Score), c.DontKnow, c.Status, fmtScore(tt.want), tt.dontKnow, tt.status)
			}
		})
	}
}

func TestScoreScale(t *testing.T) {
	ix := oneCapability(scale("sc", 1, 5))
	tests := []struct {
		name   string
		answer Answer
		want   *float64
	}{
		{"minimum is 0", value("r1", "sc", 1), num(0)},
		{"a quarter of the way", value("r1", "sc", 2), num(25)},
		{"midpoint", value("r1", "sc", 3), num(50)},
		{"maximum is 100", value("r1", "sc", 5), num(100)},
		{"fractions are kept", value("r1", "sc", 1.5), num(12.5)},
		{"above the maximum is ignored", value("r1", "sc", 6), nil},
		{"below the minimum is ignored", value("r1", "sc", 0), nil},
		{"NaN is ignored", value("r1", "sc", math.NaN()), nil},
		{"infinity is ignored", value("r1", "sc", math.Inf(1)), nil},
		{"an option is the wrong kind", pick("r1", "sc", "5"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, []Answer{tt.answer}).Capabilities[0].Score
			if !sameScore(got, tt.want) {
				t.Errorf("score %s, want %s", fmtScore(got), fmtScore(tt.want))
			}
		})
	}
}

func TestScoreTextIgnored(t *testing.T) {
	ix := oneCapability(text("t"), levels("q"))
	tests := []struct {
		name     string
		answers  []Answer
		want     *float64
		answered int
		status   CapabilityStatus
	}{
		{"text alone scores nothing", []Answer{say("r1", "t", "we deploy weekly")}, nil, 0, Unassessed},
		{"text beside a scored answer changes nothing", []Answer{say("r1", "t", "4"), pick("r1", "q", "2")}, num(50), 1, Ready},
		{"an option on a text question is ignored", []Answer{pick("r1", "t", "4")}, nil, 0, Unassessed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Score(ix, tt.answers).Capabilities[0]
			if !sameScore(c.Score, tt.want) || c.Answered != tt.answered || c.Total != 1 || c.Status != tt.status {
				t.Errorf("score %s, answered %d/%d, status %s; want %s, %d/1, %s",
					fmtScore(c.Score), c.Answered, c.Total, c.Status, fmtScore(tt.want), tt.answered, tt.status)
			}
		})
	}
}

func TestScoreNotApplicable(t *testing.T) {
	ix := oneCapability(levels("q1"), levels("q2"))
	tests := []struct {
		name     string
		answers  []Answer
		want     *float64
		answered int
	}{
		{"not applicable is not a zero", []Answer{pick("r1", "q1", "4"), pick("r2", "q1", "na")}, num(100), 1},
		{"a not-applicable question drops out of the mean", []Answer{pick("r1", "q1", "na"), pick("r1", "q2", "1")}, num(25), 1},
		{"only not applicable scores nothing", []Answer{pick("r1", "q1", "na"), pick("r2", "q2", "na")}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Score(ix, tt.answers).Capabilities[0]
			if !sameScore(c.Score, tt.want) || c.Answered != tt.answered {
				t.Errorf("score %s, answered %d; want %s, %d", fmtScore(c.Score), c.Answered, fmtScore(tt.want), tt.answered)
			}
		})
	}
}

func TestScoreDontKnow(t *testing.T) {
	ix := index([]string{"s"},
		capability("a", "s", 50, nil, levels("q1"), multi("m", opt("x", 1), naOpt("na"), dkOpt("dk"))),
		capability("b", "s", 50, nil, boolean("q2")),
	)
	tests := []struct {
		name    string
		answers []Answer
		a, b    int // don't know per capability
	}{
		{"none", []Answer{pick("r1", "q1", "0")}, 0, 0},
		{"each respondent's counts", []Answer{pick("r1", "q1", "dk"), pick("r2", "q1", "dk"), pick("r3", "q1", "4")}, 2, 0},
		{"multi with only unscored options including don't know", []Answer{picks("r1", "m", "na", "dk")}, 1, 0},
		{"multi with a scored option is not don't know", []Answer{picks("r1", "m", "x", "dk")}, 0, 0},
		{"not applicable is not don't know", []Answer{pick("r1", "q1", "na"), picks("r1", "m", "na")}, 0, 0},
		{"per capability", []Answer{pick("r1", "q1", "dk"), pick("r1", "q2", "dk"), pick("r2", "q2", "dk")}, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(ix, tt.answers)
			a, b := res.Capabilities[0].DontKnow, res.Capabilities[1].DontKnow
			if a != tt.a || b != tt.b || res.Overall.DontKnow != tt.a+tt.b {
				t.Errorf("don't know a=%d b=%d overall=%d; want %d, %d, %d", a, b, res.Overall.DontKnow, tt.a, tt.b, tt.a+tt.b)
			}
		})
	}
}

func TestScoreWeights(t *testing.T) {
	// a and b share stage s1; c (stage s2) is never answered so it must not
	// pull any score down.
	build := func(q1, a, b float64) *Index {
		ca := capability("a", "s1", 50, nil, weighted(levels("q1"), q1), levels("q2"))
		ca.Weight = a
		cb := capability("b", "s1", 50, nil, levels("q3"))
		cb.Weight = b
		return index([]string{"s1", "s2"}, ca, cb, capability("c", "s2", 50, nil, levels("q4")))
	}
	answers := []Answer{pick("r1", "q1", "4"), pick("r1", "q2", "0"), pick("r1", "q3", "0")}
	tests := []struct {
		name       string
		ix         *Index
		answers    []Answer
		a, overall float64
	}{
		{"defaults", build(0, 0, 0), answers, 50, round9(100.0 / 3)},
		{"question weight", build(3, 1, 1), answers, 75, 60},
		{"capability weight counts overall, not in its own score", build(1, 1, 2), answers, 50, 25},
		{"both", build(3, 1, 2), answers, 75, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(tt.ix, tt.answers)
			a := res.Capabilities[0].Score
			if a == nil || *a != tt.a {
				t.Errorf("capability a %s, want %v", fmtScore(a), tt.a)
			}
			if o := res.Overall.Score; o == nil || *o != tt.overall {
				t.Errorf("overall %s, want %v", fmtScore(o), tt.overall)
			}
			// s1 holds every answered question, so its score is the overall one.
			if s := res.Stages[0].Score; !sameScore(s, res.Overall.Score) {
				t.Errorf("stage s1 %s, want %s", fmtScore(s), fmtScore(res.Overall.Score))
			}
			if s := res.Stages[1].Score; s != nil {
				t.Errorf("stage s2 %s, want nil: nothing answered there", fmtScore(s))
			}
		})
	}
}

func TestScoreExactHalf(t *testing.T) {
	// With weights 0.1, 0.2 and 0.3 these means come out of float arithmetic
	// as 49.999999999999986 and the like; the rounding must restore them.
	ix := oneCapability(weighted(levels("q1"), 0.1), weighted(levels("q2"), 0.2), weighted(levels("q3"), 0.3))
	tests := []struct {
		name       string
		q1, q2, q3 string
		want       float64
	}{
		{"0, 0, 1 is 50", "0", "0", "4", 50},
		{"a quarter, a quarter, three quarters is 50", "1", "1", "3", 50},
		{"three quarters everywhere is 75", "3", "3", "3", 75},
		{"0, 0, a half is 25", "0", "0", "2", 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, []Answer{pick("r1", "q1", tt.q1), pick("r1", "q2", tt.q2), pick("r1", "q3", tt.q3)}).Capabilities[0].Score
			if got == nil || *got != tt.want {
				t.Errorf("score %s, want exactly %v", fmtScore(got), tt.want)
			}
		})
	}
}

func TestScoreSilentRespondent(t *testing.T) {
	ix := index([]string{"s"},
		capability("a", "s", 50, nil, levels("q1"), text("t")),
		capability("b", "s", 50, nil, levels("q2")),
	)
	base := []Answer{pick("r1", "q1", "4"), pick("r2", "q1", "1")}
	tests := []struct {
		name  string
		extra []Answer
	}{
		{"a respondent with no answers", nil},
		{"a respondent who answered only text", []Answer{say("r3", "t", "no idea")}},
		{"a respondent whose answers are all ignored", []Answer{pick("r3", "q1", "9"), pick("r3", "gone", "1")}},
		{"a respondent who answered only another capability", []Answer{pick("r3", "q2", "0")}},
	}
	want := Score(ix, base).Capabilities[0]
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, append(slices.Clone(base), tt.extra...)).Capabilities[0]
			if !reflect.DeepEqual(got, want) {
				t.Errorf("capability a = %+v (score %s), want %+v (score %s)", got, fmtScore(got.Score), want, fmtScore(want.Score))
			}
		})
	}
}

func TestScoreDivergence(t *testing.T) {
	ix := oneCapability(levels("q"), levels("other"), scale("sc", 0, 10))
	// room has n respondents answer q with opt and returns their answers.
	room := func(from, n int, q, opt string) []Answer {
		var as []Answer
		for k := range n {
			as = append(as, pick(fmt.Sprintf("r%d", from+k), q, opt))
		}
		return as
	}
	tests := []struct {
		name    string
		answers []Answer
		want    []string
	}{
		{"0 against 1", []Answer{pick("r1", "q", "0"), pick("r2", "q", "4")}, []string{"q"}},
		{"two answers exactly 0.5 apart", []Answer{pick("r1", "q", "1"), pick("r2", "q", "3")}, []string{"q"}},
		{"0.5 apart on a scale with float noise", []Answer{value("r1", "sc", 1.1), value("r2", "sc", 6.1)}, []string{"sc"}},
		{"a quarter apart", []Answer{pick("r1", "q", "1"), pick("r2", "q", "2")}, []string{}},
		{"identical answers", []Answer{pick("r1", "q", "3"), pick("r2", "q", "3"), pick("r3", "q", "3")}, []string{}},
		{"identical extremes among many", append(room(1, 10, "q", "4"), room(11, 10, "other", "0")...), []string{}},
		{"one outlier in a room of 20", append(room(1, 19, "q", "4"), pick("r20", "q", "0")), []string{}},
		{"a room split in two", append(room(1, 10, "q", "4"), room(11, 10, "q", "0")...), []string{"q"}},
		{"a room split 15 to 5", append(room(1, 15, "q", "4"), room(16, 5, "q", "0")...), []string{"q"}}, // sd 0.433
		{"extremes with a middle", []Answer{pick("r1", "q", "2"), pick("r2", "q", "3"), pick("r3", "q", "4")}, []string{}},
		{"one respondent never diverges", []Answer{pick("r1", "q", "0")}, []string{}},
		{"unscored answers do not diverge", []Answer{pick("r1", "q", "0"), pick("r2", "q", "na"), pick("r3", "q", "dk")}, []string{}},
		{"most divergent first", []Answer{
			pick("r1", "q", "1"), pick("r2", "q", "3"), // sd 0.25
			value("r1", "sc", 0), value("r2", "sc", 10), // sd 0.5
			pick("r1", "other", "0"), pick("r2", "other", "3"), // sd 0.375
		}, []string{"sc", "other", "q"}},
		{"ties in model order", []Answer{
			value("r1", "sc", 0), value("r2", "sc", 10), pick("r1", "other", "0"), pick("r2", "other", "4"), pick("r1", "q", "0"), pick("r2", "q", "4"),
		}, []string{"q", "other", "sc"}},
		{"ties despite float noise keep model order", []Answer{
			value("r1", "sc", 1.1), value("r2", "sc", 6.1), pick("r1", "q", "1"), pick("r2", "q", "3"),
		}, []string{"q", "sc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(ix, tt.answers).Capabilities[0].Divergence
			if got == nil || !slices.Equal(got, tt.want) {
				t.Errorf("divergence %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestScoreStatus(t *testing.T) {
	ix := oneCapability(levels("q1"), multi("m", opt("x", 1), naOpt("na"), dkOpt("dk")), text("t"))
	tests := []struct {
		name    string
		answers []Answer
		want    CapabilityStatus
	}{
		{"exactly the target is ready", []Answer{pick("r1", "q1", "2")}, Ready},
		{"below the target", []Answer{pick("r1", "q1", "1")}, BelowTarget},
		{"no answers is unassessed", nil, Unassessed},
		{"every answer not applicable is inapplicable", []Answer{pick("r1", "q1", "na"), pick("r2", "q1", "na"), picks("r1", "m", "na")}, Inapplicable},
		{"not applicable beside don't know is unassessed", []Answer{pick("r1", "q1", "na"), pick("r2", "q1", "dk")}, Unassessed},
		{"don't know only is unassessed", []Answer{picks("r1", "m", "dk")}, Unassessed},
		{"text answers do not make it applicable", []Answer{pick("r1", "q1", "na"), say("r1", "t", "n/a")}, Inapplicable},
		{"only ignored answers is unassessed", []Answer{pick("r1", "q1", "7")}, Unassessed},
		{"not applicable beside a scored answer is scored", []Answer{pick("r1", "q1", "na"), picks("r2", "m", "x")}, Ready},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(ix, tt.answers).Capabilities[0].Status; got != tt.want {
				t.Errorf("status %s, want %s", got, tt.want)
			}
		})
	}
}

func TestScoreStages(t *testing.T) {
	ix := index([]string{"s1", "s2", "s3"},
		capability("a", "s1", 50, nil, levels("qa")),
		capability("c", "s2", 50, nil, levels("qc")),
		capability("b", "s1", 50, nil, levels("qb")), // model order, not stage order, decides blocked_by order
		capability("d", "s3", 50, nil, levels("qd")),
	)
	// answers turns "a=hi b=na" shorthand into answers: hi ready, lo below, na not applicable.
	answers := func(states map[string]string) []Answer {
		opts := map[string]string{"hi": "4", "lo": "0", "na": "na", "dk": "dk"}
		var as []Answer
		for _, id := range []string{"a", "b", "c", "d"} {
			if s, ok := states[id]; ok {
				as = append(as, pick("r1", "q"+id, opts[s]))
			}
		}
		return as
	}
	all := func(s string) map[string]string { return map[string]string{"a": s, "b": s, "c": s, "d": s} }
	with := func(m map[string]string, kv ...string) map[string]string {
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		states  map[string]string
		reached []bool
		blocked [][]string
		level   int
	}{
		{"all ready", all("hi"), []bool{true, true, true}, [][]string{{}, {}, {}}, 3},
		{"nothing answered", nil, []bool{false, false, false}, [][]string{{"a", "b"}, {"c"}, {"d"}}, 0},
		{"empty when only an earlier stage holds it back", with(all("hi"), "b", "lo"),
			[]bool{false, false, false}, [][]string{{"b"}, {}, {}}, 0},
		{"listed even when an earlier stage is unreached", with(all("lo"), "a", "hi", "b", "hi"),
			[]bool{true, false, false}, [][]string{{}, {"c"}, {"d"}}, 1},
		{"not applicable blocks nothing", with(all("hi"), "b", "na", "c", "na"),
			[]bool{true, true, true}, [][]string{{}, {}, {}}, 3},
		{"every capability not applicable", all("na"), []bool{true, true, true}, [][]string{{}, {}, {}}, 3},
		{"unassessed blocks", with(all("hi"), "a", "dk"), []bool{false, false, false}, [][]string{{"a"}, {}, {}}, 0},
		{"blocked in model order", with(all("hi"), "a", "lo", "b", "dk"), []bool{false, false, false}, [][]string{{"a", "b"}, {}, {}}, 0},
		{"only the last stage short", with(all("hi"), "d", "lo"), []bool{true, true, false}, [][]string{{}, {}, {"d"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(ix, answers(tt.states))
			for i, s := range res.Stages {
				if s.Reached != tt.reached[i] || s.BlockedBy == nil || !slices.Equal(s.BlockedBy, tt.blocked[i]) {
					t.Errorf("stage %s: reached %v, blocked by %#v; want %v, %#v", s.ID, s.Reached, s.BlockedBy, tt.reached[i], tt.blocked[i])
				}
			}
			if res.Overall.Level != tt.level {
				t.Errorf("level %d, want %d", res.Overall.Level, tt.level)
			}
		})
	}
}

func TestScoreAnswerHandling(t *testing.T) {
	ix := index([]string{"s"},
		capability("a", "s", 50, nil, levels("q1"), levels("q2"), text("t")),
		capability("b", "s", 50, nil, boolean("q3")),
	)
	tests := []struct {
		name            string
		answers         []Answer
		a               *float64
		answered, total int // overall
		divergent       bool
	}{
		{"the later of two answers wins", []Answer{pick("r1", "q1", "0"), pick("r1", "q1", "4")}, num(100), 1, 3, false},
		{"in either order", []Answer{pick("r1", "q1", "4"), pick("r1", "q1", "0")}, num(0), 1, 3, false},
		{"apart in the slice", []Answer{pick("r1", "q1", "0"), pick("r2", "q1", "4"), pick("r1", "q2", "4"), pick("r1", "q1", "4")}, num(100), 2, 3, false},
		{"a later malformed answer replaces the earlier one", []Answer{pick("r1", "q1", "4"), pick("r1", "q1", "zzz")}, nil, 0, 3, false},
		{"duplicates do not fake a divergence", []Answer{pick("r1", "q1", "0"), pick("r1", "q1", "4"), pick("r2", "q1", "4")}, num(100), 1, 3, false},
		{"answered counts questions, not answers", []Answer{pick("r1", "q1", "1"), pick("r2", "q1", "3"), pick("r1", "q3", "yes")}, num(50), 2, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(ix, tt.answers)
			a := res.Capabilities[0]
			if !sameScore(a.Score, tt.a) {
				t.Errorf("capability a %s, want %s", fmtScore(a.Score), fmtScore(tt.a))
			}
			if res.Overall.Answered != tt.answered || res.Overall.Total != tt.total {
				t.Errorf("answered %d/%d, want %d/%d", res.Overall.Answered, res.Overall.Total, tt.answered, tt.total)
			}
			if got := len(a.Divergence) > 0; got != tt.divergent {
				t.Errorf("divergence %v, want divergent=%v", a.Divergence, tt.divergent)
			}
		})
	}
}

func TestScoreEmpty(t *testing.T) {
	ix := index([]string{"s1", "s2"},
		capability("a", "s1", 50, nil, levels("q1")),
		capability("b", "s2", 50, []string{"a"}, levels("q2")),
	)
	res := Score(ix, nil)
	if res.Overall.Score != nil || res.Overall.Level != 0 || res.Overall.Answered != 0 || res.Overall.Total != 2 {
		t.Errorf("overall %+v (score %s), want no score, level 0, 0/2", res.Overall, fmtScore(res.Overall.Score))
	}
	if res.Roadmap == nil || len(res.Roadmap) != 0 {
		t.Errorf("roadmap %#v, want empty and not nil", res.Roadmap)
	}
	for _, s := range res.Stages {
		if s.BlockedBy == nil || s.Score != nil {
			t.Errorf("stage %s: blocked by %#v, score %s; want a non-nil list and no score", s.ID, s.BlockedBy, fmtScore(s.Score))
		}
	}
	for _, c := range res.Capabilities {
		if c.Divergence == nil || c.Status != Unassessed {
			t.Errorf("capability %s: divergence %#v, status %s; want a non-nil list, unassessed", c.ID, c.Divergence, c.Status)
		}
	}
	if got, want := []string{res.Stages[0].ID, res.Stages[1].ID, res.Capabilities[0].ID, res.Capabilities[1].ID}, []string{"s1", "s2", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
