package questionnaires

import (
	"crypto/sha256"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
)

// builtinModel returns the latest built-in dcos-readiness model.
func builtinModel(t *testing.T) *assessment.Model {
	t.Helper()
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := c.Latest("dcos-readiness")
	if !ok {
		t.Fatal("no built-in dcos-readiness")
	}
	return m
}

// TestBuiltinVersions: 1.2.0 is what new assessments get, and 1.0.0 and
// 1.1.0 stay loaded so that assessments started on them can be compared and
// re-read.
func TestBuiltinVersions(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := c.Latest("dcos-readiness"); m == nil || m.Version != "1.2.0" {
		t.Errorf("latest dcos-readiness = %v, want 1.2.0", m)
	}
	for _, v := range []string{"1.0.0", "1.1.0"} {
		if _, ok := c.Version("dcos-readiness", v); !ok {
			t.Errorf("dcos-readiness %s is no longer built in", v)
		}
	}
}

// TestBuiltinModelConventions pins the rules the model's header promises:
// help everywhere, "don't know" on every choice question, no scale questions,
// scores in the promised ranges, no scored "nobody has checked" beside
// "don't know", "not decided" never above any other scored option, every
// scored question tagged with the perspectives that can answer it, and each
// capability's perspectives equal to those of its questions.
func TestBuiltinModelConventions(t *testing.T) {
	m := builtinModel(t)
	undecided := []string{"undecided", "not-considered", "not-yet", "none", "unknown", "nobody", "not-discussed", "not-tried", "nothing", "no-copies"}
	for _, c := range m.Capabilities {
		var union []string
		for _, q := range c.Questions {
			for _, p := range q.Perspectives {
				if !slices.Contains(union, p) {
					union = append(union, p)
				}
			}
			if q.Help == "" {
				t.Errorf("%s: no help", q.ID)
			}
			if q.Type == assessment.Scale {
				t.Errorf("%s: a scale question; ask for bands with \"Don't know\" instead", q.ID)
			}
			if q.Type != assessment.Text && len(q.Perspectives) == 0 {
				t.Errorf("%s: scored but tagged for no perspective", q.ID)
			}
			if q.Type == assessment.Text || q.Type == assessment.Scale {
				continue
			}
			hasDontKnow, lowest := false, 0.0
			for i, o := range q.Options {
				if o.Score != nil && (i == 0 || *o.Score < lowest) {
					lowest = *o.Score
				}
			}
			for _, o := range q.Options {
				if o.Score != nil {
					checkRange(t, q, o)
					if l := strings.ToLower(o.Label); strings.Contains(l, "nobody has checked") || strings.Contains(l, "not been checked") {
						t.Errorf("%s: option %q is a scored \"don't know\"", q.ID, o.ID)
					}
				}
				switch {
				case o.Unscored == assessment.DontKnow:
					hasDontKnow = true
					if o.ID != "dont-know" {
						t.Errorf("%s: don't-know option has id %q", q.ID, o.ID)
					}
				case o.Unscored == assessment.NotApplicable:
					if o.ID != "not-applicable" {
						t.Errorf("%s: not-applicable option has id %q", q.ID, o.ID)
					}
				case q.Type != assessment.Multi && slices.Contains(undecided, o.ID) && *o.Score != lowest:
					t.Errorf("%s: %q scores %v, above the lowest %v: not deciding must be worst", q.ID, o.ID, *o.Score, lowest)
				}
			}
			if !hasDontKnow {
				t.Errorf("%s: no \"Don't know\" option", q.ID)
			}
		}
		if !sameSet(c.Perspectives, union) {
			t.Errorf("capability %s is tagged %v, its questions %v", c.ID, c.Perspectives, union)
		}
	}
}

// checkRange: the header promises single questions from 0 up to 3, boolean
// ones 0 or 1, and 1 for each practice of a multi question (0 for "none").
func checkRange(t *testing.T, q assessment.Question, o assessment.Option) {
	t.Helper()
	v := *o.Score
	switch q.Type {
	case assessment.Single:
		if v < 0 || v > 3 {
			t.Errorf("%s: option %s scores %v, outside 0 to 3", q.ID, o.ID, v)
		}
	case assessment.Boolean:
		if v != 0 && v != 1 {
			t.Errorf("%s: option %s scores %v, not 0 or 1", q.ID, o.ID, v)
		}
	case assessment.Multi:
		if v != 0 && v != 1 {
			t.Errorf("%s: option %s scores %v, not 0 or 1", q.ID, o.ID, v)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// TestBuiltinMustHaves pins, for every must-have, the options that pass its
// threshold (all others fail) and names the middling options a consultant
// calls failing, which must not pass: on a 0-1-2 question the middle option
// is worth 0.5, so a threshold of 50 would let it through.
func TestBuiltinMustHaves(t *testing.T) {
	m := builtinModel(t)
	ix := assessment.NewIndex(m)
	tests := []struct {
		id   string
		pass []string // exactly these options pass
		fail []string // the tempting middle options that must not
	}{
		{"lead-sponsor", []string{"executive", "board"}, []string{"manager"}},
		{"ci-builds", []string{"build-test"}, []string{"build", "nightly"}},
		{"ctr-build", []string{"pipeline"}, []string{"scripted"}},
		{"mon-logs", []string{"central"}, []string{"partial"}},
		{"sec-images-found", []string{"checked", "enforced"}, []string{"yes"}},
		{"data-backup", []string{"tested", "rehearsed"}, []string{"untested"}},
		{"net-flat", []string{"flat"}, []string{"filtered"}},
		{"net-dns", []string{"forward", "both"}, []string{"some"}},
		{"host-os", []string{"newer-tried", "listed-patched"}, []string{"unpatched", "newer-untried", "mixed"}},
		{"host-ntp", []string{"all", "monitored"}, []string{"some"}},
		{"host-ip-detect", []string{"tested"}, []string{"untested"}},
		{"host-docker", []string{"all"}, []string{"some"}},
		{"life-fixes", []string{"in-house", "contract"}, []string{"best-effort", "assumed-vendor"}},
		{"life-offline-install", []string{"installed"}, []string{"copies-untried", "gaps"}},
		{"sec-model", []string{"decided"}, []string{"platform-team"}},
		{"trial-run", []string{"own-service", "rebuilt"}, []string{"samples"}},
		{"cl-masters", []string{"three-five"}, []string{"one", "even"}},
		{"cmon-quorum-alert", []string{"configured", "tested"}, []string{"dashboard"}},
		{"dr-rebuild", []string{"everything", "done"}, []string{"apps"}},
		{"pt-owner", []string{"platform-team"}, []string{"existing", "project"}},
		{"data-plan", []string{"outside", "per-service"}, []string{"everything"}},
		{"fw-status", []string{"idempotent"}, []string{"ad-hoc"}},
	}
	pinned := map[string]bool{}
	for _, tt := range tests {
		pinned[tt.id] = true
		q, _, ok := ix.Question(tt.id)
		if !ok {
			t.Errorf("%s: no such question", tt.id)
			continue
		}
		if q.Critical == 0 {
			t.Errorf("%s: not a must-have", tt.id)
			continue
		}
		got := passing(*q)
		t.Logf("%-22s critical %3d passes %v", q.ID, q.Critical, got)
		if !slices.Equal(got, sorted(tt.pass)) {
			t.Errorf("%s: options passing critical %d are %v, want %v", q.ID, q.Critical, got, sorted(tt.pass))
		}
		for _, f := range tt.fail {
			if slices.Contains(got, f) {
				t.Errorf("%s: %q passes, but it is the failure the question's help describes", q.ID, f)
			}
		}
	}
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			if q.Critical > 0 && !pinned[q.ID] {
				t.Errorf("%s is a must-have with no row in this table: pin the options that pass it", q.ID)
			}
		}
	}
}

// passing lists, sorted, the options of a must-have whose normalised score
// reaches its threshold.
func passing(q assessment.Question) []string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, o := range q.Options {
		if o.Score != nil {
			lo, hi = min(lo, *o.Score), max(hi, *o.Score)
		}
	}
	var out []string
	for _, o := range q.Options {
		if o.Score != nil && (*o.Score-lo)/(hi-lo)*100 >= float64(q.Critical) {
			out = append(out, o.ID)
		}
	}
	return sorted(out)
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// TestBuiltinOrdering pins the order of work the model recommends.
func TestBuiltinOrdering(t *testing.T) {
	m := builtinModel(t)
	ix := assessment.NewIndex(m)
	capOf := func(id string) assessment.Capability {
		c, ok := ix.Capability(id)
		if !ok {
			t.Fatalf("no capability %s", id)
		}
		return *c
	}
	for _, tt := range []struct {
		id       string
		stage    string
		requires []string // exactly these, when exact
		exact    bool
	}{
		// Continuous integration is not held behind the sponsor.
		{"vcs-ci", "ci", nil, true},
		{"monitoring", "containers", []string{"vcs-ci"}, true},
		{"secrets-identity", "containers", []string{"vcs-ci"}, true},
		// Data ownership and a tested restore come early and need no platform.
		{"data-care", "containers", nil, true},
		{"cluster-security", "infrastructure", []string{"secrets-identity", "platform-lifecycle"}, false},
		// Network and host work serve a DC/OS cluster: they follow the decision.
		{"network", "infrastructure", []string{"leadership", "platform-lifecycle"}, true},
		{"linux-baseline", "infrastructure", []string{"infra-as-code", "platform-lifecycle"}, true},
		{"platform-lifecycle", "infrastructure", []string{"leadership"}, true},
		// The trial needs a pilot image from the pipeline, not containerisation at target.
		{"dcos-trial", "infrastructure", []string{"vcs-ci"}, true},
		{"cluster-design", "dcos", []string{"dcos-trial", "network", "linux-baseline", "cluster-security", "platform-lifecycle"}, false},
		{"stateful-services", "dcos", []string{"data-care", "cluster-design", "cluster-security"}, false},
		{"framework-development", "dcos", []string{"delivery"}, false},
	} {
		c := capOf(tt.id)
		if c.Stage != tt.stage {
			t.Errorf("%s in stage %s, want %s", tt.id, c.Stage, tt.stage)
		}
		for _, r := range tt.requires {
			if !slices.Contains(c.Requires, r) {
				t.Errorf("%s does not require %s (requires %v)", tt.id, r, c.Requires)
			}
		}
		if tt.exact && len(c.Requires) != len(tt.requires) {
			t.Errorf("%s requires %v, want only %v", tt.id, c.Requires, tt.requires)
		}
	}
}

// TestBuiltinPerspectives pins the coverage of each perspective and keeps
// framework questions away from operators, whose "don't know" there would
// block the DC/OS stage of an organisation that builds no frameworks.
func TestBuiltinPerspectives(t *testing.T) {
	m := builtinModel(t)
	count := map[string]int{}
	for _, c := range m.Capabilities {
		for _, q := range c.Questions {
			for _, p := range q.Perspectives {
				count[p]++
			}
			if c.ID == "framework-development" && slices.Contains(q.Perspectives, assessment.PerspectiveOperations) {
				t.Errorf("%s: a framework question tagged for operations", q.ID)
			}
		}
	}
	for p, least := range map[string]int{
		assessment.PerspectiveOperations: 60, assessment.PerspectiveDevelopment: 50,
		assessment.PerspectiveData: 20, assessment.PerspectiveManagement: 30,
	} {
		if count[p] < least {
			t.Errorf("%d questions for %s, want at least %d", count[p], p, least)
		}
	}
}

// TestBuiltinMustHavesHold answers every question of a must-have's capability
// with its best option and the must-have with its worst: the capability must
// then miss its target, name the question as its gap and carry it into the
// roadmap's reason, however high its average.
func TestBuiltinMustHavesHold(t *testing.T) {
	m := builtinModel(t)
	ix := assessment.NewIndex(m)
	aboveTarget := 0
	for _, c := range m.Capabilities {
		for _, must := range c.Questions {
			if must.Critical == 0 {
				continue
			}
			var answers []assessment.Answer
			for _, q := range c.Questions {
				a := assessment.Answer{RespondentID: "r1", QuestionID: q.ID}
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					a.Option = extreme(q, q.ID != must.ID)
				case assessment.Multi:
					for _, o := range q.Options {
						if o.Score != nil && *o.Score > 0 {
							a.Options = append(a.Options, o.ID)
						}
					}
				default:
					continue
				}
				answers = append(answers, a)
			}
			res := assessment.Score(ix, answers)
			var cr *assessment.CapabilityResult
			for i := range res.Capabilities {
				if res.Capabilities[i].ID == c.ID {
					cr = &res.Capabilities[i]
				}
			}
			if cr.Status == assessment.Ready || !slices.Contains(cr.CriticalGaps, must.ID) {
				t.Errorf("%s with %s at its worst: status %s, gaps %v", c.ID, must.ID, cr.Status, cr.CriticalGaps)
			}
			if *cr.Score >= float64(c.Target) {
				aboveTarget++
			}
			found := false
			for _, it := range res.Roadmap {
				if it.Capability == c.ID {
					found = true
					if !strings.Contains(it.Reason, must.Text) {
						t.Errorf("%s: roadmap reason %q does not name %q", c.ID, it.Reason, must.Text)
					}
				}
			}
			if !found {
				t.Errorf("%s with %s at its worst is not on the roadmap", c.ID, must.ID)
			}
		}
	}
	// Most must-haves sit among enough other questions that the average alone
	// would pass: those are the cases the rule exists for.
	if aboveTarget == 0 {
		t.Error("no must-have holds back a capability whose average meets its target")
	}
}

// extreme is the id of the best (or worst) scored option of q.
func extreme(q assessment.Question, best bool) string {
	id, score := "", 0.0
	for _, o := range q.Options {
		if o.Score == nil {
			continue
		}
		if id == "" || (best && *o.Score > score) || (!best && *o.Score < score) {
			id, score = o.ID, *o.Score
		}
	}
	return id
}

// TestBuiltinRoadmapStartsLongLeadWorkEarly: an organisation that has just
// reached the first stage and nothing more finds the platform decision and
// data recovery among the roadmap's first items, beside the second stage's
// capabilities, and the network work right after the decision, not after
// the infrastructure code it does not depend on.
func TestBuiltinRoadmapStartsLongLeadWorkEarly(t *testing.T) {
	m := builtinModel(t)
	ix := assessment.NewIndex(m)
	var answers []assessment.Answer
	for _, c := range m.Capabilities {
		first := c.Stage == m.Stages[0].ID
		for _, q := range c.Questions {
			a := assessment.Answer{RespondentID: "r1", QuestionID: q.ID}
			switch q.Type {
			case assessment.Single, assessment.Boolean:
				a.Option = extreme(q, first)
			case assessment.Multi:
				a.Options = []string{}
				for _, o := range q.Options {
					if first && o.Score != nil && *o.Score > 0 {
						a.Options = append(a.Options, o.ID)
					}
				}
			case assessment.Scale:
				v := *q.Min
				a.Value = &v
			default:
				continue
			}
			answers = append(answers, a)
		}
	}
	res := assessment.Score(ix, answers)
	if res.Overall.Level != 1 {
		t.Fatalf("level %d, want 1", res.Overall.Level)
	}
	phase := map[string]assessment.Phase{}
	for _, it := range res.Roadmap {
		phase[it.Capability] = it.Phase
	}
	for _, id := range []string{"platform-lifecycle", "monitoring", "secrets-identity", "workload-inventory", "data-care"} {
		if phase[id] != assessment.Now {
			t.Errorf("%s is in phase %q, want now", id, phase[id])
		}
	}
	// The network waits only for the platform decision.
	if phase["network"] != assessment.Next {
		t.Errorf("network is in phase %q, want next (right after the platform decision)", phase["network"])
	}
	for _, id := range []string{"cluster-design", "stateful-services", "cluster-recovery"} {
		if phase[id] == assessment.Now {
			t.Errorf("%s is in phase now, before what it depends on", id)
		}
	}
}

// TestReleasedModelsUnchanged: a released version is never edited (a copy
// with a higher version is). Assessments started on it keep its stored
// definition anyway, but the built-in file is what comparisons and re-reads
// use, so its bytes are pinned here.
func TestReleasedModelsUnchanged(t *testing.T) {
	for file, want := range map[string]string{
		"builtin/dcos-readiness-1.0.0.yaml": "33786025c2c23b59dff1f079b5e30fa69a80860fa4fc0d84fa25f06dcb04b66d",
		"builtin/dcos-readiness-1.1.0.yaml": "a90a38e7f90e7c4f9b3292b57b930540b72598b920100ee7bb439eb256d4e0ac",
	} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != want {
			t.Errorf("%s was edited (sha256 %s); copy it to a new version instead", file, got)
		}
	}
}
