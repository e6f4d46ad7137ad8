package store_test

import (
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
)

// written is what three participants wrote in storetest.Model(): the text
// question's answers and comments on questions of two capabilities.
var written = []struct {
	person   int
	question string
	option   string // for the scored questions
	text     string
	comment  string
}{
	{0, "vcs-use", "some", "", "Only the apps, not the infra"},
	{1, "vcs-use", "all", "", "All of it, honestly"},
	{2, "vcs-use", "none", "", ""},
	{0, "images-notes", "", "The budget is not agreed", "ask Ops"},
	{1, "images-notes", "", "Ops is never asked", ""},
	{2, "images-notes", "", "Ops is never asked", "=cmd|' /C calc'!A0"},
	{2, "vcs-review", "yes", "", "Äpfel und Birnen: Zürich"},
}

// people are the respondents' names and roles; none may show in a text.
var people = []struct{ name, role string }{
	{"Ada Lovelace", "chief-architect"},
	{"Grace Hopper", "release-manager"},
	{"Linus Torvalds", "kernel-maintainer"},
}

// wantOrder is written in the order every surface lists it: the model's
// question order, answers before comments, then by text.
var wantOrder = []string{
	"vcs-use comment All of it, honestly",
	"vcs-use comment Only the apps, not the infra",
	"vcs-review comment Äpfel und Birnen: Zürich",
	"images-notes answer Ops is never asked",
	"images-notes answer Ops is never asked",
	"images-notes answer The budget is not agreed",
	"images-notes comment =cmd|' /C calc'!A0",
	"images-notes comment ask Ops",
}

// seedTexts adds the three people to a new assessment of u's workspace and
// saves what they wrote, respondents and questions in the order given.
func seedTexts(t *testing.T, s *store.Store, u assessment.User, order []int) (assessment.Assessment, []assessment.Respondent) {
	t.Helper()
	ctx := context.Background()
	a := storetest.Assessment(t, s, u.WorkspaceID, nil)
	rs := make([]assessment.Respondent, len(people))
	for _, i := range order[:len(people)] {
		r, err := s.AddRespondent(ctx, assessment.Respondent{AssessmentID: a.ID, Name: people[i].name, Role: people[i].role,
			Perspective: assessment.PerspectiveOperations}, []byte(a.ID+people[i].name))
		if err != nil {
			t.Fatal(err)
		}
		rs[i] = r
	}
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	idx := make([]int, len(written))
	for i := range idx {
		idx[i] = i
	}
	if order[0] != 0 { // the other order: last answer first
		slices.Reverse(idx)
	}
	for n, i := range idx {
		w := written[i]
		a := assessment.Answer{RespondentID: rs[w.person].ID, QuestionID: w.question, Option: w.option, Text: w.text,
			Comment: w.comment, UpdatedAt: at.Add(time.Duration(n) * time.Minute)}
		if _, err := s.SaveAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return a, rs
}

func describe(texts []assessment.ParticipantText) []string {
	out := make([]string, len(texts))
	for i, x := range texts {
		out[i] = x.Question + " " + string(x.Kind) + " " + x.Text
	}
	return out
}

var textID = regexp.MustCompile(`^[a-z2-7]{16}$`)

func TestTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := assessment.NewService(assessment.Config{Store: s})
		u, other := storetest.Workspace(t, s), storetest.Workspace(t, s)
		a, rs := seedTexts(t, s, u, []int{0, 1, 2})

		texts, err := svc.Texts(ctx, u, a.ID)
		wantKind(t, err, "")
		t.Run("every text, in the model's order, never in the respondents'", func(t *testing.T) {
			if got := describe(texts); !slices.Equal(got, wantOrder) {
				t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantOrder, "\n"))
			}
			b, _ := seedTexts(t, s, u, []int{2, 1, 0})
			again, err := svc.Texts(ctx, u, b.ID)
			wantKind(t, err, "")
			if got := describe(again); !slices.Equal(got, wantOrder) {
				t.Errorf("saved in the other order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantOrder, "\n"))
			}
			for _, x := range texts {
				want := map[string]string{"vcs-use": "vcs", "vcs-review": "vcs", "images-notes": "images"}[x.Question]
				if x.Capability != want {
					t.Errorf("%s: capability %q, want %q", x.Question, x.Capability, want)
				}
			}
		})
		t.Run("never a name, role, perspective or respondent id", func(t *testing.T) {
			b, err := json.Marshal(texts)
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range people {
				for _, secret := range []string{p.name, p.role, rs[i].ID, assessment.PerspectiveOperations} {
					if strings.Contains(string(b), secret) {
						t.Errorf("texts name %q: %s", secret, b)
					}
				}
			}
		})
		t.Run("random ids, stable from one read to the next", func(t *testing.T) {
			seen := map[string]bool{}
			for _, x := range texts {
				if !textID.MatchString(x.ID) || seen[x.ID] {
					t.Errorf("id %q: want a new random id per text", x.ID)
				}
				seen[x.ID] = true
			}
			again, _ := svc.Texts(ctx, u, a.ID)
			for i := range again {
				if again[i].ID != texts[i].ID {
					t.Errorf("%s: id %q, was %q", describe(again)[i], again[i].ID, texts[i].ID)
				}
			}
		})

		budget := texts[5] // "The budget is not agreed", by people[0]
		t.Run("hide: gone from the visible texts, still in the answers", func(t *testing.T) {
			got, err := svc.SetTextHidden(ctx, u, a.ID, budget.ID, true)
			wantKind(t, err, "")
			if got.ID != budget.ID || !got.Hidden || got.Text != budget.Text || got.Capability != "images" || got.Kind != assessment.TextAnswer {
				t.Errorf("SetTextHidden = %+v, want %+v hidden", got, budget)
			}
			visible, err := svc.VisibleTexts(ctx, u, a.ID)
			wantKind(t, err, "")
			if got := describe(visible["images"]); slices.Contains(got, "images-notes answer The budget is not agreed") || len(got) != 4 {
				t.Errorf("visible texts of images: %q", got)
			}
			if len(visible["vcs"]) != 3 || len(visible["builds"]) != 0 {
				t.Errorf("visible texts: %v", visible)
			}
			all, _ := svc.Texts(ctx, u, a.ID)
			if !all[5].Hidden || all[5].ID != budget.ID {
				t.Errorf("Texts after hiding: %+v", all[5])
			}
			answers, err := s.AssessmentAnswers(ctx, u.WorkspaceID, a.ID)
			wantKind(t, err, "")
			if !slices.ContainsFunc(answers, func(x assessment.Answer) bool { return x.Text == budget.Text }) {
				t.Error("a hidden text left the answers the exports read")
			}
		})
		t.Run("a hidden text stays hidden when its author edits it", func(t *testing.T) {
			_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: rs[0].ID, QuestionID: "images-notes",
				Text: "The budget is agreed by nobody", Comment: "ask Ops", UpdatedAt: time.Now()})
			wantKind(t, err, "")
			all, _ := svc.Texts(ctx, u, a.ID)
			i := slices.IndexFunc(all, func(x assessment.ParticipantText) bool { return x.ID == budget.ID })
			if i < 0 || !all[i].Hidden || all[i].Text != "The budget is agreed by nobody" {
				t.Fatalf("after the edit: %+v", all)
			}
			visible, _ := svc.VisibleTexts(ctx, u, a.ID)
			for _, x := range visible["images"] {
				if strings.Contains(x.Text, "budget") {
					t.Errorf("the edited hidden text is visible: %+v", x)
				}
			}
			if _, err := svc.SetTextHidden(ctx, u, a.ID, budget.ID, false); err != nil {
				t.Fatal(err)
			}
			visible, _ = svc.VisibleTexts(ctx, u, a.ID)
			if len(visible["images"]) != 5 {
				t.Errorf("shown again: %v", describe(visible["images"]))
			}
		})
		t.Run("another workspace, another assessment or a made-up id: not found", func(t *testing.T) {
			_, err := svc.Texts(ctx, other, a.ID)
			wantKind(t, err, assessment.NotFound)
			_, err = svc.VisibleTexts(ctx, other, a.ID)
			wantKind(t, err, assessment.NotFound)
			_, err = svc.SetTextHidden(ctx, other, a.ID, budget.ID, true)
			wantKind(t, err, assessment.NotFound)
			b := storetest.Assessment(t, s, u.WorkspaceID, nil)
			_, err = svc.SetTextHidden(ctx, u, b.ID, budget.ID, true)
			wantKind(t, err, assessment.NotFound)
			for _, id := range []string{"", "nosuchtext23456a", rs[0].ID} {
				_, err = svc.SetTextHidden(ctx, u, a.ID, id, true)
				wantKind(t, err, assessment.NotFound)
			}
			all, _ := svc.Texts(ctx, u, a.ID)
			if slices.ContainsFunc(all, func(x assessment.ParticipantText) bool { return x.Hidden }) {
				t.Errorf("a refused change hid a text: %+v", all)
			}
		})
		t.Run("an emptied text is gone and cannot be hidden", func(t *testing.T) {
			all, _ := svc.Texts(ctx, u, a.ID)
			ask := all[slices.IndexFunc(all, func(x assessment.ParticipantText) bool { return x.Text == "ask Ops" })]
			_, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: rs[0].ID, QuestionID: "images-notes",
				Text: "The budget is agreed by nobody", UpdatedAt: time.Now()})
			wantKind(t, err, "")
			_, err = svc.SetTextHidden(ctx, u, a.ID, ask.ID, true)
			wantKind(t, err, assessment.NotFound)
			all, _ = svc.Texts(ctx, u, a.ID)
			if slices.ContainsFunc(all, func(x assessment.ParticipantText) bool { return x.ID == ask.ID }) {
				t.Errorf("an emptied comment is listed: %+v", all)
			}
		})
		t.Run("a closed assessment's texts may still be hidden", func(t *testing.T) {
			if _, err := s.CloseAssessment(ctx, u.WorkspaceID, a.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			got, err := svc.SetTextHidden(ctx, u, a.ID, texts[0].ID, true)
			wantKind(t, err, "")
			if !got.Hidden {
				t.Errorf("SetTextHidden on a closed assessment = %+v", got)
			}
		})
		t.Run("an erased respondent's texts go with them", func(t *testing.T) {
			wantKind(t, s.DeleteRespondent(ctx, u.WorkspaceID, a.ID, rs[1].ID), "")
			all, _ := svc.Texts(ctx, u, a.ID)
			if got := describe(all); slices.Contains(got, "vcs-use comment All of it, honestly") || len(got) != 5 {
				t.Errorf("after the erasure: %q", got)
			}
			var n int
			if err := s.SQL().QueryRowContext(ctx, rebind(s, "SELECT count(*) FROM answer_texts WHERE respondent_id = ?"), rs[1].ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d text rows outlive their respondent", n)
			}
		})
	})
}

// TestVisibleTextsWriteNothing: the share page and the projector read texts
// nobody has numbered yet; they must not write to do it.
func TestVisibleTextsWriteNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := assessment.NewService(assessment.Config{Store: s})
		u := storetest.Workspace(t, s)
		a, _ := seedTexts(t, s, u, []int{0, 1, 2})
		visible, err := svc.VisibleTexts(ctx, u, a.ID)
		wantKind(t, err, "")
		var got []assessment.ParticipantText
		for _, c := range []string{"vcs", "images"} {
			got = append(got, visible[c]...)
		}
		if d := describe(got); !slices.Equal(d, wantOrder) {
			t.Errorf("visible texts:\n%s\nwant:\n%s", strings.Join(d, "\n"), strings.Join(wantOrder, "\n"))
		}
		var n int
		if err := s.SQL().QueryRowContext(ctx, "SELECT count(*) FROM answer_texts").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("VisibleTexts wrote %d rows", n)
		}
	})
}

// BenchmarkTexts reads the texts of a workshop of 500 (one text answer
// each): the first listing numbers them all, later ones only read.
func BenchmarkTexts(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			s := storetest.New(b)
			if dialect == "postgres" {
				s = storetest.NewPostgres(b)
			}
			ctx := context.Background()
			u := storetest.Workspace(b, s)
			m := storetest.Model()
			a := storetest.Assessment(b, s, u.WorkspaceID, m)
			storetest.Answered(b, s, a, m, 500, 1)
			svc := assessment.NewService(assessment.Config{Store: s})
			start := time.Now()
			if texts, err := svc.Texts(ctx, u, a.ID); err != nil || len(texts) != 500 {
				b.Fatalf("%d texts, %v", len(texts), err)
			}
			first := time.Since(start)
			if dialect == "postgres" {
				// What autovacuum does soon after a bulk of writes.
				if _, err := s.SQL().ExecContext(ctx, "VACUUM ANALYZE answers, answer_texts"); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.Texts(ctx, u, a.ID); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
		})
	}
}
