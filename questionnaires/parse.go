package questionnaires

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/readiness/readiness/assessment"
	"go.yaml.in/yaml/v3"
)

// MaxFileSize caps a questionnaire file. The full built-in model is about
// 80 KB; a 1 MiB file of tiny YAML nodes already costs about a second and
// 150 MB of heap to decode, and 4 MiB about ten seconds and 500 MB, so the cap
// stays well below the size where loading hurts the server.
const MaxFileSize = 1 << 20

// maxProblems keeps the report of a badly broken file readable and bounded.
const maxProblems = 500

// Keys each level of the format allows, in the order FORMAT.md lists them.
var (
	modelKeys      = []string{"slug", "version", "title", "description", "stages", "capabilities"}
	stageKeys      = []string{"id", "title", "description"}
	capabilityKeys = []string{"id", "title", "stage", "requires", "target", "weight", "description", "perspectives", "recommendations", "questions"}
	recommendKeys  = []string{"low", "middling"}
	questionKeys   = []string{"id", "text", "help", "type", "weight", "critical", "core", "perspectives", "options", "min", "max"}
	optionKeys     = []string{"id", "label", "score", "unscored"}
	questionTypes  = []string{string(assessment.Single), string(assessment.Boolean), string(assessment.Multi), string(assessment.Scale), string(assessment.Text)}
	perspectives   = []string{assessment.PerspectiveOperations, assessment.PerspectiveDevelopment, assessment.PerspectiveData, assessment.PerspectiveManagement}
	unscoredValues = []string{string(assessment.NotApplicable), string(assessment.DontKnow)}
)

// yamlLine pulls the line out of yaml.v3's "yaml: line N: message" errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse decodes and validates one questionnaire. If problems is non-empty the
// model is nil. Problems are sorted by line. Never panics, whatever the input.
func Parse(file string, data []byte) (*assessment.Model, []Problem) {
	p := &parser{file: file, stageAt: map[string]int{}, capAt: map[string]int{}, questionAt: map[string]*yaml.Node{}}
	m := p.parse(data)
	if len(p.problems) == 0 {
		return m, nil
	}
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	if n := len(p.problems); n > maxProblems {
		last := p.problems[maxProblems-1].Line
		p.problems = append(p.problems[:maxProblems:maxProblems], Problem{File: file, Line: last,
			Message: fmt.Sprintf("%d more problems not shown", n-maxProblems)})
	}
	return nil, p.problems
}

// parser holds what one Parse has seen so far.
type parser struct {
	file     string
	problems []Problem

	stageAt    map[string]int // stage id → index of its first occurrence
	stageNodes []*yaml.Node   // id node of each stage, nil when the id is bad
	capAt      map[string]int // capability id → index of its first occurrence
	caps       []capNodes     // parallel to Model.Capabilities
	questionAt map[string]*yaml.Node

	anyCore         bool    // some question says core: true
	criticalNotCore []keyOf // the critical key of each must-have outside the core form
}

// keyOf is a key node and the id of the question it belongs to.
type keyOf struct {
	id  string
	key *yaml.Node
}

// capNodes keeps the nodes of a capability that later, whole-file checks point at.
type capNodes struct {
	where    string
	id       *yaml.Node
	stage    *yaml.Node
	requires []*yaml.Node // parallel to Capability.Requires
}

func (p *parser) parse(data []byte) *assessment.Model {
	if len(data) > MaxFileSize {
		p.errorf(nil, "file is %d bytes; questionnaires are limited to %d bytes (%d MiB)", len(data), MaxFileSize, MaxFileSize>>20)
		return nil
	}
	root := p.decode(data)
	if root == nil {
		return nil
	}
	p.checkNodes(root)
	m := p.model(root)
	p.checkGraph(m)
	p.checkCore()
	return m
}

// checkCore: a short form that skipped a must-have would let a capability
// meet its target on the core form while a gap the model calls blocking was
// never asked about. A model that marks no question core has no short form,
// so the rule does not apply to it.
func (p *parser) checkCore() {
	if !p.anyCore {
		return
	}
	for _, k := range p.criticalNotCore {
		p.errorf(k.key, "question %q is a must-have (critical) but not core: in a model that marks core questions, every must-have must be core (add core: true)", k.id)
	}
}

// decode parses the YAML into a node tree, turning syntax errors into problems.
func (p *parser) decode(data []byte) (root *yaml.Node) {
	defer func() {
		// Parse promises never to panic; a panic inside the YAML library on
		// some odd input must become a problem, not a crashed server.
		if r := recover(); r != nil {
			p.errorf(nil, "invalid YAML: %v", r)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(nil, "file is empty: a questionnaire needs slug, version, title, stages and capabilities")
		} else {
			p.yamlError(err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.errorf(&next, "a questionnaire file holds one YAML document; remove the second one")
	case !errors.Is(err, io.EOF):
		p.yamlError(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errorf(&doc, "file is empty: a questionnaire needs slug, version, title, stages and capabilities")
		return nil
	}
	return doc.Content[0]
}

func (p *parser) yamlError(err error) {
	msg := err.Error()
	if sub := yamlLine.FindStringSubmatch(msg); sub != nil {
		line, _ := strconv.Atoi(sub[1])
		p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: "invalid YAML: " + sub[2]})
		return
	}
	p.errorf(nil, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func (p *parser) model(root *yaml.Node) *assessment.Model {
	top := p.mapping(root, "", modelKeys)
	m := &assessment.Model{}
	m.Slug, _ = p.id(top, "slug")
	m.Version = p.version(top)
	m.Title = p.str(top, "title", true)
	m.Description = p.str(top, "description", false)

	stages, ok := p.list(top, "stages", true)
	if ok && len(stages) == 0 {
		p.errorf(top.keyNode("stages"), "stages must list at least one stage")
	}
	for i, n := range stages {
		m.Stages = append(m.Stages, p.stage(n, i))
	}
	capabilities, ok := p.list(top, "capabilities", true)
	if ok && len(capabilities) == 0 {
		p.errorf(top.keyNode("capabilities"), "capabilities must list at least one capability")
	}
	for i, n := range capabilities {
		m.Capabilities = append(m.Capabilities, p.capability(n, i))
	}
	return m
}

func (p *parser) version(top *mapping) string {
	s, n := p.strNode(top, "version", true)
	if n == nil {
		return ""
	}
	if _, ok := parseSemver(s); !ok {
		p.errorf(n, "version %q is not a semantic version MAJOR.MINOR.PATCH such as 1.0.0", clip(s))
		return ""
	}
	return s
}

func (p *parser) stage(n *yaml.Node, i int) assessment.Stage {
	sm := p.mapping(n, where(n, "stage", i+1, ""), stageKeys)
	id, idNode := p.id(sm, "id")
	if id != "" {
		if first, dup := p.stageAt[id]; dup {
			p.errorf(idNode, "duplicate stage id %q (first at line %d)", id, p.stageNodes[first].Line)
		} else {
			p.stageAt[id] = i
		}
	}
	p.stageNodes = append(p.stageNodes, idNode)
	return assessment.Stage{
		ID:          id,
		Title:       p.str(sm, "title", true),
		Description: p.str(sm, "description", false),
		Order:       i + 1,
	}
}

func (p *parser) capability(n *yaml.Node, i int) assessment.Capability {
	cm := p.mapping(n, where(n, "capability", i+1, ""), capabilityKeys)
	var c assessment.Capability
	nodes := capNodes{where: cm.where}
	c.ID, nodes.id = p.id(cm, "id")
	if c.ID != "" {
		if first, dup := p.capAt[c.ID]; dup {
			p.errorf(nodes.id, "duplicate capability id %q (first at line %d)", c.ID, p.caps[first].id.Line)
		} else {
			p.capAt[c.ID] = i
		}
	}
	c.Title = p.str(cm, "title", true)
	c.Stage, nodes.stage = p.strNode(cm, "stage", true)
	c.Requires, nodes.requires = p.strList(cm, "requires")
	c.Target = p.target(cm)
	c.Weight = p.weight(cm)
	c.Description = p.str(cm, "description", false)
	c.Perspectives = p.perspectives(cm)
	if v := p.get(cm, "recommendations", true); v != nil {
		rm := p.mapping(v, cm.prefix("recommendations"), recommendKeys)
		c.RecommendLow = p.str(rm, "low", true)
		c.RecommendMiddle = p.str(rm, "middling", true)
	}
	questions, ok := p.list(cm, "questions", true)
	scored := false
	for qi, qn := range questions {
		q := p.question(qn, qi, cm.where)
		scored = scored || q.Type != assessment.Text
		c.Questions = append(c.Questions, q)
	}
	if ok && !scored {
		p.at(cm, cm.keyNode("questions"), "needs at least one scored (non-text) question")
	}
	p.caps = append(p.caps, nodes)
	return c
}

func (p *parser) target(cm *mapping) int { return p.percent(cm, "target", true) }

// percent reads an integer from 1 to 100; 0 means absent or malformed.
func (p *parser) percent(m *mapping, key string, required bool) int {
	v := p.get(m, key, required)
	if v == nil {
		return 0
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" {
		if v.Kind != yaml.AliasNode {
			p.at(m, v, "%s must be an integer from 1 to 100, not %s", key, describe(v))
		}
		return 0
	}
	var t int64
	if err := v.Decode(&t); err != nil || t < 1 || t > 100 {
		p.at(m, v, "%s must be an integer from 1 to 100, not %s", key, clip(v.Value))
		return 0
	}
	return int(t)
}

func (p *parser) perspectives(m *mapping) []string {
	vals, nodes := p.strList(m, "perspectives")
	var out []string
	for i, s := range vals {
		if !slices.Contains(perspectives, s) {
			msg := fmt.Sprintf("unknown perspective %q (want %s)", clip(s), strings.Join(perspectives, ", "))
			if sg := suggest(s, perspectives); sg != "" {
				msg = fmt.Sprintf("unknown perspective %q (did you mean %q?)", clip(s), sg)
			}
			p.errorf(nodes[i], "%s", m.prefix(msg))
			continue
		}
		out = append(out, s)
	}
	return out
}

func (p *parser) question(n *yaml.Node, i int, capWhere string) assessment.Question {
	// Question ids are unique in the file, so the id alone names a question.
	w := where(n, "question", i+1, "")
	if idOf(n) == "" {
		w = where(n, "question", i+1, capWhere)
	}
	qm := p.mapping(n, w, questionKeys)
	var q assessment.Question
	var idNode *yaml.Node
	q.ID, idNode = p.id(qm, "id")
	if q.ID != "" {
		if first, dup := p.questionAt[q.ID]; dup {
			p.errorf(idNode, "duplicate question id %q (first at line %d); question ids are unique across the questionnaire", q.ID, first.Line)
		} else {
			p.questionAt[q.ID] = idNode
		}
	}
	q.Text = p.str(qm, "text", true)
	q.Help = p.str(qm, "help", true)
	typ, typNode := p.strNode(qm, "type", true)
	if typNode != nil && !slices.Contains(questionTypes, typ) {
		msg := fmt.Sprintf("unknown type %q (want %s)", clip(typ), strings.Join(questionTypes, ", "))
		if s := suggest(typ, questionTypes); s != "" {
			msg = fmt.Sprintf("unknown type %q (did you mean %q?)", clip(typ), s)
		}
		p.errorf(typNode, "%s", qm.prefix(msg))
		typ = ""
	}
	q.Type = assessment.QuestionType(typ)
	q.Weight = p.weight(qm)
	q.Critical = p.critical(qm, q.Type)
	q.Core = p.boolean(qm, "core")
	p.anyCore = p.anyCore || q.Core
	if q.Critical > 0 && !q.Core {
		p.criticalNotCore = append(p.criticalNotCore, keyOf{q.ID, qm.keyNode("critical")})
	}
	q.Perspectives = p.perspectives(qm)

	switch q.Type {
	case assessment.Single, assessment.Boolean, assessment.Multi:
		q.Options = p.options(qm, q.Type)
	case assessment.Scale, assessment.Text:
		if k := qm.keyNode("options"); k != nil {
			p.at(qm, k, "options are only for single, boolean and multi questions, not %s", q.Type)
		}
	default:
		p.options(qm, "") // still worth checking what is there
	}

	if q.Type == assessment.Scale {
		q.Min, q.Max = p.scale(qm)
	} else if q.Type != "" {
		for _, key := range []string{"min", "max"} {
			if k := qm.keyNode(key); k != nil {
				p.at(qm, k, "%s is only for scale questions, not %s", key, q.Type)
			}
		}
	}
	return q
}

// critical reads a question's must-have threshold, 0 when it has none. A text
// question has no value that could fall short of one.
func (p *parser) critical(qm *mapping, typ assessment.QuestionType) int {
	if k := qm.keyNode("critical"); k != nil && typ == assessment.Text {
		p.at(qm, k, "critical is only for scored questions, not text: a text answer has no value to fall short")
		return 0
	}
	return p.percent(qm, "critical", false)
}

// options reads and checks the options of a single, boolean or multi question;
// typ is "" when the question's type is unknown.
func (p *parser) options(qm *mapping, typ assessment.QuestionType) []assessment.Option {
	items, ok := p.list(qm, "options", false)
	if typ != "" && len(items) == 0 {
		if k := qm.keyNode("options"); k != nil && ok {
			p.at(qm, k, "a %s question needs options; the list is empty", typ)
		} else if k == nil {
			p.at(qm, qm.node, "a %s question needs options", typ)
		}
		return nil
	}
	var out []assessment.Option
	seen := map[string]*yaml.Node{}
	allScores := true // every option's score could be read: score checks are meaningful
	for i, n := range items {
		om := p.mapping(n, where(n, "option", i+1, qm.where), optionKeys)
		var o assessment.Option
		var idNode *yaml.Node
		o.ID, idNode = p.id(om, "id")
		if o.ID != "" {
			if first, dup := seen[o.ID]; dup {
				p.errorf(idNode, "%s: duplicate option id %q (first at line %d)", qm.where, o.ID, first.Line)
			} else {
				seen[o.ID] = idNode
			}
		}
		o.Label = p.str(om, "label", true)
		var scoreOK bool
		o.Score, o.Unscored, scoreOK = p.score(om)
		allScores = allScores && scoreOK
		out = append(out, o)
	}
	if typ == "" || !allScores {
		return out
	}
	var scores []float64
	for _, o := range out {
		if o.Score != nil {
			scores = append(scores, *o.Score)
		}
	}
	at := qm.keyNode("options")
	switch typ {
	case assessment.Boolean:
		if len(scores) != 2 {
			p.at(qm, at, "a boolean question needs exactly two scored options, not %d", len(scores))
		} else if scores[0] == scores[1] {
			p.at(qm, at, "both scored options score %g: the scores cannot tell best from worst", scores[0])
		}
	case assessment.Single:
		slices.Sort(scores)
		if len(slices.Compact(scores)) < 2 {
			p.at(qm, at, "scored options need at least two different scores to tell best from worst")
		}
	case assessment.Multi:
		if !slices.ContainsFunc(scores, func(s float64) bool { return s > 0 }) {
			p.at(qm, at, "a multi question needs at least one option with a positive score")
		}
	}
	return out
}

// score reads an option's score and its unscored reason; ok is false when
// either is malformed.
func (p *parser) score(om *mapping) (*float64, assessment.Unscored, bool) {
	sv := p.get(om, "score", true)
	uv := p.get(om, "unscored", false)
	var unscored string
	uok := true
	if uv != nil {
		var n *yaml.Node
		unscored, n = p.strNode(om, "unscored", true)
		switch {
		case n == nil:
			uok = false
		case !slices.Contains(unscoredValues, unscored):
			p.at(om, n, "unscored must be not-applicable or dont-know, not %q", clip(unscored))
			uok, unscored = false, ""
		}
	}
	if sv == nil {
		return nil, "", false
	}
	if isNull(sv) {
		if uv == nil {
			p.at(om, sv, "score: null needs unscored: not-applicable or dont-know to say why")
			return nil, "", false
		}
		return nil, assessment.Unscored(unscored), uok
	}
	f, ok := p.number(om, "score", sv)
	if uv != nil {
		p.at(om, om.keyNode("unscored"), "unscored is only for options with score: null; this one scores %s", clip(sv.Value))
		return nil, "", false
	}
	if !ok {
		return nil, "", false
	}
	return &f, "", true
}

func (p *parser) scale(qm *mapping) (*float64, *float64) {
	var out [2]*float64
	var nodes [2]*yaml.Node
	for i, key := range []string{"min", "max"} {
		v := p.get(qm, key, false)
		if v == nil {
			p.at(qm, qm.node, "a scale question needs %s", key)
			continue
		}
		if f, ok := p.number(qm, key, v); ok {
			out[i], nodes[i] = &f, v
		}
	}
	if out[0] == nil || out[1] == nil {
		return nil, nil
	}
	if *out[0] >= *out[1] {
		p.at(qm, nodes[1], "min (%g) must be less than max (%g)", *out[0], *out[1])
		return nil, nil
	}
	return out[0], out[1]
}

// checkGraph runs the checks that need the whole file: stage references,
// prerequisites, cycles and empty stages.
func (p *parser) checkGraph(m *assessment.Model) {
	stageIDs := make([]string, 0, len(p.stageAt))
	for _, s := range m.Stages {
		if s.ID != "" {
			stageIDs = append(stageIDs, s.ID)
		}
	}
	capIDs := make([]string, 0, len(p.capAt))
	for _, c := range m.Capabilities {
		if c.ID != "" {
			capIDs = append(capIDs, c.ID)
		}
	}
	// stageOf is the stage index of each capability, -1 when unknown.
	stageOf := make([]int, len(m.Capabilities))
	perStage := make([]int, len(m.Stages))
	for i, c := range m.Capabilities {
		stageOf[i] = -1
		if c.Stage == "" {
			continue
		}
		si, ok := p.stageAt[c.Stage]
		if !ok {
			if len(stageIDs) < len(m.Stages) {
				continue // a stage id is malformed, so this may well name it
			}
			msg := fmt.Sprintf("%s: unknown stage %q", p.caps[i].where, clip(c.Stage))
			if s := suggest(c.Stage, stageIDs); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			p.errorf(p.caps[i].stage, "%s", msg)
			continue
		}
		stageOf[i] = si
		perStage[si]++
	}

	// edges[i] lists resolved prerequisites of capability i with the node naming each.
	type edge struct {
		to   int
		node *yaml.Node
	}
	edges := make([][]edge, len(m.Capabilities))
	for i, c := range m.Capabilities {
		if c.ID == "" || p.capAt[c.ID] != i {
			continue // duplicates and bad ids are reported already
		}
		for k, r := range c.Requires {
			node := p.caps[i].requires[k]
			j, ok := p.capAt[r]
			if !ok {
				if len(capIDs) < len(m.Capabilities) {
					continue // a capability id is malformed, so this may well name it
				}
				msg := fmt.Sprintf("%s: unknown prerequisite %q", p.caps[i].where, clip(r))
				if s := suggest(r, capIDs); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				p.errorf(node, "%s", msg)
				continue
			}
			edges[i] = append(edges[i], edge{j, node})
			if si, sj := stageOf[i], stageOf[j]; si >= 0 && sj >= 0 && sj > si {
				p.errorf(node, "capability %q (stage %q) requires %q from the later stage %q; a prerequisite must be in the same or an earlier stage",
					c.ID, c.Stage, r, m.Capabilities[j].Stage)
			}
		}
	}

	// Depth-first search; a prerequisite still on the stack closes a cycle.
	const (
		unseen = iota
		onStack
		done
	)
	state := make([]int8, len(m.Capabilities))
	pos := make([]int, len(m.Capabilities)) // position on the stack while onStack
	var stack []int
	var visit func(i int)
	visit = func(i int) {
		state[i], pos[i] = onStack, len(stack)
		stack = append(stack, i)
		for _, e := range edges[i] {
			switch state[e.to] {
			case unseen:
				visit(e.to)
			case onStack:
				p.errorf(e.node, "requires cycle: %s", cycleText(m, stack[pos[e.to]:]))
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = done
	}
	for i := range m.Capabilities {
		if state[i] == unseen {
			visit(i)
		}
	}

	for si, s := range m.Stages {
		if s.ID == "" || p.stageAt[s.ID] != si {
			continue
		}
		if perStage[si] == 0 {
			p.errorf(p.stageNodes[si], "stage %q has no capability; every stage needs at least one", s.ID)
		}
	}
	if len(m.Stages) > 0 && m.Stages[0].ID != "" && perStage[0] > 0 {
		for i, c := range m.Capabilities {
			if stageOf[i] == 0 && len(c.Requires) == 0 {
				return
			}
		}
		p.errorf(p.stageNodes[0], "first stage %q needs a capability without prerequisites to start from", m.Stages[0].ID)
	}
}

// cycleText names a cycle "a -> b -> a", shortened when it is very long.
func cycleText(m *assessment.Model, members []int) string {
	const show = 12
	var names []string
	for k, i := range members {
		if k == show {
			names = append(names, fmt.Sprintf("... (%d capabilities)", len(members)))
			break
		}
		names = append(names, m.Capabilities[i].ID)
	}
	names = append(names, m.Capabilities[members[0]].ID)
	return strings.Join(names, " -> ")
}
