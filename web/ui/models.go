package ui

import (
	"cmp"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
)

// The Models page: the built-in models and the workspace's own, with their
// versions; a form to upload a model file (or paste it), which shows every
// lint problem under its line of the uploaded text; deleting an unused
// version; and a preview of any version as a respondent would see it.
//
//	GET  /models                         the list and the upload form
//	POST /models                         upload (file or pasted text)
//	POST /models/delete                  slug, version → 303, or the list with why not
//	GET  /models/{slug}/preview          ?version= &perspective= &model_lang= &form= &scope=
//
// The preview's model_lang is the language of the model's texts, the
// page's own language by default; ?lang= stays the switch of the page's
// language, so a consultant may read a German model on an English page.

func (s *handler) modelRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/models", s.modelsPage, mw...)
	s.echo.POST("/models", s.uploadModelPage, mw...)
	s.echo.POST("/models/delete", s.deleteModelPage, mw...)
	s.echo.GET("/models/:slug/preview", s.previewModelPage, mw...)
}

type modelsPage struct {
	page
	Models []modelGroup
	Upload form // "source": the text as uploaded or pasted
	// Problems of an upload: General names none of its lines; Hunks show
	// the lines at fault with a few around them, each problem under its line.
	General []string
	Hunks   []sourceHunk
	Count   int    // problems in all
	Notice  string // what just happened (a version deleted)
	Deleted string // the failure of a delete, such as a version in use
}

// modelGroup is one model (a slug) with every version, newest first.
type modelGroup struct {
	Slug, Title string
	Own         bool
	Versions    []assessment.ModelInfo
}

type sourceHunk struct{ Lines []sourceLine }

type sourceLine struct {
	N        int
	Text     string
	Messages []string // the problems at this line; empty for context
}

// hunkContext is how many lines around a line at fault are shown.
const hunkContext = 2

// annotate lays out the problems of an uploaded text as a reviewer would:
// each line at fault with its neighbours and its messages under it;
// problems that name no line (or one past the end) come back apart. word
// gives a problem's message in the page's language.
func annotate(text string, problems []assessment.Problem, word func(string) string) (general []string, hunks []sourceHunk) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	at := map[int][]string{}
	var bad []int
	for _, p := range problems {
		msg := word(p.Message)
		if p.Line < 1 || p.Line > len(lines) {
			general = append(general, msg)
			continue
		}
		if _, seen := at[p.Line]; !seen {
			bad = append(bad, p.Line)
		}
		at[p.Line] = append(at[p.Line], msg)
	}
	slices.Sort(bad)
	var cur *sourceHunk
	last := 0 // the last line shown
	for _, n := range bad {
		from, to := max(1, n-hunkContext), min(len(lines), n+hunkContext)
		if cur == nil || from > last+1 {
			hunks = append(hunks, sourceHunk{})
			cur = &hunks[len(hunks)-1]
		} else {
			from = last + 1
		}
		for i := from; i <= to; i++ {
			cur.Lines = append(cur.Lines, sourceLine{N: i, Text: lines[i-1], Messages: at[i]})
		}
		last = max(last, to)
	}
	return general, hunks
}

func (s *handler) modelsPage(c echo.Context) error {
	v := modelsPage{Upload: form{Values: map[string]string{}, Errors: map[string]string{}, c: c}}
	if c.QueryParam("done") == "deleted" {
		v.Notice = s.T(c, "models.deleted")
	}
	return s.renderModels(c, http.StatusOK, v)
}

func (s *handler) renderModels(c echo.Context, status int, v modelsPage) error {
	ctx, u := c.Request().Context(), web.User(c)
	infos, err := s.svc.Models(ctx, u)
	if err != nil {
		return err
	}
	for _, info := range infos {
		versions, err := s.svc.ModelVersions(ctx, u, info.Slug)
		if err != nil {
			return err
		}
		v.Models = append(v.Models, modelGroup{Slug: info.Slug, Title: info.Title, Own: info.Own, Versions: versions})
	}
	v.page = s.newPage(c, s.T(c, "layout.models"))
	return s.render(c, status, "models.html", v)
}

// uploadModelPage stores an uploaded or pasted model; a file with problems
// comes back with each problem under its line and the text in the form,
// ready to be fixed and sent again.
func (s *handler) uploadModelPage(c echo.Context) error {
	data, err := uploadedText(c)
	if err != nil {
		return err
	}
	v := modelsPage{Upload: form{Values: map[string]string{"source": string(data)}, Errors: map[string]string{}, c: c}}
	info, err := s.svc.AddModel(c.Request().Context(), web.User(c), data)
	var de *assessment.Error
	switch {
	case err == nil:
		return seeOther(c, "/models/%s/preview?version=%s&done=uploaded", url.PathEscape(info.Slug), url.QueryEscape(info.Version))
	case errors.As(err, &de) && de.Kind == assessment.Invalid && len(de.Problems) > 0:
		// The questionnaire's own checks word their problems in English;
		// the few about the file as a whole have the page's words.
		v.General, v.Hunks = annotate(string(data), de.Problems, func(msg string) string {
			if local, ok := localMessage(formPrinter(c), msg); ok {
				return local
			}
			return msg
		})
		v.Count = len(de.Problems)
		return s.renderModels(c, http.StatusUnprocessableEntity, v)
	case v.Upload.fail(err, nil):
		return s.renderModels(c, statusOf(assessment.KindOf(err)), v)
	}
	return err
}

// uploadedText is the chosen file, or else the pasted text.
func uploadedText(c echo.Context) ([]byte, error) {
	fh, err := c.FormFile("file")
	switch {
	case err == nil && fh.Size > 0:
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, assessment.MaxModelFile+1))
	case err != nil && !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart):
		return nil, err // a body over the limit: 413
	}
	return []byte(strings.ReplaceAll(c.FormValue("source"), "\r\n", "\n")), nil
}

func (s *handler) deleteModelPage(c echo.Context) error {
	slug, version := c.FormValue("slug"), c.FormValue("version")
	err := s.svc.DeleteModel(c.Request().Context(), web.User(c), slug, version)
	var de *assessment.Error
	if errors.As(err, &de) && (de.Kind == assessment.Conflict || de.Kind == assessment.Invalid) {
		v := modelsPage{Upload: form{Values: map[string]string{}, Errors: map[string]string{}, c: c}}
		v.Deleted = errorText(c, de)
		return s.renderModels(c, statusOf(assessment.KindOf(err)), v)
	}
	if err != nil {
		return err
	}
	return seeOther(c, "/models?done=deleted")
}

// previewPage shows a version of a model as a respondent would see it:
// every capability page they would be asked, read-only, nobody created.
type previewPage struct {
	page
	Slug, Version, ModelTitle string
	Own                       bool
	Notice                    string
	Versions                  []assessment.ModelInfo
	// The choices, as the selectors show them.
	Perspective perspectiveField
	Lang        string
	Languages   []string
	Form        string
	Scope       []scopeChoice
	Error       string // a choice the model cannot take; the preview shows the defaults
	// What a respondent would be asked.
	Questions    int
	Capabilities []previewStep
	// Start lists the organisations an assessment on this version can be
	// started for, each linking to its start form with the model chosen.
	Start []startLink
}

type scopeChoice struct {
	ID, Title string
	Checked   bool
}

type startLink struct{ Name, URL string }

// previewStep is one page a respondent would be asked: Part N of them.
type previewStep struct {
	*capabilityView
	N int
}

func (s *handler) previewModelPage(c echo.Context) error {
	ctx, u := c.Request().Context(), web.User(c)
	slug, q := c.Param("slug"), c.QueryParams()
	o := assessment.PreviewOptions{Version: q.Get("version"), Perspective: q.Get("perspective"), Lang: cmp.Or(q.Get("model_lang"), s.language(c)),
		Form: q.Get("form"), Scope: slices.DeleteFunc(slices.Clone(q["scope"]), func(id string) bool { return id == "" })}
	v := previewPage{Slug: slug, Form: o.Form}
	p, err := s.svc.PreviewModel(ctx, u, slug, o)
	var de *assessment.Error
	if errors.As(err, &de) && de.Kind == assessment.Invalid {
		// A perspective, form or scope the model cannot take: say so, and
		// show the version as a respondent without choices would see it.
		v.Error = errorText(c, de)
		p, err = s.svc.PreviewModel(ctx, u, slug, assessment.PreviewOptions{Version: o.Version, Lang: o.Lang})
	}
	if err != nil {
		return err
	}
	m := p.Model
	full, err := s.svc.Model(ctx, u, slug, m.Version)
	if err != nil {
		return err
	}
	if v.Versions, err = s.svc.ModelVersions(ctx, u, slug); err != nil {
		return err
	}
	v.Version, v.ModelTitle, v.Lang, v.Languages, v.Questions = m.Version, m.Title, p.Lang, p.Languages, p.Questions
	v.Own = slices.ContainsFunc(v.Versions, func(i assessment.ModelInfo) bool { return i.Own })
	v.Perspective = perspectiveSelect(s.printer(c), "preview-perspective", o.Perspective, "")
	if v.Form != "core" {
		v.Form = "full"
	}
	for _, cp := range full.Capabilities {
		v.Scope = append(v.Scope, scopeChoice{ID: cp.ID, Title: cp.Title, Checked: len(o.Scope) == 0 || slices.Contains(o.Scope, cp.ID)})
	}
	if v.Error != "" {
		for i := range v.Scope {
			v.Scope[i].Checked = true
		}
		v.Form = "full"
		v.Perspective = perspectiveSelect(s.printer(c), "preview-perspective", "", "")
	}
	stages := map[string]string{}
	for _, st := range m.Stages {
		stages[st.ID] = st.Title
	}
	for ci := range m.Capabilities {
		cp := &m.Capabilities[ci]
		cv := &capabilityView{ID: cp.ID, Title: cp.Title, Description: cp.Description, Stage: stages[cp.Stage]}
		for qi := range cp.Questions {
			cv.Questions = append(cv.Questions, newQuestionView(s.printer(c), &cp.Questions[qi], qi+1, fieldState{}, false))
		}
		v.Capabilities = append(v.Capabilities, previewStep{capabilityView: cv, N: ci + 1})
	}
	orgs, err := s.svc.Organisations(ctx, u)
	if err != nil {
		return err
	}
	// The start form takes the version, form and scope previewed (a
	// preview that fell back to the defaults passes none of them).
	choice := url.Values{"questionnaire": {slug}, "version": {m.Version}}
	if v.Error == "" {
		if o.Form == string(assessment.FormCore) {
			choice.Set("form", o.Form)
		}
		if narrows := slices.ContainsFunc(v.Scope, func(c scopeChoice) bool { return !c.Checked }); narrows {
			choice.Set("scope", strings.Join(o.Scope, ","))
		}
	}
	for _, org := range orgs {
		v.Start = append(v.Start, startLink{Name: org.Name, URL: "/organisations/" + url.PathEscape(org.ID) + "?" + choice.Encode() + "#start"})
	}
	if c.QueryParam("done") == "uploaded" {
		v.Notice = s.T(c, "preview.stored", "Version", m.Version, "Title", m.Title)
	}
	v.page = s.newPage(c, s.T(c, "preview.page_title", "Title", m.Title, "Version", m.Version))
	return s.render(c, http.StatusOK, "preview.html", v)
}
