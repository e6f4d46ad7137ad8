package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
)

// agreedRequest is an answer body as respondents send it, plus a rationale.
type agreedRequest struct {
	answerRequest
	Rationale *string `json:"rationale"`
}

func (s *handler) putAgreed(c echo.Context) error {
	var in agreedRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	rationale := ""
	if in.Rationale != nil {
		rationale = *in.Rationale
	}
	a, q, err := s.svc.SetAgreed(c.Request().Context(), web.User(c), c.Param("id"), in.answer(c.Param("question")), rationale)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, shape.NewAgreed(a, q.Type))
}

func (s *handler) deleteAgreed(c echo.Context) error {
	if err := s.svc.DeleteAgreed(c.Request().Context(), web.User(c), c.Param("id"), c.Param("question")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *handler) listAgreed(c echo.Context) error {
	ags, ix, err := s.svc.Agreed(c.Request().Context(), web.User(c), c.Param("id"))
	if err != nil {
		return err
	}
	out := make([]shape.Agreed, 0, len(ags))
	for _, a := range ags {
		if q, _, ok := ix.Question(a.Answer.QuestionID); ok {
			out = append(out, shape.NewAgreed(a, q.Type))
		}
	}
	return c.JSON(http.StatusOK, out)
}
