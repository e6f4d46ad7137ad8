package ui

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The preview of an assessment as a respondent would see it, without
// creating one: its questionnaire version and scope, in the form and for
// the perspective chosen on the page (the assessment's form and "no
// perspective" by default). Read-only: nothing is saved.
//
//	GET /assessments/{id}/preview?form=core&perspective=data

type assessmentPreview struct {
	page
	Assessment   assessment.Assessment
	Model        *assessment.Model
	Form         string
	Perspective  string
	Perspectives []string
	HasCore      bool
	Questions    int
	Minutes      int
	Stages       []previewStage
	Error        string
}

type previewStage struct {
	Title        string
	Capabilities []previewCapability
}

type previewCapability struct {
	Title, Description string
	Questions          []questionView
}

func (s *handler) previewRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/assessments/:id/preview", s.previewPageGet, mw...)
}

func (s *handler) previewPageGet(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	a, m, err := s.svc.AssessmentQuestionnaire(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	v := assessmentPreview{page: s.newPage(c, s.T(c, "preview.page_title_assessment", "Title", a.Title)), Assessment: a, Form: c.QueryParam("form"),
		Perspective: c.QueryParam("perspective"), Perspectives: assessment.Perspectives, HasCore: m.HasCore()}
	if v.Form == "" {
		v.Form = string(a.Form)
	}
	p, err := s.svc.PreviewModel(ctx, u, a.Questionnaire, assessment.PreviewOptions{Version: a.QuestionnaireVersion,
		Scope: a.Fit().ScopeOf(m), Form: v.Form, Perspective: v.Perspective, Lang: s.language(c)})
	var de *assessment.Error
	if errors.As(err, &de) && de.Kind == assessment.Invalid {
		v.Error = errorText(c, de)
		return s.render(c, http.StatusUnprocessableEntity, "assessment_preview.html", v)
	}
	if err != nil {
		return err
	}
	est := assessment.EstimateOf(p.Model, assessment.Fit{}, "")
	v.Model, v.Questions, v.Minutes = p.Model, est.Questions, est.Minutes
	stages := slices.Clone(p.Model.Stages)
	slices.SortStableFunc(stages, func(x, y assessment.Stage) int { return x.Order - y.Order })
	n := 0
	for _, st := range stages {
		ps := previewStage{Title: st.Title}
		for ci := range p.Model.Capabilities {
			cp := &p.Model.Capabilities[ci]
			if cp.Stage != st.ID {
				continue
			}
			pc := previewCapability{Title: cp.Title, Description: cp.Description}
			for qi := range cp.Questions {
				n++
				pc.Questions = append(pc.Questions, newQuestionView(s.printer(c), &cp.Questions[qi], n, fieldState{}, false))
			}
			ps.Capabilities = append(ps.Capabilities, pc)
		}
		v.Stages = append(v.Stages, ps)
	}
	return s.render(c, http.StatusOK, "assessment_preview.html", v)
}
