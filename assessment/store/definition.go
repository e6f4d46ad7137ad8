package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/readiness/readiness/assessment"
)

// The questionnaire an assessment is pinned to is stored as JSON in
// assessments.definition. Its shape belongs to the store, not to the Go
// names of assessment.Model: each stored form below names its keys
// explicitly, so that renaming a field of the domain cannot silently drop it
// from old assessments. Each form is frozen once it has been written:
// renaming or removing a key, or changing what a value means, is a new
// format number with a type of its own, and decodeDefinition keeps reading
// every older one. Only a new key whose absence means the zero value may join
// the current format (older rows, lacking it, then read as before).
//
//   - format 0 (rows written before formats were numbered): the JSON of
//     assessment.Model without tags, keys being its Go field names; no
//     "format" key.
//   - format 1: the keys of definitionV1, and "format": 1.

// definitionFormat is the format encodeDefinition writes.
const definitionFormat = 1

type definitionV1 struct {
	Format       int            `json:"format"`
	Slug         string         `json:"slug"`
	Version      string         `json:"version"`
	Title        string         `json:"title"`
	Description  string         `json:"description"`
	Stages       []stageV1      `json:"stages"`
	Capabilities []capabilityV1 `json:"capabilities"`
}

type stageV1 struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Order       int    `json:"order"`
}

type capabilityV1 struct {
	ID              string       `json:"id"`
	Title           string       `json:"title"`
	Stage           string       `json:"stage"`
	Requires        []string     `json:"requires"`
	Target          int          `json:"target"`
	Weight          float64      `json:"weight"`
	Description     string       `json:"description"`
	Perspectives    []string     `json:"perspectives"`
	RecommendLow    string       `json:"recommend_low"`
	RecommendMiddle string       `json:"recommend_middle"`
	Questions       []questionV1 `json:"questions"`
}

type questionV1 struct {
	ID           string     `json:"id"`
	Text         string     `json:"text"`
	Help         string     `json:"help"`
	Type         string     `json:"type"`
	Options      []optionV1 `json:"options"`
	Min          *float64   `json:"min"`
	Max          *float64   `json:"max"`
	Weight       float64    `json:"weight"`
	Critical     int        `json:"critical,omitempty"` // absent: not a must-have
	Perspectives []string   `json:"perspectives"`
	Core         bool       `json:"core,omitempty"` // absent: not in the core form
}

type optionV1 struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Score    *float64 `json:"score"`
	Unscored string   `json:"unscored"`
}

// definitionV0 is the shape of format 0, spelt out: the keys are the Go
// field names assessment.Model had when those rows were written.
type definitionV0 struct {
	Slug         string         `json:"Slug"`
	Version      string         `json:"Version"`
	Title        string         `json:"Title"`
	Description  string         `json:"Description"`
	Stages       []stageV0      `json:"Stages"`
	Capabilities []capabilityV0 `json:"Capabilities"`
}

type stageV0 struct {
	ID          string `json:"ID"`
	Title       string `json:"Title"`
	Description string `json:"Description"`
	Order       int    `json:"Order"`
}

type capabilityV0 struct {
	ID              string       `json:"ID"`
	Title           string       `json:"Title"`
	Stage           string       `json:"Stage"`
	Requires        []string     `json:"Requires"`
	Target          int          `json:"Target"`
	Weight          float64      `json:"Weight"`
	Description     string       `json:"Description"`
	Perspectives    []string     `json:"Perspectives"`
	RecommendLow    string       `json:"RecommendLow"`
	RecommendMiddle string       `json:"RecommendMiddle"`
	Questions       []questionV0 `json:"Questions"`
}

type questionV0 struct {
	ID           string     `json:"ID"`
	Text         string     `json:"Text"`
	Help         string     `json:"Help"`
	Type         string     `json:"Type"`
	Options      []optionV0 `json:"Options"`
	Min          *float64   `json:"Min"`
	Max          *float64   `json:"Max"`
	Weight       float64    `json:"Weight"`
	Perspectives []string   `json:"Perspectives"`
}

type optionV0 struct {
	ID       string   `json:"ID"`
	Label    string   `json:"Label"`
	Score    *float64 `json:"Score"`
	Unscored string   `json:"Unscored"`
}

// encodeDefinition returns the stored form of m in the current format.
func encodeDefinition(m *assessment.Model) ([]byte, error) {
	d := definitionV1{Format: definitionFormat, Slug: m.Slug, Version: m.Version, Title: m.Title,
		Description: m.Description}
	if m.Stages != nil {
		d.Stages = make([]stageV1, len(m.Stages))
	}
	for i, s := range m.Stages {
		d.Stages[i] = stageV1{ID: s.ID, Title: s.Title, Description: s.Description, Order: s.Order}
	}
	if m.Capabilities != nil {
		d.Capabilities = make([]capabilityV1, len(m.Capabilities))
	}
	for i := range m.Capabilities {
		c := &m.Capabilities[i]
		dc := capabilityV1{ID: c.ID, Title: c.Title, Stage: c.Stage, Requires: c.Requires, Target: c.Target,
			Weight: c.Weight, Description: c.Description, Perspectives: c.Perspectives,
			RecommendLow: c.RecommendLow, RecommendMiddle: c.RecommendMiddle}
		if c.Questions != nil {
			dc.Questions = make([]questionV1, len(c.Questions))
		}
		for j := range c.Questions {
			q := &c.Questions[j]
			dq := questionV1{ID: q.ID, Text: q.Text, Help: q.Help, Type: string(q.Type), Min: q.Min, Max: q.Max,
				Weight: q.Weight, Critical: q.Critical, Perspectives: q.Perspectives, Core: q.Core}
			if q.Options != nil {
				dq.Options = make([]optionV1, len(q.Options))
			}
			for k, o := range q.Options {
				dq.Options[k] = optionV1{ID: o.ID, Label: o.Label, Score: o.Score, Unscored: string(o.Unscored)}
			}
			dc.Questions[j] = dq
		}
		d.Capabilities[i] = dc
	}
	return json.Marshal(&d)
}

// decodeDefinition reads a stored definition of any format. A key that its
// format does not have is an error, not something to drop: it would mean the
// row was written by a build that knows more than this one.
func decodeDefinition(b []byte) (*assessment.Model, error) {
	var head struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("read definition format: %w", err)
	}
	switch {
	case head.Format == nil:
		var d definitionV0
		if err := strictUnmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("decode definition (format 0): %w", err)
		}
		return d.model(), nil
	case *head.Format == 1:
		var d definitionV1
		if err := strictUnmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("decode definition (format 1): %w", err)
		}
		return d.model(), nil
	}
	return nil, fmt.Errorf("definition format %d is unknown to this version of readiness (it reads 0 to %d)",
		*head.Format, definitionFormat)
}

// strictUnmarshal decodes b into v, refusing keys v does not have.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v) // trailing data was refused by the first look at the format
}

func (d *definitionV1) model() *assessment.Model {
	m := &assessment.Model{Slug: d.Slug, Version: d.Version, Title: d.Title, Description: d.Description}
	if d.Stages != nil {
		m.Stages = make([]assessment.Stage, len(d.Stages))
	}
	for i, s := range d.Stages {
		m.Stages[i] = assessment.Stage{ID: s.ID, Title: s.Title, Description: s.Description, Order: s.Order}
	}
	if d.Capabilities != nil {
		m.Capabilities = make([]assessment.Capability, len(d.Capabilities))
	}
	for i := range d.Capabilities {
		c := &d.Capabilities[i]
		mc := assessment.Capability{ID: c.ID, Title: c.Title, Stage: c.Stage, Requires: c.Requires, Target: c.Target,
			Weight: c.Weight, Description: c.Description, Perspectives: c.Perspectives,
			RecommendLow: c.RecommendLow, RecommendMiddle: c.RecommendMiddle}
		if c.Questions != nil {
			mc.Questions = make([]assessment.Question, len(c.Questions))
		}
		for j := range c.Questions {
			q := &c.Questions[j]
			mq := assessment.Question{ID: q.ID, Text: q.Text, Help: q.Help, Type: assessment.QuestionType(q.Type),
				Min: q.Min, Max: q.Max, Weight: q.Weight, Critical: q.Critical, Perspectives: q.Perspectives, Core: q.Core}
			if q.Options != nil {
				mq.Options = make([]assessment.Option, len(q.Options))
			}
			for k, o := range q.Options {
				mq.Options[k] = assessment.Option{ID: o.ID, Label: o.Label, Score: o.Score, Unscored: assessment.Unscored(o.Unscored)}
			}
			mc.Questions[j] = mq
		}
		m.Capabilities[i] = mc
	}
	return m
}

// model converts format 0 through format 1, whose fields are the same.
func (d *definitionV0) model() *assessment.Model {
	v1 := definitionV1{Format: 1, Slug: d.Slug, Version: d.Version, Title: d.Title, Description: d.Description}
	if d.Stages != nil {
		v1.Stages = make([]stageV1, len(d.Stages))
	}
	for i, s := range d.Stages {
		v1.Stages[i] = stageV1(s)
	}
	if d.Capabilities != nil {
		v1.Capabilities = make([]capabilityV1, len(d.Capabilities))
	}
	for i := range d.Capabilities {
		c := &d.Capabilities[i]
		vc := capabilityV1{ID: c.ID, Title: c.Title, Stage: c.Stage, Requires: c.Requires, Target: c.Target,
			Weight: c.Weight, Description: c.Description, Perspectives: c.Perspectives,
			RecommendLow: c.RecommendLow, RecommendMiddle: c.RecommendMiddle}
		if c.Questions != nil {
			vc.Questions = make([]questionV1, len(c.Questions))
		}
		for j := range c.Questions {
			q := &c.Questions[j]
			vq := questionV1{ID: q.ID, Text: q.Text, Help: q.Help, Type: q.Type, Min: q.Min, Max: q.Max,
				Weight: q.Weight, Perspectives: q.Perspectives}
			if q.Options != nil {
				vq.Options = make([]optionV1, len(q.Options))
			}
			for k, o := range q.Options {
				vq.Options[k] = optionV1(o)
			}
			vc.Questions[j] = vq
		}
		v1.Capabilities[i] = vc
	}
	return v1.model()
}
