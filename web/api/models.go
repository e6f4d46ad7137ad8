package api

import (
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// A workspace's own models: uploaded as YAML files, kept by version,
// visible to that workspace alone. The domain lints the file and answers
// every problem by line; web/errors.go puts them in the 422's body.
//
//	POST   /api/v1/questionnaires                          a model file → 201
//	DELETE /api/v1/questionnaires/{slug}?version=V         → 204, 409 while used
//	PUT    /api/v1/questionnaires/{slug}/translations/{lang}?version=V

type modelCreatedJSON struct {
	Slug    string `json:"slug"`
	Version string `json:"version"`
	Title   string `json:"title"`
}

type translationJSON struct {
	Slug    string `json:"slug"`
	Version string `json:"version"`
	Lang    string `json:"lang"`
}

// yamlTypes are the media types a model file may be sent as: the
// registered one and those tools still send.
var yamlTypes = map[string]bool{"application/yaml": true, "application/x-yaml": true, "text/yaml": true, "text/x-yaml": true}

// readYAML reads a YAML request body; the server's body limit answers 413
// beyond 1 MiB, the model's own limit.
func readYAML(c echo.Context) ([]byte, error) {
	ct, _, err := mime.ParseMediaType(c.Request().Header.Get("Content-Type"))
	if err != nil || !yamlTypes[ct] {
		return nil, &web.RequestError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the file as Content-Type: application/yaml"}
	}
	data, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, err // a *http.MaxBytesError: 413
	}
	return data, nil
}

func (s *handler) createModel(c echo.Context) error {
	data, err := readYAML(c)
	if err != nil {
		return err
	}
	info, err := s.svc.AddModel(c.Request().Context(), web.User(c), data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, modelCreatedJSON{Slug: info.Slug, Version: info.Version, Title: info.Title})
}

func (s *handler) deleteModel(c echo.Context) error {
	if err := s.svc.DeleteModel(c.Request().Context(), web.User(c), c.Param("slug"), c.QueryParam("version")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *handler) putModelTranslation(c echo.Context) error {
	data, err := readYAML(c)
	if err != nil {
		return err
	}
	t, err := s.svc.PutModelTranslation(c.Request().Context(), web.User(c), c.Param("slug"), c.QueryParam("version"), c.Param("lang"), data)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, translationJSON{Slug: t.Slug, Version: t.Version, Lang: t.Lang})
}

// respondentQuestionnaireJSON is what a respondent may read of a model: the
// questions asked of them and their texts, without scores, weights,
// targets, must-have thresholds, prerequisites or recommendations (a
// consultancy's model is its property, not every participant's).
type respondentQuestionnaireJSON struct {
	Slug         string                     `json:"slug"`
	Version      string                     `json:"version"`
	Title        string                     `json:"title"`
	Description  string                     `json:"description"`
	Lang         string                     `json:"lang"`
	Languages    []string                   `json:"languages"`
	Stages       []stageJSON                `json:"stages"`
	Capabilities []respondentCapabilityJSON `json:"capabilities"`
}

type respondentCapabilityJSON struct {
	ID           string                   `json:"id"`
	Title        string                   `json:"title"`
	Stage        string                   `json:"stage"`
	Description  string                   `json:"description"`
	Perspectives []string                 `json:"perspectives"`
	Questions    []respondentQuestionJSON `json:"questions"`
}

type respondentQuestionJSON struct {
	ID           string                 `json:"id"`
	Text         string                 `json:"text"`
	Help         string                 `json:"help"`
	Type         string                 `json:"type"`
	Options      []respondentOptionJSON `json:"options"`
	Min          *float64               `json:"min"`
	Max          *float64               `json:"max"`
	Perspectives []string               `json:"perspectives"`
}

// respondentOptionJSON keeps unscored: a page shows "don't know" and "does
// not apply" apart from the answers, which says nothing of any score.
type respondentOptionJSON struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Unscored string `json:"unscored,omitempty"`
}

func newRespondentQuestionnaireJSON(l assessment.Localized) respondentQuestionnaireJSON {
	m := l.Model
	out := respondentQuestionnaireJSON{Slug: m.Slug, Version: m.Version, Title: m.Title, Description: m.Description,
		Lang: l.Lang, Languages: strs(l.Languages), Stages: make([]stageJSON, 0, len(m.Stages)),
		Capabilities: make([]respondentCapabilityJSON, 0, len(m.Capabilities))}
	for _, st := range m.Stages {
		out.Stages = append(out.Stages, stageJSON{ID: st.ID, Title: st.Title, Description: st.Description, Order: st.Order})
	}
	for _, c := range m.Capabilities {
		cj := respondentCapabilityJSON{ID: c.ID, Title: c.Title, Stage: c.Stage, Description: c.Description,
			Perspectives: strs(c.Perspectives), Questions: make([]respondentQuestionJSON, 0, len(c.Questions))}
		for _, q := range c.Questions {
			qj := respondentQuestionJSON{ID: q.ID, Text: q.Text, Help: q.Help, Type: string(q.Type), Min: q.Min, Max: q.Max,
				Perspectives: strs(q.Perspectives), Options: make([]respondentOptionJSON, 0, len(q.Options))}
			for _, o := range q.Options {
				qj.Options = append(qj.Options, respondentOptionJSON{ID: o.ID, Label: o.Label, Unscored: string(o.Unscored)})
			}
			cj.Questions = append(cj.Questions, qj)
		}
		out.Capabilities = append(out.Capabilities, cj)
	}
	return out
}
