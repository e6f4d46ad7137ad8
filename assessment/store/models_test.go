package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// version is the fixture model at another version.
func version(v string) *assessment.Model {
	m := storetest.Model()
	m.Version = v
	return m
}

func addModel(t *testing.T, s *store.Store, workspaceID string, m *assessment.Model) assessment.OwnModel {
	t.Helper()
	own, err := s.AddOwnModel(context.Background(), workspaceID, m, []byte("slug: "+m.Slug), time.Now())
	if err != nil {
		t.Fatalf("add %s: %v", m, err)
	}
	return own
}

func TestOwnModels(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		for _, v := range []string{"1.9.0", "1.10.0", "1.2.0"} {
			addModel(t, s, u.WorkspaceID, version(v))
		}
		b := storetest.Model()
		b.Slug = "another"
		addModel(t, s, u.WorkspaceID, b)

		// Versions order by their numbers: 1.10.0 is newer than 1.9.0.
		infos, err := s.OwnModels(ctx, u.WorkspaceID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, i := range infos {
			got = append(got, i.Slug+"@"+i.Version)
			if !i.Own || i.Title != b.Title || i.CreatedAt.IsZero() {
				t.Errorf("info %+v", i)
			}
		}
		if want := []string{"another@1.2.0", "test-readiness@1.10.0", "test-readiness@1.9.0", "test-readiness@1.2.0"}; !slices.Equal(got, want) {
			t.Errorf("OwnModels = %v, want %v", got, want)
		}
		newest, err := s.OwnModel(ctx, u.WorkspaceID, "test-readiness", "")
		if err != nil || newest.Model.Version != "1.10.0" {
			t.Errorf("newest = %v, %v; want 1.10.0", newest.Model, err)
		}
		older, err := s.OwnModel(ctx, u.WorkspaceID, "test-readiness", "1.2.0")
		if err != nil || !reflect.DeepEqual(older.Model, storetest.Model()) {
			t.Errorf("1.2.0 = %+v, %v; want the model as stored", older.Model, err)
		}

		// The same slug and version again is a Conflict; in another workspace it is new.
		_, err = s.AddOwnModel(ctx, u.WorkspaceID, version("1.9.0"), nil, time.Now())
		if assessment.KindOf(err) != assessment.Conflict {
			t.Errorf("duplicate version: %v, want Conflict", err)
		}
		addModel(t, s, other.WorkspaceID, version("1.9.0"))

		// Another workspace sees nothing of them.
		if infos, err := s.OwnModels(ctx, other.WorkspaceID); err != nil || len(infos) != 1 {
			t.Errorf("other workspace lists %v, %v; want its one model", infos, err)
		}
		for _, v := range []string{"", "1.10.0"} {
			if _, err := s.OwnModel(ctx, other.WorkspaceID, "test-readiness", v); v != "" && assessment.KindOf(err) != assessment.NotFound {
				t.Errorf("other workspace reads %q: %v, want NotFound", v, err)
			}
		}
		if err := s.DeleteOwnModel(ctx, other.WorkspaceID, "test-readiness", "1.10.0"); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("other workspace deletes: %v, want NotFound", err)
		}
		if _, err := s.OwnModel(ctx, u.WorkspaceID, "test-readiness", "1.10.0"); err != nil {
			t.Errorf("after another workspace's delete: %v", err)
		}

		// A version number too large to order by is the uploader's mistake.
		if _, err := s.AddOwnModel(ctx, u.WorkspaceID, version("1.0.99999999999999999999"), nil, time.Now()); assessment.KindOf(err) != assessment.Invalid {
			t.Errorf("huge version: %v, want Invalid", err)
		}
	})
}

// TestDeleteOwnModelInUse: a version an assessment runs on stays; the
// database refuses the delete.
func TestDeleteOwnModelInUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u := storetest.Workspace(t, s)
		used := addModel(t, s, u.WorkspaceID, version("1.0.0"))
		addModel(t, s, u.WorkspaceID, version("1.1.0"))
		org := storetest.Organisation(t, s, u.WorkspaceID)
		a, err := s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: org.ID,
			ModelID: used.ID, Mode: assessment.SelfService}, used.Model)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteOwnModel(ctx, u.WorkspaceID, "test-readiness", "1.0.0"); assessment.KindOf(err) != assessment.Conflict {
			t.Errorf("delete of a used version: %v, want Conflict", err)
		}
		if err := s.DeleteOwnModel(ctx, u.WorkspaceID, "test-readiness", "1.1.0"); err != nil {
			t.Errorf("delete of an unused version: %v", err)
		}
		if err := s.DeleteOwnModel(ctx, u.WorkspaceID, "test-readiness", "1.1.0"); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("second delete: %v, want NotFound", err)
		}
		if err := s.DeleteAssessment(ctx, u.WorkspaceID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteOwnModel(ctx, u.WorkspaceID, "test-readiness", "1.0.0"); err != nil {
			t.Errorf("delete once its assessment is gone: %v", err)
		}
		// A reference to a version that is gone is refused too.
		_, err = s.CreateAssessment(ctx, assessment.Assessment{WorkspaceID: u.WorkspaceID, OrganisationID: org.ID,
			ModelID: used.ID, Mode: assessment.SelfService}, used.Model)
		if assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("start on a deleted version: %v, want NotFound", err)
		}
	})
}

func TestOwnTranslations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		m := addModel(t, s, u.WorkspaceID, version("1.0.0")).Model
		de := &assessment.Translation{Slug: m.Slug, Version: m.Version, Lang: "de", Title: "Test-Reife",
			Stages:       map[string]assessment.StageText{"ci": {Title: "CI"}},
			Capabilities: map[string]assessment.CapabilityText{"vcs": {Title: "Versionskontrolle", RecommendLow: "Alles versionieren."}},
			Questions: map[string]assessment.QuestionText{"vcs-use": {Text: "Wie wird Code versioniert?",
				Options: map[string]string{"none": "Gar nicht"}}},
		}
		if err := s.PutOwnTranslation(ctx, u.WorkspaceID, de, []byte("lang: de"), time.Now()); err != nil {
			t.Fatal(err)
		}
		got, err := s.OwnTranslation(ctx, u.WorkspaceID, m.Slug, m.Version, "de")
		if err != nil || !reflect.DeepEqual(got, de) {
			t.Errorf("OwnTranslation = %+v, %v; want %+v", got, err, de)
		}
		// A second upload of a language replaces the first.
		de2 := *de
		de2.Title = "Test-Reife 2"
		if err := s.PutOwnTranslation(ctx, u.WorkspaceID, &de2, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.OwnTranslation(ctx, u.WorkspaceID, m.Slug, m.Version, "de"); got == nil || got.Title != "Test-Reife 2" {
			t.Errorf("after replacing: %+v", got)
		}
		fr := &assessment.Translation{Slug: m.Slug, Version: m.Version, Lang: "fr", Title: "Maturité"}
		if err := s.PutOwnTranslation(ctx, u.WorkspaceID, fr, nil, time.Now()); err != nil {
			t.Fatal(err)
		}
		if langs, err := s.OwnLanguages(ctx, u.WorkspaceID, m.Slug, m.Version); err != nil || !slices.Equal(langs, []string{"de", "fr"}) {
			t.Errorf("OwnLanguages = %v, %v", langs, err)
		}

		// Another workspace neither reads nor writes them.
		if _, err := s.OwnTranslation(ctx, other.WorkspaceID, m.Slug, m.Version, "de"); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("other workspace reads: %v, want NotFound", err)
		}
		if langs, _ := s.OwnLanguages(ctx, other.WorkspaceID, m.Slug, m.Version); len(langs) != 0 {
			t.Errorf("other workspace lists %v", langs)
		}
		if err := s.PutOwnTranslation(ctx, other.WorkspaceID, de, nil, time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("other workspace writes: %v, want NotFound", err)
		}
		if _, err := s.OwnTranslation(ctx, u.WorkspaceID, m.Slug, m.Version, "it"); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("missing language: %v, want NotFound", err)
		}

		// Translations go with their version.
		if err := s.DeleteOwnModel(ctx, u.WorkspaceID, m.Slug, m.Version); err != nil {
			t.Fatal(err)
		}
		addModel(t, s, u.WorkspaceID, version("1.0.0"))
		if langs, err := s.OwnLanguages(ctx, u.WorkspaceID, m.Slug, m.Version); err != nil || len(langs) != 0 {
			t.Errorf("a new upload of the version inherits translations %v (%v)", langs, err)
		}
		if err := s.PutOwnTranslation(ctx, u.WorkspaceID, &assessment.Translation{Slug: "nope", Version: "1.0.0", Lang: "de"}, nil, time.Now()); assessment.KindOf(err) != assessment.NotFound {
			t.Errorf("translation of an unknown model: %v, want NotFound", err)
		}
		if !strings.Contains(m.Title, "Test") {
			t.Fatal("fixture changed")
		}
	})
}
