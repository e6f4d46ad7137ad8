package assessment

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// DefaultLanguage is the language every model is written in; translations
// give the others.
const DefaultLanguage = "en"

// langPattern is the shape of a language tag a translation may declare: a
// primary language, optionally with a region ("de", "pt-BR"). It ends up in
// file names, URLs and database keys, so it stays plain.
var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// ValidLanguage reports whether lang has the shape of a language tag.
func ValidLanguage(lang string) bool { return langPattern.MatchString(lang) }

// Translation gives the texts of one model version in another language,
// keyed by id. It changes no id, option, score or rule: applied with
// Translate, the model scores exactly as in its own language.
type Translation struct {
	Slug, Version string // the model version it translates
	Lang          string
	Title         string
	Description   string
	Stages        map[string]StageText      // by stage id
	Capabilities  map[string]CapabilityText // by capability id
	Questions     map[string]QuestionText   // by question id
}

// StageText is a stage's translated texts.
type StageText struct{ Title, Description string }

// CapabilityText is a capability's translated texts.
type CapabilityText struct {
	Title, Description            string
	RecommendLow, RecommendMiddle string
}

// QuestionText is a question's translated texts and option labels.
type QuestionText struct {
	Text, Help string
	Options    map[string]string // option id → label
}

// Translate returns m with the texts of t: the same stages, capabilities,
// questions and options, with the same ids, scores and rules, in t's
// language. A text t lacks keeps m's own, so a partial translation shows
// the default language where it has a gap rather than an empty label. m is
// not changed; slices and pointers that hold no text (requires,
// perspectives, scores, ranges) are shared with it, as models are read-only.
func Translate(m *Model, t *Translation) *Model {
	if t == nil {
		return m
	}
	out := *m
	out.Title = cmp.Or(t.Title, m.Title)
	out.Description = cmp.Or(t.Description, m.Description)
	out.Stages = slices.Clone(m.Stages)
	for i := range out.Stages {
		s := &out.Stages[i]
		if tx, ok := t.Stages[s.ID]; ok {
			s.Title, s.Description = cmp.Or(tx.Title, s.Title), cmp.Or(tx.Description, s.Description)
		}
	}
	out.Capabilities = slices.Clone(m.Capabilities)
	for ci := range out.Capabilities {
		c := &out.Capabilities[ci]
		if tx, ok := t.Capabilities[c.ID]; ok {
			c.Title, c.Description = cmp.Or(tx.Title, c.Title), cmp.Or(tx.Description, c.Description)
			c.RecommendLow, c.RecommendMiddle = cmp.Or(tx.RecommendLow, c.RecommendLow), cmp.Or(tx.RecommendMiddle, c.RecommendMiddle)
		}
		c.Questions = slices.Clone(c.Questions)
		for qi := range c.Questions {
			q := &c.Questions[qi]
			tx, ok := t.Questions[q.ID]
			if !ok {
				continue
			}
			q.Text, q.Help = cmp.Or(tx.Text, q.Text), cmp.Or(tx.Help, q.Help)
			q.Options = slices.Clone(q.Options)
			for oi := range q.Options {
				o := &q.Options[oi]
				o.Label = cmp.Or(tx.Options[o.ID], o.Label)
			}
		}
	}
	return &out
}

// Localized is a model in the language a reader asked for, or in the
// model's default language when it has no translation into that one.
type Localized struct {
	Model     *Model
	Lang      string   // the language Model's texts are in
	Languages []string // every language the model has, DefaultLanguage first
}

// localize picks lang among the translations of m that find returns.
func localize(m *Model, lang string, languages []string, find func(lang string) (*Translation, error)) (Localized, error) {
	out := Localized{Model: m, Lang: DefaultLanguage, Languages: languages}
	if !slices.Contains(languages, lang) {
		// "de-CH" reads the German of a model that has no Swiss German.
		lang, _, _ = strings.Cut(lang, "-")
	}
	if lang == "" || lang == DefaultLanguage || !slices.Contains(languages, lang) {
		return out, nil
	}
	t, err := find(lang)
	if err != nil {
		return Localized{}, err
	}
	out.Model, out.Lang = Translate(m, t), lang
	return out, nil
}
