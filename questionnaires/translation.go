package questionnaires

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/readiness/readiness/assessment"
	"go.yaml.in/yaml/v3"
)

// A translation is its own file, SLUG-VERSION.LANG.yaml beside the model:
//
//	translation_of: {slug: acme-platform, version: 1.0.0}
//	lang: de
//	title: ...
//	stages:
//	  ci: {title: ..., description: ...}
//	capabilities:
//	  vcs-ci: {title: ..., description: ..., recommendations: {low: ..., middling: ...}}
//	questions:
//	  ci-builds:
//	    text: ...
//	    help: ...
//	    options: {never: ..., daily: ...}
//
// Texts are keyed by id, so a translation cannot change an id, an option, a
// score or a rule: the model scores the same in every language. It is never
// loaded as a model. Every text the model has needs its translation, and
// every id must be the model's: both are reported at their line.

// Keys each level of a translation allows.
var (
	translationKeys    = []string{"translation_of", "lang", "title", "description", "stages", "capabilities", "questions"}
	translationOfKeys  = []string{"slug", "version"}
	stageTextKeys      = []string{"title", "description"}
	capabilityTextKeys = []string{"title", "description", "recommendations"}
	questionTextKeys   = []string{"text", "help", "options"}
)

// translationFileName is SLUG-VERSION.LANG.yaml (or .yml); a model's file
// name never ends in a language tag, as a version's last part is a number.
var translationFileName = regexp.MustCompile(`\.([a-z]{2,3}(?:-[A-Z]{2})?)\.ya?ml$`)

// translationKey finds the key only a translation has, for files whose name
// does not say what they are.
var translationKey = regexp.MustCompile(`(?m)^translation_of[ \t]*:`)

// IsTranslation reports whether the file name (or, failing that, its
// content) says it is a translation rather than a model.
func IsTranslation(name string, data []byte) bool {
	return translationFileName.MatchString(name) || translationKey.Match(data)
}

// TranslationFileName is the name a translation's file has beside its model.
func TranslationFileName(slug, version, lang string) string {
	return fmt.Sprintf("%s-%s.%s.yaml", slug, version, lang)
}

// ParseTranslation decodes one translation and checks it against the model
// find returns for the slug and version it declares (nil when there is no
// such model). If problems is non-empty the translation is nil. Problems are
// sorted by line. Never panics, whatever the input.
func ParseTranslation(file string, data []byte, find func(slug, version string) *assessment.Model) (*assessment.Translation, []Problem) {
	p := &parser{file: file}
	t := p.translation(data, find)
	if len(p.problems) == 0 {
		return t, nil
	}
	return nil, p.sorted()
}

// sorted returns the problems in line order, at most maxProblems of them.
func (p *parser) sorted() []Problem {
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	if n := len(p.problems); n > maxProblems {
		last := p.problems[maxProblems-1].Line
		p.problems = append(p.problems[:maxProblems:maxProblems], Problem{File: p.file, Line: last,
			Message: fmt.Sprintf("%d more problems not shown", n-maxProblems)})
	}
	return p.problems
}

func (p *parser) translation(data []byte, find func(slug, version string) *assessment.Model) *assessment.Translation {
	if len(data) > MaxFileSize {
		p.errorf(nil, "file is %d bytes; translations are limited to %d bytes (%d MiB)", len(data), MaxFileSize, MaxFileSize>>20)
		return nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.errorf(nil, "file is empty: a translation needs translation_of, lang and the texts of its model")
		return nil
	}
	root := p.decode(data)
	if root == nil {
		return nil
	}
	p.checkNodes(root)
	top := p.mapping(root, "", translationKeys)
	t := &assessment.Translation{Stages: map[string]assessment.StageText{},
		Capabilities: map[string]assessment.CapabilityText{}, Questions: map[string]assessment.QuestionText{}}

	var m *assessment.Model
	if v := p.get(top, "translation_of", true); v != nil {
		om := p.mapping(v, "translation_of", translationOfKeys)
		t.Slug, _ = p.id(om, "slug")
		t.Version = p.version(om)
		if t.Slug != "" && t.Version != "" && find != nil {
			if m = find(t.Slug, t.Version); m == nil {
				p.errorf(v, "translation_of: there is no questionnaire %s version %s to translate", t.Slug, t.Version)
			}
		}
	}
	if lang, n := p.strNode(top, "lang", true); n != nil {
		switch {
		case !assessment.ValidLanguage(lang):
			p.errorf(n, "lang %q must be a language tag such as de or pt-BR", clip(lang))
		case lang == assessment.DefaultLanguage:
			p.errorf(n, "lang %q is the models' own language; translate into another", lang)
		default:
			t.Lang = lang
		}
	}
	if p.file != "" && translationFileName.MatchString(p.file) && t.Slug != "" && t.Version != "" && t.Lang != "" {
		want := TranslationFileName(t.Slug, t.Version, t.Lang)
		if base := baseName(p.file); base != want && base != strings.TrimSuffix(want, ".yaml")+".yml" {
			p.errorf(top.keyNode("lang"), "the file is named %s; name it %s so that it is found beside its model", base, want)
		}
	}

	tr := &texts{parser: p, top: top, model: m}
	t.Title = tr.text(top, top.node, "title", "the questionnaire", modelText(m, func(m *assessment.Model) string { return m.Title }))
	t.Description = tr.text(top, top.node, "description", "the questionnaire", modelText(m, func(m *assessment.Model) string { return m.Description }))
	tr.stages(t)
	tr.capabilities(t)
	tr.questions(t)
	return t
}

func baseName(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		return file[i+1:]
	}
	return file
}

// modelText reads a text of m, or marks it unknown (nil) without a model.
func modelText(m *assessment.Model, text func(*assessment.Model) string) *string {
	if m == nil {
		return nil
	}
	s := text(m)
	return &s
}

// texts reads the translated texts, checking each against the model when
// there is one.
type texts struct {
	*parser
	top   *mapping
	model *assessment.Model // nil: ids and completeness cannot be checked
}

// text reads one translated text of key in m. original is the model's text
// (nil when no model is known): a text the model has needs a translation, at
// the line of at; a text the model lacks has nothing to translate.
func (tr *texts) text(m *mapping, at *yaml.Node, key, what string, original *string) string {
	v := tr.get(m, key, false)
	if v == nil {
		if original != nil && *original != "" && !m.bad && !m.typoed[key] {
			tr.errorf(at, "%s: %s has no translation", what, key)
		}
		return ""
	}
	s, ok := tr.stringValue(m, key, v, true)
	if !ok {
		return ""
	}
	if original != nil && *original == "" {
		tr.errorf(v, "%s has no %s in the model to translate; remove it", what, key)
		return ""
	}
	if strings.ContainsRune(s, 0) {
		tr.errorf(v, "%s: %s must not contain a NUL character", what, key)
		return ""
	}
	return s
}

// section reads a mapping of id → texts. It returns its entries and the
// node that missing entries are reported at.
func (tr *texts) section(key string) ([]field, *yaml.Node) {
	at := tr.top.node
	if k := tr.top.keyNode(key); k != nil {
		at = k
	}
	v := tr.get(tr.top, key, false)
	if v == nil || isNull(v) {
		return nil, at
	}
	if v.Kind != yaml.MappingNode {
		if v.Kind != yaml.AliasNode {
			tr.errorf(v, "%s must be a mapping of ids to their texts, not %s", key, describe(v))
		}
		return nil, at
	}
	return tr.idFields(v, key), at
}

// idFields lists the entries of a mapping keyed by ids, reporting keys that
// are not plain or appear twice.
func (tr *texts) idFields(n *yaml.Node, where string) []field {
	var out []field
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			if k.Kind != yaml.AliasNode {
				tr.errorf(k, "%s: keys must be ids, not %s", where, describe(k))
			}
			continue
		}
		if first, dup := seen[k.Value]; dup {
			tr.errorf(k, "%s: %q appears twice (first at line %d)", where, clip(k.Value), first.Line)
			continue
		}
		seen[k.Value] = k
		out = append(out, field{k, v})
	}
	return out
}

// unknown reports an id the model does not have, suggesting a near one.
func (tr *texts) unknown(at *yaml.Node, kind, id string, ids []string) {
	msg := fmt.Sprintf("unknown %s %q: %s has no such %s", kind, clip(id), tr.model, kind)
	if s := suggest(id, ids); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	tr.errorf(at, "%s", msg)
}

func (tr *texts) stages(t *assessment.Translation) {
	entries, at := tr.section("stages")
	byID := map[string]*assessment.Stage{}
	var ids []string
	if tr.model != nil {
		for i := range tr.model.Stages {
			byID[tr.model.Stages[i].ID] = &tr.model.Stages[i]
			ids = append(ids, tr.model.Stages[i].ID)
		}
	}
	given := map[string]bool{}
	for _, f := range entries {
		id := f.key.Value
		given[id] = true
		s, ok := byID[id]
		if tr.model != nil && !ok {
			tr.unknown(f.key, "stage", id, ids)
			continue
		}
		what := fmt.Sprintf("stage %q", clip(id))
		sm := tr.mapping(f.val, what, stageTextKeys)
		var title, desc *string
		if s != nil {
			title, desc = &s.Title, &s.Description
		}
		t.Stages[id] = assessment.StageText{Title: tr.text(sm, f.key, "title", what, title),
			Description: tr.text(sm, f.key, "description", what, desc)}
	}
	for _, id := range ids {
		if !given[id] {
			tr.errorf(at, "stage %q has no translation", id)
		}
	}
}

func (tr *texts) capabilities(t *assessment.Translation) {
	entries, at := tr.section("capabilities")
	byID := map[string]*assessment.Capability{}
	var ids []string
	if tr.model != nil {
		for i := range tr.model.Capabilities {
			byID[tr.model.Capabilities[i].ID] = &tr.model.Capabilities[i]
			ids = append(ids, tr.model.Capabilities[i].ID)
		}
	}
	given := map[string]bool{}
	for _, f := range entries {
		id := f.key.Value
		given[id] = true
		c, ok := byID[id]
		if tr.model != nil && !ok {
			tr.unknown(f.key, "capability", id, ids)
			continue
		}
		what := fmt.Sprintf("capability %q", clip(id))
		cm := tr.mapping(f.val, what, capabilityTextKeys)
		var title, desc, low, middle *string
		if c != nil {
			title, desc, low, middle = &c.Title, &c.Description, &c.RecommendLow, &c.RecommendMiddle
		}
		ct := assessment.CapabilityText{Title: tr.text(cm, f.key, "title", what, title),
			Description: tr.text(cm, f.key, "description", what, desc)}
		recAt := f.key
		rm := &mapping{where: what + ": recommendations", fields: map[string]field{}, node: f.val}
		if v := tr.get(cm, "recommendations", false); v != nil {
			rm = tr.mapping(v, what+": recommendations", recommendKeys)
			recAt = cm.keyNode("recommendations")
		} else if cm.bad || cm.typoed["recommendations"] {
			rm.bad = true
		}
		ct.RecommendLow = tr.text(rm, recAt, "low", rm.where, low)
		ct.RecommendMiddle = tr.text(rm, recAt, "middling", rm.where, middle)
		t.Capabilities[id] = ct
	}
	for _, id := range ids {
		if !given[id] {
			tr.errorf(at, "capability %q has no translation", id)
		}
	}
}

func (tr *texts) questions(t *assessment.Translation) {
	entries, at := tr.section("questions")
	byID := map[string]*assessment.Question{}
	var ids []string
	if tr.model != nil {
		for ci := range tr.model.Capabilities {
			for qi := range tr.model.Capabilities[ci].Questions {
				q := &tr.model.Capabilities[ci].Questions[qi]
				byID[q.ID] = q
				ids = append(ids, q.ID)
			}
		}
	}
	given := map[string]bool{}
	for _, f := range entries {
		id := f.key.Value
		given[id] = true
		q, ok := byID[id]
		if tr.model != nil && !ok {
			tr.unknown(f.key, "question", id, ids)
			continue
		}
		what := fmt.Sprintf("question %q", clip(id))
		qm := tr.mapping(f.val, what, questionTextKeys)
		var text, help *string
		if q != nil {
			text, help = &q.Text, &q.Help
		}
		qt := assessment.QuestionText{Text: tr.text(qm, f.key, "text", what, text), Help: tr.text(qm, f.key, "help", what, help)}
		qt.Options = tr.options(qm, f.key, what, q)
		t.Questions[id] = qt
	}
	for _, id := range ids {
		if !given[id] {
			tr.errorf(at, "question %q has no translation", id)
		}
	}
}

// options reads a question's option labels, keyed by option id.
func (tr *texts) options(qm *mapping, at *yaml.Node, what string, q *assessment.Question) map[string]string {
	out := map[string]string{}
	v := tr.get(qm, "options", false)
	if v != nil && !isNull(v) && v.Kind != yaml.MappingNode {
		if v.Kind != yaml.AliasNode {
			tr.errorf(v, "%s: options must be a mapping of option ids to labels, not %s", what, describe(v))
		}
		return out
	}
	var entries []field
	if v != nil && v.Kind == yaml.MappingNode {
		entries = tr.idFields(v, what+": options")
		at = qm.keyNode("options")
	}
	var ids []string
	if q != nil {
		for _, o := range q.Options {
			ids = append(ids, o.ID)
		}
		if len(ids) == 0 && v != nil {
			tr.errorf(qm.keyNode("options"), "%s has no options to translate (it is a %s question); remove them", what, q.Type)
			return out
		}
	}
	om := &mapping{where: what, node: v, fields: map[string]field{}}
	for _, f := range entries {
		if q != nil && !slices.Contains(ids, f.key.Value) {
			tr.unknown(f.key, "option", f.key.Value, ids)
			continue
		}
		om.fields[f.key.Value] = f
	}
	for _, f := range entries {
		if _, ok := om.fields[f.key.Value]; !ok {
			continue
		}
		var original *string
		if q != nil {
			original = &q.Option(f.key.Value).Label
		}
		if s := tr.text(om, f.key, f.key.Value, what+" option", original); s != "" {
			out[f.key.Value] = s
		}
	}
	if q != nil && !qm.bad && !qm.typoed["options"] {
		for _, id := range ids {
			if _, ok := om.fields[id]; !ok {
				tr.errorf(at, "%s: option %q has no translation", what, id)
			}
		}
	}
	return out
}
