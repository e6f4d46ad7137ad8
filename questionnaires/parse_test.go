package questionnaires

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
)

// want is one expected problem: its line and a part of its message.
type want struct {
	line int
	msg  string
}

// brokenFixtures maps each file in testdata/broken to every problem it must
// produce, in order. Each file breaks one rule, or a few close ones.
var brokenFixtures = map[string][]want{
	"syntax.yaml": {{11, "invalid YAML: mapping values are not allowed"}},
	"empty.yaml":  {{0, "file is empty"}},
	"not-a-mapping.yaml": {
		{2, "a questionnaire must be a mapping of keys (slug, version, title, description, stages, capabilities), not a list"},
	},
	"two-documents.yaml": {{14, "holds one YAML document"}},
	"aliases.yaml": {
		{9, "anchors (&name) are not allowed"},
		{15, "aliases (*name) are not allowed"},
	},
	"tag.yaml":           {{9, "tag !custom is not allowed"}},
	"duplicate-key.yaml": {{12, `capability "vcs": key "target" appears twice (first at line 11)`}},
	"unknown-keys.yaml": {
		{3, `unknown key "titel" (did you mean "title"?)`},
		{6, `stage "ci": unknown key "titl" (did you mean "title"?)`},
		{11, `capability "vcs": unknown key "reqiures" (did you mean "requires"?)`},
		{14, `capability "vcs": recommendations: missing required key "middling"`},
		{15, `recommendations: unknown key "middle" (known keys: low, middling)`},
		{21, `question "q1": unknown key "wieght" (did you mean "weight"?)`},
		{23, `question "q1" option "no": unknown key "lable" (did you mean "label"?)`},
	},
	"missing-keys.yaml": {
		{1, `missing required key "version"`},
		{4, `stage "ci": missing required key "title"`},
		{6, `capability "vcs": missing required key "target"`},
		{6, `capability "vcs": missing required key "recommendations"`},
		{10, `question "q1": missing required key "text"`},
		{14, `question "q1" option "no": missing required key "score"`},
	},
	"wrong-types.yaml": {
		{11, `capability "vcs": requires must be a list, not "x"`},
		{12, `capability "vcs": target must be an integer from 1 to 100, not "abc"`},
		{13, `capability "vcs": weight must be a number, not "heavy"`},
		{14, `capability "vcs": perspectives must be a list, not "development"`},
		{18, `question "q1": text must be a string, not a list`},
		{21, `question "q1": options must be a list, not "yes"`},
	},
	"bad-ids.yaml": {
		{1, `slug "Broken" must match [a-z0-9][a-z0-9-]*`},
		{5, `stage #1: id "CI" must match [a-z0-9][a-z0-9-]*`},
		{8, `capability #1: id "vcs_ci" must match`},
		{14, `capability #1 question #1: id "-q1" must match`},
		{19, `option #1: id "No" must match`},
	},
	"duplicate-ids.yaml": {
		{7, `duplicate stage id "ci" (first at line 5)`},
		{16, `duplicate capability id "vcs" (first at line 10)`},
		{21, `duplicate question id "q1" (first at line 15)`},
		{34, `question "q2": duplicate option id "no" (first at line 33)`},
	},
	"unknown-stage.yaml": {{16, `capability "build": unknown stage "cj" (did you mean "ci"?)`}},
	"unknown-prerequisite.yaml": {
		{18, `capability "build": unknown prerequisite "vsc" (did you mean "vcs"?)`},
		{18, `capability "build": unknown prerequisite "leadership"`},
	},
	"cycle.yaml": {
		{32, "requires cycle: build -> test -> deploy -> build"},
		{39, "requires cycle: self -> self"},
	},
	"later-stage.yaml": {{20, `capability "build" (stage "ci") requires "docker" from the later stage "containers"`}},
	"no-root.yaml": {
		{5, `first stage "ci" needs a capability without prerequisites`},
		{21, "requires cycle: vcs -> build -> vcs"},
	},
	"target.yaml": {
		{11, `capability "zero": target must be an integer from 1 to 100, not 0`},
		{17, `capability "big": target must be an integer from 1 to 100, not 101`},
		{23, `capability "half": target must be an integer from 1 to 100, not the number 60.5`},
		{29, `capability "word": target must be an integer from 1 to 100, not "high"`},
	},
	"core.yaml": {
		{19, `question "builds" is a must-have (critical) but not core`},
		{22, `question "word": core must be true or false, not "yes"`},
		{23, `question "one": core must be true or false, not the number 1`},
		{23, `question "one" is a must-have (critical) but not core`},
	},
	"critical.yaml": {
		{14, `question "zero": critical must be an integer from 1 to 100, not 0`},
		{15, `question "big": critical must be an integer from 1 to 100, not 101`},
		{16, `question "half": critical must be an integer from 1 to 100, not the number 50.5`},
		{17, `question "word": critical must be an integer from 1 to 100, not "yes"`},
		{18, `question "flag": critical must be an integer from 1 to 100, not true`},
		{19, `question "empty": critical must be an integer from 1 to 100, not empty`},
		{24, `question "notes": critical is only for scored questions, not text`},
	},
	"weight.yaml": {
		{12, `capability "vcs": weight must be greater than 0, not 0`},
		{25, `question "q1": weight must be greater than 0, not -1`},
	},
	"scores.yaml": {
		{18, `question "single-flat": scored options need at least two different scores to tell best from worst`},
		{26, `question "boolean-flat": both scored options score 1: the scores cannot tell best from worst`},
		{33, `question "multi-none": a multi question needs at least one option with a positive score`},
	},
	"boolean-count.yaml": {
		{18, `question "three": a boolean question needs exactly two scored options, not 3`},
		{26, `question "one": a boolean question needs exactly two scored options, not 1`},
	},
	"options-not-allowed.yaml": {
		{20, `question "rate": options are only for single, boolean and multi questions, not scale`},
		{26, `question "notes": options are only for single, boolean and multi questions, not text`},
	},
	"minmax-not-allowed.yaml": {
		{18, `question "pick": min is only for scale questions, not single`},
		{26, `question "notes": max is only for scale questions, not text`},
	},
	"scale.yaml": {
		{14, `question "no-max": a scale question needs max`},
		{24, `question "reversed": min (10) must be less than max (5)`},
		{29, `question "words": min must be a number, not "low"`},
		{30, `question "words": max must be a finite number, not .inf`},
	},
	"empty-stage.yaml": {{7, `stage "containers" has no capability`}},
	"no-scored-question.yaml": {
		{19, `capability "notes": needs at least one scored (non-text) question`},
		{29, `capability "none": needs at least one scored (non-text) question`},
	},
	"perspective.yaml": {
		{12, `capability "vcs": unknown perspective "ops" (want operations, development, data, management)`},
		{12, `capability "vcs": unknown perspective "developmnet" (did you mean "development"?)`},
		{19, `question "q1": perspectives lists "management" twice`},
	},
	"unscored.yaml": {
		{21, `question "q1" option "c": score: null needs unscored: not-applicable or dont-know`},
		{22, `question "q1" option "d": unscored is only for options with score: null`},
		{23, `question "q1" option "e": unscored must be not-applicable or dont-know, not "maybe"`},
	},
	"no-options.yaml": {
		{14, `question "pick": a single question needs options`},
		{22, `question "several": a multi question needs options; the list is empty`},
	},
	"unknown-type.yaml": {
		{17, `question "q1": unknown type "singel" (did you mean "single"?)`},
		{24, `question "q2": unknown type "yes-no" (want single, boolean, multi, scale, text)`},
	},
	"version.yaml": {{2, `version "1.0" is not a semantic version MAJOR.MINOR.PATCH`}},
	"empty-strings.yaml": {
		{3, "title must not be empty"},
		{9, `capability "vcs": title must not be empty`},
		{12, `capability "vcs": recommendations: low must not be empty`},
		{16, `question "q1": help must not be empty`},
		{19, `question "q1" option "no": label must not be empty`},
	},
}

func TestLintFileBroken(t *testing.T) {
	for name, wants := range brokenFixtures {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "broken", name)
			got := LintFile(path)
			for i := 0; i < max(len(got), len(wants)); i++ {
				switch {
				case i >= len(wants):
					t.Errorf("unexpected problem %s", got[i])
				case i >= len(got):
					t.Errorf("missing problem %s:%d: ...%s...", path, wants[i].line, wants[i].msg)
				case got[i].File != path || got[i].Line != wants[i].line || !strings.Contains(got[i].Message, wants[i].msg):
					t.Errorf("problem %d is\n\t%s\nwant\n\t%s:%d: ...%s...", i, got[i], path, wants[i].line, wants[i].msg)
				}
			}
		})
	}
}

// TestBrokenFixturesListed keeps the table and the directory in step, so that
// no fixture sits there unchecked.
func TestBrokenFixturesListed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "broken", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	onDisk := map[string]bool{}
	for _, f := range files {
		onDisk[filepath.Base(f)] = true
		if _, ok := brokenFixtures[filepath.Base(f)]; !ok {
			t.Errorf("%s has no entry in brokenFixtures", f)
		}
	}
	for name := range brokenFixtures {
		if !onDisk[name] {
			t.Errorf("brokenFixtures lists %s, which is not in testdata/broken", name)
		}
	}
}

func TestParseProblemsDropModel(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "broken", "cycle.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, problems := Parse("cycle.yaml", data)
	if m != nil || len(problems) == 0 {
		t.Fatalf("Parse = %v, %d problems; want nil model and problems", m, len(problems))
	}
}

func ptr(f float64) *float64 { return &f }

func TestParseValid(t *testing.T) {
	yesNo := []assessment.Option{
		{ID: "no", Label: "No", Score: ptr(0)},
		{ID: "yes", Label: "Yes", Score: ptr(1)},
	}
	want := &assessment.Model{
		Slug:        "acme-platform",
		Version:     "2.10.3",
		Title:       "ACME platform readiness",
		Description: "How ready a team is to run on the ACME platform.",
		Stages: []assessment.Stage{
			{ID: "ci", Title: "Continuous integration", Order: 1},
			{ID: "containers", Title: "Containerisation", Description: "Packaging services as images.", Order: 2},
		},
		Capabilities: []assessment.Capability{
			{
				ID: "leadership", Title: "Leadership", Stage: "ci", Target: 50, Weight: 1,
				RecommendLow: "Find a sponsor.", RecommendMiddle: "Write the vision down.",
				Questions: []assessment.Question{{
					ID: "sponsor", Text: "Is there an executive sponsor?", Help: "Without one the work stalls.",
					Type: assessment.Boolean, Options: yesNo, Weight: 1, Critical: 100, Core: true,
				}},
			},
			{
				ID: "vcs-ci", Title: "Version control and CI", Stage: "ci", Requires: []string{"leadership"},
				Target: 60, Weight: 2, Description: "Every change is built.",
				Perspectives: []string{"development", "operations"},
				RecommendLow: "Put everything in version control.", RecommendMiddle: "Build every commit.",
				Questions: []assessment.Question{
					{
						ID: "ci-builds", Text: "How often is the main branch built?", Help: "Frequent builds find problems early.",
						Type: assessment.Single, Weight: 1.5, Critical: 50, Core: true, Perspectives: []string{"development"},
						Options: []assessment.Option{
							{ID: "never", Label: "Never", Score: ptr(0)},
							{ID: "daily", Label: "Daily", Score: ptr(5)},
							{ID: "every-commit", Label: "On every commit", Score: ptr(10)},
							{ID: "dont-know", Label: "Don't know", Unscored: assessment.DontKnow},
						},
					},
					{
						ID: "ci-tools", Text: "Which of these run in the pipeline?", Help: "Each check catches a different kind of fault.",
						Type: assessment.Multi, Weight: 1,
						Options: []assessment.Option{
							{ID: "unit", Label: "Unit tests", Score: ptr(2)},
							{ID: "lint", Label: "Linters", Score: ptr(1)},
							{ID: "none", Label: "None of these", Score: ptr(0)},
							{ID: "na", Label: "We have no pipeline", Unscored: assessment.NotApplicable},
						},
					},
					{
						ID: "ci-confidence", Text: "How confident are you in a green build?", Help: "Confidence says whether the tests are trusted.",
						Type: assessment.Scale, Min: ptr(1), Max: ptr(5), Weight: 1,
					},
					{
						ID: "ci-notes", Text: "Anything else about your builds?", Help: "Free text for the workshop notes.",
						Type: assessment.Text, Weight: 1,
					},
				},
			},
			{
				ID: "images", Title: "Container images", Stage: "containers", Requires: []string{"vcs-ci", "leadership"},
				Target: 70, Weight: 1, Perspectives: []string{"operations"},
				RecommendLow: "Start with one service.", RecommendMiddle: "Scan every image.",
				Questions: []assessment.Question{{
					ID: "image-share", Text: "What share of services ship as images?", Help: "Only images can run on the platform.",
					Type: assessment.Scale, Min: ptr(0), Max: ptr(100), Weight: 3,
				}},
			},
		},
	}

	path := filepath.Join("testdata", "valid", "every-type.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, problems := Parse(path, data)
	if len(problems) > 0 {
		t.Fatalf("problems in a valid file:\n%s", Problems(problems))
	}

	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"Slug", got.Slug, want.Slug},
		{"Version", got.Version, want.Version},
		{"Title", got.Title, want.Title},
		{"Description", got.Description, want.Description},
		{"Stages", got.Stages, want.Stages},
		{"len(Capabilities)", len(got.Capabilities), len(want.Capabilities)},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			t.Errorf("%s = %#v, want %#v", f.name, f.got, f.want)
		}
	}
	for ci := range min(len(got.Capabilities), len(want.Capabilities)) {
		g, w := got.Capabilities[ci], want.Capabilities[ci]
		if len(g.Questions) != len(w.Questions) {
			t.Errorf("capability %s has %d questions, want %d", w.ID, len(g.Questions), len(w.Questions))
			continue
		}
		for qi := range g.Questions {
			if !reflect.DeepEqual(g.Questions[qi], w.Questions[qi]) {
				t.Errorf("capability %s question %d =\n\t%s\nwant\n\t%s", w.ID, qi, show(g.Questions[qi]), show(w.Questions[qi]))
			}
		}
		g.Questions, w.Questions = nil, nil
		if !reflect.DeepEqual(g, w) {
			t.Errorf("capability %d =\n\t%#v\nwant\n\t%#v", ci, g, w)
		}
	}
}

// show prints a question with its pointers followed, so a failure reads well.
func show(q assessment.Question) string {
	num := func(f *float64) string {
		if f == nil {
			return "nil"
		}
		return fmt.Sprint(*f)
	}
	var opts []string
	for _, o := range q.Options {
		opts = append(opts, fmt.Sprintf("{%s %q score=%s unscored=%q}", o.ID, o.Label, num(o.Score), o.Unscored))
	}
	return fmt.Sprintf("{%s %q help=%q %s weight=%g critical=%d core=%t perspectives=%v min=%s max=%s options=%v}",
		q.ID, q.Text, q.Help, q.Type, q.Weight, q.Critical, q.Core, q.Perspectives, num(q.Min), num(q.Max), opts)
}

// TestParseHostile checks inputs meant to exhaust the loader: each must be
// refused quickly with a problem, never accepted and never panicking.
func TestParseHostile(t *testing.T) {
	// The classic "billion laughs": nine levels of nine aliases.
	var laughs bytes.Buffer
	laughs.WriteString("a: &a [\"lol\"]\n")
	for i, prev := 1, "a"; i < 10; i++ {
		name := string(rune('a' + i))
		fmt.Fprintf(&laughs, "%s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = name
	}
	manyKeys := "slug: x\n" + strings.Repeat("typo: 1\n", 10000)

	for name, tt := range map[string]struct {
		data []byte
		want string // a part of the first problem
	}{
		"over the size cap":       {bytes.Repeat([]byte("#"), MaxFileSize+1), "limited to 1048576 bytes"},
		"alias bomb":              {laughs.Bytes(), "anchors (&a) are not allowed"},
		"deep nesting":            {[]byte(strings.Repeat("[", 20000)), "invalid YAML"},
		"self-referencing anchor": {[]byte("slug: &a [*a]\n"), "anchors (&a) are not allowed"},
		"binary":                  {[]byte("\x00\xff\xfe"), "invalid YAML"},
		"many problems":           {[]byte(manyKeys), "missing required key"},
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			m, problems := Parse("hostile.yaml", tt.data)
			if m != nil || len(problems) == 0 {
				t.Fatalf("Parse accepted hostile input")
			}
			if !strings.Contains(problems[0].Message, tt.want) {
				t.Errorf("first problem %s, want it to contain %q", problems[0], tt.want)
			}
			if len(problems) > maxProblems+1 {
				t.Errorf("%d problems; the report is capped at %d", len(problems), maxProblems+1)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

func TestLintFileUnreadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.yaml")
	problems := LintFile(path)
	if len(problems) != 1 || problems[0].Line != 0 || !strings.HasPrefix(problems[0].String(), path+":0: ") {
		t.Fatalf("LintFile(missing) = %v, want one problem at line 0", problems)
	}
}

func TestProblemString(t *testing.T) {
	for _, tt := range []struct {
		in   Problem
		want string
	}{
		{Problem{"a.yaml", 12, "unknown key"}, "a.yaml:12: unknown key"},
		{Problem{"dir/b.yml", 0, "no such file"}, "dir/b.yml:0: no such file"},
	} {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	ps := Problems{{"a.yaml", 1, "x"}, {"a.yaml", 2, "y"}}
	if got, want := ps.Error(), "a.yaml:1: x\na.yaml:2: y"; got != want {
		t.Errorf("Problems.Error() = %q, want %q", got, want)
	}
}

func TestSuggest(t *testing.T) {
	for _, tt := range []struct {
		word string
		want string
	}{
		{"titel", "title"},
		{"Title", "title"},
		{"reqiures", "requires"},
		{"stagee", "stage"},
		{"ix", "id"},
		{"colour", ""},
		{"middle", ""},
	} {
		if got := suggest(tt.word, capabilityKeys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestFormatExample keeps the example in FORMAT.md loadable: authors copy it.
func TestFormatExample(t *testing.T) {
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "## A complete example\n\n```yaml\n")
	example, _, closed := strings.Cut(rest, "\n```\n")
	if !ok || !closed {
		t.Fatal("FORMAT.md has no complete example in a yaml block")
	}
	m, problems := Parse("FORMAT.md example", []byte(example))
	if len(problems) > 0 {
		t.Fatalf("the example does not load:\n%s", Problems(problems))
	}
	types := map[assessment.QuestionType]bool{}
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			types[q.Type] = true
		}
	}
	if len(types) != 5 {
		t.Errorf("the example uses question types %v; it should show all five", types)
	}
}
