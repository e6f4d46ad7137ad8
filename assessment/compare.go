package assessment

import (
	"slices"
	"time"
)

// Comparison is how an organisation moved from one assessment (From, the
// earlier one) to another (To). Stages and capabilities are matched by ID
// across questionnaire versions; one that exists on one side only has nil
// there.
type Comparison struct {
	From, To     ComparedAssessment
	Overall      ScoreChange
	LevelFrom    int
	LevelTo      int
	Stages       []StageChange
	Capabilities []CapabilityChange
	Roadmap      RoadmapChange
}

// ComparedAssessment names one side of a comparison.
type ComparedAssessment struct {
	ID                   string
	Title                string
	CreatedAt            time.Time
	QuestionnaireVersion string
}

// ScoreChange is a score on both sides; Change is nil unless both have one.
type ScoreChange struct {
	From, To, Change *float64
}

// StageChange is one stage's score and gate on both sides. Reached is nil on
// a side whose questionnaire has no such stage.
type StageChange struct {
	ID, Title   string
	ScoreChange ScoreChange
	ReachedFrom *bool
	ReachedTo   *bool
}

// CapabilityChange is one capability's score on both sides. SameQuestions
// says whether both versions ask the same scored questions: only then is
// the change like for like.
type CapabilityChange struct {
	ID, Title     string
	ScoreChange   ScoreChange
	SameQuestions bool
	// InFrom and InTo say whether each side's questionnaire has the
	// capability: one that is new, or no longer asked, has one only.
	InFrom, InTo bool
}

// RoadmapChange sorts the capabilities of both roadmaps by what happened to
// them, each list in roadmap order.
type RoadmapChange struct {
	Closed  []string // on From's roadmap, and now meet their target
	Opened  []string // on To's roadmap and not on From's
	Open    []string // on both
	Dropped []string // on From's, now unassessed, not applicable or gone from the model
}

// Compare says what changed from the assessment scored as from to the one
// scored as to. It is pure: the caller loads and scores both.
func Compare(from, to Assessment, fromIx, toIx *Index, fromRes, toRes *Result) *Comparison {
	c := &Comparison{
		From:      ComparedAssessment{from.ID, from.Title, from.CreatedAt, from.QuestionnaireVersion},
		To:        ComparedAssessment{to.ID, to.Title, to.CreatedAt, to.QuestionnaireVersion},
		Overall:   change(fromRes.Overall.Score, toRes.Overall.Score),
		LevelFrom: fromRes.Overall.Level,
		LevelTo:   toRes.Overall.Level,
	}

	fromStages := map[string]*StageResult{}
	for i := range fromRes.Stages {
		fromStages[fromRes.Stages[i].ID] = &fromRes.Stages[i]
	}
	for i := range toRes.Stages {
		t := &toRes.Stages[i]
		sc := StageChange{ID: t.ID, Title: t.Title, ReachedTo: &t.Reached}
		var fromScore *float64
		if f, ok := fromStages[t.ID]; ok {
			fromScore, sc.ReachedFrom = f.Score, &f.Reached
			delete(fromStages, t.ID)
		}
		sc.ScoreChange = change(fromScore, t.Score)
		c.Stages = append(c.Stages, sc)
	}
	for i := range fromRes.Stages { // stages the newer questionnaire no longer has
		if f, ok := fromStages[fromRes.Stages[i].ID]; ok {
			c.Stages = append(c.Stages, StageChange{ID: f.ID, Title: f.Title, ScoreChange: change(f.Score, nil), ReachedFrom: &f.Reached})
		}
	}

	fromCaps := map[string]*CapabilityResult{}
	for i := range fromRes.Capabilities {
		fromCaps[fromRes.Capabilities[i].ID] = &fromRes.Capabilities[i]
	}
	for i := range toRes.Capabilities {
		t := &toRes.Capabilities[i]
		cc := CapabilityChange{ID: t.ID, Title: t.Title, InTo: true}
		var fromScore *float64
		if f, ok := fromCaps[t.ID]; ok {
			fromScore, cc.InFrom = f.Score, true
			cc.SameQuestions = sameScoredQuestions(fromIx, toIx, from.Fit(), to.Fit(), t.ID)
			delete(fromCaps, t.ID)
		}
		cc.ScoreChange = change(fromScore, t.Score)
		c.Capabilities = append(c.Capabilities, cc)
	}
	for i := range fromRes.Capabilities { // capabilities the newer questionnaire no longer has
		if f, ok := fromCaps[fromRes.Capabilities[i].ID]; ok {
			c.Capabilities = append(c.Capabilities, CapabilityChange{ID: f.ID, Title: f.Title, ScoreChange: change(f.Score, nil), InFrom: true})
		}
	}

	c.Roadmap = compareRoadmaps(fromRes, toRes)
	return c
}

func compareRoadmaps(fromRes, toRes *Result) RoadmapChange {
	rc := RoadmapChange{Closed: []string{}, Opened: []string{}, Open: []string{}, Dropped: []string{}}
	onFrom := map[string]bool{}
	for _, it := range fromRes.Roadmap {
		onFrom[it.Capability] = true
	}
	onTo := map[string]bool{}
	for _, it := range toRes.Roadmap {
		onTo[it.Capability] = true
		if onFrom[it.Capability] {
			rc.Open = append(rc.Open, it.Capability)
		} else {
			rc.Opened = append(rc.Opened, it.Capability)
		}
	}
	status := map[string]CapabilityStatus{}
	for _, cr := range toRes.Capabilities {
		status[cr.ID] = cr.Status
	}
	for _, it := range fromRes.Roadmap {
		switch {
		case onTo[it.Capability]:
		case status[it.Capability] == Ready:
			rc.Closed = append(rc.Closed, it.Capability)
		default:
			rc.Dropped = append(rc.Dropped, it.Capability)
		}
	}
	return rc
}

// sameScoredQuestions reports whether capability id asks the same scored
// question IDs on both sides, each side's fit applied: a capability out of
// scope on either side, or asked in another form, is no like-for-like change.
func sameScoredQuestions(a, b *Index, fa, fb Fit, id string) bool {
	ca, ok := a.Capability(id)
	if !ok || !fa.InScope(id) {
		return false
	}
	cb, ok := b.Capability(id)
	if !ok || !fb.InScope(id) {
		return false
	}
	return slices.Equal(scoredQuestionIDs(ca, fa), scoredQuestionIDs(cb, fb))
}

func scoredQuestionIDs(c *Capability, f Fit) []string {
	var ids []string
	for i := range c.Questions {
		if c.Questions[i].Scored() && f.InForm(&c.Questions[i]) {
			ids = append(ids, c.Questions[i].ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func change(from, to *float64) ScoreChange {
	sc := ScoreChange{From: from, To: to}
	if from != nil && to != nil {
		d := *to - *from
		sc.Change = &d
	}
	return sc
}
