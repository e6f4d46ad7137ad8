package api

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPIDoc describes API v1 in OpenAPI 3.1. When you add, remove or change
// an API route, change it here too: TestOpenAPIDescribesEveryRoute fails
// while a route and the description disagree.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *handler) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPIDoc)
}
