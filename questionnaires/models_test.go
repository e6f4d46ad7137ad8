package questionnaires_test

// These tests live outside package questionnaires because a workspace's own
// models go through the whole chain: the catalogue parses, the service
// decides, a real store keeps them.

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/questionnaires"
)

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "translations", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// acme is the fixture model (slug acme-platform, version 2.10.3) at version.
func acme(t *testing.T, version string) []byte {
	return []byte(strings.Replace(read(t, "acme-platform.yaml"), "version: 2.10.3", "version: "+version, 1))
}

func service(t *testing.T, st *store.Store) *assessment.Service {
	t.Helper()
	cat, err := questionnaires.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return assessment.NewService(assessment.Config{Store: st, Catalog: cat, BcryptCost: bcrypt.MinCost})
}

func kindIs(t *testing.T, what string, err error, want assessment.Kind) {
	t.Helper()
	if got := assessment.KindOf(err); got != want {
		t.Errorf("%s: kind %q, want %q (%v)", what, got, want, err)
	}
}

func TestOwnModels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := service(t, st)
		u, other := storetest.Workspace(t, st), storetest.Workspace(t, st)

		// A broken file: every problem at its line, nothing stored.
		src := string(acme(t, "2.10.3"))
		broken := strings.Replace(src, "target: 50", "target: 500", 1)
		line := strings.Count(src[:strings.Index(src, "target: 50")], "\n") + 1
		_, err := svc.AddModel(ctx, u, []byte(broken))
		var e *assessment.Error
		if kindIs(t, "broken upload", err, assessment.Invalid); !errorsAs(err, &e) || len(e.Problems) != 1 ||
			e.Problems[0].Line != line || !strings.Contains(e.Problems[0].Message, "target must be an integer") {
			t.Errorf("broken upload: %#v", err)
		}
		for name, data := range map[string][]byte{
			"empty":     nil,
			"not UTF-8": {0xff, 0xfe, 's'},
			"too large": []byte("# " + strings.Repeat("x", assessment.MaxModelFile)),
		} {
			_, err := svc.AddModel(ctx, u, data)
			if kindIs(t, name, err, assessment.Invalid); !errorsAs(err, &e) || len(e.Problems) != 1 {
				t.Errorf("%s: %v", name, err)
			}
		}

		info, err := svc.AddModel(ctx, u, acme(t, "2.10.3"))
		if err != nil {
			t.Fatal(err)
		}
		if info.Slug != "acme-platform" || info.Version != "2.10.3" || !info.Own || info.Title != "ACME platform readiness" {
			t.Errorf("AddModel = %+v", info)
		}
		_, err = svc.AddModel(ctx, u, acme(t, "2.10.3"))
		kindIs(t, "same version twice", err, assessment.Conflict)
		builtin := strings.Replace(string(acme(t, "9.0.0")), "slug: acme-platform", "slug: dcos-readiness", 1)
		_, err = svc.AddModel(ctx, u, []byte(builtin))
		kindIs(t, "a built-in slug", err, assessment.Conflict)
		if _, err := svc.AddModel(ctx, u, acme(t, "2.11.0")); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddModel(ctx, other, acme(t, "1.0.0")); err != nil {
			t.Fatal(err) // the other workspace's own, same slug
		}

		// Lists: built-in and own, the newest version of each.
		list := func(u assessment.User) []string {
			infos, err := svc.Models(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, i := range infos {
				out = append(out, i.Slug+"@"+i.Version)
			}
			return out
		}
		if got, want := list(u), []string{"acme-platform@2.11.0", "dcos-readiness@1.2.0"}; !slices.Equal(got, want) {
			t.Errorf("Models = %v, want %v", got, want)
		}
		if got, want := list(other), []string{"acme-platform@1.0.0", "dcos-readiness@1.2.0"}; !slices.Equal(got, want) {
			t.Errorf("other workspace's Models = %v, want %v", got, want)
		}
		versions, err := svc.ModelVersions(ctx, u, "acme-platform")
		if err != nil || len(versions) != 2 || versions[0].Version != "2.11.0" || versions[1].Version != "2.10.3" {
			t.Errorf("ModelVersions = %+v, %v", versions, err)
		}
		if versions, err := svc.ModelVersions(ctx, u, "dcos-readiness"); err != nil || len(versions) != 3 || versions[0].Version != "1.2.0" {
			t.Errorf("built-in ModelVersions = %+v, %v", versions, err)
		}

		// Get: newest, an older version, nothing of another workspace.
		if m, err := svc.Model(ctx, u, "acme-platform", ""); err != nil || m.Version != "2.11.0" {
			t.Errorf("newest = %v, %v", m, err)
		}
		if m, err := svc.Model(ctx, u, "acme-platform", "2.10.3"); err != nil || m.Version != "2.10.3" || len(m.Capabilities) != 3 {
			t.Errorf("2.10.3 = %v, %v", m, err)
		}
		_, err = svc.Model(ctx, other, "acme-platform", "2.11.0")
		kindIs(t, "another workspace's version", err, assessment.NotFound)
		if m, err := svc.Model(ctx, u, "dcos-readiness", "1.0.0"); err != nil || m.Version != "1.0.0" {
			t.Errorf("built-in 1.0.0 = %v, %v", m, err)
		}

		// An assessment on an own model keeps its version from being deleted.
		org, err := svc.CreateOrganisation(ctx, u, "Own Model Ltd", "")
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org.ID,
			Questionnaire: "acme-platform", Mode: assessment.SelfService})
		if err != nil {
			t.Fatal(err)
		}
		if a.Questionnaire != "acme-platform" || a.QuestionnaireVersion != "2.11.0" {
			t.Errorf("started on %s %s, want acme-platform 2.11.0", a.Questionnaire, a.QuestionnaireVersion)
		}
		if _, m, err := svc.AssessmentQuestionnaire(ctx, u, a.ID); err != nil || m.Slug != "acme-platform" || m.Version != "2.11.0" {
			t.Errorf("AssessmentQuestionnaire = %v, %v", m, err)
		}
		kindIs(t, "delete a used version", svc.DeleteModel(ctx, u, "acme-platform", "2.11.0"), assessment.Conflict)
		kindIs(t, "delete another workspace's version", svc.DeleteModel(ctx, other, "acme-platform", "2.10.3"), assessment.NotFound)
		kindIs(t, "delete a built-in", svc.DeleteModel(ctx, u, "dcos-readiness", "1.1.0"), assessment.Conflict)
		kindIs(t, "delete without a version", svc.DeleteModel(ctx, u, "acme-platform", ""), assessment.Invalid)
		kindIs(t, "delete an unused version", svc.DeleteModel(ctx, u, "acme-platform", "2.10.3"), "")
		kindIs(t, "delete it again", svc.DeleteModel(ctx, u, "acme-platform", "2.10.3"), assessment.NotFound)

		// Another workspace cannot start on it: its own acme is 1.0.0.
		otherOrg, err := svc.CreateOrganisation(ctx, other, "Other Ltd", "")
		if err != nil {
			t.Fatal(err)
		}
		b, err := svc.CreateAssessment(ctx, other, assessment.NewAssessment{OrganisationID: otherOrg.ID,
			Questionnaire: "acme-platform", Mode: assessment.SelfService})
		if err != nil || b.QuestionnaireVersion != "1.0.0" {
			t.Errorf("other workspace started on %s (%v), want its own 1.0.0", b.QuestionnaireVersion, err)
		}
		_, err = svc.CreateAssessment(ctx, other, assessment.NewAssessment{OrganisationID: otherOrg.ID,
			Questionnaire: "nobody-has-this", Mode: assessment.SelfService})
		if kindIs(t, "unknown questionnaire", err, assessment.Invalid); !errorsAs(err, &e) || e.Field != "questionnaire" {
			t.Errorf("unknown questionnaire: %v", err)
		}

		if err := svc.DeleteAssessment(ctx, u, a.ID); err != nil {
			t.Fatal(err)
		}
		kindIs(t, "delete once unused", svc.DeleteModel(ctx, u, "acme-platform", "2.11.0"), "")
	})
}

func errorsAs(err error, e **assessment.Error) bool {
	x, ok := err.(*assessment.Error)
	if ok {
		*e = x
	}
	return ok
}

// TestDeleteRacesStart starts an assessment on a version while the version
// is deleted: never may both succeed, whoever comes first.
func TestDeleteRacesStart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := service(t, st)
		u := storetest.Workspace(t, st)
		org, err := svc.CreateOrganisation(ctx, u, "Race Ltd", "")
		if err != nil {
			t.Fatal(err)
		}
		const rounds = 20
		for i := range rounds {
			slug := "race-" + string(rune('a'+i))
			data := strings.Replace(string(acme(t, "1.0.0")), "slug: acme-platform", "slug: "+slug, 1)
			if _, err := svc.AddModel(ctx, u, []byte(data)); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var startErr, deleteErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, startErr = svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org.ID,
					Questionnaire: slug, Mode: assessment.SelfService})
			}()
			go func() {
				defer wg.Done()
				deleteErr = svc.DeleteModel(ctx, u, slug, "1.0.0")
			}()
			wg.Wait()
			switch {
			case startErr == nil && deleteErr == nil:
				t.Fatalf("round %d: the assessment started and its version was deleted", i)
			case startErr == nil:
				kindIs(t, "delete after the start", deleteErr, assessment.Conflict)
			case deleteErr == nil:
				if k := assessment.KindOf(startErr); k != assessment.Invalid && k != assessment.NotFound {
					t.Errorf("round %d: start after the delete: %v", i, startErr)
				}
			default:
				t.Errorf("round %d: both failed: %v; %v", i, startErr, deleteErr)
			}
		}
	})
}

func TestOwnModelTranslations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := service(t, st)
		u, other := storetest.Workspace(t, st), storetest.Workspace(t, st)
		if _, err := svc.AddModel(ctx, u, acme(t, "2.10.3")); err != nil {
			t.Fatal(err)
		}
		de := read(t, "acme-platform-2.10.3.de.yaml")

		// Problems come back by line, as for models.
		broken := strings.Replace(de, "    help: Ohne ihn kommt die Arbeit zum Stillstand.\n", "", 1)
		_, err := svc.PutModelTranslation(ctx, u, "acme-platform", "2.10.3", "de", []byte(broken))
		var e *assessment.Error
		if kindIs(t, "incomplete translation", err, assessment.Invalid); !errorsAs(err, &e) || len(e.Problems) != 1 ||
			!strings.Contains(e.Problems[0].Message, `question "sponsor": help has no translation`) {
			t.Errorf("incomplete translation: %#v", err)
		}
		_, err = svc.PutModelTranslation(ctx, u, "acme-platform", "2.10.3", "fr", []byte(de))
		kindIs(t, "a German file put as French", err, assessment.Invalid)
		_, err = svc.PutModelTranslation(ctx, other, "acme-platform", "2.10.3", "de", []byte(de))
		kindIs(t, "another workspace's model", err, assessment.NotFound)
		_, err = svc.PutModelTranslation(ctx, u, "dcos-readiness", "", "de", []byte(de))
		kindIs(t, "a built-in model", err, assessment.Conflict)
		if _, err := svc.PutModelTranslation(ctx, u, "acme-platform", "", "de", []byte(de)); err != nil {
			t.Fatal(err)
		}

		for lang, want := range map[string]string{"de": "de", "de-CH": "de", "fr": "en", "": "en", "en": "en"} {
			l, err := svc.LocalizedModel(ctx, u, "acme-platform", "", lang)
			if err != nil {
				t.Fatal(err)
			}
			if l.Lang != want || !slices.Equal(l.Languages, []string{"en", "de"}) {
				t.Errorf("lang %q: got %s of %v, want %s", lang, l.Lang, l.Languages, want)
			}
			if title := l.Model.Title; (want == "de") != (title == "ACME-Plattform-Reife") {
				t.Errorf("lang %q: title %q", lang, title)
			}
		}

		// A respondent reads the pinned version in their language.
		org, err := svc.CreateOrganisation(ctx, u, "Sprachen GmbH", "")
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.CreateAssessment(ctx, u, assessment.NewAssessment{OrganisationID: org.ID,
			Questionnaire: "acme-platform", Mode: assessment.SelfService})
		if err != nil {
			t.Fatal(err)
		}
		_, token, err := svc.AddRespondent(ctx, u, a.ID, assessment.NewRespondent{Name: "Ada"})
		if err != nil {
			t.Fatal(err)
		}
		_, l, err := svc.LocalizedResponseModel(ctx, token, "de")
		if err != nil || l.Lang != "de" || l.Model.Capabilities[0].Title != "Führung" {
			t.Errorf("respondent in German: %s %v", l.Lang, err)
		}

		// The newest built-in model ships in German; 1.1.0 falls back to
		// English and says so.
		if l, err := svc.LocalizedModel(ctx, u, "dcos-readiness", "", "de"); err != nil || l.Lang != "de" {
			t.Errorf("built-in 1.2.0 in German: %s, %v", l.Lang, err)
		}
		if l, err := svc.LocalizedModel(ctx, u, "dcos-readiness", "1.1.0", "de"); err != nil || l.Lang != "en" {
			t.Errorf("built-in 1.1.0 in German: %s, %v; want the English fallback", l.Lang, err)
		}
	})
}

func TestPreviewModel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := service(t, st)
		u, other := storetest.Workspace(t, st), storetest.Workspace(t, st)
		if _, err := svc.AddModel(ctx, u, acme(t, "2.10.3")); err != nil {
			t.Fatal(err)
		}
		asked := func(p assessment.Preview) []string {
			var out []string
			for _, c := range p.Model.Capabilities {
				for _, q := range c.Questions {
					out = append(out, q.ID)
				}
			}
			return out
		}
		for name, tt := range map[string]struct {
			o      assessment.PreviewOptions
			want   []string
			stages int
		}{
			"everything":  {assessment.PreviewOptions{}, []string{"sponsor", "ci-builds", "ci-tools", "ci-confidence", "ci-notes", "image-share"}, 2},
			"operations":  {assessment.PreviewOptions{Perspective: "operations"}, []string{"sponsor", "ci-tools", "ci-confidence", "ci-notes", "image-share"}, 2},
			"scope":       {assessment.PreviewOptions{Scope: []string{"images"}}, []string{"image-share"}, 1},
			"full form":   {assessment.PreviewOptions{Form: "full", Scope: []string{"leadership"}}, []string{"sponsor"}, 1},
			"in German":   {assessment.PreviewOptions{Lang: "de", Scope: []string{"leadership"}}, []string{"sponsor"}, 1},
			"old version": {assessment.PreviewOptions{Version: "2.10.3", Perspective: "development", Scope: []string{"vcs-ci"}}, []string{"ci-builds", "ci-tools", "ci-confidence", "ci-notes"}, 1},
		} {
			p, err := svc.PreviewModel(ctx, u, "acme-platform", tt.o)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if got := asked(p); !slices.Equal(got, tt.want) || p.Questions != len(tt.want) || len(p.Model.Stages) != tt.stages {
				t.Errorf("%s: asks %v in %d stages (%d), want %v in %d", name, got, len(p.Model.Stages), p.Questions, tt.want, tt.stages)
			}
		}
		if p, err := svc.PreviewModel(ctx, u, "dcos-readiness", assessment.PreviewOptions{Perspective: "management"}); err != nil || p.Questions == 0 || p.Lang != "en" {
			t.Errorf("built-in preview: %d questions, %v", p.Questions, err)
		}
		for name, tt := range map[string]struct {
			o     assessment.PreviewOptions
			field string
		}{
			"unknown capability": {assessment.PreviewOptions{Scope: []string{"nope"}}, "scope"},
			"unknown form":       {assessment.PreviewOptions{Form: "short"}, "form"},
			"no core questions":  {assessment.PreviewOptions{Form: "core"}, "form"},
			"unknown view":       {assessment.PreviewOptions{Perspective: "sales"}, "perspective"},
		} {
			_, err := svc.PreviewModel(ctx, u, "acme-platform", tt.o)
			var e *assessment.Error
			if kindIs(t, name, err, assessment.Invalid); !errorsAs(err, &e) || e.Field != tt.field {
				t.Errorf("%s: %v, want a problem with %s", name, err, tt.field)
			}
		}
		_, err := svc.PreviewModel(ctx, other, "acme-platform", assessment.PreviewOptions{})
		kindIs(t, "another workspace's model", err, assessment.NotFound)
	})
}
