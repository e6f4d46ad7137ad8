package assessment

import (
	"reflect"
	"testing"
)

func TestDistribution(t *testing.T) {
	ix := oneCapability(
		single("s", opt("lo", 0), opt("hi", 1), dkOpt("dk"), naOpt("na")),
		multi("m", opt("a", 1), opt("b", 1), dkOpt("dk")),
		scale("v", 0, 10),
		text("t"),
	)
	tests := []struct {
		name    string
		answers []Answer
		want    []QuestionDistribution
	}{
		{"nobody answered: both withheld", nil, []QuestionDistribution{
			{Question: "s", Capability: "c", Withheld: true, Counts: map[string]int{}},
			{Question: "m", Capability: "c", Withheld: true, Counts: map[string]int{}},
		}},
		{"two respondents are withheld", []Answer{pick("r1", "s", "lo"), pick("r2", "s", "hi")}, []QuestionDistribution{
			{Question: "s", Capability: "c", Respondents: 2, Withheld: true, Counts: map[string]int{}},
			{Question: "m", Capability: "c", Withheld: true, Counts: map[string]int{}},
		}},
		{"three respondents are shown, don't know and not applicable included", []Answer{
			pick("r1", "s", "lo"), pick("r2", "s", "dk"), pick("r3", "s", "na"),
			picks("r1", "m", "a", "b"), picks("r2", "m", "a", "a"), picks("r3", "m"),
		}, []QuestionDistribution{
			{Question: "s", Capability: "c", Respondents: 3, Counts: map[string]int{"lo": 1, "dk": 1, "na": 1}},
			{Question: "m", Capability: "c", Respondents: 3, Counts: map[string]int{"a": 2, "b": 1}},
		}},
		{"a later answer replaces an earlier one", []Answer{
			pick("r1", "s", "lo"), pick("r2", "s", "lo"), pick("r3", "s", "lo"), pick("r1", "s", "hi"),
		}, []QuestionDistribution{
			{Question: "s", Capability: "c", Respondents: 3, Counts: map[string]int{"lo": 2, "hi": 1}},
			{Question: "m", Capability: "c", Withheld: true, Counts: map[string]int{}},
		}},
		{"invalid answers do not count towards the group", []Answer{
			pick("r1", "s", "lo"), pick("r2", "s", "lo"), pick("r3", "s", "nope"), picks("r4", "s", "lo"),
			{RespondentID: "r5", QuestionID: "s", Option: "lo", Value: num(1)},
		}, []QuestionDistribution{
			{Question: "s", Capability: "c", Respondents: 2, Withheld: true, Counts: map[string]int{}},
			{Question: "m", Capability: "c", Withheld: true, Counts: map[string]int{}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Distribution(ix, tt.answers); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
