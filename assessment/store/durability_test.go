package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/assessment/store"
	"github.com/readiness/readiness/assessment/store/storetest"
	"github.com/readiness/readiness/migrations"
)

// Set in the child process of TestAnswersSurviveKill.
const (
	killDBEnv         = "READINESS_STORETEST_KILL_DB"
	killRespondentEnv = "READINESS_STORETEST_KILL_RESPONDENT"
)

// TestAnswersSurviveKill saves answers in a child process, kills it with
// SIGKILL after some have been acknowledged, and checks that every
// acknowledged answer is in the database.
func TestAnswersSurviveKill(t *testing.T) {
	if db := os.Getenv(killDBEnv); db != "" {
		saveUntilKilled(t, db, os.Getenv(killRespondentEnv))
		return
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kill.db")
	s, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := migrations.Apply(ctx, s.SQL(), s.Dialect()); err != nil {
		t.Fatal(err)
	}
	u := storetest.Workspace(t, s)
	r, _ := storetest.Respondent(t, s, storetest.Assessment(t, s, u.WorkspaceID, nil))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestAnswersSurviveKill$", "-test.count=1")
	cmd.Env = append(os.Environ(), killDBEnv+"="+path, killRespondentEnv+"="+r.ID)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]bool{}
	sc := bufio.NewScanner(out)
	for sc.Scan() && len(acked) < 200 {
		if q, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
			acked[q] = true
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no deferred Close, no flush
		t.Fatal(err)
	}
	cmd.Wait()
	if len(acked) < 200 {
		t.Fatalf("child acknowledged %d answers before it ended, want 200", len(acked))
	}

	s, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Answers(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, a := range got {
		stored[a.QuestionID] = true
	}
	for q := range acked {
		if !stored[q] {
			t.Errorf("acknowledged answer %s is gone after kill -9", q)
		}
	}
}

// saveUntilKilled is the child: it saves answers and acknowledges each on
// stdout once SaveAnswer has returned.
func saveUntilKilled(t *testing.T, db, respondentID string) {
	ctx := context.Background()
	s, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := range 100_000 { // bounded, in case the parent is gone
		q := fmt.Sprintf("q%05d", i)
		if _, err := s.SaveAnswer(ctx, assessment.Answer{RespondentID: respondentID, QuestionID: q, Text: "x"}); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(w, "ack %s\n", q)
		w.Flush()
	}
}
