package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

type questionnaireSummary struct {
	Slug        string `json:"slug"`
	Version     string `json:"version"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

type questionnaireJSON struct {
	questionnaireSummary
	Stages       []stageJSON      `json:"stages"`
	Capabilities []capabilityJSON `json:"capabilities"`
}

type stageJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Order       int    `json:"order"`
}

type capabilityJSON struct {
	ID              string         `json:"id"`
	Title           string         `json:"title"`
	Stage           string         `json:"stage"`
	Requires        []string       `json:"requires"`
	Target          int            `json:"target"`
	Weight          float64        `json:"weight"`
	Description     string         `json:"description"`
	Perspectives    []string       `json:"perspectives"`
	RecommendLow    string         `json:"recommendation_low"`
	RecommendMiddle string         `json:"recommendation_middling"`
	Questions       []questionJSON `json:"questions"`
}

type questionJSON struct {
	ID           string       `json:"id"`
	Text         string       `json:"text"`
	Help         string       `json:"help"`
	Type         string       `json:"type"`
	Options      []optionJSON `json:"options"`
	Min          *float64     `json:"min"`
	Max          *float64     `json:"max"`
	Weight       float64      `json:"weight"`
	Critical     *int         `json:"critical"` // null: not a must-have
	Perspectives []string     `json:"perspectives"`
}

type optionJSON struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Score    *float64 `json:"score"`
	Unscored string   `json:"unscored,omitempty"`
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func summarise(m *assessment.Model) questionnaireSummary {
	return questionnaireSummary{Slug: m.Slug, Version: m.Version, Title: m.Title, Description: m.Description}
}

func newQuestionnaireJSON(m *assessment.Model) questionnaireJSON {
	out := questionnaireJSON{questionnaireSummary: summarise(m), Stages: make([]stageJSON, 0, len(m.Stages)),
		Capabilities: make([]capabilityJSON, 0, len(m.Capabilities))}
	for _, s := range m.Stages {
		out.Stages = append(out.Stages, stageJSON{ID: s.ID, Title: s.Title, Description: s.Description, Order: s.Order})
	}
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		cj := capabilityJSON{ID: c.ID, Title: c.Title, Stage: c.Stage, Requires: strs(c.Requires), Target: c.Target,
			Weight: c.EffectiveWeight(), Description: c.Description, Perspectives: strs(c.Perspectives),
			RecommendLow: c.RecommendLow, RecommendMiddle: c.RecommendMiddle, Questions: make([]questionJSON, 0, len(c.Questions))}
		for qi := range c.Questions {
			q := &c.Questions[qi]
			qj := questionJSON{ID: q.ID, Text: q.Text, Help: q.Help, Type: string(q.Type), Min: q.Min, Max: q.Max,
				Weight: q.EffectiveWeight(), Perspectives: strs(q.Perspectives), Options: make([]optionJSON, 0, len(q.Options))}
			if q.Critical > 0 {
				qj.Critical = &q.Critical
			}
			for _, o := range q.Options {
				qj.Options = append(qj.Options, optionJSON{ID: o.ID, Label: o.Label, Score: o.Score, Unscored: string(o.Unscored)})
			}
			cj.Questions = append(cj.Questions, qj)
		}
		out.Capabilities = append(out.Capabilities, cj)
	}
	return out
}

// localizedJSON is a questionnaire in the language asked for with ?lang=,
// naming the language given (the model's default when it lacks the one
// asked for) and every language it has.
type localizedJSON struct {
	questionnaireJSON
	Lang      string   `json:"lang"`
	Languages []string `json:"languages"`
}

func newLocalizedJSON(l assessment.Localized) localizedJSON {
	return localizedJSON{questionnaireJSON: newQuestionnaireJSON(l.Model), Lang: l.Lang, Languages: strs(l.Languages)}
}

func infoJSON(m assessment.ModelInfo) questionnaireSummary {
	return questionnaireSummary{Slug: m.Slug, Version: m.Version, Title: m.Title, Description: m.Description}
}

// listQuestionnaires lists the newest version of the built-in models and of
// the workspace's own.
func (s *handler) listQuestionnaires(c echo.Context) error {
	models, err := s.svc.Models(c.Request().Context(), web.User(c))
	if err != nil {
		return err
	}
	out := make([]questionnaireSummary, 0, len(models))
	for _, m := range models {
		out = append(out, infoJSON(m))
	}
	return c.JSON(http.StatusOK, out)
}

// getQuestionnaire is one version (?version=, else the newest) in one
// language (?lang=, else the model's own).
func (s *handler) getQuestionnaire(c echo.Context) error {
	l, err := s.svc.LocalizedModel(c.Request().Context(), web.User(c), c.Param("slug"), c.QueryParam("version"), c.QueryParam("lang"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newLocalizedJSON(l))
}
