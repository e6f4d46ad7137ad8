package questionnaires_test

// This test lives outside package questionnaires because it needs the whole
// chain an upgrade goes through: the catalogue, the service and a real store.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// latestBuiltin is the version new assessments of dcos-readiness start on.
const latestBuiltin = "1.2.0"

// TestUpgradeKeepsStartedAssessments starts an assessment on each released
// model with a server that knows only that version, answers it, and records
// its result as a golden file. It then upgrades the catalogue to the built-in
// one, which holds every released version beside the newest, and checks that
// the stored assessment still scores exactly as before, while a new
// assessment starts on the newest version.
func TestUpgradeKeepsStartedAssessments(t *testing.T) {
	for _, version := range []string{"1.0.0", "1.1.0"} {
		t.Run(version, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				upgradeKeeps(t, st, version)
			})
		})
	}
}

func upgradeKeeps(t *testing.T, st *store.Store, version string) {
	ctx := context.Background()
	u := storetest.Workspace(t, st)
	golden := filepath.Join("testdata", "upgrade-"+version+"-result.golden.json")

	before := catalogOf(t, filepath.Join("builtin", "dcos-readiness-"+version+".yaml"))
	svc := assessment.NewService(assessment.Config{Store: st, Catalog: before, BcryptCost: bcrypt.MinCost})
	org, err := svc.CreateOrganisation(ctx, u, "Upgrade Ltd", "insurance")
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{
		OrganisationID: org.ID, Questionnaire: "dcos-readiness", Mode: assessment.SelfService})
	if err != nil {
		t.Fatal(err)
	}
	if a.QuestionnaireVersion != version {
		t.Fatalf("started on %s, want %s", a.QuestionnaireVersion, version)
	}
	old, _ := before.Latest("dcos-readiness")
	answerAll(t, svc, u, a.ID, old)

	was, err := svc.Result(ctx, u, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, golden, summarise(was))

	// The upgrade: a new server process with the built-in catalogue.
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := cat.Latest("dcos-readiness"); m.Version != latestBuiltin {
		t.Fatalf("latest built-in dcos-readiness is %s, want %s", m.Version, latestBuiltin)
	}
	upgraded := assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: bcrypt.MinCost})
	x, err := upgraded.Export(ctx, u, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Index.Model().Version; got != version {
		t.Errorf("after the upgrade the assessment uses %s, want %s", got, version)
	}
	if kept, ok := cat.Version("dcos-readiness", version); !ok {
		t.Errorf("the built-in catalogue no longer holds %s", version)
	} else if !reflect.DeepEqual(kept, x.Index.Model()) {
		t.Errorf("the built-in %s differs from the definition stored with the assessment", version)
	}
	if !reflect.DeepEqual(was, x.Result) {
		t.Errorf("result changed across the upgrade:\nbefore %s\nafter  %s", jsonOf(t, summarise(was)), jsonOf(t, summarise(x.Result)))
	}
	checkGolden(t, golden, summarise(x.Result))

	b, err := upgraded.CreateAssessment(ctx, u, assessment.NewAssessment{
		OrganisationID: org.ID, Questionnaire: "dcos-readiness", Mode: assessment.Workshop})
	if err != nil {
		t.Fatal(err)
	}
	if b.QuestionnaireVersion != latestBuiltin {
		t.Errorf("a new assessment started on %s, want %s", b.QuestionnaireVersion, latestBuiltin)
	}
}

// catalogOf loads a catalogue from a copy of one file, as a server started
// with only that version would have.
func catalogOf(t *testing.T, file string) *questionnaires.Catalog {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(file)), data, 0o600); err != nil {
		t.Fatal(err)
	}
	c := &questionnaires.Catalog{}
	if err := c.AddDir(dir); err != nil {
		t.Fatal(err)
	}
	return c
}

// answerAll has three respondents answer every question of m by a fixed
// rule, so that the result mixes ready, below-target, unassessed and
// not-applicable capabilities. The first stage is answered well, so that the
// level is not 0.
func answerAll(t *testing.T, svc *assessment.Service, u assessment.User, id string, m *assessment.Model) {
	t.Helper()
	ctx := context.Background()
	k := 0
	for r := range 3 {
		_, token, err := svc.AddRespondent(ctx, u, id, assessment.NewRespondent{Name: fmt.Sprintf("Respondent %d", r+1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range m.Capabilities {
			first := c.Stage == m.Stages[0].ID
			for _, q := range c.Questions {
				k++
				a := assessment.Answer{QuestionID: q.ID}
				pick := (r*7 + k*3) % 11
				switch q.Type {
				case assessment.Single, assessment.Boolean:
					a.Option = q.Options[pick%len(q.Options)].ID
					if first {
						a.Option = best(q).ID
					}
				case assessment.Multi:
					for i := range q.Options {
						if (i+pick)%3 != 0 {
							a.Options = append(a.Options, q.Options[i].ID)
						}
					}
				case assessment.Scale:
					v := *q.Min + (*q.Max-*q.Min)*float64(pick)/10
					if first {
						v = *q.Max
					}
					a.Value = &v
				case assessment.Text:
					a.Text = fmt.Sprintf("note %d", k)
				}
				if first && q.Type == assessment.Multi {
					a.Options = nil
					for _, o := range q.Options {
						if o.Score != nil && *o.Score > 0 {
							a.Options = append(a.Options, o.ID)
						}
					}
				}
				if _, _, err := svc.SaveAnswer(ctx, token, a); err != nil {
					t.Fatalf("answer %s: %v", q.ID, err)
				}
			}
		}
	}
}

// best is the highest-scoring option of a single or boolean question.
func best(q assessment.Question) assessment.Option {
	b := q.Options[0]
	for _, o := range q.Options {
		if o.Score != nil && (b.Score == nil || *o.Score > *b.Score) {
			b = o
		}
	}
	return b
}

// summary is what the golden file holds: scores, levels and the roadmap.
// Reasons are left out so that rewording them does not touch this file; the
// in-test comparison still covers them.
type summary struct {
	Score        *float64     `json:"score"`
	Level        int          `json:"level"`
	Answered     int          `json:"answered"`
	Total        int          `json:"total"`
	DontKnow     int          `json:"dont_know"`
	Stages       []stageSum   `json:"stages"`
	Capabilities []capSum     `json:"capabilities"`
	Roadmap      []roadmapSum `json:"roadmap"`
}

type stageSum struct {
	ID        string   `json:"id"`
	Score     *float64 `json:"score"`
	Reached   bool     `json:"reached"`
	BlockedBy []string `json:"blocked_by"`
}

type capSum struct {
	ID       string   `json:"id"`
	Status   string   `json:"status"`
	Score    *float64 `json:"score"`
	Target   int      `json:"target"`
	Answered int      `json:"answered"`
	DontKnow int      `json:"dont_know"`
}

type roadmapSum struct {
	Position   int      `json:"position"`
	Capability string   `json:"capability"`
	Phase      string   `json:"phase"`
	Requires   []string `json:"requires"`
}

func summarise(r *assessment.Result) summary {
	s := summary{Score: round(r.Overall.Score), Level: r.Overall.Level, Answered: r.Overall.Answered,
		Total: r.Overall.Total, DontKnow: r.Overall.DontKnow}
	for _, st := range r.Stages {
		s.Stages = append(s.Stages, stageSum{st.ID, round(st.Score), st.Reached, st.BlockedBy})
	}
	for _, c := range r.Capabilities {
		s.Capabilities = append(s.Capabilities, capSum{c.ID, string(c.Status), round(c.Score), c.Target, c.Answered, c.DontKnow})
	}
	for _, it := range r.Roadmap {
		s.Roadmap = append(s.Roadmap, roadmapSum{it.Position, it.Capability, string(it.Phase), it.Requires})
	}
	return s
}

// round keeps nine decimals: enough to see any change in scoring, few enough
// that the file does not depend on the last bit of a float sum.
func round(f *float64) *float64 {
	if f == nil {
		return nil
	}
	v := math.Round(*f*1e9) / 1e9
	return &v
}

func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func checkGolden(t *testing.T, path string, v any) {
	t.Helper()
	got := jsonOf(t, v)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the result:\n%s", path, got)
	}
}
