package questionnaires

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/readiness/readiness/assessment"
	"go.yaml.in/yaml/v3"
)

// The Catalog is also what the Service reads uploaded files with: it
// implements assessment.ModelParser and assessment.TranslationCatalog.
var (
	_ assessment.ModelParser        = (*Catalog)(nil)
	_ assessment.TranslationCatalog = (*Catalog)(nil)
)

func modelKey(slug, version string) string { return slug + "@" + version }

// addTranslations parses translations of models already in c and adds all
// of them, or none when any has a problem.
func (c *Catalog) addTranslations(files []file) error {
	var problems Problems
	type parsed struct {
		t    *assessment.Translation
		file string
	}
	var ts []parsed
	for _, f := range files {
		t, ps := ParseTranslation(f.name, f.data, func(slug, version string) *assessment.Model {
			m, _ := c.Version(slug, version)
			return m
		})
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		for _, prev := range ts {
			if prev.t.Slug == t.Slug && prev.t.Version == t.Version && prev.t.Lang == t.Lang {
				problems = append(problems, Problem{File: f.name,
					Message: fmt.Sprintf("%s %s is translated into %s by %s already", t.Slug, t.Version, t.Lang, prev.file)})
			}
		}
		ts = append(ts, parsed{t, f.name})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range ts {
		if _, dup := c.translations[modelKey(p.t.Slug, p.t.Version)][p.t.Lang]; dup {
			problems = append(problems, Problem{File: p.file,
				Message: fmt.Sprintf("%s %s is translated into %s already", p.t.Slug, p.t.Version, p.t.Lang)})
		}
	}
	if len(problems) > 0 {
		return problems
	}
	if c.translations == nil {
		c.translations = map[string]map[string]*assessment.Translation{}
	}
	for _, p := range ts {
		k := modelKey(p.t.Slug, p.t.Version)
		if c.translations[k] == nil {
			c.translations[k] = map[string]*assessment.Translation{}
		}
		c.translations[k][p.t.Lang] = p.t
	}
	return nil
}

// Translation returns the translation of a model version into lang.
func (c *Catalog) Translation(slug, version, lang string) (*assessment.Translation, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t, ok := c.translations[modelKey(slug, version)][lang]
	return t, ok
}

// Languages lists the languages of a model version: the default first, then
// those it is translated into, sorted.
func (c *Catalog) Languages(slug, version string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := []string{assessment.DefaultLanguage}
	var more []string
	for lang := range c.translations[modelKey(slug, version)] {
		more = append(more, lang)
	}
	slices.Sort(more)
	return append(out, more...)
}

// Versions returns every loaded version of a questionnaire, oldest first.
func (c *Catalog) Versions(slug string) []*assessment.Model {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []*assessment.Model
	for _, e := range c.models[slug] {
		out = append(out, e.model)
	}
	return out
}

// uploadName names an uploaded file in problems; the Service reports only
// their lines.
const uploadName = "upload.yaml"

// ParseModel reads an uploaded questionnaire file for the Service. Beyond
// Parse it refuses texts holding a NUL character, which no database text
// column keeps.
func (c *Catalog) ParseModel(data []byte) (*assessment.Model, []assessment.Problem) {
	if translationKey.Match(data) {
		return nil, []assessment.Problem{{Line: 1, Message: "this file is a translation (it has translation_of); add it to its model's translations instead"}}
	}
	m, ps := Parse(uploadName, data)
	if len(ps) == 0 {
		ps = nulTexts(uploadName, data)
	}
	if len(ps) > 0 {
		return nil, lines(ps)
	}
	return m, nil
}

// ParseTranslation reads an uploaded translation of the model of.
func (c *Catalog) ParseTranslation(data []byte, of *assessment.Model) (*assessment.Translation, []assessment.Problem) {
	t, ps := ParseTranslation(uploadName, data, func(slug, version string) *assessment.Model {
		if of != nil && slug == of.Slug && version == of.Version {
			return of
		}
		return nil
	})
	if len(ps) > 0 {
		return nil, lines(ps)
	}
	return t, nil
}

// lines drops the file name of problems: an upload has none.
func lines(ps []Problem) []assessment.Problem {
	out := make([]assessment.Problem, len(ps))
	for i, p := range ps {
		out[i] = assessment.Problem{Line: p.Line, Message: p.Message}
	}
	return out
}

// nulTexts reports scalars holding a NUL character (written as "\0" in a
// quoted string) in a file Parse accepted.
func nulTexts(file string, data []byte) []Problem {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return []Problem{{File: file, Message: "invalid YAML: " + err.Error()}}
	}
	var out []Problem
	stack := []*yaml.Node{&root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == yaml.ScalarNode && strings.ContainsRune(n.Value, 0) {
			out = append(out, Problem{File: file, Line: n.Line, Message: "texts must not contain a NUL character"})
		}
		stack = append(stack, n.Content...)
	}
	slices.SortFunc(out, func(a, b Problem) int { return a.Line - b.Line })
	return out
}

// LintFiles checks questionnaire and translation files. A translation is
// checked against its model: one of files, a model in its own directory, or
// a built-in one. Problems come in the order of files, each file's by line.
func LintFiles(files []string) []Problem {
	found := make([][]Problem, len(files))
	models := map[string]*assessment.Model{}
	var translations []int
	datas := make([][]byte, len(files))
	for i, name := range files {
		data, err := readFile(name)
		if err != nil {
			found[i] = []Problem{{File: name, Message: err.Error()}}
			continue
		}
		if IsTranslation(name, data) {
			translations = append(translations, i)
			datas[i] = data
			continue
		}
		m, ps := Parse(name, data)
		found[i] = ps
		if m != nil {
			models[modelKey(m.Slug, m.Version)] = m
		}
	}
	beside := map[string]map[string]*assessment.Model{} // by directory, read when first needed
	var builtin *Catalog
	for _, i := range translations {
		dir := filepath.Dir(files[i])
		_, found[i] = ParseTranslation(files[i], datas[i], func(slug, version string) *assessment.Model {
			if m := models[modelKey(slug, version)]; m != nil {
				return m
			}
			if beside[dir] == nil {
				beside[dir] = modelsIn(dir)
			}
			if m := beside[dir][modelKey(slug, version)]; m != nil {
				return m
			}
			if builtin == nil {
				builtin, _ = Builtin()
			}
			if builtin != nil {
				m, _ := builtin.Version(slug, version)
				return m
			}
			return nil
		})
	}
	var out []Problem
	for _, ps := range found {
		out = append(out, ps...)
	}
	return out
}

// modelsIn loads the valid models directly in dir, skipping translations and
// files with problems (those are reported when they are linted themselves).
func modelsIn(dir string) map[string]*assessment.Model {
	out := map[string]*assessment.Model{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		data, err := readFile(name)
		if err != nil || IsTranslation(name, data) {
			continue
		}
		if m, _ := Parse(name, data); m != nil {
			out[modelKey(m.Slug, m.Version)] = m
		}
	}
	return out
}
