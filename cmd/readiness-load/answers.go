package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// questionnaire is the part of GET /api/v1/questionnaires/{slug} the load
// needs: the questions and what makes an answer to each valid.
type questionnaire struct {
	Slug         string `json:"slug"`
	Version      string `json:"version"`
	Capabilities []struct {
		ID        string     `json:"id"`
		Questions []question `json:"questions"`
	} `json:"capabilities"`
}

type question struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Options []option `json:"options"`
	Min     *float64 `json:"min"`
	Max     *float64 `json:"max"`
}

type option struct {
	ID    string   `json:"id"`
	Score *float64 `json:"score"`
}

// questions lists the scored questions first, in questionnaire order, then
// the text ones, so that the default count (every scored question) is a
// prefix and a larger count adds free text before it repeats anything.
func (q *questionnaire) questions() (all []question, scored int) {
	var text []question
	for _, c := range q.Capabilities {
		for _, qu := range c.Questions {
			if qu.Type == "text" {
				text = append(text, qu)
				continue
			}
			all = append(all, qu)
		}
	}
	return append(all, text...), len(all)
}

// answer is one PUT body. Exactly one field is set, as the question type says;
// the pointers keep a zero value (option "", value 0) distinct from absent.
type answer struct {
	Option  *string   `json:"option,omitempty"`
	Options *[]string `json:"options,omitempty"`
	Value   *float64  `json:"value,omitempty"`
	Text    *string   `json:"text,omitempty"`
}

// newAnswer picks a valid answer to q: any option, a non-empty set of
// distinct options, a value within [min, max], or a short text.
func newAnswer(q question, r *rand.Rand) (answer, error) {
	switch q.Type {
	case "single", "boolean":
		if len(q.Options) == 0 {
			return answer{}, fmt.Errorf("question %s: %s without options", q.ID, q.Type)
		}
		id := q.Options[r.IntN(len(q.Options))].ID
		return answer{Option: &id}, nil
	case "multi":
		if len(q.Options) == 0 {
			return answer{}, fmt.Errorf("question %s: multi without options", q.ID)
		}
		n := 1 + r.IntN(len(q.Options))
		ids := make([]string, 0, n)
		for _, i := range r.Perm(len(q.Options))[:n] {
			ids = append(ids, q.Options[i].ID)
		}
		return answer{Options: &ids}, nil
	case "scale":
		if q.Min == nil || q.Max == nil || *q.Max < *q.Min {
			return answer{}, fmt.Errorf("question %s: scale without a valid min and max", q.ID)
		}
		// Whole numbers when the range allows them, as a slider would send.
		lo, hi := math.Ceil(*q.Min), math.Floor(*q.Max)
		v := *q.Min
		if hi >= lo {
			v = lo + float64(r.IntN(int(hi-lo)+1))
		}
		return answer{Value: &v}, nil
	case "text":
		t := fmt.Sprintf("load answer %d: we build on every push and deploy twice a week", r.IntN(1000))
		return answer{Text: &t}, nil
	}
	return answer{}, fmt.Errorf("question %s: unknown type %q", q.ID, q.Type)
}

// storedAnswer is one entry of "answers" in GET /api/v1/responses/{token}.
type storedAnswer struct {
	Option  *string  `json:"option"`
	Options []string `json:"options"`
	Value   *float64 `json:"value"`
	Text    *string  `json:"text"`
}

// matches reports whether the server stored what a sent. The order of a
// multi answer is not part of the contract, so sets are compared.
func (s storedAnswer) matches(a answer) bool {
	switch {
	case a.Option != nil:
		return s.Option != nil && *s.Option == *a.Option
	case a.Options != nil:
		return sameSet(s.Options, *a.Options)
	case a.Value != nil:
		return s.Value != nil && *s.Value == *a.Value
	case a.Text != nil:
		return s.Text != nil && *s.Text == *a.Text
	}
	return false
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// body encodes a once, before the clock starts.
func (a answer) body() []byte {
	var buf bytes.Buffer
	// Encoding a struct of strings and numbers cannot fail.
	_ = json.NewEncoder(&buf).Encode(a)
	return buf.Bytes()
}
