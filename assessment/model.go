package assessment

import "fmt"

// Model is one version of a questionnaire: ordered stages, the capabilities that
// make each stage, and the questions that measure each capability. A Model is
// plain data; it carries no tags so that any encoding can keep it.
type Model struct {
	Slug         string
	Version      string
	Title        string
	Description  string
	Stages       []Stage
	Capabilities []Capability
}

// Stage is one step of the readiness path; Order counts from 1.
type Stage struct {
	ID          string
	Title       string
	Description string
	Order       int
}

// Capability is what an organisation must be able to do before it takes a stage.
type Capability struct {
	ID           string
	Title        string
	Stage        string   // the Stage ID it belongs to
	Requires     []string // capability IDs that must reach their target first
	Target       int      // 1..100: the score at which the capability is ready
	Weight       float64  // multiplies the weight of its questions in stage and overall scores; 0 means 1
	Description  string
	Perspectives []string
	// Recommendations say what to do about a low or a middling score.
	RecommendLow    string
	RecommendMiddle string
	Questions       []Question
}

// QuestionType says how a question is answered.
type QuestionType string

// Question types as the contract names them.
const (
	Single  QuestionType = "single"
	Boolean QuestionType = "boolean"
	Multi   QuestionType = "multi"
	Scale   QuestionType = "scale"
	Text    QuestionType = "text"
)

// Perspective tags say whose view a question or capability asks for.
const (
	PerspectiveOperations  = "operations"
	PerspectiveDevelopment = "development"
	PerspectiveData        = "data"
	PerspectiveManagement  = "management"
)

// Question is one thing a respondent answers.
type Question struct {
	ID       string
	Text     string
	Help     string
	Type     QuestionType
	Options  []Option // single, boolean and multi
	Min, Max *float64 // scale only
	Weight   float64  // 0 means 1
	// Critical makes the question a must-have: while its value × 100 is
	// below Critical (1..100), its capability cannot meet its target,
	// whatever its score. 0 means it is not a must-have.
	Critical     int
	Perspectives []string
	// Core puts the question in the model's short form (form "core").
	Core bool
}

// Unscored says why an option carries no score.
type Unscored string

// The two reasons an option may be left out of every score.
const (
	NotApplicable Unscored = "not-applicable" // the practice does not apply here
	DontKnow      Unscored = "dont-know"      // the participant cannot tell: a gap to show
)

// Option is one choice of a single, boolean or multi question. A nil Score
// means the option is stored but never scored; Unscored says why.
type Option struct {
	ID       string
	Label    string
	Score    *float64
	Unscored Unscored
}

// Scored reports whether the question contributes to scores at all.
func (q *Question) Scored() bool { return q.Type != Text }

// EffectiveWeight is the question's weight with the default applied.
func (q *Question) EffectiveWeight() float64 {
	if q.Weight <= 0 {
		return 1
	}
	return q.Weight
}

// EffectiveWeight is the capability's weight with the default applied.
func (c *Capability) EffectiveWeight() float64 {
	if c.Weight <= 0 {
		return 1
	}
	return c.Weight
}

// Option returns the option with the given ID, or nil.
func (q *Question) Option(id string) *Option {
	for i := range q.Options {
		if q.Options[i].ID == id {
			return &q.Options[i]
		}
	}
	return nil
}

// Ref identifies a question in a model by position.
type Ref struct {
	Capability int // index into Model.Capabilities
	Question   int // index into Capability.Questions
}

// Index maps question IDs to their place in the model. Build it once per model
// and reuse it: the model never changes after loading.
type Index struct {
	model     *Model
	questions map[string]Ref
	caps      map[string]int
	stages    map[string]int
}

// NewIndex indexes m. IDs are assumed unique (the loader guarantees it).
func NewIndex(m *Model) *Index {
	ix := &Index{model: m, questions: map[string]Ref{}, caps: map[string]int{}, stages: map[string]int{}}
	for i, s := range m.Stages {
		ix.stages[s.ID] = i
	}
	for ci := range m.Capabilities {
		ix.caps[m.Capabilities[ci].ID] = ci
		for qi := range m.Capabilities[ci].Questions {
			ix.questions[m.Capabilities[ci].Questions[qi].ID] = Ref{ci, qi}
		}
	}
	return ix
}

// Model returns the indexed model.
func (ix *Index) Model() *Model { return ix.model }

// Question returns the question with id and the capability that holds it.
func (ix *Index) Question(id string) (*Question, *Capability, bool) {
	r, ok := ix.questions[id]
	if !ok {
		return nil, nil, false
	}
	c := &ix.model.Capabilities[r.Capability]
	return &c.Questions[r.Question], c, true
}

// Capability returns the capability with id.
func (ix *Index) Capability(id string) (*Capability, bool) {
	i, ok := ix.caps[id]
	if !ok {
		return nil, false
	}
	return &ix.model.Capabilities[i], true
}

// QuestionCount is the number of questions of every type.
func (m *Model) QuestionCount() int {
	n := 0
	for i := range m.Capabilities {
		n += len(m.Capabilities[i].Questions)
	}
	return n
}

// String names the model as slug@version.
func (m *Model) String() string { return fmt.Sprintf("%s@%s", m.Slug, m.Version) }
