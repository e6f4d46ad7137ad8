// Package api serves the JSON API v1 of Readiness: one file per resource,
// the event streams, the OpenAPI description and the shapes the contract
// names. Handlers bind, call one Service method and render; they return
// errors, which the Server's one error handler turns into the contract's
// {"error": {...}} body.
package api

import (
	"context"
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// handler holds what the API's handlers need.
type handler struct {
	srv     *web.Server
	svc     *assessment.Service
	log     *slog.Logger
	baseURL string
	metrics *web.Metrics
	// streams ends every event stream when done, at shutdown.
	streams context.Context
}

// Register adds the API's routes to srv; svc answers them.
func Register(srv *web.Server, svc *assessment.Service) {
	s := &handler{srv: srv, svc: svc, log: srv.Log(), baseURL: srv.BaseURL(), metrics: srv.Metrics(), streams: srv.Streams()}
	s.routes(srv.Echo())
}

func (s *handler) routes(e *echo.Echo) {
	e.GET("/api/v1/openapi.json", s.openAPI)

	api := e.Group("/api/v1")
	api.POST("/auth/token", s.createToken)
	api.GET("/responses/:token", s.getResponse)
	api.GET("/responses/:token/questionnaire", s.getResponseQuestionnaire)
	api.PUT("/responses/:token/answers/:question", s.putAnswer)
	api.POST("/responses/:token/submit", s.submitResponse)
	api.GET("/responses/:token/events", s.responseEvents)
	api.POST("/join/:code", s.join)

	// A consultancy's questionnaires are its property: consultants read them
	// (by token, or from a signed-in page); a respondent reads the version
	// pinned to its assessment through /responses/{token}/questionnaire.
	api.GET("/questionnaires", s.listQuestionnaires, s.srv.RequireUserOrSession)
	api.GET("/questionnaires/:slug", s.getQuestionnaire, s.srv.RequireUserOrSession)

	// The projector page's script follows the stream with its session.
	api.GET("/assessments/:id/events", s.assessmentEvents, s.srv.RequireUserOrSession)
	// Downloads are reads: a signed-in browser following a link has its
	// session, not a bearer token.
	api.GET("/assessments/:id/export.json", s.exportJSON, s.srv.RequireUserOrSession)
	api.GET("/assessments/:id/export.csv", s.exportCSV, s.srv.RequireUserOrSession)
	api.GET("/assessments/:id/report.pdf", s.exportPDF, s.srv.RequireUserOrSession)
	api.GET("/assessments/:id/roadmap.csv", s.exportRoadmap, s.srv.RequireUserOrSession)

	auth := api.Group("", s.srv.RequireUser)
	auth.GET("/users", s.listUsers) // admins only
	auth.POST("/users", s.createUser)
	auth.POST("/users/invitations", s.createInvitation) // admins only, as everything under /users
	auth.POST("/users/:id/password-reset", s.createPasswordReset)
	auth.PATCH("/users/:id", s.updateUser)
	auth.DELETE("/users/:id", s.deleteUser)
	auth.GET("/audit", s.listAudit) // admins only
	auth.PUT("/me/password", s.changePassword)
	auth.POST("/organisations", s.createOrganisation)
	auth.GET("/organisations", s.listOrganisations)
	auth.GET("/organisations/:id", s.getOrganisation)
	auth.PATCH("/organisations/:id", s.updateOrganisation)
	auth.DELETE("/organisations/:id", s.deleteOrganisation)
	auth.POST("/assessments", s.createAssessment)
	auth.GET("/assessments", s.listAssessments)
	auth.GET("/assessments/:id", s.getAssessment)
	auth.PATCH("/assessments/:id", s.updateAssessment)
	auth.DELETE("/assessments/:id", s.deleteAssessment)
	auth.POST("/assessments/:id/close", s.closeAssessment)
	auth.PUT("/assessments/:id/focus", s.putFocus)
	auth.POST("/assessments/:id/respondents", s.createRespondent)
	auth.GET("/assessments/:id/respondents", s.listRespondents)
	auth.DELETE("/assessments/:id/respondents/:rid", s.deleteRespondent)
	auth.POST("/assessments/:id/respondents/:rid/token", s.reissueToken)
	auth.GET("/assessments/:id/result", s.getResult)
	auth.GET("/assessments/:id/distribution", s.getDistribution)
	auth.GET("/assessments/:id/compare/:other", s.compareAssessments)
	auth.GET("/organisations/:id/assessments", s.listOrganisationAssessments)
	auth.GET("/assessments/:id/notes", s.getNotes)
	auth.PUT("/assessments/:id/notes", s.putNotes)
	auth.GET("/assessments/:id/agreed", s.listAgreed)
	auth.PUT("/assessments/:id/agreed/:question", s.putAgreed)
	auth.DELETE("/assessments/:id/agreed/:question", s.deleteAgreed)
	auth.GET("/assessments/:id/texts", s.listTexts)
	auth.PATCH("/assessments/:id/texts/:tid", s.patchText)
	auth.POST("/assessments/:id/shares", s.createShare)
	auth.GET("/assessments/:id/shares", s.listShares)
	auth.DELETE("/assessments/:id/shares/:sid", s.revokeShare)
	auth.GET("/workspace", s.getWorkspace)
	auth.PATCH("/workspace", s.updateWorkspace) // admins only
	auth.PUT("/workspace/logo", s.putLogo)
	auth.DELETE("/workspace/logo", s.deleteLogo)

	// Anything else under the API is a JSON 404, never a page.
	api.Any("/*", func(echo.Context) error { return echo.ErrNotFound })

	// Downloads for the signed-in browser, which has a session, not a
	// bearer token: the same exports, behind the pages' CSRF check and session.
	e.GET("/assessments/:id/report.pdf", s.exportPDF, s.srv.CSRF(), s.srv.RequireSession)
	e.GET("/assessments/:id/roadmap.csv", s.exportRoadmap, s.srv.CSRF(), s.srv.RequireSession)
	e.GET("/assessments/:id/export.csv", s.exportCSV, s.srv.CSRF(), s.srv.RequireSession)
	e.GET("/assessments/:id/export.json", s.exportJSON, s.srv.CSRF(), s.srv.RequireSession)
}
