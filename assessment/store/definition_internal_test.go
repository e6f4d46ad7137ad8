package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// fill sets every field reachable from v to a value of its own: strings name
// their path, numbers count up, slices hold two elements, pointers point. A
// field the stored form forgets then comes back zero and the round trip fails.
func fill(v reflect.Value, path string, n *int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		*n++
		v.SetInt(int64(*n))
	case reflect.Float64:
		*n++
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path, n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), path+"."+v.Type().Field(i).Name, n)
		}
	default:
		panic(fmt.Sprintf("fill: %s has kind %s: teach fill and the stored definition about it", path, v.Kind()))
	}
}

func TestDefinitionKeepsEveryField(t *testing.T) {
	var m assessment.Model
	n := 0
	fill(reflect.ValueOf(&m).Elem(), "model", &n)
	b, err := encodeDefinition(&m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeDefinition(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &m) {
		t.Errorf("a field of assessment.Model is lost on its way through the stored definition "+
			"(add it to a new format in definition.go):\n got %+v\nwant %+v", got, &m)
	}
}

func TestDefinitionKeepsNilAndEmpty(t *testing.T) {
	m := &assessment.Model{Slug: "s", Version: "1.0.0", Capabilities: []assessment.Capability{
		{ID: "c", Requires: []string{}, Questions: []assessment.Question{{ID: "q", Type: assessment.Multi}}},
	}}
	b, err := encodeDefinition(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeDefinition(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("got %+v, want %+v", got, m)
	}
}

func TestDecodeDefinitionRefuses(t *testing.T) {
	for name, tt := range map[string]struct{ in, want string }{
		"newer format":           {`{"format": 2, "slug": "s"}`, "format 2 is unknown"},
		"unknown key, format 1":  {`{"format": 1, "slug": "s", "must_have": true}`, "must_have"},
		"unknown key, format 0":  {`{"Slug": "s", "MustHave": true}`, "MustHave"},
		"format 1 keys unmarked": {`{"slug": "s", "recommend_low": "x"}`, "recommend_low"},
		"not JSON":               {`{"Slug": `, "definition"},
		"trailing data":          {`{"format": 1} {}`, "after top-level value"},
	} {
		_, err := decodeDefinition([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", name, err, tt.want)
		}
	}
}

func TestEncodeDefinitionWritesFormat(t *testing.T) {
	b, err := encodeDefinition(&assessment.Model{Slug: "s"})
	if err != nil {
		t.Fatal(err)
	}
	var head map[string]any
	if err := json.Unmarshal(b, &head); err != nil {
		t.Fatal(err)
	}
	if head["format"] != float64(definitionFormat) || head["slug"] != "s" {
		t.Errorf("stored form %s: want format %d and key slug", b, definitionFormat)
	}
}
