package ui

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// The respondent's questionnaire at /r/{token}: one capability per page,
// plain forms with post/redirect/get, so it works on a phone without
// JavaScript. The token in the path is the only credential: no session, and
// no throttle by address (a workshop room shares one).
//
//	GET  /r/{token}            the page where the respondent stopped
//	GET  /r/{token}?c=ID       one capability's questions
//	POST /r/{token}?c=ID       save that page's answers, then go on (go=next|prev|review)
//	GET  /r/{token}?review=1   unanswered questions and the submit form
//	POST /r/{token}/submit     submit (needs confirm=yes)
//
// After submitting, or once the assessment is closed, every GET shows the
// read-only thank-you page.

// noneValue is the form value of the "None of these" box that a multi
// question without a zero-scored option of its own gets: an empty list of
// options is a real answer (it scores 0), but a form that sends no box at all
// cannot tell it from a question left alone.
const noneValue = "-none"

// respondRoutes takes the pages' CSRF check: the token in the path is what
// authorises, but every POST form carries a CSRF token all the same.
func (s *handler) respondRoutes(mw ...echo.MiddlewareFunc) {
	s.echo.GET("/r/:token", s.respondPage, mw...)
	s.echo.POST("/r/:token", s.respondSave, mw...)
	s.echo.POST("/r/:token/submit", s.respondSubmit, mw...)
}

// respondentURL is the link a respondent answers at (the API hands out the
// same link).
func (s *handler) respondentURL(token string) string { return s.baseURL + "/r/" + token }

// respondView is the respondent's page in one of its states.
type respondView struct {
	page
	Action     string // "/r/TOKEN"
	Assessment string
	Name       string
	Token      string
	// GroupOn is the capability the facilitator has the group on, if any.
	GroupOnID, GroupOnTitle string
	Timebox                 *timebox // the group's timebox, while it is on a capability
	Live                    bool     // an open workshop: the page follows the facilitator
	// Titles names each capability by ID, for the "moved on" notice of a
	// page that follows the facilitator (JSON; empty unless Live).
	Titles   string
	State    string // "capability", "review", "done" or "closed"
	Progress progressView

	// State "capability".
	Step, Steps int
	More        bool   // a page of "More questions", outside the main flow
	Param       string // the query parameter naming the page: "c", or "more"
	MoreHere    int    // questions of other perspectives on this capability
	Cap         *capabilityView
	PrevID      string
	NextID      string
	Errors      []formError

	// State "review".
	Parts        []reviewPart
	MoreParts    []reviewPart // "More questions": never counted as unanswered
	Unanswered   int
	ConfirmError string
	LastID       string

	// Texts are the page script's words in the page's language (JSON).
	Texts string

	// States "done" and "closed".
	SubmittedAt string
	Summary     []summaryPart
}

type progressView struct {
	Answered, Total int
	Elsewhere       int // answered questions on other pages, for the page script
	Percent         int
}

type capabilityView struct {
	ID, Title, Description, Stage string
	Questions                     []questionView
}

type questionView struct {
	ID, Text, Help string
	Number         int
	Type           string
	InputType      string // radio or checkbox
	Name           string // the form field of the answer
	Options        []optionView
	Unscored       []optionView // "don't know" and "not applicable", shown apart
	None           *optionView  // the synthetic "None of these" box of a multi question
	Raw            string       // scale and text: the stored or typed value
	Min, Max       string
	Comment        string
	Answered       bool
	Error          string
	ErrorField     string // "answer" or "comment"
}

type optionView struct {
	ID, InputID, Label, Kind, Hint string
	Checked                        bool
}

type formError struct {
	Question, Text, Message string
}

type reviewPart struct {
	ID, Title  string
	Answered   int
	Total      int
	Unanswered []questionRef
}

type questionRef struct{ ID, Text string }

type summaryPart struct {
	Title   string
	Answers []summaryAnswer
}

type summaryAnswer struct {
	Text, Answer, Comment string
}

// step is one page of the questionnaire: a capability with the questions
// asked of this respondent.
type step struct {
	cap       *assessment.Capability
	questions []*assessment.Question
}

// asked reports whether q is asked of r: a respondent with a perspective is
// asked that perspective's questions and the untagged ones.
func asked(r *assessment.Respondent, q *assessment.Question) bool { return q.AskedOf(r.Perspective) }

// respondSteps are the pages of the main flow: the questions asked of the
// respondent, the ones progress counts.
func respondSteps(r *assessment.Response) []step {
	return stepsWhere(r, true)
}

// moreSteps are the pages of "More questions": those of other perspectives,
// which a respondent may still answer but is not asked to. Empty for a
// respondent without a perspective.
func moreSteps(r *assessment.Response) []step {
	return stepsWhere(r, false)
}

func stepsWhere(r *assessment.Response, want bool) []step {
	m := r.Index.Model()
	var steps []step
	for ci := range m.Capabilities {
		c := &m.Capabilities[ci]
		st := step{cap: c}
		for qi := range c.Questions {
			if asked(&r.Respondent, &c.Questions[qi]) == want {
				st.questions = append(st.questions, &c.Questions[qi])
			}
		}
		if len(st.questions) > 0 {
			steps = append(steps, st)
		}
	}
	return steps
}

func stepIndex(steps []step, id string) int {
	return slices.IndexFunc(steps, func(s step) bool { return s.cap.ID == id })
}

func answersByQuestion(r *assessment.Response) map[string]*assessment.Answer {
	out := make(map[string]*assessment.Answer, len(r.Answers))
	for i := range r.Answers {
		out[r.Answers[i].QuestionID] = &r.Answers[i]
	}
	return out
}

// fieldState is what one question's inputs hold: the stored answer on a GET,
// what was typed when a POST is shown again.
type fieldState struct {
	option   string
	options  []string
	raw      string
	comment  string
	answered bool
	err      string
	errField string
}

func storedState(q *assessment.Question, a *assessment.Answer) fieldState {
	if a == nil {
		return fieldState{}
	}
	st := fieldState{option: a.Option, options: a.Options, comment: a.Comment, answered: true}
	switch q.Type {
	case assessment.Scale:
		if a.Value != nil {
			st.raw = strconv.FormatFloat(*a.Value, 'f', -1, 64)
		}
	case assessment.Text:
		st.raw = a.Text
	case assessment.Multi:
		if len(a.Options) == 0 {
			st.options = []string{noneValue}
		}
	}
	return st
}

func postedState(q *assessment.Question, form url.Values, prior *assessment.Answer) fieldState {
	name := "a-" + q.ID
	return fieldState{option: form.Get(name), options: form[name], raw: form.Get(name),
		comment: form.Get("c-" + q.ID), answered: prior != nil}
}

// syntheticNone reports whether a multi question needs our "None of these"
// box: only when none of its own options scores 0 (such an option can only
// mean "none of these").
func syntheticNone(q *assessment.Question) bool {
	if q.Type != assessment.Multi {
		return false
	}
	for _, o := range q.Options {
		if o.Score != nil && *o.Score == 0 {
			return false
		}
	}
	return true
}

// answerFromForm turns a question's posted state into the answer to store.
// present is false when the question was left alone; msg says what is wrong
// with a value the domain never gets to see (not a number, a comment on
// nothing).
func answerFromForm(p *locale.Printer, q *assessment.Question, st fieldState, prior *assessment.Answer) (a assessment.Answer, present bool, msg, field string) {
	a = assessment.Answer{QuestionID: q.ID, Comment: strings.TrimSpace(st.comment)}
	commentOnly := func(key string, pairs ...any) (assessment.Answer, bool, string, string) {
		if a.Comment != "" {
			return a, false, p.T(key, pairs...), "comment"
		}
		return a, false, "", ""
	}
	switch q.Type {
	case assessment.Single, assessment.Boolean:
		switch {
		case st.option != "":
			a.Option = st.option
		case prior != nil:
			a.Option = prior.Option
		default:
			return commentOnly("respond.err_choose_for_comment")
		}
	case assessment.Multi:
		none := slices.Contains(st.options, noneValue)
		switch {
		case none && len(st.options) > 1:
			return a, false, p.T("respond.err_none_alone"), "answer"
		case none:
			a.Options = []string{}
		case len(st.options) > 0:
			a.Options = slices.Clone(st.options)
		case prior != nil:
			return a, false, p.T("respond.err_multi_kept"), "answer"
		default:
			return commentOnly("respond.err_tick_for_comment")
		}
	case assessment.Scale:
		raw := strings.TrimSpace(st.raw)
		lo, hi := localNumber(p, q.Min), localNumber(p, q.Max)
		if raw == "" {
			if prior != nil {
				return a, false, p.T("respond.err_number_kept", "Min", lo, "Max", hi), "answer"
			}
			return commentOnly("respond.err_number_for_comment", "Min", lo, "Max", hi)
		}
		v, err := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
		if err != nil {
			return a, false, p.T("respond.err_number_format", "Min", lo, "Max", hi), "answer"
		}
		a.Value = &v
	case assessment.Text:
		a.Text = strings.TrimSpace(st.raw)
		if a.Text == "" && a.Comment == "" && prior == nil {
			return a, false, "", ""
		}
	}
	return a, true, "", ""
}

// localNumber words a bound of a scale question in p's language ("2,5").
func localNumber(p *locale.Printer, f *float64) string {
	if f == nil {
		return ""
	}
	return p.Number(*f)
}

func formatNumber(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func sameAnswer(a assessment.Answer, b *assessment.Answer) bool {
	if b == nil {
		return false
	}
	if a.Option != b.Option || a.Text != b.Text || a.Comment != b.Comment || (a.Options == nil) != (b.Options == nil) {
		return false
	}
	if (a.Value == nil) != (b.Value == nil) || (a.Value != nil && *a.Value != *b.Value) {
		return false
	}
	x, y := slices.Clone(a.Options), slices.Clone(b.Options)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// domainMessage words a domain validation error for the form. The domain
// words its rules in English; other languages say what is wrong from the
// field at fault.
func domainMessage(p *locale.Printer, q *assessment.Question, err *assessment.Error) (msg, field string) {
	if p.Lang() != locale.Default {
		switch err.Field {
		case "comment":
			return p.T("respond.err_comment", "Max", p.Number(assessment.MaxCommentLen)), "comment"
		case "value":
			return p.T("respond.err_number_range", "Min", localNumber(p, q.Min), "Max", localNumber(p, q.Max)), "answer"
		case "text":
			return p.T("respond.err_text", "Max", p.Number(assessment.MaxTextLen)), "answer"
		}
		return p.T("respond.err_answer"), "answer"
	}
	noun, field := "The answer", "answer"
	switch err.Field {
	case "value":
		noun = "The number"
	case "comment":
		noun, field = "The comment", "comment"
	}
	if strings.HasPrefix(err.Message, "must ") {
		return noun + " " + err.Message + ".", field
	}
	return capitalise(err.Message) + ".", field
}

func capitalise(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

func (s *handler) respondBase(c echo.Context, r *assessment.Response) respondView {
	p := s.printer(c)
	v := respondView{
		Texts:      scriptTexts(p),
		page:       s.newPage(c, ""),
		Action:     "/r/" + url.PathEscape(c.Param("token")),
		Assessment: r.Assessment.Title,
		Name:       r.Respondent.Name,
		Token:      c.Param("token"),
	}
	v.Live = r.Assessment.Mode == assessment.Workshop && r.Assessment.Status == assessment.Open
	if v.Live {
		titles := map[string]string{}
		for _, cp := range r.Index.Model().Capabilities {
			titles[cp.ID] = cp.Title
		}
		if b, err := json.Marshal(titles); err == nil {
			v.Titles = string(b)
		}
	}
	if f := r.Assessment.Focus; f != "" && r.Assessment.Status == assessment.Open {
		if cp, ok := r.Index.Capability(f); ok {
			v.GroupOnID, v.GroupOnTitle = cp.ID, cp.Title
			v.Timebox = newTimebox(r.Assessment)
		}
	}
	return v
}

func progressOf(steps []step, answers map[string]*assessment.Answer, page int) progressView {
	var p progressView
	for i, st := range steps {
		for _, q := range st.questions {
			p.Total++
			if answers[q.ID] != nil {
				p.Answered++
				if i != page {
					p.Elsewhere++
				}
			}
		}
	}
	if p.Total > 0 {
		p.Percent = p.Answered * 100 / p.Total
	}
	return p
}

// respondPage shows one state of the questionnaire.
func (s *handler) respondPage(c echo.Context) error {
	r, err := s.response(c, c.Param("token"))
	if err != nil {
		return err
	}
	answers := answersByQuestion(r)
	steps := respondSteps(r)
	if r.Respondent.Submitted() || r.Assessment.Status == assessment.Closed {
		return s.render(c, http.StatusOK, "respond.html", s.doneView(c, r, steps, answers))
	}
	if firstVisit(c, r) {
		return c.Redirect(http.StatusSeeOther, "/r/"+url.PathEscape(c.Param("token"))+"/welcome")
	}
	if c.QueryParam("review") != "" {
		return s.render(c, http.StatusOK, "respond.html", s.reviewView(c, r, steps, answers, ""))
	}
	if id := c.QueryParam("more"); id != "" {
		more := moreSteps(r)
		i := stepIndex(more, id)
		if i < 0 {
			return c.Redirect(http.StatusSeeOther, "/r/"+url.PathEscape(c.Param("token"))+"?review=1")
		}
		states := make(map[string]fieldState, len(more[i].questions))
		for _, q := range more[i].questions {
			states[q.ID] = storedState(q, answers[q.ID])
		}
		return s.render(c, http.StatusOK, "respond.html", s.moreView(c, r, steps, more, i, answers, states, nil))
	}
	i := stepIndex(steps, c.QueryParam("c"))
	if i < 0 {
		i = resumeStep(r, steps, answers)
		if i < 0 {
			return s.render(c, http.StatusOK, "respond.html", s.reviewView(c, r, steps, answers, ""))
		}
	}
	states := make(map[string]fieldState, len(steps[i].questions))
	for _, q := range steps[i].questions {
		states[q.ID] = storedState(q, answers[q.ID])
	}
	return s.render(c, http.StatusOK, "respond.html", s.capabilityView(c, r, steps, i, answers, states, nil))
}

// resumeStep is where a respondent coming back by their link carries on: the
// capability the facilitator is on in a workshop, else the first page with
// a question left unanswered; -1 when every question is answered.
func resumeStep(r *assessment.Response, steps []step, answers map[string]*assessment.Answer) int {
	if r.Assessment.Focus != "" {
		if i := stepIndex(steps, r.Assessment.Focus); i >= 0 {
			return i
		}
	}
	for i, st := range steps {
		for _, q := range st.questions {
			if answers[q.ID] == nil {
				return i
			}
		}
	}
	return -1
}

func (s *handler) capabilityView(c echo.Context, r *assessment.Response, steps []step, i int,
	answers map[string]*assessment.Answer, states map[string]fieldState, errs []formError) respondView {
	v := s.respondBase(c, r)
	st := steps[i]
	v.State, v.Step, v.Steps, v.Errors, v.Param = "capability", i+1, len(steps), errs, "c"
	if more := moreSteps(r); len(more) > 0 {
		if j := stepIndex(more, st.cap.ID); j >= 0 {
			v.MoreHere = len(more[j].questions)
		}
	}
	v.Title = st.cap.Title
	v.Progress = progressOf(steps, answers, i)
	if i > 0 {
		v.PrevID = steps[i-1].cap.ID
	}
	if i+1 < len(steps) {
		v.NextID = steps[i+1].cap.ID
	}
	p := s.printer(c)
	cv := &capabilityView{ID: st.cap.ID, Title: st.cap.Title, Description: st.cap.Description}
	for _, sg := range r.Index.Model().Stages {
		if sg.ID == st.cap.Stage {
			cv.Stage = sg.Title
		}
	}
	for n, q := range st.questions {
		cv.Questions = append(cv.Questions, newQuestionView(p, q, n+1, states[q.ID], answers[q.ID] != nil))
	}
	v.Cap = cv
	return v
}

func newQuestionView(p *locale.Printer, q *assessment.Question, n int, st fieldState, answered bool) questionView {
	qv := questionView{ID: q.ID, Text: q.Text, Help: q.Help, Number: n, Type: string(q.Type), Name: "a-" + q.ID,
		Raw: st.raw, Comment: st.comment, Answered: answered, Error: st.err, ErrorField: st.errField,
		Min: formatNumber(q.Min), Max: formatNumber(q.Max), InputType: "radio"}
	chosen := map[string]bool{}
	if q.Type == assessment.Multi {
		qv.InputType = "checkbox"
		for _, id := range st.options {
			chosen[id] = true
		}
	} else if st.option != "" {
		chosen[st.option] = true
	}
	for _, o := range q.Options {
		ov := optionView{ID: o.ID, InputID: "q-" + q.ID + "-" + o.ID, Label: o.Label, Checked: chosen[o.ID]}
		switch o.Unscored {
		case assessment.DontKnow:
			ov.Kind, ov.Hint = "dont-know", p.T("respond.hint_dont_know")
			qv.Unscored = append(qv.Unscored, ov)
		case assessment.NotApplicable:
			ov.Kind, ov.Hint = "not-applicable", p.T("respond.hint_not_applicable")
			qv.Unscored = append(qv.Unscored, ov)
		default:
			qv.Options = append(qv.Options, ov)
		}
	}
	if syntheticNone(q) {
		qv.None = &optionView{ID: noneValue, InputID: "q-" + q.ID + "-none", Label: p.T("respond.none_of_these"), Checked: chosen[noneValue]}
	}
	return qv
}

// respondSave stores the answers of one page, then redirects (post/redirect/get);
// an invalid value shows the page again with everything as it was typed.
func (s *handler) respondSave(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	r, err := s.response(c, token)
	if err != nil {
		return err
	}
	self := "/r/" + url.PathEscape(token)
	if r.Respondent.Submitted() || r.Assessment.Status == assessment.Closed {
		return c.Redirect(http.StatusSeeOther, self)
	}
	steps, param := respondSteps(r), "c"
	if c.QueryParam("more") != "" {
		steps, param = moreSteps(r), "more"
	}
	i := stepIndex(steps, c.QueryParam(param))
	if i < 0 {
		return c.Redirect(http.StatusSeeOther, self)
	}
	form, err := c.FormParams()
	if err != nil {
		return web.BadRequest("", "the form could not be read: %v", err)
	}
	answers := answersByQuestion(r)
	states := make(map[string]fieldState, len(steps[i].questions))
	var errs []formError
	p := s.printer(c)
	for _, q := range steps[i].questions {
		prior := answers[q.ID]
		st := postedState(q, form, prior)
		a, present, msg, field := answerFromForm(p, q, st, prior)
		if present && !sameAnswer(a, prior) {
			saved, _, err := s.svc.SaveAnswer(ctx, token, a)
			var de *assessment.Error
			switch {
			case err == nil:
				answers[q.ID] = &saved
				st.answered = true
			case assessment.KindOf(err) == assessment.Conflict:
				return c.Redirect(http.StatusSeeOther, self) // submitted or closed meanwhile
			case errors.As(err, &de) && de.Kind == assessment.Invalid:
				msg, field = domainMessage(p, q, de)
			default:
				return err
			}
		}
		if msg != "" {
			st.err, st.errField = msg, field
			errs = append(errs, formError{Question: q.ID, Text: q.Text, Message: msg})
		}
		states[q.ID] = st
	}
	if len(errs) > 0 {
		v := s.capabilityView(c, r, steps, i, answers, states, errs)
		if param == "more" {
			v = s.moreView(c, r, respondSteps(r), steps, i, answers, states, errs)
		}
		return s.render(c, http.StatusUnprocessableEntity, "respond.html", v)
	}
	switch c.FormValue("go") {
	case "prev":
		if i > 0 {
			i--
		}
	case "review":
		return c.Redirect(http.StatusSeeOther, self+"?review=1")
	case "stay":
	default:
		if i+1 == len(steps) {
			return c.Redirect(http.StatusSeeOther, self+"?review=1")
		}
		i++
	}
	return c.Redirect(http.StatusSeeOther, self+"?"+param+"="+url.QueryEscape(steps[i].cap.ID))
}

// moreView is a page of "More questions": the questions of capability
// more[i] that other perspectives are asked. Progress stays that of the main
// flow, which these answers do not count in.
func (s *handler) moreView(c echo.Context, r *assessment.Response, steps, more []step, i int,
	answers map[string]*assessment.Answer, states map[string]fieldState, errs []formError) respondView {
	v := s.capabilityView(c, r, more, i, answers, states, errs)
	v.More, v.Param, v.MoreHere = true, "more", 0
	v.Progress = progressOf(steps, answers, -1)
	return v
}

func (s *handler) reviewView(c echo.Context, r *assessment.Response, steps []step, answers map[string]*assessment.Answer, confirmErr string) respondView {
	v := s.respondBase(c, r)
	v.State, v.Title, v.ConfirmError = "review", s.T(c, "respond.review"), confirmErr
	v.Progress = progressOf(steps, answers, -1)
	for _, st := range steps {
		p := reviewPart{ID: st.cap.ID, Title: st.cap.Title, Total: len(st.questions)}
		for _, q := range st.questions {
			if answers[q.ID] == nil {
				p.Unanswered = append(p.Unanswered, questionRef{ID: q.ID, Text: q.Text})
			} else {
				p.Answered++
			}
		}
		v.Unanswered += len(p.Unanswered)
		v.Parts = append(v.Parts, p)
	}
	if len(steps) > 0 {
		v.LastID = steps[len(steps)-1].cap.ID
	}
	for _, st := range moreSteps(r) {
		p := reviewPart{ID: st.cap.ID, Title: st.cap.Title, Total: len(st.questions)}
		for _, q := range st.questions {
			if answers[q.ID] != nil {
				p.Answered++
			}
		}
		v.MoreParts = append(v.MoreParts, p)
	}
	return v
}

func (s *handler) doneView(c echo.Context, r *assessment.Response, steps []step, answers map[string]*assessment.Answer) respondView {
	v := s.respondBase(c, r)
	p := s.printer(c)
	v.State, v.Title = "done", p.T("respond.thanks")
	if r.Respondent.SubmittedAt != nil {
		v.SubmittedAt = p.DateTime(r.Respondent.SubmittedAt.UTC())
	} else {
		v.State, v.Title = "closed", p.T("respond.closed")
	}
	v.Progress = progressOf(steps, answers, -1)
	for _, st := range steps {
		part := summaryPart{Title: st.cap.Title}
		for _, q := range st.questions {
			a := answers[q.ID]
			part.Answers = append(part.Answers, summaryAnswer{Text: q.Text, Answer: describeAnswer(p, q, a), Comment: commentOf(a)})
		}
		v.Summary = append(v.Summary, part)
	}
	return v
}

func commentOf(a *assessment.Answer) string {
	if a == nil {
		return ""
	}
	return a.Comment
}

// describeAnswer words a stored answer for the read-only summary.
func describeAnswer(p *locale.Printer, q *assessment.Question, a *assessment.Answer) string {
	if a == nil {
		return p.T("respond.not_answered")
	}
	label := func(id string) string {
		if o := q.Option(id); o != nil {
			return o.Label
		}
		return id
	}
	switch q.Type {
	case assessment.Single, assessment.Boolean:
		return label(a.Option)
	case assessment.Multi:
		if len(a.Options) == 0 {
			return p.T("respond.none_of_these")
		}
		labels := make([]string, len(a.Options))
		for i, id := range a.Options {
			labels[i] = label(id)
		}
		return strings.Join(labels, "; ")
	case assessment.Scale:
		if a.Value != nil {
			return p.Number(*a.Value)
		}
	case assessment.Text:
		if a.Text == "" {
			return p.T("respond.left_empty")
		}
		return a.Text
	}
	return ""
}

// respondSubmit makes the answers final once the respondent has confirmed.
func (s *handler) respondSubmit(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	self := "/r/" + url.PathEscape(token)
	if c.FormValue("confirm") != "yes" {
		r, err := s.response(c, token)
		if err != nil {
			return err
		}
		if r.Respondent.Submitted() || r.Assessment.Status == assessment.Closed {
			return c.Redirect(http.StatusSeeOther, self)
		}
		steps := respondSteps(r)
		v := s.reviewView(c, r, steps, answersByQuestion(r), s.T(c, "respond.err_confirm"))
		return s.render(c, http.StatusUnprocessableEntity, "respond.html", v)
	}
	if _, err := s.svc.Submit(ctx, token); err != nil && assessment.KindOf(err) != assessment.Conflict {
		return err
	}
	return c.Redirect(http.StatusSeeOther, self)
}
