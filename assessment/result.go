package assessment

import "strings"

// Result is what an assessment's answers say, per the contract's scoring rules.
// Scores are 0..100; a nil Score means nothing was scored there yet.
type Result struct {
	Basis       Basis  // which answers it is computed on
	Perspective string // the perspective whose respondents it counts; "" for everyone
	// QuestionnaireVersion is the version of the questionnaire it was
	// scored against: the one the assessment was started with.
	QuestionnaireVersion string
	Overall              Overall
	// Preliminary is true while a capability in scope is unassessed:
	// every surface that shows the result says so (rule 8).
	Preliminary  bool
	Stages       []StageResult
	Capabilities []CapabilityResult
	Roadmap      []RoadmapItem
}

// Basis says which answers a result is computed on (rule 2).
type Basis string

// Bases of a result.
const (
	BasisAgreed     Basis = "agreed"     // agreed answers where recorded, individual answers elsewhere
	BasisIndividual Basis = "individual" // individual answers only
)

// Overall sums up the whole questionnaire.
type Overall struct {
	Score    *float64
	Level    int // number of stages reached
	Answered int // scored questions with a value: a scored answer, or a scored agreed one
	Total    int // scored questions
	DontKnow int // "don't know" answers
}

// StageResult is one stage's score and gate.
type StageResult struct {
	ID        string
	Title     string
	Order     int
	Score     *float64
	Reached   bool
	BlockedBy []string // this stage's capabilities below target or unassessed
	Status    StageStatus
}

// StageStatus says where a stage stands on the path.
type StageStatus string

// Stage statuses.
const (
	StageReached    StageStatus = "reached"      // every capability in scope meets its target, and the stages before are reached
	StageBlocked    StageStatus = "blocked"      // a capability of its own holds it back (BlockedBy)
	StageWaiting    StageStatus = "waiting"      // only an earlier stage holds it back
	StageOutOfScope StageStatus = "out-of-scope" // none of its capabilities is in scope: never reached, holds nothing back
)

// CapabilityStatus says where a capability stands against its target.
type CapabilityStatus string

// Capability statuses.
const (
	Ready        CapabilityStatus = "ready"          // meets its target: at or above it, no critical gap
	BelowTarget  CapabilityStatus = "below-target"   // scored under target, or held back by a critical gap
	Unassessed   CapabilityStatus = "unassessed"     // no scored answer yet; blocks its stage
	Inapplicable CapabilityStatus = "not-applicable" // every answer says not applicable; blocks nothing
	OutOfScope   CapabilityStatus = "out-of-scope"   // left out of the assessment's scope: no score, blocks nothing, counts as met
)

// CapabilityResult is one capability's score.
type CapabilityResult struct {
	ID       string
	Title    string
	Stage    string
	Status   CapabilityStatus
	Score    *float64
	Target   int
	Answered int // scored questions with a value
	Total    int // scored questions
	DontKnow int // "don't know" answers of respondents (agreed ones not counted)
	// Divergence lists the questions whose scored answers spread with a
	// population standard deviation of 0.25 or more (at least two answers),
	// most divergent first, ties in model order.
	Divergence []string
	// CriticalGaps are its must-have questions whose value × 100 is below
	// their threshold, in model order: while there is one, the capability
	// does not meet its target whatever its score.
	CriticalGaps []string
	shortfalls   []float64 // parallel to CriticalGaps: threshold − value × 100
	// Agreed is the number of its questions whose value comes from an
	// agreed answer.
	Agreed int
}

// Gap is how far a scored capability is from meeting its target, in points:
// the larger of how far its score is below the target and how far its
// furthest critical gap is below its threshold. 0 when it meets its target
// or is unscored.
func (c *CapabilityResult) Gap() float64 {
	if c.Score == nil {
		return 0
	}
	gap := max(float64(c.Target)-*c.Score, 0)
	for _, s := range c.shortfalls {
		gap = max(gap, s)
	}
	return gap
}

// Phase groups roadmap items by when they can start.
type Phase string

// Roadmap phases.
const (
	Now   Phase = "now"   // no below-target prerequisite
	Next  Phase = "next"  // needs only items of Now
	Later Phase = "later" // the rest
)

// RoadmapItem is one below-target capability in the order to pursue it.
type RoadmapItem struct {
	Position   int // from 1
	Capability string
	Title      string
	Stage      string
	Phase      Phase
	Requires   []string // its direct prerequisites that are below target (all earlier in the roadmap)
	Score      float64
	Target     int
	// Reason says in plain English why the item is on the roadmap and what
	// to do about it (the API's reason); Why holds the same as figures and
	// ids, for a surface that words it in another language.
	Reason string
	Why    *RoadmapWhy
}

// RoadmapWhy is what a roadmap item's Reason says, as figures and ids. Its
// numbers are the whole ones Reason shows: Score never reads as reaching a
// Target it misses (so Score + Short = Target), and a must-have's Value
// never reads as reaching its Needed threshold. The below-target
// prerequisites to finish first are the item's Requires.
type RoadmapWhy struct {
	Score, Target int
	Short         int           // points short of the target; 0 when the score meets it
	MustHaves     []MustHaveGap // must-have questions below their threshold, as CriticalGaps
	// Low: the capability's recommendation for a low score applies (the
	// score, or a must-have, is under half of what it needs); otherwise
	// its recommendation for a middling one.
	Low        bool
	Unassessed []string // prerequisites (capability ids) without a scored answer yet
}

// MustHaveGap is a must-have question below its threshold: its value and
// the threshold it needs, both on the 0-100 scale.
type MustHaveGap struct {
	Question      string
	Value, Needed int
}

// Recommendation is the capability's advice that w chooses: RecommendLow
// or RecommendMiddle, trimmed; "" when the model gives none.
func (w *RoadmapWhy) Recommendation(c *Capability) string {
	if w.Low {
		return strings.TrimSpace(c.RecommendLow)
	}
	return strings.TrimSpace(c.RecommendMiddle)
}
