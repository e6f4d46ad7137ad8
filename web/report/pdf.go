package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/chart"
	"github.com/readiness/readiness/web/locale"
)

// Document is everything the PDF report prints about one assessment.
type Document struct {
	Export *assessment.Export
	// Date is the report's date, printed on the cover and recorded as the
	// PDF's creation date; the same Document always gives the same bytes.
	Date time.Time
	// Agreed holds the answers a group settled on, by question ID; nil
	// means those of Export, described with NewAgreed.
	Agreed map[string]Agreed
	// Since, if set, is what changed since the organisation's assessment
	// before this one; the report gets a section for it.
	Since *assessment.Comparison
	// Perspectives, if set, holds capability scores per perspective.
	Perspectives *assessment.PerspectiveComparison
	// Texts holds what participants wrote, by capability ID, as
	// assessment.VisibleTexts gives it: printed under each capability's
	// answer spreads. Nil leaves them out, for clients who want a report
	// without verbatims. A hidden text is never printed.
	Texts map[string][]assessment.ParticipantText
	// Lang is the language of the report's headings and fixed texts; ""
	// means the assessment's language (English when it names none). The
	// model's texts print as Export's Index has them: give it the model in
	// the same language.
	Lang string
	// Brand is the consultancy's name, logo and accent colour; the zero
	// Brand prints the workspace's name in the report's own colours.
	Brand Brand
}

// NewDocument is the document of a report assembled by Service.Report, dated date.
func NewDocument(r *assessment.Report, date time.Time) Document {
	return Document{Export: r.Export, Date: date, Since: r.Since, Perspectives: &r.Perspectives, Texts: r.Texts,
		Lang: r.Export.Assessment.Language}
}

// Agreed is an answer a group settled on after discussing a question.
type Agreed struct {
	Answer    string // as a reader understands it: option labels, a value or text
	Rationale string
}

// NewAgreed describes an agreed answer to q for the report: option labels,
// a value or the text, as a reader understands it, with its rationale.
// Callers fill Document.Agreed with it, by question ID.
func NewAgreed(q *assessment.Question, a assessment.Answer, rationale string) Agreed {
	_, label, _ := answerCells(q, a)
	return Agreed{Answer: label, Rationale: rationale}
}

// agreedOf describes the export's agreed answers for the report, by question ID.
func agreedOf(x *assessment.Export) map[string]Agreed {
	out := make(map[string]Agreed, len(x.Agreed))
	for _, a := range x.Agreed {
		if q, _, ok := x.Index.Question(a.Answer.QuestionID); ok {
			out[q.ID] = NewAgreed(q, a.Answer, a.Rationale)
		}
	}
	return out
}

// minSpread is the fewest respondents whose answers to a question may be
// shown: smaller groups stay anonymous.
const minSpread = assessment.MinGroup

// Page geometry in millimetres (A4 portrait).
const (
	pageW     = 210.0
	pageH     = 297.0
	marginX   = 20.0
	contentW  = pageW - 2*marginX
	topY      = 26.0  // first baseline area below the running header
	bottomY   = 274.0 // nothing of the body below this
	ptToMM    = 25.4 / 72
	bodySize  = 10.0
	smallSize = 8.5
)

// The palette: sober, printable, and readable in greyscale.
var (
	ink     = rgb{33, 37, 41}
	muted   = rgb{100, 108, 117}
	navy    = rgb{22, 49, 84}
	accent  = rgb{37, 99, 235}
	target  = rgb{180, 83, 9}
	good    = rgb{21, 128, 61}
	bad     = rgb{185, 28, 28}
	rule    = rgb{206, 212, 218}
	paleRed = rgb{254, 226, 226}
	paleGrn = rgb{220, 252, 231}
	paleGry = rgb{241, 243, 245}
	paleBlu = rgb{232, 240, 254}
	white   = rgb{255, 255, 255}
)

// PDF writes the client report of an assessment: a cover, contents, an
// executive summary, the charts, the roadmap, a section per capability,
// the participants by role and a method appendix.
func PDF(w io.Writer, d Document) error {
	x := d.Export
	if x == nil || x.Result == nil || x.Index == nil {
		return fmt.Errorf("pdf report: nothing to report")
	}
	date := d.Date
	if date.IsZero() {
		date = time.Now()
	}
	date = date.UTC()
	if d.Agreed == nil {
		d.Agreed = agreedOf(x)
	}
	author := x.Workspace.Name
	if d.Brand.Name != "" {
		author = d.Brand.Name
	}
	logo, err := prepareLogo(d.Brand.Logo)
	if err != nil {
		return fmt.Errorf("pdf report: %w", err)
	}
	figures := x.Figures
	if figures == nil { // an export put together by hand
		figures = assessment.NewFigures(x.Index, x.Assessment.Fit(), x.Answers)
	}
	lang := d.Lang
	if lang == "" {
		lang = x.Assessment.Language
	}
	p := locale.Embedded().For(lang)
	l := &layout{
		c: newFpdf(p.T("report.doc_title", "Organisation", x.Organisation.Name), author, date), d: d, x: x, date: date,
		figures: figures, p: p, by: author, logo: logo, brandRule: accent, headRule: rule,
	}
	if c, ok := parseAccent(d.Brand.Accent); ok {
		l.brandRule, l.headRule = c, c
	}
	l.cover()
	l.contentsPage()
	l.summary()
	l.since()
	l.perspectives()
	l.charts()
	l.roadmap()
	l.capabilities()
	l.participants()
	l.method()
	l.finish()
	return l.c.Output(w)
}

// layout flows the report onto pages, keeping the cursor y.
type layout struct {
	c       canvas
	d       Document
	x       *assessment.Export
	date    time.Time
	y       float64
	size    float64 // current font size in points
	style   string
	toc     []tocEntry
	tocPage int
	// figures are every count and spread the report prints: computed in
	// assessment under its one anonymity rule, never recounted here.
	figures *assessment.Figures
	section int
	// p words the headings and fixed texts in the report's language.
	p *locale.Printer
	// The brand: who prepared the report, their logo (nil for none) and
	// the colours of the cover's rules and the running header's rule.
	by                  string
	logo                *logoImage
	brandRule, headRule rgb
}

// T is the text of key in the report's language.
func (l *layout) T(key string, pairs ...any) string { return l.p.T(key, pairs...) }

// Tn is T for a text that depends on the count n.
func (l *layout) Tn(key string, n int, pairs ...any) string { return l.p.Tn(key, n, pairs...) }

type tocEntry struct {
	title string
	level int
	page  int
}

func (l *layout) font(style string, size float64) {
	l.style, l.size = style, size
	l.c.Font(style, size)
}

// lineH is the distance between baselines at the current size.
func (l *layout) lineH() float64 { return l.size * ptToMM * 1.42 }

func (l *layout) page() {
	l.c.AddPage()
	l.y = topY
}

// need starts a new page unless h millimetres still fit.
func (l *layout) need(h float64) {
	if l.y+h > bottomY {
		l.page()
	}
}

// heading starts a numbered section (level 0) or a subsection (level 1) and
// lists it in the contents and the PDF outline.
func (l *layout) heading(level int, title string) {
	if level == 0 {
		l.page()
		l.section++
		title = fmt.Sprintf("%d  %s", l.section, title)
		l.font("B", 18)
		l.c.TextColor(navy)
		l.y += 4
		l.c.Bookmark(title, 0, l.y-8)
		l.c.Text(marginX, l.y, title)
		l.y += 3
		l.c.Line(marginX, l.y, marginX+contentW, l.y, navy, 0.5, false)
		l.y += 9
	} else {
		l.need(22) // never a heading alone at the foot of a page
		l.y += 3
		l.font("B", 12.5)
		l.c.TextColor(navy)
		l.c.Bookmark(title, 1, l.y-6)
		for i, line := range l.wrap(title, contentW) {
			if i > 0 {
				l.y += l.lineH()
			}
			l.c.Text(marginX, l.y, line)
		}
		l.y += 6.5
	}
	l.toc = append(l.toc, tocEntry{title: title, level: level, page: l.c.PageCount()})
	l.font("", bodySize)
	l.c.TextColor(ink)
}

// questions lists, under label, the text of each question ids names; nothing
// when there are none.
func (l *layout) questions(label string, ids []string) {
	if len(ids) == 0 {
		return
	}
	l.label(label)
	for _, id := range ids {
		if q, _, ok := l.x.Index.Question(id); ok {
			l.bullet(q.Text)
		}
	}
	l.y += 1
}

// label writes a small bold run-in title such as "Finding".
func (l *layout) label(s string) {
	l.need(12)
	l.font("B", bodySize)
	l.c.TextColor(navy)
	l.c.Text(marginX, l.y, s)
	l.y += l.lineH()
	l.font("", bodySize)
	l.c.TextColor(ink)
}

// para writes text wrapped to the content width from indent, splitting it
// across pages as needed; blank lines separate paragraphs.
func (l *layout) para(text string, indent float64) {
	for i, p := range paragraphs(text) {
		if i > 0 {
			l.y += l.lineH() * 0.5
		}
		for _, line := range l.wrap(p, contentW-indent) {
			l.need(l.lineH())
			l.c.Text(marginX+indent, l.y, line)
			l.y += l.lineH()
		}
	}
}

// bullet writes one list item with a hanging indent.
func (l *layout) bullet(text string) {
	lines := l.wrap(text, contentW-6)
	for i, line := range lines {
		l.need(l.lineH())
		if i == 0 {
			l.c.Text(marginX+1.5, l.y, "•")
		}
		l.c.Text(marginX+6, l.y, line)
		l.y += l.lineH()
	}
	l.y += 0.8
}

// bulletTitled writes a list item whose title is bold, on its own line,
// with the text under it.
func (l *layout) bulletTitled(title, text string) {
	l.font("B", bodySize)
	titles := l.wrap(title, contentW-6)
	l.font("", bodySize)
	lines := l.wrap(text, contentW-6)
	l.need(l.lineH() * float64(min(len(titles)+len(lines), 4)))
	l.font("B", bodySize)
	for i, line := range titles {
		l.need(l.lineH())
		if i == 0 {
			l.c.Text(marginX+1.5, l.y, "•")
		}
		l.c.Text(marginX+6, l.y, line)
		l.y += l.lineH()
	}
	l.font("", bodySize)
	for _, line := range lines {
		l.need(l.lineH())
		l.c.Text(marginX+6, l.y, line)
		l.y += l.lineH()
	}
	l.y += 1.2
}

func paragraphs(text string) []string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.Join(strings.Fields(p), " "))
		}
	}
	return out
}

// wrap breaks s into lines no wider than width at the current font; a word
// wider than a line is broken by characters.
func (l *layout) wrap(s string, width float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if l.c.TextWidth(try) <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = ""
		for l.c.TextWidth(word) > width {
			cut := len(word)
			for cut > 1 && l.c.TextWidth(word[:cut]) > width {
				_, size := lastRune(word[:cut])
				cut -= size
			}
			lines = append(lines, word[:cut])
			word = word[cut:]
		}
		cur = word
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 1
}

// fit shortens s with "…" until it is at most width wide.
func (l *layout) fit(s string, width float64) string {
	if l.c.TextWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && l.c.TextWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

func (l *layout) rightText(x, y float64, s string) { l.c.Text(x-l.c.TextWidth(s), y, s) }

// cover is the first page: who, what, when, by whom.
func (l *layout) cover() {
	x := l.x
	m := x.Index.Model()
	l.c.AddPage()
	l.c.Rect(0, 0, pageW, 118, &navy, nil, 0)
	l.c.Rect(0, 118, pageW, 2.2, &l.brandRule, nil, 0)
	// a small stage ladder in the band: the client's level at a glance
	steps := len(x.Result.Stages)
	for i, s := range x.Result.Stages {
		h := 8 + 7*float64(i)
		bx := pageW - marginX - float64(steps-i)*9
		fill := rgb{52, 84, 126}
		if s.Reached {
			fill = rgb{147, 197, 253}
		}
		l.c.Rect(bx, 40-h, 8, h, &fill, nil, 0)
	}
	l.font("B", 10)
	l.c.TextColor(rgb{147, 197, 253})
	l.c.Text(marginX, 34, l.T("report.kicker"))
	l.font("B", 30)
	l.c.TextColor(white)
	y := 62.0
	for _, line := range l.wrap(x.Organisation.Name, contentW) {
		l.c.Text(marginX, y, line)
		y += 12
	}
	l.font("", 15)
	l.c.TextColor(rgb{219, 234, 254})
	for _, line := range l.wrap(x.Assessment.Title, contentW) {
		l.c.Text(marginX, y+2, line)
		y += 7.5
	}
	rows := [][2]string{
		{l.T("report.date"), l.p.Date(l.date)},
		{l.T("report.questionnaire"), m.Title},
		{l.T("report.version"), m.Version},
		{l.T("report.prepared_by"), l.by},
		{l.T("report.participants"), l.p.Number(len(x.Respondents))},
	}
	if x.Organisation.Industry != "" {
		rows = append(rows[:1], append([][2]string{{l.T("report.industry"), x.Organisation.Industry}}, rows[1:]...)...)
	}
	if note := CompletenessNote(l.p, x.Result.Completeness()); note != "" {
		rows = append(rows, [2]string{l.T("completeness.cover_label"), note})
	}
	y = 146
	for _, r := range rows {
		l.font("", 10)
		l.c.TextColor(muted)
		l.c.Text(marginX, y, r[0])
		l.font("B", 12)
		l.c.TextColor(ink)
		lines := l.wrap(r[1], contentW-45)
		for i, line := range lines {
			l.c.Text(marginX+45, y+float64(i)*6, line)
		}
		y += 6*float64(len(lines)) + 5
		l.c.Line(marginX, y-6.5, marginX+contentW, y-6.5, rule, 0.2, false)
	}
	l.font("", 9)
	l.c.TextColor(muted)
	if l.logo != nil {
		// The logo sits on white above the closing rule, bottom-aligned,
		// where a dark or transparent logo reads as well as a light one.
		w, h := l.logo.fit(70, 24)
		l.c.Image("logo", l.logo.png, marginX, 256-h, w, h)
	}
	l.c.Line(marginX, 262, marginX+contentW, 262, l.brandRule, 0.6, false)
	for i, line := range l.wrap(l.T("report.confidential", "Organisation", x.Organisation.Name, "Author", l.by), contentW) {
		l.c.Text(marginX, 269+float64(i)*4.6, line)
	}
}

// contentsPage reserves page 2; finish fills it once page numbers are known.
func (l *layout) contentsPage() {
	l.page()
	l.tocPage = l.c.PageCount()
}

func (l *layout) finish() {
	n := l.c.PageCount()
	l.c.SetPage(l.tocPage)
	l.font("B", 18)
	l.c.TextColor(navy)
	l.c.Bookmark(l.T("report.contents"), 0, topY)
	l.c.Text(marginX, topY+4, l.T("report.contents"))
	l.c.Line(marginX, topY+7, marginX+contentW, topY+7, navy, 0.5, false)
	y := topY + 18
	for _, e := range l.toc {
		indent, style, size := 0.0, "B", 11.0
		if e.level > 0 {
			indent, style, size = 8, "", 10
		}
		if e.level == 0 && y > topY+18 {
			y += 2.5
		}
		if y > bottomY {
			break // an unreasonably long contents list stops at the page foot
		}
		l.font(style, size)
		l.c.TextColor(ink)
		num := l.p.Number(e.page)
		title := l.fit(e.title, contentW-indent-14)
		l.c.Text(marginX+indent, y, title)
		l.rightText(marginX+contentW, y, num)
		from := marginX + indent + l.c.TextWidth(title) + 2
		to := marginX + contentW - l.c.TextWidth(num) - 2
		if to > from {
			l.c.Line(from, y, to, y, rule, 0.25, true)
		}
		l.c.Link(marginX, y-4, contentW, 5.5, e.page)
		y += size * ptToMM * 1.75
	}
	// running header and footer on every page but the cover
	org := l.x.Organisation.Name
	for p := 2; p <= n; p++ {
		l.c.SetPage(p)
		l.font("", 8)
		l.c.TextColor(muted)
		left := marginX
		if l.logo != nil {
			w, h := l.logo.fit(24, 6)
			l.c.Image("logo", l.logo.png, marginX, 13-h, w, h)
			left += w + 3
		}
		l.c.Text(left, 12, l.fit(l.T("report.running_head", "Organisation", org), contentW*0.6-(left-marginX)))
		l.rightText(marginX+contentW, 12, l.fit(l.x.Assessment.Title, contentW*0.38))
		l.c.Line(marginX, 14.5, marginX+contentW, 14.5, l.headRule, 0.25, false)
		l.c.Line(marginX, 282, marginX+contentW, 282, rule, 0.25, false)
		l.c.Text(marginX, 287, l.fit(l.T("report.running_foot", "Author", l.by, "Date", l.p.Date(l.date)), contentW*0.75))
		l.rightText(marginX+contentW, 287, l.T("report.page_of", "Page", l.p.Number(p), "Pages", l.p.Number(n)))
	}
}

// capabilityTitles maps capability IDs to titles.
func (l *layout) title(id string) string {
	if c, ok := l.x.Index.Capability(id); ok {
		return c.Title
	}
	return id
}

// stageTitle names a stage by its ID.
func (l *layout) stageTitle(id string) string {
	for _, s := range l.x.Index.Model().Stages {
		if s.ID == id {
			return s.Title
		}
	}
	return id
}

// score formats a 0..100 score as text.
func score(s *float64) string { return chart.Score(s) }

// scoreText is score in the report's language ("nicht bewertet").
func (l *layout) scoreText(s *float64) string {
	if s == nil {
		return l.T("report.not_assessed")
	}
	return score(s)
}

func (l *layout) summary() {
	x, r := l.x, l.x.Result
	l.heading(0, l.T("report.summary"))
	if s := strings.TrimSpace(x.Notes.Summary); s != "" {
		l.label(l.T("report.consultant_summary"))
		l.para(s, 0)
		l.y += 4
	}
	l.keyFigures()

	l.label(l.T("report.where"))
	n := 0 // stages the assessment looks at: those with a capability in scope
	var reached, next *assessment.StageResult
	for i := range r.Stages {
		switch {
		case r.Stages[i].Status == assessment.StageOutOfScope:
			continue
		case r.Stages[i].Reached:
			reached = &r.Stages[i]
		case next == nil:
			next = &r.Stages[i]
		}
		n++
	}
	var b strings.Builder
	if reached != nil {
		b.WriteString(l.T("report.reached", "Organisation", x.Organisation.Name, "Level", r.Overall.Level, "Stages", n, "Stage", reached.Title))
	} else {
		b.WriteString(l.T("report.not_reached", "Organisation", x.Organisation.Name, "Stages", n))
	}
	b.WriteString(" ")
	b.WriteString(l.Tn("report.overall", len(x.Respondents), "Score", l.scoreText(r.Overall.Score),
		"Answered", l.p.Number(r.Overall.Answered), "Total", l.p.Number(r.Overall.Total)))
	if out := l.outOfScope(); len(out) > 0 {
		b.WriteString(" " + l.T("report.out_of_scope", "List", strings.Join(out, ", ")))
	}
	if c := r.Completeness(); r.Preliminary {
		// The reader must not take a half-answered workshop for its result.
		b.WriteString(" " + l.T("report.preliminary_note", "Answered", l.p.Number(c.Answered), "Total", l.p.Number(c.Total),
			"Unassessed", l.p.Number(c.Unassessed), "Capabilities", l.p.Number(c.Capabilities)))
	}
	l.para(b.String(), 0)
	l.y += 2
	if next != nil {
		var why []string
		for _, id := range next.BlockedBy {
			why = append(why, l.capabilityState(id))
		}
		if len(why) > 0 {
			l.para(l.Tn("report.next_blocked", len(why), "Stage", next.Title), 0)
			for _, w := range why {
				l.bullet(w)
			}
		} else {
			l.para(l.T("report.next_stage", "Stage", next.Title), 0)
		}
	} else if n > 0 {
		l.para(l.T("report.all_reached"), 0)
	}
	l.y += 3

	l.label(l.T("report.do_now"))
	now := 0
	for _, it := range r.Roadmap {
		if it.Phase == assessment.Now {
			l.bulletTitled(it.Title, RoadmapReason(l.p, l.x.Index, it))
			now++
		}
	}
	if now == 0 {
		l.para(l.T("report.do_now_none"), 0)
	}
	l.y += 3

	l.label(l.T("report.biggest_gaps"))
	gaps := l.knowledgeGaps(5)
	switch {
	case len(l.figures.Gaps) == 0:
		l.para(l.T("report.no_dont_know"), 0)
	case len(gaps) == 0:
		l.para(l.T("report.gaps_withheld", "Min", minSpread), 0)
	}
	for _, g := range gaps {
		l.bullet(g)
	}
}

// capabilityState says in words why a capability holds a stage back.
func (l *layout) capabilityState(id string) string {
	for _, c := range l.x.Result.Capabilities {
		if c.ID != id {
			continue
		}
		if c.Status == assessment.OutOfScope {
			return l.T("pdf.state_out_of_scope", "Title", c.Title)
		}
		if c.Score == nil {
			return l.T("pdf.state_unassessed", "Title", c.Title)
		}
		return l.T("pdf.state_scores", "Title", c.Title, "Score", score(c.Score), "Target", c.Target)
	}
	return l.title(id)
}

// knowledgeGaps lists the questions with the most "don't know" answers
// that the anonymity rule lets a client see.
func (l *layout) knowledgeGaps(max int) []string {
	var out []string
	for _, g := range l.figures.ShownGaps() {
		if len(out) == max {
			break
		}
		q, c, ok := l.x.Index.Question(g.Question)
		if !ok {
			continue
		}
		out = append(out, l.Tn("pdf.gap", g.DontKnow, "Question", q.Text, "Capability", c.Title, "Respondents", l.p.Number(g.Respondents)))
	}
	return out
}

// outOfScope are the titles of the capabilities the assessment leaves out.
func (l *layout) outOfScope() []string {
	var out []string
	for _, c := range l.x.Result.Capabilities {
		if c.Status == assessment.OutOfScope {
			out = append(out, c.Title)
		}
	}
	return out
}

// keyFigures draws four boxes with the headline numbers.
func (l *layout) keyFigures() {
	r := l.x.Result
	now := 0
	for _, it := range r.Roadmap {
		if it.Phase == assessment.Now {
			now++
		}
	}
	figs := [][2]string{
		{l.T("pdf.of", "N", r.Overall.Level, "Total", len(r.Stages)), l.T("pdf.fig_stages")},
		{score(r.Overall.Score), l.T("pdf.fig_score")},
		{l.p.Number(len(l.x.Respondents)), l.T("pdf.fig_participants")},
		{l.p.Number(now), l.T("pdf.fig_now")},
	}
	l.need(26)
	w := (contentW - 3*4) / 4
	for i, f := range figs {
		bx := marginX + float64(i)*(w+4)
		l.c.Rect(bx, l.y, w, 21, &paleBlu, nil, 0)
		l.c.Rect(bx, l.y, 1.2, 21, &accent, nil, 0)
		l.font("B", 17)
		l.c.TextColor(navy)
		l.c.Text(bx+5, l.y+10, l.fit(f[0], w-7))
		l.font("", 8.5)
		l.c.TextColor(muted)
		l.c.Text(bx+5, l.y+16.5, l.fit(f[1], w-7))
	}
	l.y += 29
	l.font("", bodySize)
	l.c.TextColor(ink)
}

// charts draws the radar (or bars when there are many capabilities) and the ladder.
func (l *layout) charts() {
	r := l.x.Result
	l.heading(0, l.T("report.caps_and_stages"))
	intro := l.T("pdf.charts_intro") + " "
	if len(r.Capabilities) > 20 { // a radar of more spokes than this is hard to read: bars
		l.para(intro+l.T("pdf.charts_bars"), 0)
		l.y += 2
		b := chart.NewBars(r, l.p)
		l.drawBars(b, marginX, l.y, contentW/b.Width)
		l.y += b.Height*contentW/b.Width + 2
		l.caption(b.Summary)
	} else {
		l.para(intro+l.T("pdf.charts_radar"), 0)
		l.y += 2
		rd := chart.NewRadar(r, l.p)
		scale := contentW / rd.Width
		l.need(rd.Height * scale)
		l.drawRadar(rd, marginX, l.y, scale)
		l.y += rd.Height*scale + 5
		l.legend()
		l.caption(rd.Summary)
	}
	l.y += 4
	lad := chart.NewLadder(r, l.p)
	scale := contentW / lad.Width
	l.need(lad.Height*scale + 22)
	l.heading(1, l.T("report.ladder"))
	l.drawLadder(lad, marginX, l.y, scale)
	l.y += lad.Height*scale + 5
	l.caption(lad.Summary)
}

func (l *layout) legend() {
	l.font("", smallSize)
	l.c.TextColor(muted)
	x := marginX + contentW/2 - 50
	l.c.Rect(x, l.y-2.6, 6, 3, &paleBlu, &accent, 0.4)
	l.c.Text(x+8, l.y, "score")
	l.c.Line(x+30, l.y-1.1, x+38, l.y-1.1, target, 0.5, true)
	l.c.Text(x+40, l.y, "target")
	l.c.Text(x+62, l.y, "rings at 25, 50, 75 and 100")
	l.y += 5
	l.font("", bodySize)
	l.c.TextColor(ink)
}

func (l *layout) caption(s string) {
	l.font("I", 9)
	l.c.TextColor(muted)
	l.para(s, 0)
	l.font("", bodySize)
	l.c.TextColor(ink)
}

// text draws a chart label, scaled: chart units are mapped to millimetres.
func (l *layout) text(t chart.Text, ox, oy, scale float64, style string, colour rgb) {
	size := t.Size * scale / ptToMM
	l.c.Font(style, size)
	l.c.TextColor(colour)
	for i, line := range t.Lines {
		x := ox + t.X*scale
		switch t.Anchor {
		case chart.Middle:
			x -= l.c.TextWidth(line) / 2
		case chart.End:
			x -= l.c.TextWidth(line)
		}
		l.c.Text(x, oy+(t.Y+float64(i)*t.LineHeight)*scale, line)
	}
	l.c.Font(l.style, l.size)
}

func pts(ps chart.Points, ox, oy, scale float64) []pt {
	out := make([]pt, len(ps))
	for i, p := range ps {
		out[i] = pt{ox + p.X*scale, oy + p.Y*scale}
	}
	return out
}

func (l *layout) drawRadar(rd chart.Radar, ox, oy, s float64) {
	for _, ring := range rd.Rings {
		l.c.Polygon(pts(ring.Points, ox, oy, s), nil, &rule, 0.2, 0, false)
	}
	for _, ax := range rd.Axes {
		l.c.Line(ox+rd.Center.X*s, oy+rd.Center.Y*s, ox+ax.End.X*s, oy+ax.End.Y*s, rule, 0.2, false)
	}
	for _, ring := range rd.Rings {
		l.text(ring.Label, ox, oy, s, "", muted)
	}
	l.c.Polygon(pts(rd.Score, ox, oy, s), &accent, &accent, 0.5, 0.22, false)
	l.c.Polygon(pts(rd.Target, ox, oy, s), nil, &target, 0.45, 0, true)
	for _, ax := range rd.Axes {
		p := pt{ox + ax.ScorePoint.X*s, oy + ax.ScorePoint.Y*s}
		if ax.Assessed {
			c := bad
			if ax.Meets {
				c = good
			}
			l.c.Rect(p.X-0.9, p.Y-0.9, 1.8, 1.8, &c, nil, 0)
		}
		colour, value := ink, bad
		switch {
		case !ax.Applies:
			colour, value = muted, muted
		case !ax.Assessed:
			value = muted
		case ax.Meets:
			value = good
		}
		l.text(ax.Label, ox, oy, s, "", colour)
		l.text(ax.Value, ox, oy, s, "B", value)
	}
}

func (l *layout) drawBars(b chart.Bars, ox, oy, s float64) {
	for _, tk := range b.Ticks {
		l.c.Line(ox+tk.Pos*s, oy+b.Plot.Y*s, ox+tk.Pos*s, oy+(b.Plot.Y+b.Plot.H)*s, rule, 0.2, false)
		l.text(chart.Text{X: tk.Pos, Y: b.Plot.Y - 6, Anchor: chart.Middle, Size: 10, Lines: []string{tk.Label}}, ox, oy, s, "", muted)
	}
	for _, row := range b.Rows {
		fill := accent
		if row.Meets {
			fill = good
		}
		l.text(row.Label, ox, oy, s, "", ink)
		if row.Bar.W > 0 {
			l.c.Rect(ox+row.Bar.X*s, oy+row.Bar.Y*s, row.Bar.W*s, row.Bar.H*s, &fill, nil, 0)
		}
		l.c.Rect(ox+row.Mark.X*s, oy+row.Mark.Y*s, row.Mark.W*s, row.Mark.H*s, &target, nil, 0)
		l.text(row.Value, ox, oy, s, "B", ink)
	}
}

func (l *layout) drawLadder(lad chart.Ladder, ox, oy, s float64) {
	for _, st := range lad.Steps {
		fill, edge := paleGry, rule
		switch st.State {
		case chart.Reached:
			fill, edge = paleGrn, good
		case chart.Blocked:
			fill, edge = paleRed, bad
		}
		l.c.Rect(ox+st.Box.X*s, oy+st.Box.Y*s, st.Box.W*s, st.Box.H*s, &fill, nil, 0)
		l.c.Rect(ox+st.Box.X*s, oy+st.Box.Y*s, st.Box.W*s, 0.9, &edge, nil, 0)
		l.text(st.Name, ox, oy, s, "B", navy)
		l.text(st.Status, ox, oy, s, "", ink)
	}
}

// roadmap lists the items now, next and later.
func (l *layout) roadmap() {
	r := l.x.Result
	l.heading(0, l.T("report.roadmap"))
	if len(r.Roadmap) == 0 {
		if c := r.Completeness(); c.Unassessed > 0 {
			l.para(l.Tn("report.roadmap_waiting", c.Unassessed), 0)
		} else {
			l.para(l.T("report.roadmap_empty"), 0)
		}
		return
	}
	l.para(l.T("report.roadmap_intro"), 0)
	l.y += 2
	for _, ph := range []struct {
		phase assessment.Phase
		title string
	}{{assessment.Now, l.T("results.now")}, {assessment.Next, l.T("results.next")}, {assessment.Later, l.T("results.later")}} {
		var items []assessment.RoadmapItem
		for _, it := range r.Roadmap {
			if it.Phase == ph.phase {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			continue
		}
		l.heading(1, l.Tn("report.phase", len(items), "Phase", ph.title))
		for _, it := range items {
			l.roadmapItem(it)
		}
	}
}

func (l *layout) roadmapItem(it assessment.RoadmapItem) {
	l.font("", bodySize)
	reason := l.wrap(RoadmapReason(l.p, l.x.Index, it), contentW-12)
	var req []string
	for _, id := range it.Requires {
		req = append(req, l.title(id))
	}
	h := 6 + float64(len(reason))*l.lineH() + 4
	if len(req) > 0 {
		h += l.lineH()
	}
	l.need(math.Min(h, 40))
	top := l.y
	l.c.Rect(marginX, top-4.5, 8, 8, &navy, nil, 0)
	l.font("B", 10)
	l.c.TextColor(white)
	num := fmt.Sprint(it.Position)
	l.c.Text(marginX+4-l.c.TextWidth(num)/2, top+0.9, num)
	l.font("B", 11)
	l.c.TextColor(ink)
	stage := l.stageTitle(it.Stage)
	l.c.Text(marginX+12, l.y, l.fit(it.Title, contentW-70))
	l.font("", smallSize)
	l.c.TextColor(muted)
	l.rightText(marginX+contentW, l.y, l.T("pdf.item_figures", "Stage", stage, "Score", int(math.Round(it.Score)), "Target", it.Target))
	l.y += l.lineH() + 1
	l.font("", bodySize)
	l.c.TextColor(ink)
	if len(req) > 0 {
		l.font("I", bodySize)
		l.c.TextColor(muted)
		l.c.Text(marginX+12, l.y, l.fit(l.T("pdf.needs_first", "Titles", strings.Join(req, ", ")), contentW-12))
		l.y += l.lineH()
		l.font("", bodySize)
		l.c.TextColor(ink)
	}
	for _, line := range reason {
		l.need(l.lineH())
		l.c.Text(marginX+12, l.y, line)
		l.y += l.lineH()
	}
	l.y += 3.5
}

// capabilities writes one subsection per capability, in questionnaire order.
func (l *layout) capabilities() {
	l.heading(0, l.T("report.capabilities"))
	l.para(l.T("report.capabilities_intro", "Min", minSpread), 0)
	m := l.x.Index.Model()
	for i := range l.x.Result.Capabilities {
		cr := &l.x.Result.Capabilities[i]
		c, ok := l.x.Index.Capability(cr.ID)
		if !ok {
			continue
		}
		l.capability(m, c, cr)
	}
}

func (l *layout) capability(m *assessment.Model, c *assessment.Capability, cr *assessment.CapabilityResult) {
	l.heading(1, c.Title)
	stage := l.stageTitle(c.Stage)
	status := map[assessment.CapabilityStatus]string{
		assessment.Ready: l.T("pdf.status_ready"), assessment.BelowTarget: l.T("pdf.status_below"),
		assessment.Unassessed: l.T("pdf.status_unassessed"), assessment.Inapplicable: l.T("pdf.status_inapplicable"),
		assessment.OutOfScope: l.T("pdf.status_out_of_scope"),
	}[cr.Status]
	if cr.Status == assessment.OutOfScope {
		l.font("", smallSize)
		l.c.TextColor(muted)
		l.para(l.T("pdf.out_of_scope", "Stage", stage), 0)
		l.font("", bodySize)
		l.c.TextColor(ink)
		l.y += 3
		return
	}
	gap := "–"
	if cr.Score != nil {
		gap = fmt.Sprint(int(math.Round(cr.Gap())))
	}
	// a score bar with its target mark, then the figures
	l.need(16)
	barW := 60.0
	l.c.Rect(marginX, l.y-3, barW, 3.6, &paleGry, nil, 0)
	if cr.Score != nil {
		fill := accent
		if cr.Status == assessment.Ready {
			fill = good
		}
		l.c.Rect(marginX, l.y-3, barW*math.Min(*cr.Score, 100)/100, 3.6, &fill, nil, 0)
	}
	tx := marginX + barW*float64(cr.Target)/100
	l.c.Rect(tx-0.4, l.y-4.2, 0.8, 6, &target, nil, 0)
	l.font("B", bodySize)
	l.c.Text(marginX+barW+5, l.y, l.T("pdf.cap_figures", "Score", score(cr.Score), "Target", cr.Target, "Gap", gap))
	l.y += l.lineH()
	l.font("", smallSize)
	l.c.TextColor(muted)
	facts := l.T("pdf.facts", "Stage", stage, "Status", status, "Answered", l.p.Number(cr.Answered), "Total", l.p.Number(cr.Total))
	if dk := l.figures.ShownDontKnow(c.ID); dk > 0 {
		facts += " · " + l.Tn("pdf.facts_dont_know", dk)
	}
	if cr.Agreed > 0 {
		facts += " · " + l.Tn("pdf.facts_agreed", cr.Agreed)
	}
	l.c.Text(marginX, l.y+0.5, l.fit(facts, contentW))
	l.y += l.lineH() + 2
	l.font("", bodySize)
	l.c.TextColor(ink)

	if f := strings.TrimSpace(l.x.Notes.Finding(c.ID)); f != "" {
		l.label(l.T("report.finding"))
		l.para(f, 0)
		l.y += 2
	}
	if rec := recommendation(c, cr); rec != "" {
		l.label(l.T("report.recommendation"))
		l.para(rec, 0)
		l.y += 2
	}
	l.questions(l.T("pdf.must_haves"), cr.CriticalGaps)
	l.questions(l.T("pdf.disagree"), l.figures.ShownDivergence(cr))
	var agreed []string
	for qi := range c.Questions {
		q := &c.Questions[qi]
		if a, ok := l.d.Agreed[q.ID]; ok {
			s := l.T("pdf.agreed_answer", "Question", q.Text, "Answer", a.Answer)
			if r := strings.TrimSpace(a.Rationale); r != "" {
				s += " " + l.T("pdf.rationale", "Rationale", r)
			}
			agreed = append(agreed, s)
		}
	}
	if len(agreed) > 0 {
		l.label(l.T("report.agreed"))
		for _, s := range agreed {
			l.bullet(s)
		}
		l.y += 1
	}
	shown := false
	for qi := range c.Questions {
		q := &c.Questions[qi]
		sp, ok := l.figures.Spread(q.ID)
		if !ok {
			continue
		}
		if !shown {
			l.label(l.T("report.how_answered"))
			shown = true
		}
		l.drawSpread(chart.NewSpread(q, sp.Respondents, sp.Counts, l.p))
	}
	l.participantTexts(c)
	l.y += 3
}

// participantTexts prints what participants wrote on the capability's
// questions, in the order given: under each question's text its answers,
// then the comments on it, each quoted and never with a name.
func (l *layout) participantTexts(c *assessment.Capability) {
	var group string
	for _, t := range l.d.Texts[c.ID] {
		text := strings.Join(strings.Fields(t.Text), " ")
		if t.Hidden || text == "" {
			continue
		}
		if group == "" {
			l.label(l.T("report.what_wrote"))
		}
		if g := t.Question + "/" + string(t.Kind); g != group {
			group = g
			title := t.Question
			if q, _, ok := l.x.Index.Question(t.Question); ok {
				title = q.Text
			}
			if t.Kind == assessment.TextComment {
				title = l.T("pdf.comments_on", "Question", title)
			}
			l.font("I", smallSize+0.5)
			l.c.TextColor(muted)
			lines := l.wrap(title, contentW)
			l.need(l.lineH() * float64(len(lines)+1))
			for _, line := range lines {
				l.c.Text(marginX, l.y, line)
				l.y += l.lineH()
			}
			l.y += 0.5
			l.font("", bodySize)
			l.c.TextColor(ink)
		}
		l.bullet("\u201c" + text + "\u201d")
	}
}

// recommendation picks the questionnaire's advice for the capability's score.
func recommendation(c *assessment.Capability, cr *assessment.CapabilityResult) string {
	switch {
	case cr.Status == assessment.Ready:
		return "Meets its target: keep the practice up and measure it again at the next assessment."
	case cr.Score == nil:
		return ""
	case *cr.Score < float64(c.Target)/2:
		return strings.TrimSpace(c.RecommendLow)
	default:
		return strings.TrimSpace(c.RecommendMiddle)
	}
}

// drawSpread draws one question's answers: its text, then a bar per option.
func (l *layout) drawSpread(sp chart.Spread) {
	scale := contentW / sp.Width
	l.font("", 9)
	text := l.wrap(sp.Title, contentW)
	l.need(float64(len(text))*4.2 + sp.Height*scale + 3)
	l.c.TextColor(ink)
	for _, line := range text {
		l.c.Text(marginX, l.y, line)
		l.y += 4.2
	}
	oy := l.y - 2.5
	for _, row := range sp.Rows {
		fill := accent
		if row.Unscored != "" {
			fill = muted
		}
		x, y, h := marginX+row.Bar.X*scale, oy+row.Bar.Y*scale, row.Bar.H*scale
		l.c.Rect(x, y, sp.PlotW*scale, h, &paleGry, nil, 0)
		if row.Bar.W > 0 {
			l.c.Rect(x, y, row.Bar.W*scale, h, &fill, nil, 0)
		}
		l.text(row.Label, marginX, oy, scale, "", ink)
		l.text(row.Value, marginX, oy, scale, "", muted)
	}
	l.y = oy + sp.Height*scale + 5
	l.font("", bodySize)
}

// participants counts respondents by role: never a name.
func (l *layout) participants() {
	l.heading(0, l.T("report.participants"))
	type row struct {
		role             string
		count, submitted int
	}
	byRole := map[string]*row{}
	var order []string
	for _, r := range l.x.Respondents {
		role := strings.TrimSpace(r.Role)
		key := strings.ToLower(role)
		if role == "" {
			key, role = "", l.T("pdf.no_role")
		}
		if byRole[key] == nil {
			byRole[key] = &row{role: role}
			order = append(order, key)
		}
		byRole[key].count++
		if r.Submitted() {
			byRole[key].submitted++
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		if (order[a] == "") != (order[b] == "") {
			return order[b] == "" // "No role given" comes last
		}
		if byRole[order[a]].count != byRole[order[b]].count {
			return byRole[order[a]].count > byRole[order[b]].count
		}
		return order[a] < order[b]
	})
	l.para(l.Tn("report.took_part", len(l.x.Respondents)), 0)
	l.y += 3
	l.font("B", 9)
	l.c.TextColor(muted)
	l.c.Text(marginX, l.y, l.T("pdf.role"))
	l.rightText(marginX+contentW-30, l.y, l.T("pdf.participants"))
	l.rightText(marginX+contentW, l.y, l.T("pdf.submitted"))
	l.y += 2
	l.c.Line(marginX, l.y, marginX+contentW, l.y, rule, 0.3, false)
	l.y += 5
	l.font("", bodySize)
	l.c.TextColor(ink)
	for _, k := range order {
		r := byRole[k]
		l.need(6)
		l.c.Text(marginX, l.y, l.fit(r.role, contentW-70))
		l.rightText(marginX+contentW-30, l.y, l.p.Number(r.count))
		l.rightText(marginX+contentW, l.y, l.p.Number(r.submitted))
		l.y += 2
		l.c.Line(marginX, l.y, marginX+contentW, l.y, rule, 0.15, false)
		l.y += 4.5
	}
}

// method is the appendix: how the numbers are made.
func (l *layout) method() {
	m := l.x.Index.Model()
	l.heading(0, l.T("report.method"))
	l.para(l.T("pdf.method_intro", "Title", m.Title, "Version", m.Version, "Capabilities", len(m.Capabilities), "Stages", len(m.Stages)), 0)
	l.y += 2
	basis := l.T("pdf.basis_individual")
	if l.x.Result.Basis == assessment.BasisAgreed {
		basis = l.T("pdf.basis_agreed")
	}
	l.para(basis, 0)
	l.y += 2
	for _, s := range []string{
		l.T("pdf.method_scores"),
		l.T("pdf.method_capability"),
		l.T("pdf.method_gating"),
		l.T("pdf.method_divergence"),
		l.T("pdf.method_roadmap"),
		l.T("pdf.method_anonymity", "Min", minSpread),
	} {
		l.para(s, 0)
		l.y += 2
	}
}
