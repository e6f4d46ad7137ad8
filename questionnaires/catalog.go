package questionnaires

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/readiness/readiness/assessment"
)

//go:embed builtin/*.yaml
var builtinFiles embed.FS

// LintFile reads and checks one questionnaire file; a file that cannot be read
// is a problem at line 0.
func LintFile(path string) []Problem { return LintFiles([]string{path}) }

// readFile reads at most one byte past MaxFileSize, so that a huge file (or a
// device such as /dev/zero) is refused without being read whole.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read questionnaire: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read questionnaire %s: %w", name, err)
	}
	return data, nil
}

// Catalog holds every loaded questionnaire by slug and version. Loading
// (Builtin, AddDir) happens at start-up; afterwards a Catalog is only read and
// is safe for concurrent use. The models it returns are shared: treat them as
// read-only.
type Catalog struct {
	mu     sync.RWMutex
	models map[string][]entry // by slug, in ascending version order

	// translations are by slug@version, then language.
	translations map[string]map[string]*assessment.Translation
}

// entry is one loaded model and where it came from, for duplicate messages.
type entry struct {
	model   *assessment.Model
	version semver
	file    string
}

// Builtin loads the questionnaires embedded in the binary. Their files are
// checked by the tests, so an error here means a broken build.
func Builtin() (*Catalog, error) { return builtin(builtinFiles) }

// builtin loads the built-in files of fsys: models, then their translations.
func builtin(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{models: map[string][]entry{}}
	names, err := fs.Glob(fsys, "builtin/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list built-in questionnaires: %w", err)
	}
	var files, translations []file
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read built-in questionnaire %s: %w", name, err)
		}
		if IsTranslation(name, data) {
			translations = append(translations, file{name, data})
			continue
		}
		files = append(files, file{name, data})
	}
	if err := c.add(files); err != nil {
		return nil, fmt.Errorf("built-in questionnaires:\n%w", err)
	}
	if err := c.addTranslations(translations); err != nil {
		return nil, fmt.Errorf("built-in translations:\n%w", err)
	}
	return c, nil
}

// file is one questionnaire file's name and content.
type file struct {
	name string
	data []byte
}

// AddDir adds the *.yaml and *.yml files directly in dir, such as a
// consultancy's own models. Either every file loads or none does: the error
// lists every problem in every file as FILE:LINE: message (a Problems value
// inside). A slug and version that is already loaded is a problem too.
func (c *Catalog) AddDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read questionnaire directory: %w", err)
	}
	var files, translations []file
	var problems Problems
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		name := filepath.Join(dir, e.Name())
		data, err := readFile(name)
		if err != nil {
			problems = append(problems, Problem{File: name, Message: err.Error()})
			continue
		}
		if IsTranslation(name, data) {
			translations = append(translations, file{name, data})
			continue
		}
		files = append(files, file{name, data})
	}
	err = c.add(files)
	var more Problems
	if errors.As(err, &more) {
		problems = append(problems, more...)
	} else if err == nil {
		err = c.addTranslations(translations)
		if errors.As(err, &more) {
			problems = append(problems, more...)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("questionnaires in %s:\n%w", dir, problems)
	}
	return nil
}

// add parses every file and adds all of them, or none when any has a problem.
func (c *Catalog) add(files []file) error {
	var problems Problems
	var parsed []entry
	for _, f := range files {
		m, ps := Parse(f.name, f.data)
		if len(ps) > 0 {
			problems = append(problems, ps...)
			continue
		}
		v, _ := parseSemver(m.Version) // Parse accepted it
		parsed = append(parsed, entry{m, v, f.name})
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.models == nil {
		c.models = map[string][]entry{}
	}
	for i, e := range parsed {
		if prev, ok := c.find(e.model.Slug, e.model.Version); ok {
			problems = append(problems, duplicate(e, prev))
			continue
		}
		for _, prev := range parsed[:i] {
			if prev.model.Slug == e.model.Slug && prev.model.Version == e.model.Version {
				problems = append(problems, duplicate(e, prev))
				break
			}
		}
	}
	if len(problems) > 0 {
		return problems
	}
	for _, e := range parsed {
		list := append(c.models[e.model.Slug], e)
		slices.SortFunc(list, func(a, b entry) int { return compareSemver(a.version, b.version) })
		c.models[e.model.Slug] = list
	}
	return nil
}

func duplicate(e, prev entry) Problem {
	return Problem{File: e.file, Line: 0,
		Message: fmt.Sprintf("%s is already loaded from %s; raise the version or change the slug", e.model, prev.file)}
}

// find looks up an exact slug and version; the caller holds the lock.
func (c *Catalog) find(slug, version string) (entry, bool) {
	for _, e := range c.models[slug] {
		if e.model.Version == version {
			return e, true
		}
	}
	return entry{}, false
}

// List returns the latest version of each questionnaire, sorted by slug.
func (c *Catalog) List() []*assessment.Model {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*assessment.Model, 0, len(c.models))
	for _, list := range c.models {
		out = append(out, list[len(list)-1].model)
	}
	slices.SortFunc(out, func(a, b *assessment.Model) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

// Latest returns the highest version of the questionnaire slug.
func (c *Catalog) Latest(slug string) (*assessment.Model, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	list := c.models[slug]
	if len(list) == 0 {
		return nil, false
	}
	return list[len(list)-1].model, true
}

// Version returns one exact version of a questionnaire, as an assessment
// started with it needs long after newer versions are loaded.
func (c *Catalog) Version(slug, version string) (*assessment.Model, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.find(slug, version)
	return e.model, ok
}
