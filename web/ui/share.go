package ui

import (
	"context"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
)

// The share page: a read-only results page for the client's sponsor, who
// has no account. It is reached only through assessment.OpenShare, which
// blanks every respondent's name, role and perspective, so nothing on it
// can name a person; it links to nothing behind sign-in and asks search
// engines and other sites' Referer logs to keep away.

// shareView is the share page.
type shareView struct {
	page
	R            resultsView // the figures, as the results page computes them
	Token        string
	Summary      []string // the consultant's summary, by paragraph
	Findings     []shareFinding
	Texts        []shareTexts // by capability; empty unless the share has texts
	TextsShared  bool
	Organisation string
	Expires      string
}

type shareFinding struct {
	Title   string
	Finding []string // paragraphs
}

type shareTexts struct {
	Title string
	Texts []shareText
}

type shareText struct {
	Question, Text string
	Comment        bool
}

// shareHeaders keeps share pages out of search engines, caches and other
// sites' Referer logs; the 404 of a dead link gets them too.
func shareHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// openShare opens the share of the request's token, with the texts the
// share may show: none unless it was made with them, never a hidden one.
func (s *handler) openShare(c echo.Context) (*assessment.SharedAssessment, map[string][]assessment.ParticipantText, error) {
	ctx := c.Request().Context()
	sa, err := s.svc.OpenShare(ctx, c.Param("token"))
	if err != nil {
		return nil, nil, err
	}
	texts, err := shareTextsOf(ctx, s.svc, sa)
	if err != nil {
		return nil, nil, err
	}
	return sa, texts, nil
}

func shareTextsOf(ctx context.Context, svc *assessment.Service, sa *assessment.SharedAssessment) (map[string][]assessment.ParticipantText, error) {
	if !sa.Share.Texts {
		return nil, nil
	}
	texts, err := svc.VisibleTexts(ctx, assessment.User{WorkspaceID: sa.Share.WorkspaceID}, sa.Share.AssessmentID)
	if err != nil {
		return nil, fmt.Errorf("texts of a share: %w", err)
	}
	return texts, nil
}

func (s *handler) sharePage(c echo.Context) error {
	sa, texts, err := s.openShare(c)
	if err != nil {
		return err
	}
	x := sa.Export
	token := c.Param("token")
	v := shareView{
		page:         page{Title: x.Organisation.Name + ": " + x.Assessment.Title, Brand: newBrandView(sa.Brand, "/s/"+token+"/logo.png")},
		R:            newResultsView(s.printer(c), x, c.QueryParam("chart"), ""),
		Token:        token,
		Summary:      paragraphs(x.Notes.Summary),
		TextsShared:  sa.Share.Texts,
		Organisation: x.Organisation.Name,
		Expires:      sa.Share.ExpiresAt.UTC().Format("2 January 2006"),
	}
	for _, c := range x.Index.Model().Capabilities {
		if f := paragraphs(x.Notes.Finding(c.ID)); len(f) > 0 {
			v.Findings = append(v.Findings, shareFinding{Title: c.Title, Finding: f})
		}
		var group shareTexts
		for _, t := range assessment.OrderTexts(x.Index, texts[c.ID]) {
			if t.Hidden {
				continue // VisibleTexts leaves them out already; never trust one surface to another
			}
			q := t.Question
			if qq, _, ok := x.Index.Question(t.Question); ok {
				q = qq.Text
			}
			group.Texts = append(group.Texts, shareText{Question: q, Text: t.Text, Comment: t.Kind == assessment.TextComment})
		}
		if len(group.Texts) > 0 {
			group.Title = c.Title
			v.Texts = append(v.Texts, group)
		}
	}
	return s.render(c, http.StatusOK, "share.html", v)
}

// shareLogo serves the logo of the share's workspace to the share page.
func (s *handler) shareLogo(c echo.Context) error {
	sa, err := s.svc.OpenShare(c.Request().Context(), c.Param("token"))
	if err != nil {
		return err
	}
	if len(sa.Logo) == 0 {
		return echo.ErrNotFound
	}
	return servePNG(c, sa.Logo)
}
