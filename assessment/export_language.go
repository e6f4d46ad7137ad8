package assessment

import (
	"context"
	"fmt"
)

// LocalizeExport puts the model texts of x (its index, and the stage,
// capability and roadmap titles its result copied from the model) into
// lang where the model has that language; x is unchanged otherwise. Ids,
// options and scores are the same in every language, so the figures stay
// as they are: only the words change. The result is copied, not edited in
// place, since other readers may hold it.
func (s *Service) LocalizeExport(ctx context.Context, x *Export, lang string) error {
	if x == nil || x.Index == nil || lang == "" {
		return nil
	}
	l, err := s.Localize(ctx, x.Assessment.WorkspaceID, x.Index.Model(), lang)
	if err != nil {
		return fmt.Errorf("export in %s: %w", lang, err)
	}
	if l.Model == nil || l.Model == x.Index.Model() {
		return nil
	}
	x.Index = NewIndex(l.Model)
	if x.Result == nil {
		return nil
	}
	stages := make(map[string]string, len(l.Model.Stages))
	for _, st := range l.Model.Stages {
		stages[st.ID] = st.Title
	}
	capTitle := func(id, old string) string {
		if c, ok := x.Index.Capability(id); ok {
			return c.Title
		}
		return old
	}
	r := *x.Result
	r.Stages = append([]StageResult(nil), r.Stages...)
	for i := range r.Stages {
		if t, ok := stages[r.Stages[i].ID]; ok {
			r.Stages[i].Title = t
		}
	}
	r.Capabilities = append([]CapabilityResult(nil), r.Capabilities...)
	for i := range r.Capabilities {
		r.Capabilities[i].Title = capTitle(r.Capabilities[i].ID, r.Capabilities[i].Title)
	}
	r.Roadmap = append([]RoadmapItem(nil), r.Roadmap...)
	for i := range r.Roadmap {
		r.Roadmap[i].Title = capTitle(r.Roadmap[i].Capability, r.Roadmap[i].Title)
	}
	x.Result = &r
	return nil
}
