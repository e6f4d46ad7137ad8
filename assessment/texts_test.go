package assessment

import (
	"slices"
	"testing"
)

func TestOrderTexts(t *testing.T) {
	ix := index([]string{"s"},
		capability("first", "s", 50, nil, levels("q1"), text("q2")),
		capability("second", "s", 50, nil, text("q3")),
	)
	in := []ParticipantText{
		{ID: "b", Question: "q3", Kind: TextAnswer, Text: "same"},
		{ID: "x", Question: "q1", Kind: TextComment, Text: "zebra"},
		{ID: "a", Question: "q3", Kind: TextAnswer, Text: "same"},
		{ID: "y", Question: "q2", Kind: TextComment, Text: "a comment"},
		{ID: "z", Question: "q2", Kind: TextAnswer, Text: "z answer"},
		{ID: "w", Question: "q1", Kind: TextComment, Text: "apple", Hidden: true},
		{ID: "gone", Question: "no-such-question", Kind: TextAnswer, Text: "orphan"},
		{ID: "blank", Question: "q2", Kind: TextAnswer, Text: " \n\t"},
	}
	want := []string{"w", "x", "z", "y", "a", "b"}
	for _, order := range [][]ParticipantText{in, reversed(in)} {
		got := OrderTexts(ix, order)
		ids := make([]string, len(got))
		for i, x := range got {
			ids[i] = x.ID
		}
		if !slices.Equal(ids, want) {
			t.Errorf("OrderTexts: %v, want %v", ids, want)
		}
		if got[0].Capability != "first" || got[4].Capability != "second" {
			t.Errorf("capabilities: %+v", got)
		}
	}
	byCap := VisibleByCapability(OrderTexts(ix, in))
	if len(byCap["first"]) != 3 || byCap["first"][0].ID != "x" || len(byCap["second"]) != 2 {
		t.Errorf("VisibleByCapability: %+v", byCap)
	}
}

func reversed(ts []ParticipantText) []ParticipantText {
	out := slices.Clone(ts)
	slices.Reverse(out)
	return out
}
