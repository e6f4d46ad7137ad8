package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
)

// The organisation's path over time: its assessments, the change between
// two of them, and how respondents answered each question.

func (s *handler) listOrganisationAssessments(c echo.Context) error {
	as, err := s.svc.OrganisationAssessments(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]shape.Assessment, 0, len(as))
	for _, a := range as {
		f, err := s.fitted(c, a)
		if err != nil {
			return err
		}
		out = append(out, f)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *handler) compareAssessments(c echo.Context) error {
	cmp, err := s.svc.Compare(c.Request().Context(), web.User(c), c.Param("id"), c.Param("other"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newComparisonJSON(cmp))
}

func (s *handler) getDistribution(c echo.Context) error {
	ds, err := s.svc.Distribution(c.Request().Context(), web.User(c), c.Param("id"), c.QueryParam("perspective"))
	if err != nil {
		return err
	}
	out := make([]distributionJSON, 0, len(ds))
	for _, d := range ds {
		out = append(out, distributionJSON{Question: d.Question, Capability: d.Capability,
			Respondents: d.Respondents, Withheld: d.Withheld, Counts: d.Counts})
	}
	return c.JSON(http.StatusOK, out)
}

type distributionJSON struct {
	Question    string         `json:"question"`
	Capability  string         `json:"capability"`
	Respondents int            `json:"respondents"`
	Withheld    bool           `json:"withheld"`
	Counts      map[string]int `json:"counts"`
}

type comparisonJSON struct {
	From         comparedJSON           `json:"from"`
	To           comparedJSON           `json:"to"`
	Overall      scoreChangeJSON        `json:"overall"`
	Level        levelChangeJSON        `json:"level"`
	Stages       []stageChangeJSON      `json:"stages"`
	Capabilities []capabilityChangeJSON `json:"capabilities"`
	Roadmap      roadmapChangeJSON      `json:"roadmap"`
}

type comparedJSON struct {
	ID                   string    `json:"id"`
	Title                string    `json:"title"`
	CreatedAt            time.Time `json:"created_at"`
	QuestionnaireVersion string    `json:"questionnaire_version"`
}

type scoreChangeJSON struct {
	From   *float64 `json:"from"`
	To     *float64 `json:"to"`
	Change *float64 `json:"change"`
}

type levelChangeJSON struct {
	From int `json:"from"`
	To   int `json:"to"`
}

type stageChangeJSON struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	From        *float64 `json:"from"`
	To          *float64 `json:"to"`
	ReachedFrom *bool    `json:"reached_from"`
	ReachedTo   *bool    `json:"reached_to"`
}

type capabilityChangeJSON struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	From          *float64 `json:"from"`
	To            *float64 `json:"to"`
	Change        *float64 `json:"change"`
	SameQuestions bool     `json:"same_questions"`
}

type roadmapChangeJSON struct {
	Closed  []string `json:"closed"`
	Opened  []string `json:"opened"`
	Open    []string `json:"open"`
	Dropped []string `json:"dropped"`
}

func newComparisonJSON(c *assessment.Comparison) comparisonJSON {
	side := func(a assessment.ComparedAssessment) comparedJSON {
		return comparedJSON{a.ID, a.Title, a.CreatedAt, a.QuestionnaireVersion}
	}
	out := comparisonJSON{
		From: side(c.From), To: side(c.To),
		Overall: scoreChangeJSON{c.Overall.From, c.Overall.To, c.Overall.Change},
		Level:   levelChangeJSON{c.LevelFrom, c.LevelTo},
		Stages:  make([]stageChangeJSON, 0, len(c.Stages)), Capabilities: make([]capabilityChangeJSON, 0, len(c.Capabilities)),
		Roadmap: roadmapChangeJSON{nonNil(c.Roadmap.Closed), nonNil(c.Roadmap.Opened), nonNil(c.Roadmap.Open), nonNil(c.Roadmap.Dropped)},
	}
	for _, st := range c.Stages {
		out.Stages = append(out.Stages, stageChangeJSON{st.ID, st.Title, st.ScoreChange.From, st.ScoreChange.To,
			st.ReachedFrom, st.ReachedTo})
	}
	for _, cc := range c.Capabilities {
		out.Capabilities = append(out.Capabilities, capabilityChangeJSON{cc.ID, cc.Title, cc.ScoreChange.From,
			cc.ScoreChange.To, cc.ScoreChange.Change, cc.SameQuestions})
	}
	return out
}
