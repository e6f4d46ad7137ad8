package questionnaires

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestBuiltin(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin: %v", err)
	}
	m, ok := c.Latest("dcos-readiness")
	if !ok {
		t.Fatalf("no dcos-readiness in %v", c.List())
	}
	if len(m.Stages) == 0 || len(m.Capabilities) == 0 {
		t.Errorf("dcos-readiness has %d stages and %d capabilities", len(m.Stages), len(m.Capabilities))
	}
	if got, ok := c.Version("dcos-readiness", m.Version); !ok || got != m {
		t.Errorf("Version(dcos-readiness, %s) = %v, %v; want the latest model", m.Version, got, ok)
	}
}

// TestBuiltinFilesLint checks every embedded file on its own, so that a
// problem names the file and line an author must fix.
func TestBuiltinFilesLint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("builtin", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no built-in files (%v)", err)
	}
	for _, f := range files {
		for _, p := range LintFile(f) {
			t.Error(p)
		}
	}
}

// model writes a small valid questionnaire with the given slug and version.
func model(slug, version string) string {
	return `slug: ` + slug + `
version: ` + version + `
title: Model ` + slug + ` ` + version + `
stages:
  - {id: one, title: One}
capabilities:
  - id: cap
    title: Capability
    stage: one
    target: 50
    recommendations: {low: Begin., middling: Continue.}
    questions:
      - id: q
        text: Ready?
        help: It matters.
        type: boolean
        options: [{id: "no", label: "No", score: 0}, {id: "yes", label: "Yes", score: 1}]
`
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAddDir(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"acme.yaml":      model("acme", "1.2.0"),
		"acme-next.yml":  model("acme", "1.10.0"), // 1.10 is later than 1.2: not string order
		"beta.yaml":      model("beta", "0.1.0"),
		"notes.txt":      "not a questionnaire",
		"README.md":      "# ignored",
		"acme-old.YAML":  model("acme", "0.9.9"),
		"sub.yaml.orig":  "ignored too",
		"zeta-tool.yaml": model("zeta-tool", "3.0.0"),
	})
	if err := os.Mkdir(filepath.Join(dir, "nested.yaml"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := c.AddDir(dir); err != nil {
		t.Fatalf("AddDir: %v", err)
	}

	var slugs []string
	for _, m := range c.List() {
		slugs = append(slugs, m.String())
	}
	if got, want := strings.Join(slugs, " "), "acme@1.10.0 beta@0.1.0 dcos-readiness@"; !strings.HasPrefix(got, want) {
		t.Errorf("List() = %s, want it to start with %s", got, want)
	}
	if got, want := slugs[len(slugs)-1], "zeta-tool@3.0.0"; got != want {
		t.Errorf("last of List() = %s, want %s", got, want)
	}
	if m, ok := c.Latest("acme"); !ok || m.Version != "1.10.0" {
		t.Errorf("Latest(acme) = %v, %v; want 1.10.0", m, ok)
	}
	for _, v := range []string{"0.9.9", "1.2.0", "1.10.0"} {
		if m, ok := c.Version("acme", v); !ok || m.Version != v {
			t.Errorf("Version(acme, %s) = %v, %v", v, m, ok)
		}
	}
	if m, ok := c.Version("acme", "2.0.0"); ok {
		t.Errorf("Version(acme, 2.0.0) = %v; want not found", m)
	}
	if m, ok := c.Latest("nope"); ok {
		t.Errorf("Latest(nope) = %v; want not found", m)
	}
}

func TestAddDirFails(t *testing.T) {
	broken, err := os.ReadFile(filepath.Join("testdata", "broken", "unknown-stage.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		files map[string]string
		want  []string // parts of the error, each FILE:LINE: message
	}{
		"broken file": {
			files: map[string]string{"good.yaml": model("good", "1.0.0"), "bad.yaml": string(broken)},
			want:  []string{"bad.yaml:16: capability \"build\": unknown stage \"cj\""},
		},
		"two broken files": {
			files: map[string]string{"a.yaml": "slug: [", "b.yml": model("b", "1.0")},
			want:  []string{"a.yaml:1: invalid YAML", `b.yml:2: version "1.0" is not a semantic version`},
		},
		"same version twice": {
			files: map[string]string{"one.yaml": model("twin", "1.0.0"), "two.yaml": model("twin", "1.0.0")},
			want:  []string{"two.yaml:0: twin@1.0.0 is already loaded from " + "ONE"},
		},
		"clash with built-in": {
			files: map[string]string{"mine.yaml": model("dcos-readiness", "BUILTIN")},
			want:  []string{"mine.yaml:0: dcos-readiness@", "is already loaded from builtin/"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := Builtin()
			if err != nil {
				t.Fatal(err)
			}
			builtin, _ := c.Latest("dcos-readiness")
			for n, text := range tt.files {
				tt.files[n] = strings.ReplaceAll(text, "BUILTIN", builtin.Version)
			}
			dir := writeFiles(t, tt.files)
			before := len(c.List())

			err = c.AddDir(dir)
			if err == nil {
				t.Fatal("AddDir succeeded")
			}
			var problems Problems
			if !errors.As(err, &problems) {
				t.Errorf("error %v does not wrap Problems", err)
			}
			for _, w := range tt.want {
				w = strings.ReplaceAll(w, "ONE", filepath.Join(dir, "one.yaml"))
				if !strings.Contains(err.Error(), filepath.Join(dir, w)) && !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\nwant it to contain %s", err, w)
				}
			}
			if got := len(c.List()); got != before {
				t.Errorf("a failed AddDir added models: %d, was %d", got, before)
			}
		})
	}
}

func TestAddDirMissing(t *testing.T) {
	var c Catalog
	err := c.AddDir(filepath.Join(t.TempDir(), "absent"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("AddDir(absent) = %v, want a wrapped ErrNotExist", err)
	}
}

// TestCatalogConcurrentReads is meant for -race: readers while a directory loads.
func TestCatalogConcurrentReads(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"acme.yaml": model("acme", "1.0.0")})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				c.List()
				c.Latest("acme")
				c.Version("dcos-readiness", "1.0.0")
			}
		}()
	}
	if err := c.AddDir(dir); err != nil {
		t.Error(err)
	}
	wg.Wait()
	if _, ok := c.Latest("acme"); !ok {
		t.Error("acme not loaded")
	}
}
