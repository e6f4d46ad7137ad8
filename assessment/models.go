package assessment

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// A workspace's own models: a consultancy uploads its questionnaire (and
// translations of it) as YAML; each version is kept, visible to that
// workspace alone, and stays as long as an assessment runs on it. The
// catalog (the built-in models and the instance's --questionnaires
// directory) always comes first: an own model may not take one of its slugs.

// MaxModelFile caps an uploaded questionnaire or translation file.
const MaxModelFile = 1 << 20

// ModelInfo describes one version of a questionnaire as listings show it.
type ModelInfo struct {
	Slug, Version      string
	Title, Description string
	Own                bool      // the workspace's own; false for the catalog's
	CreatedAt          time.Time // when an own version was uploaded; zero for the catalog's
}

// OwnModel is one stored version of a workspace's own questionnaire.
type OwnModel struct {
	ID        string // what an assessment started on it refers to (Assessment.ModelID)
	Model     *Model
	CreatedAt time.Time
}

// ModelStore keeps the workspaces' own models; assessment/store implements
// it beside Store.
type ModelStore interface {
	// AddOwnModel stores a new version of a workspace's own model with the
	// file it was read from; Conflict if the workspace has that slug and version.
	AddOwnModel(ctx context.Context, workspaceID string, m *Model, source []byte, at time.Time) (OwnModel, error)
	// OwnModels lists every version of the workspace's own models, by slug,
	// newest version first.
	OwnModels(ctx context.Context, workspaceID string) ([]ModelInfo, error)
	// OwnModel returns one version of an own model, the newest when version
	// is ""; NotFound if the workspace has none.
	OwnModel(ctx context.Context, workspaceID, slug, version string) (OwnModel, error)
	// DeleteOwnModel removes one version and its translations; NotFound if
	// the workspace has no such version, Conflict while an assessment uses it.
	// The database decides (a restricting reference from assessments), so an
	// assessment started at the same moment cannot slip past the check.
	DeleteOwnModel(ctx context.Context, workspaceID, slug, version string) error
	// PutOwnTranslation stores t for the own model version it names,
	// replacing one of the same language; NotFound if there is no such version.
	PutOwnTranslation(ctx context.Context, workspaceID string, t *Translation, source []byte, at time.Time) error
	// OwnTranslation returns an own model version's translation into lang;
	// NotFound if there is none.
	OwnTranslation(ctx context.Context, workspaceID, slug, version, lang string) (*Translation, error)
	// OwnLanguages lists the languages an own model version is translated
	// into, sorted; empty when there are none.
	OwnLanguages(ctx context.Context, workspaceID, slug, version string) ([]string, error)
}

// ModelParser reads uploaded questionnaire and translation files, reporting
// every problem at its line. Package questionnaires implements it (its
// Catalog), so that the Service never learns YAML. Both treat data as
// hostile: bounded work, no panics.
type ModelParser interface {
	ParseModel(data []byte) (*Model, []Problem)
	// ParseTranslation reads a translation of the model of and checks it
	// against it: an id of has not, a text of has without translation.
	ParseTranslation(data []byte, of *Model) (*Translation, []Problem)
}

// TranslationCatalog is a Catalog that also holds translations of its
// models (questionnaires.Catalog does).
type TranslationCatalog interface {
	Translation(slug, version, lang string) (*Translation, bool)
	// Languages lists the languages of a model version, DefaultLanguage first.
	Languages(slug, version string) []string
}

// versionCatalog is a Catalog that finds older versions too.
type versionCatalog interface {
	Version(slug, version string) (*Model, bool)
	Versions(slug string) []*Model // oldest first
}

// ownModels is the store's ModelStore side.
func (s *Service) ownModels() (ModelStore, error) {
	ms, ok := s.store.(ModelStore)
	if !ok {
		return nil, Errorf(Internal, "this store keeps no questionnaires of its own")
	}
	return ms, nil
}

func (s *Service) parser() (ModelParser, error) {
	p, ok := s.catalog.(ModelParser)
	if !ok {
		return nil, Errorf(Internal, "no questionnaire parser is configured")
	}
	return p, nil
}

// catalogModel finds slug in the catalog: its newest version when version
// is "". known says whether the catalog has the slug at all.
func (s *Service) catalogModel(slug, version string) (m *Model, known bool) {
	if s.catalog == nil {
		return nil, false
	}
	latest, ok := s.catalog.Latest(slug)
	if !ok {
		return nil, false
	}
	if version == "" || version == latest.Version {
		return latest, true
	}
	if vc, ok := s.catalog.(versionCatalog); ok {
		m, _ = vc.Version(slug, version)
	}
	return m, true
}

// resolveModel finds the model version an assessment of workspaceID may run
// on: the catalog's first, then the workspace's own; version "" means the
// newest. ownID is the stored own version's id, "" for the catalog's.
func (s *Service) resolveModel(ctx context.Context, workspaceID, slug, version string) (m *Model, ownID string, err error) {
	if m, _ := s.catalogModel(slug, version); m != nil {
		return m, "", nil
	}
	ms, ok := s.store.(ModelStore)
	if !ok {
		return nil, "", Errorf(NotFound, "no questionnaire %q", slug)
	}
	own, err := ms.OwnModel(ctx, workspaceID, slug, version)
	if KindOf(err) == NotFound {
		if version != "" {
			return nil, "", Errorf(NotFound, "no questionnaire %q version %s", slug, version)
		}
		return nil, "", Errorf(NotFound, "no questionnaire %q", slug)
	}
	if err != nil {
		return nil, "", fmt.Errorf("find questionnaire %s %s: %w", slug, version, err)
	}
	return own.Model, own.ID, nil
}

// startModel resolves the questionnaire of a new assessment, naming the
// field at fault: an unknown slug or version is the request's mistake.
func (s *Service) startModel(ctx context.Context, workspaceID, slug, version string) (*Model, string, error) {
	m, ownID, err := s.resolveModel(ctx, workspaceID, slug, version)
	if KindOf(err) == NotFound {
		field := "questionnaire"
		if version != "" {
			field = "questionnaire_version"
		}
		return nil, "", FieldError(field, "%s", err.(*Error).Message)
	}
	return m, ownID, err
}

// Model returns a version of a questionnaire the user's workspace may use,
// the newest when version is "": the catalog's, or the workspace's own.
func (s *Service) Model(ctx context.Context, u User, slug, version string) (*Model, error) {
	m, _, err := s.resolveModel(ctx, u.WorkspaceID, slug, version)
	return m, err
}

// Models lists the newest version of every questionnaire the user's
// workspace may use: the catalog's, then its own, each by slug.
func (s *Service) Models(ctx context.Context, u User) ([]ModelInfo, error) {
	var out []ModelInfo
	if s.catalog != nil {
		for _, m := range s.catalog.List() {
			out = append(out, infoOf(m))
		}
	}
	ms, ok := s.store.(ModelStore)
	if !ok {
		return out, nil
	}
	own, err := ms.OwnModels(ctx, u.WorkspaceID)
	if err != nil {
		return nil, err
	}
	for i, m := range own {
		if i > 0 && own[i-1].Slug == m.Slug {
			continue // an older version: the list is newest first per slug
		}
		out = append(out, m)
	}
	sortInfos(out)
	return out, nil
}

// ModelVersions lists every version of one questionnaire the user's
// workspace may use, newest first; NotFound if there is none.
func (s *Service) ModelVersions(ctx context.Context, u User, slug string) ([]ModelInfo, error) {
	if _, known := s.catalogModel(slug, ""); known {
		var out []ModelInfo
		if vc, ok := s.catalog.(versionCatalog); ok {
			for _, m := range slices.Backward(vc.Versions(slug)) {
				out = append(out, infoOf(m))
			}
		} else {
			m, _ := s.catalog.Latest(slug)
			out = append(out, infoOf(m))
		}
		return out, nil
	}
	ms, err := s.ownModels()
	if err != nil {
		return nil, err
	}
	own, err := ms.OwnModels(ctx, u.WorkspaceID)
	if err != nil {
		return nil, err
	}
	own = slices.DeleteFunc(own, func(m ModelInfo) bool { return m.Slug != slug })
	if len(own) == 0 {
		return nil, Errorf(NotFound, "no questionnaire %q", slug)
	}
	return own, nil
}

func infoOf(m *Model) ModelInfo {
	return ModelInfo{Slug: m.Slug, Version: m.Version, Title: m.Title, Description: m.Description}
}

// AddModel checks an uploaded questionnaire file and keeps it as a new
// version of the workspace's own model. Every problem of the file comes back
// at once, by line, in an Invalid error's Problems; a slug of the catalog or
// a slug and version the workspace already has is a Conflict.
func (s *Service) AddModel(ctx context.Context, u User, data []byte) (ModelInfo, error) {
	if err := checkUpload("questionnaire", data); err != nil {
		return ModelInfo{}, err
	}
	p, err := s.parser()
	if err != nil {
		return ModelInfo{}, err
	}
	ms, err := s.ownModels()
	if err != nil {
		return ModelInfo{}, err
	}
	m, problems := p.ParseModel(data)
	if len(problems) > 0 {
		return ModelInfo{}, problemsError("questionnaire", problems)
	}
	if _, known := s.catalogModel(m.Slug, ""); known {
		return ModelInfo{}, &Error{Kind: Conflict, Field: "slug",
			Message: fmt.Sprintf("%q is the slug of a built-in questionnaire; choose another", m.Slug)}
	}
	own, err := ms.AddOwnModel(ctx, u.WorkspaceID, m, data, s.Now())
	if KindOf(err) == Conflict {
		return ModelInfo{}, &Error{Kind: Conflict, Field: "version",
			Message: fmt.Sprintf("questionnaire %q version %s exists already; raise the version", m.Slug, m.Version)}
	}
	if err != nil {
		return ModelInfo{}, err
	}
	info := infoOf(own.Model)
	info.Own, info.CreatedAt = true, own.CreatedAt
	return info, nil
}

// DeleteModel removes one version of the workspace's own questionnaire;
// Conflict while an assessment runs on it.
func (s *Service) DeleteModel(ctx context.Context, u User, slug, version string) error {
	if version == "" {
		return FieldError("version", "is required: name the version to delete")
	}
	if _, known := s.catalogModel(slug, ""); known {
		return &Error{Kind: Conflict, Message: fmt.Sprintf("%q is a built-in questionnaire; it cannot be deleted", slug)}
	}
	ms, err := s.ownModels()
	if err != nil {
		return err
	}
	err = ms.DeleteOwnModel(ctx, u.WorkspaceID, slug, version)
	switch KindOf(err) {
	case NotFound:
		return Errorf(NotFound, "no questionnaire %q version %s", slug, version)
	case Conflict:
		return Errorf(Conflict, "questionnaire %q version %s is in use by an assessment; delete the assessment first", slug, version)
	}
	return err
}

// PutModelTranslation checks an uploaded translation of a version of the
// workspace's own questionnaire (the newest when version is "") into lang
// and keeps it, replacing one of the same language. The file must declare
// that model and language; its problems come back as for AddModel.
func (s *Service) PutModelTranslation(ctx context.Context, u User, slug, version, lang string, data []byte) (*Translation, error) {
	if !ValidLanguage(lang) || lang == DefaultLanguage {
		return nil, FieldError("lang", "must be a language tag such as de or pt-BR other than %s, the models' own language", DefaultLanguage)
	}
	if _, known := s.catalogModel(slug, version); known {
		return nil, &Error{Kind: Conflict, Message: fmt.Sprintf("%q is a built-in questionnaire; its translations come with the release", slug)}
	}
	if err := checkUpload("translation", data); err != nil {
		return nil, err
	}
	p, err := s.parser()
	if err != nil {
		return nil, err
	}
	ms, err := s.ownModels()
	if err != nil {
		return nil, err
	}
	own, err := ms.OwnModel(ctx, u.WorkspaceID, slug, version)
	if err != nil {
		return nil, err
	}
	t, problems := p.ParseTranslation(data, own.Model)
	if len(problems) > 0 {
		return nil, problemsError("translation", problems)
	}
	if t.Lang != lang {
		return nil, FieldError("lang", "the file translates into %q, not %q", t.Lang, lang)
	}
	if err := ms.PutOwnTranslation(ctx, u.WorkspaceID, t, data, s.Now()); err != nil {
		return nil, err
	}
	return t, nil
}

// LocalizedModel returns a version of a questionnaire the workspace may use
// (the newest when version is "") in lang, or in its default language when
// it has no translation into lang; Localized says which it is.
func (s *Service) LocalizedModel(ctx context.Context, u User, slug, version, lang string) (Localized, error) {
	m, _, err := s.resolveModel(ctx, u.WorkspaceID, slug, version)
	if err != nil {
		return Localized{}, err
	}
	return s.Localize(ctx, u.WorkspaceID, m, lang)
}

// LocalizedResponseModel is ResponseModel in lang, as LocalizedModel
// chooses it: what a respondent's page and questionnaire show.
func (s *Service) LocalizedResponseModel(ctx context.Context, token, lang string) (Assessment, Localized, error) {
	a, m, err := s.ResponseModel(ctx, token)
	if err != nil {
		return Assessment{}, Localized{}, err
	}
	l, err := s.Localize(ctx, a.WorkspaceID, m, lang)
	return a, l, err
}

// Localize translates m, a model of the catalog or of workspaceID's own
// (such as an assessment's pinned definition), into lang when it has that
// language; otherwise it stays in its default language. Give it only a
// workspace the caller is entitled to: an assessment's or the user's.
func (s *Service) Localize(ctx context.Context, workspaceID string, m *Model, lang string) (Localized, error) {
	if tc, ok := s.catalog.(TranslationCatalog); ok {
		if cm, _ := s.catalogModel(m.Slug, m.Version); cm != nil {
			return localize(m, lang, tc.Languages(m.Slug, m.Version), func(lang string) (*Translation, error) {
				t, _ := tc.Translation(m.Slug, m.Version, lang)
				return t, nil
			})
		}
	}
	languages := []string{DefaultLanguage}
	ms, ok := s.store.(ModelStore)
	if !ok || workspaceID == "" {
		return localize(m, lang, languages, nil)
	}
	more, err := ms.OwnLanguages(ctx, workspaceID, m.Slug, m.Version)
	if err != nil {
		return Localized{}, err
	}
	return localize(m, lang, append(languages, more...), func(lang string) (*Translation, error) {
		return ms.OwnTranslation(ctx, workspaceID, m.Slug, m.Version, lang)
	})
}

// checkUpload refuses what no parser should see: too large, or not UTF-8
// text (the database keeps the file as text).
func checkUpload(field string, data []byte) error {
	switch {
	case len(data) > MaxModelFile:
		return problemsError(field, []Problem{{Message: fmt.Sprintf("the file is %d bytes; at most %d (%d MiB) are accepted", len(data), MaxModelFile, MaxModelFile>>20)}})
	case len(data) == 0:
		return problemsError(field, []Problem{{Message: "the file is empty"}})
	case !utf8.Valid(data) || slices.Contains(data, 0):
		return problemsError(field, []Problem{{Message: "the file must be UTF-8 text"}})
	}
	return nil
}

// problemsError is the Invalid error of a file with problems.
func problemsError(field string, ps []Problem) *Error {
	first := ps[0]
	msg := fmt.Sprintf("the %s has %d problems; the first, at line %d: %s", field, len(ps), first.Line, first.Message)
	if len(ps) == 1 {
		msg = fmt.Sprintf("the %s has a problem at line %d: %s", field, first.Line, first.Message)
	}
	return &Error{Kind: Invalid, Field: field, Message: msg, Problems: ps}
}

// PreviewOptions choose what a preview shows, as an assessment and a
// respondent would: the zero value is the newest version, in full, every
// capability, for a respondent without a perspective, in English.
type PreviewOptions struct {
	Version     string   // "" for the newest
	Scope       []string // capability ids; empty means all
	Form        string   // "full" (or "") or "core"
	Perspective string   // "" for a respondent without one
	Lang        string   // "" for the model's default
}

// Preview is what a respondent would be asked: Model holds only the
// capabilities and questions asked, in the model's order.
type Preview struct {
	Localized
	Questions int // the questions asked
}

// PreviewModel returns the questions a respondent would see for a version
// of a questionnaire the workspace may use, without creating anyone: a
// consultant checks a model, its scope and its form before starting.
func (s *Service) PreviewModel(ctx context.Context, u User, slug string, o PreviewOptions) (Preview, error) {
	if err := checkPerspective(o.Perspective); err != nil {
		return Preview{}, err
	}
	l, err := s.LocalizedModel(ctx, u, slug, o.Version, o.Lang)
	if err != nil {
		return Preview{}, err
	}
	m, err := previewModel(l.Model, o)
	if err != nil {
		return Preview{}, err
	}
	l.Model = m
	return Preview{Localized: l, Questions: m.QuestionCount()}, nil
}

// previewModel keeps of m what a respondent of o.Perspective is asked in
// o.Scope and o.Form: capabilities without an asked question and stages
// without a capability left are dropped.
func previewModel(m *Model, o PreviewOptions) (*Model, error) {
	ix := NewIndex(m)
	for _, id := range o.Scope {
		if _, ok := ix.Capability(id); !ok {
			return nil, FieldError("scope", "no capability %q in %s", id, m)
		}
	}
	core := false
	switch o.Form {
	case "", "full":
	case "core":
		core = true
		if !slices.ContainsFunc(m.Capabilities, func(c Capability) bool {
			return slices.ContainsFunc(c.Questions, func(q Question) bool { return q.Core })
		}) {
			return nil, FieldError("form", "%s marks no question core; use the full form", m)
		}
	default:
		return nil, FieldError("form", "must be full or core, not %q", o.Form)
	}
	out := *m
	out.Capabilities, out.Stages = nil, nil
	used := map[string]bool{}
	for _, c := range m.Capabilities {
		if len(o.Scope) > 0 && !slices.Contains(o.Scope, c.ID) {
			continue
		}
		c.Questions = slices.DeleteFunc(slices.Clone(c.Questions), func(q Question) bool {
			return (core && !q.Core) || !q.AskedOf(o.Perspective)
		})
		if len(c.Questions) == 0 {
			continue
		}
		out.Capabilities = append(out.Capabilities, c)
		used[c.Stage] = true
	}
	for _, st := range m.Stages {
		if used[st.ID] {
			out.Stages = append(out.Stages, st)
		}
	}
	return &out, nil
}

// sortInfos orders listings by slug, then newest version first; versions
// compare numerically ("1.10.0" after "1.9.0").
func sortInfos(infos []ModelInfo) {
	slices.SortStableFunc(infos, func(a, b ModelInfo) int {
		return cmp.Or(strings.Compare(a.Slug, b.Slug), -compareVersions(a.Version, b.Version))
	})
}

// compareVersions orders two MAJOR.MINOR.PATCH versions numerically.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		if c := cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(x, y)); c != 0 {
			return c // without leading zeros, a longer number is larger
		}
	}
	return cmp.Compare(len(as), len(bs))
}
