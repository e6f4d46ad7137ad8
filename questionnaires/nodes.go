package questionnaires

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// idPattern is the shape of every id: it ends up in URLs, CSV headers and
// database keys, so it stays plain.
var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// maxIDLen keeps ids short enough to read in a report column.
const maxIDLen = 64

// standardTags are the only explicit tags accepted: anything else (!!binary,
// !!timestamp, application tags) would be decoded into something the format
// has no use for.
var standardTags = []string{"!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map"}

// field is one key of a mapping with its value.
type field struct{ key, val *yaml.Node }

// mapping is a YAML mapping checked against the keys its place allows.
type mapping struct {
	where  string // "capability \"vcs-ci\"", used to prefix messages; empty at the top
	node   *yaml.Node
	fields map[string]field
	bad    bool // not a mapping at all: missing keys are not worth reporting then
	// typoed holds known keys an unknown key was taken for: "titel" already
	// says what is wrong, so a missing "title" is not reported again.
	typoed map[string]bool
}

// prefix puts where in front of a message.
func (m *mapping) prefix(format string) string {
	if m.where == "" {
		return format
	}
	return m.where + ": " + format
}

// describe names what a node is, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "the number " + clip(n.Value)
		case "!!bool":
			return n.Value
		default:
			return fmt.Sprintf("%q", clip(n.Value))
		}
	}
	return "unknown content"
}

// clip shortens a value quoted back in a message so that a hostile file
// cannot make one problem line megabytes long.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// at records a problem at node n, prefixed with the element m it concerns.
func (p *parser) at(m *mapping, n *yaml.Node, format string, args ...any) {
	p.errorf(n, "%s", m.prefix(fmt.Sprintf(format, args...)))
}

// errorf records a problem at node n.
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// where names a list element in messages: by its id when it has a usable
// one, else by its position ("capability \"x\" question #2").
func where(n *yaml.Node, kind string, index int, parent string) string {
	if id := idOf(n); id != "" {
		if parent != "" {
			return fmt.Sprintf("%s %s %q", parent, kind, id)
		}
		return fmt.Sprintf("%s %q", kind, id)
	}
	if parent != "" {
		return fmt.Sprintf("%s %s #%d", parent, kind, index)
	}
	return fmt.Sprintf("%s #%d", kind, index)
}

// mapping checks that n is a mapping whose keys are all known and none repeated.
func (p *parser) mapping(n *yaml.Node, where string, known []string) *mapping {
	m := &mapping{where: where, node: n, fields: map[string]field{}}
	if n.Kind != yaml.MappingNode {
		m.bad = true
		if n.Kind != yaml.AliasNode { // aliases are reported once, by checkNodes
			msg := fmt.Sprintf("must be a mapping of keys (%s), not %s", strings.Join(known, ", "), describe(n))
			if where == "" {
				msg = "a questionnaire " + msg
			}
			p.errorf(n, "%s", m.prefix(msg))
		}
		return m
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			if k.Kind != yaml.AliasNode {
				p.at(m, k, "keys must be plain names, not %s", describe(k))
			}
			continue
		}
		if !slices.Contains(known, k.Value) {
			msg := fmt.Sprintf("unknown key %q", clip(k.Value))
			if s := suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
				if m.typoed == nil {
					m.typoed = map[string]bool{}
				}
				m.typoed[s] = true
			} else {
				msg += fmt.Sprintf(" (known keys: %s)", strings.Join(known, ", "))
			}
			p.errorf(k, "%s", m.prefix(msg))
			continue
		}
		if first, dup := m.fields[k.Value]; dup {
			p.at(m, k, "key %q appears twice (first at line %d)", k.Value, first.key.Line)
			continue
		}
		m.fields[k.Value] = field{k, v}
	}
	return m
}

// idOf peeks at a mapping's id to name it in messages, if the id is usable.
func idOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Kind == yaml.ScalarNode && k.Value == "id" &&
			v.Kind == yaml.ScalarNode && validID(v.Value) {
			return v.Value
		}
	}
	return ""
}

func validID(s string) bool { return len(s) <= maxIDLen && idPattern.MatchString(s) }

// get returns the value of key, reporting its absence when it is required.
func (p *parser) get(m *mapping, key string, required bool) *yaml.Node {
	f, ok := m.fields[key]
	if !ok {
		if required && !m.bad && !m.typoed[key] {
			p.at(m, m.node, "missing required key %q", key)
		}
		return nil
	}
	return f.val
}

// keyNode is the key of a present field, for problems about the field as a whole.
func (m *mapping) keyNode(key string) *yaml.Node { return m.fields[key].key }

// stringValue reads a scalar as text. Numbers and booleans are accepted as
// their text so that `title: 2024` or `id: 42` mean what they say.
func (p *parser) stringValue(m *mapping, key string, v *yaml.Node, required bool) (string, bool) {
	if isNull(v) {
		if required {
			p.at(m, v, "%s must not be empty", key)
		}
		return "", !required
	}
	if v.Kind != yaml.ScalarNode {
		if v.Kind != yaml.AliasNode {
			p.at(m, v, "%s must be a string, not %s", key, describe(v))
		}
		return "", false
	}
	s := strings.TrimSpace(v.Value)
	if required && s == "" {
		p.at(m, v, "%s must not be empty", key)
		return "", false
	}
	return s, true
}

// str reads a text field.
func (p *parser) str(m *mapping, key string, required bool) string {
	s, _ := p.strNode(m, key, required)
	return s
}

// strNode reads a text field and returns its node for later checks.
func (p *parser) strNode(m *mapping, key string, required bool) (string, *yaml.Node) {
	v := p.get(m, key, required)
	if v == nil {
		return "", nil
	}
	s, ok := p.stringValue(m, key, v, required)
	if !ok {
		return "", nil
	}
	return s, v
}

// id reads a required id field; "" when it is missing or malformed.
func (p *parser) id(m *mapping, key string) (string, *yaml.Node) {
	s, n := p.strNode(m, key, true)
	if n == nil {
		return "", nil
	}
	if !validID(s) {
		if len(s) > maxIDLen && idPattern.MatchString(s) {
			p.at(m, n, "%s %q is longer than %d characters", key, clip(s), maxIDLen)
		} else {
			p.at(m, n, "%s %q must match [a-z0-9][a-z0-9-]* (lower-case letters, digits and hyphens)", key, clip(s))
		}
		return "", nil
	}
	return s, n
}

// number reads a finite number; ok is false when absent or bad.
func (p *parser) number(m *mapping, key string, v *yaml.Node) (float64, bool) {
	if v.Kind != yaml.ScalarNode || (v.ShortTag() != "!!int" && v.ShortTag() != "!!float") {
		if v.Kind != yaml.AliasNode {
			p.at(m, v, "%s must be a number, not %s", key, describe(v))
		}
		return 0, false
	}
	var f float64
	if err := v.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		p.at(m, v, "%s must be a finite number, not %s", key, clip(v.Value))
		return 0, false
	}
	return f, true
}

// weight reads an optional weight > 0, defaulting to 1.
func (p *parser) weight(m *mapping) float64 {
	v := p.get(m, "weight", false)
	if v == nil {
		return 1
	}
	w, ok := p.number(m, "weight", v)
	if !ok {
		return 1
	}
	if w <= 0 {
		p.at(m, v, "weight must be greater than 0, not %s", clip(v.Value))
		return 1
	}
	return w
}

// list reads a sequence; an empty value counts as an empty list.
func (p *parser) list(m *mapping, key string, required bool) ([]*yaml.Node, bool) {
	v := p.get(m, key, required)
	if v == nil || isNull(v) {
		return nil, v != nil
	}
	if v.Kind != yaml.SequenceNode {
		if v.Kind != yaml.AliasNode {
			p.at(m, v, "%s must be a list, not %s", key, describe(v))
		}
		return nil, false
	}
	return v.Content, true
}

// strList reads a list of text items, returning each with its node.
func (p *parser) strList(m *mapping, key string) ([]string, []*yaml.Node) {
	items, _ := p.list(m, key, false)
	var vals []string
	var nodes []*yaml.Node
	seen := map[string]bool{}
	for _, it := range items {
		s, ok := p.stringValue(m, key, it, true)
		if !ok {
			continue
		}
		if seen[s] {
			p.at(m, it, "%s lists %q twice", key, clip(s))
			continue
		}
		seen[s] = true
		vals = append(vals, s)
		nodes = append(nodes, it)
	}
	return vals, nodes
}

// checkNodes rejects anchors, aliases and unusual tags anywhere in the file.
// Questionnaires never need them, and refusing aliases outright means no
// amount of nesting can make loading expand a small file into a large model.
func (p *parser) checkNodes(root *yaml.Node) {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.Kind == yaml.AliasNode:
			p.errorf(n, "aliases (*%s) are not allowed in a questionnaire; write the value out", clip(n.Value))
		case n.Anchor != "":
			p.errorf(n, "anchors (&%s) are not allowed in a questionnaire", clip(n.Anchor))
		}
		if n.Tag != "" && n.Style&yaml.TaggedStyle != 0 && !slices.Contains(standardTags, n.ShortTag()) {
			p.errorf(n, "tag %s is not allowed in a questionnaire", clip(n.Tag))
		}
		if n.Kind != yaml.AliasNode {
			for i := len(n.Content) - 1; i >= 0; i-- {
				stack = append(stack, n.Content[i])
			}
		}
	}
}

// suggest returns the candidate closest to word, if one is close enough to be
// a likely typo.
func suggest(word string, candidates []string) string {
	// Long words and huge candidate sets make the distance costly and the
	// suggestion useless; skip them.
	if len(word) > maxIDLen || len(candidates) > 500 {
		return ""
	}
	w := strings.ToLower(word)
	best, bestD := "", 3
	for _, c := range candidates {
		limit := 1
		if len(c) > 4 {
			limit = 2
		}
		if d := distance(w, c); d <= limit && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the optimal string alignment distance: edits counting an adjacent
// swap as one, since "titel" for "title" is the typo authors make.
func distance(a, b string) int {
	if len(a)-len(b) > 2 || len(b)-len(a) > 2 {
		return 3
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// boolean reads an optional true/false field, false when absent or bad.
func (p *parser) boolean(m *mapping, key string) bool {
	v := p.get(m, key, false)
	if v == nil {
		return false
	}
	if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
		if v.Kind != yaml.AliasNode {
			p.at(m, v, "%s must be true or false, not %s", key, describe(v))
		}
		return false
	}
	var b bool
	if err := v.Decode(&b); err != nil {
		p.at(m, v, "%s must be true or false, not %s", key, clip(v.Value))
		return false
	}
	return b
}
