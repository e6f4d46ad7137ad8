package assessment

import (
	"slices"
	"testing"
)

// previewFixture has two stages; "b" asks a core question of operations and
// a non-core one of everyone.
func previewFixture() *Model {
	return &Model{Slug: "p", Version: "1.0.0",
		Stages: []Stage{{ID: "s1", Order: 1}, {ID: "s2", Order: 2}},
		Capabilities: []Capability{
			{ID: "a", Stage: "s1", Questions: []Question{{ID: "a1", Type: Boolean, Core: true}, {ID: "a2", Type: Text}}},
			{ID: "b", Stage: "s2", Questions: []Question{
				{ID: "b1", Type: Scale, Core: true, Perspectives: []string{PerspectiveOperations}},
				{ID: "b2", Type: Scale},
			}},
		}}
}

func TestPreviewModelForms(t *testing.T) {
	for name, tt := range map[string]struct {
		o      PreviewOptions
		want   []string
		stages []string
	}{
		"full":              {PreviewOptions{}, []string{"a1", "a2", "b1", "b2"}, []string{"s1", "s2"}},
		"core":              {PreviewOptions{Form: "core"}, []string{"a1", "b1"}, []string{"s1", "s2"}},
		"core, development": {PreviewOptions{Form: "core", Perspective: PerspectiveDevelopment}, []string{"a1"}, []string{"s1"}},
		"core, scope b":     {PreviewOptions{Form: "core", Scope: []string{"b"}}, []string{"b1"}, []string{"s2"}},
	} {
		m := previewFixture()
		got, err := previewModel(m, tt.o)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var ids, stages []string
		for _, c := range got.Capabilities {
			for _, q := range c.Questions {
				ids = append(ids, q.ID)
			}
		}
		for _, s := range got.Stages {
			stages = append(stages, s.ID)
		}
		if !slices.Equal(ids, tt.want) || !slices.Equal(stages, tt.stages) {
			t.Errorf("%s: asks %v in %v, want %v in %v", name, ids, stages, tt.want, tt.stages)
		}
		if m.QuestionCount() != 4 {
			t.Errorf("%s: the model itself lost questions", name)
		}
	}
}

// TestTranslatePartial: a text the translation lacks keeps the model's own.
func TestTranslatePartial(t *testing.T) {
	m := &Model{Title: "T", Stages: []Stage{{ID: "s", Title: "Stage"}},
		Capabilities: []Capability{{ID: "c", Title: "Cap", RecommendLow: "Low", Questions: []Question{
			{ID: "q", Text: "Q?", Help: "H", Options: []Option{{ID: "y", Label: "Yes"}, {ID: "n", Label: "No"}}}}}}}
	got := Translate(m, &Translation{Lang: "de", Capabilities: map[string]CapabilityText{"c": {Title: "Fähigkeit"}},
		Questions: map[string]QuestionText{"q": {Text: "F?", Options: map[string]string{"y": "Ja"}}}})
	c := got.Capabilities[0]
	q := c.Questions[0]
	if got.Title != "T" || got.Stages[0].Title != "Stage" || c.Title != "Fähigkeit" || c.RecommendLow != "Low" ||
		q.Text != "F?" || q.Help != "H" || q.Options[0].Label != "Ja" || q.Options[1].Label != "No" {
		t.Errorf("Translate = %+v", got)
	}
	if m.Capabilities[0].Title != "Cap" || m.Capabilities[0].Questions[0].Options[0].Label != "Yes" {
		t.Error("Translate changed its model")
	}
	if Translate(m, nil) != m {
		t.Error("no translation should give the model itself")
	}
}

func TestLocalizeFallsBack(t *testing.T) {
	m := &Model{Title: "T"}
	find := func(lang string) (*Translation, error) { return &Translation{Lang: lang, Title: "T-" + lang}, nil }
	for lang, want := range map[string]string{"de": "de", "de-AT": "de", "pt-BR": "pt-BR", "pt": "en", "fr": "en", "": "en", "en-GB": "en"} {
		l, err := localize(m, lang, []string{"en", "de", "pt-BR"}, find)
		if err != nil || l.Lang != want {
			t.Errorf("%q: %s, %v; want %s", lang, l.Lang, err, want)
		}
		if (want == "en") != (l.Model == m) {
			t.Errorf("%q: model %q", lang, l.Model.Title)
		}
	}
	for _, tt := range [][2]string{{"de", "de"}, {"pt-BR", "pt-BR"}, {"DE", ""}, {"deutsch", ""}, {"de-de", ""}, {"", ""}} {
		if got := ValidLanguage(tt[0]); got != (tt[1] != "") {
			t.Errorf("ValidLanguage(%q) = %v", tt[0], got)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"1.10.0", "1.9.0", 1}, {"1.2.3", "1.2.3", 0}, {"0.9.9", "1.0.0", -1}, {"2.0.0", "10.0.0", -1}} {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
