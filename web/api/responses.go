package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/api/shape"
)

// answerRequest is the body of PUT .../answers/{question}. Pointers tell an
// absent key from an empty value, so a wrong kind of answer is named.
type answerRequest struct {
	Option  *string   `json:"option"`
	Options *[]string `json:"options"`
	Value   *float64  `json:"value"`
	Text    *string   `json:"text"`
	Comment *string   `json:"comment"`
}

func (in *answerRequest) answer(question string) assessment.Answer {
	a := assessment.Answer{QuestionID: question, Value: in.Value}
	if in.Option != nil {
		a.Option = *in.Option
	}
	if in.Options != nil {
		a.Options = *in.Options
		if a.Options == nil {
			a.Options = []string{}
		}
	}
	if in.Text != nil {
		a.Text = *in.Text
	}
	if in.Comment != nil {
		a.Comment = *in.Comment
	}
	return a
}

type responseJSON struct {
	Respondent respondentJSON          `json:"respondent"`
	Assessment responseAssessmentJSON  `json:"assessment"`
	Answers    map[string]shape.Answer `json:"answers"`
	Progress   progressJSON            `json:"progress"`
	Submitted  bool                    `json:"submitted"`
}

type respondentJSON struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Role        string  `json:"role"`
	Perspective *string `json:"perspective"`
}

type responseAssessmentJSON struct {
	ID                   string  `json:"id"`
	Title                string  `json:"title"`
	Questionnaire        string  `json:"questionnaire"`
	QuestionnaireVersion string  `json:"questionnaire_version"`
	Mode                 string  `json:"mode"`
	Status               string  `json:"status"`
	Focus                *string `json:"focus"`
	FocusEndsAt          *string `json:"focus_ends_at,omitempty"`
}

type progressJSON struct {
	Answered int `json:"answered"`
	Total    int `json:"total"`
}

func newResponseJSON(r *assessment.Response) responseJSON {
	ix := r.Index
	out := responseJSON{
		Respondent: respondentJSON{ID: r.Respondent.ID, Name: r.Respondent.Name, Role: r.Respondent.Role,
			Perspective: nilIfEmpty(r.Respondent.Perspective)},
		Assessment: responseAssessmentJSON{ID: r.Assessment.ID, Title: r.Assessment.Title, Questionnaire: r.Assessment.Questionnaire,
			QuestionnaireVersion: r.Assessment.QuestionnaireVersion, Mode: string(r.Assessment.Mode), Status: string(r.Assessment.Status)},
		Answers:   make(map[string]shape.Answer, len(r.Answers)),
		Progress:  progressJSON{Answered: r.Answered, Total: r.Total},
		Submitted: r.Respondent.Submitted(),
	}
	if r.Assessment.Focus != "" {
		f := r.Assessment.Focus
		out.Assessment.Focus = &f
		if e := r.Assessment.FocusEndsAt; e != nil {
			t := e.UTC().Format(time.RFC3339)
			out.Assessment.FocusEndsAt = &t
		}
	}
	for _, a := range r.Answers {
		if q, _, ok := ix.Question(a.QuestionID); ok {
			ans := shape.NewAnswer(a, q.Type)
			ans.RespondentID = ""
			out.Answers[a.QuestionID] = ans
		}
	}
	return out
}

func (s *handler) getResponse(c echo.Context) error {
	r, err := s.svc.Response(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newResponseJSON(r))
}

// getResponseQuestionnaire is what the respondent is asked of the
// questionnaire version their assessment was started with (which may be
// older than the newest), in ?lang= when the model has it: no scores.
func (s *handler) getResponseQuestionnaire(c echo.Context) error {
	p, err := s.svc.RespondentQuestionnaire(c.Request().Context(), c.Param("token"), c.QueryParam("lang"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newRespondentQuestionnaireJSON(p.Localized))
}

func (s *handler) putAnswer(c echo.Context) error {
	var in answerRequest
	if err := web.DecodeJSON(c, &in); err != nil {
		return err
	}
	a, q, err := s.svc.SaveAnswer(c.Request().Context(), c.Param("token"), in.answer(c.Param("question")))
	if err != nil {
		return err
	}
	out := shape.NewAnswer(a, q.Type)
	out.RespondentID = ""
	return c.JSON(http.StatusOK, out)
}

func (s *handler) submitResponse(c echo.Context) error {
	r, err := s.svc.Submit(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"submitted": true, "submitted_at": r.SubmittedAt})
}
