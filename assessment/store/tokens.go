package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/readiness/readiness/assessment"
)

// Grouped token lookups on PostgreSQL.
//
// Every answer a respondent saves starts with finding the respondent by
// their token, and on PostgreSQL one query per save (a round trip, a parse
// and an index probe on the server) cost the service ten times what the
// batched save of the answer itself did. So concurrent lookups share a
// query, as concurrent saves share a statement: a worker takes the first
// lookup queued and whatever else is queued by then, reads them all with one
// query and answers each. Nothing waits for a group to fill: a lone lookup
// runs at once. A lookup queued while a query runs goes into a later one,
// which starts after it was asked, so every lookup still reads what was
// committed before it was made: a rotated token or a submit is never missed.
//
// SQLite reads in process, where a query costs microseconds: it looks up
// each token on its own.

const (
	tokenWorkers  = 2   // lookups' queries in flight at once
	maxTokenBatch = 256 // tokens in one query
)

type tokenLookup struct {
	hash  []byte
	reply chan tokenResult // buffered: a worker never waits for a caller
}

type tokenResult struct {
	r   assessment.Respondent
	a   assessment.Assessment
	err error
}

type tokenReader struct {
	st    *Store
	queue chan *tokenLookup
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
}

func newTokenReader(st *Store) *tokenReader {
	t := &tokenReader{st: st, queue: make(chan *tokenLookup, maxTokenBatch), quit: make(chan struct{}), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range tokenWorkers {
		wg.Go(t.run)
	}
	go func() {
		wg.Wait()
		close(t.done)
	}()
	return t
}

// lookup queues hash and waits for its respondent.
func (t *tokenReader) lookup(ctx context.Context, hash []byte) (assessment.Respondent, assessment.Assessment, error) {
	l := &tokenLookup{hash: hash, reply: make(chan tokenResult, 1)}
	select {
	case t.queue <- l:
	case <-t.quit:
		return assessment.Respondent{}, assessment.Assessment{}, errClosed
	case <-ctx.Done():
		return assessment.Respondent{}, assessment.Assessment{}, ctx.Err()
	}
	select {
	case res := <-l.reply:
		return res.r, res.a, res.err
	case <-ctx.Done():
		return assessment.Respondent{}, assessment.Assessment{}, ctx.Err()
	case <-t.done:
		// The workers answered or refused everything queued before ending.
		select {
		case res := <-l.reply:
			return res.r, res.a, res.err
		default:
			return assessment.Respondent{}, assessment.Assessment{}, errClosed
		}
	}
}

func (t *tokenReader) stop() {
	t.once.Do(func() { close(t.quit) })
	<-t.done
}

func (t *tokenReader) run() {
	batch := make([]*tokenLookup, 0, maxTokenBatch)
	for {
		select {
		case <-t.quit:
			for {
				select {
				case l := <-t.queue:
					l.reply <- tokenResult{err: errClosed}
				default:
					return
				}
			}
		case l := <-t.queue:
			batch = append(batch[:0], l)
		more:
			for len(batch) < maxTokenBatch {
				select {
				case l := <-t.queue:
					batch = append(batch, l)
				default:
					break more
				}
			}
			t.answer(batch)
		}
	}
}

// answer reads every token of batch with one query and replies to each.
func (t *tokenReader) answer(batch []*tokenLookup) {
	// Not a caller's context: one caller going away must not fail the others.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	hashes := make([][]byte, len(batch))
	for i, l := range batch {
		hashes[i] = l.hash
	}
	found, err := t.st.respondentsByTokens(ctx, hashes)
	for _, l := range batch {
		switch res, ok := found[string(l.hash)]; {
		case err != nil:
			l.reply <- tokenResult{err: err}
		case !ok:
			l.reply <- tokenResult{err: assessment.Errorf(assessment.NotFound, "not found")}
		default:
			l.reply <- res
		}
	}
}

// respondentsByTokens reads the respondents, with their assessments, of
// every token hash given, by token hash.
func (s *Store) respondentsByTokens(ctx context.Context, hashes [][]byte) (map[string]tokenResult, error) {
	rows, err := s.rsql.QueryContext(ctx, respondentsByTokensPostgres, hashes)
	if err != nil {
		return nil, fmt.Errorf("respondents by token: %w", err)
	}
	defer rows.Close()
	out := make(map[string]tokenResult, len(hashes))
	for rows.Next() {
		var hash []byte
		r, a, err := scanRespondentAndAssessment(rows, &hash)
		if err != nil {
			return nil, fmt.Errorf("respondents by token: %w", err)
		}
		out[string(hash)] = tokenResult{r: r, a: a}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("respondents by token: %w", err)
	}
	return out, nil
}

// scanRespondentAndAssessment scans a row of respondentByToken's columns,
// then extra.
func scanRespondentAndAssessment(row interface{ Scan(...any) error }, extra ...any) (assessment.Respondent, assessment.Assessment, error) {
	var (
		r                 assessment.Respondent
		a                 assessment.Assessment
		submitted, closed sql.Null[time.Time]
		mode, status      string
		joinCode          sql.NullString
		fit               fitColumns
		created, aCreated time.Time
	)
	err := row.Scan(append([]any{
		&r.ID, &r.AssessmentID, &r.Name, &r.Role, &r.Perspective, &created, &submitted,
		&a.ID, &a.WorkspaceID, &a.OrganisationID, &a.Questionnaire, &a.QuestionnaireVersion, &mode, &a.Title,
		&status, &joinCode, &a.Focus, &aCreated, &closed, &a.MaxParticipants,
		&fit.Scope, &fit.Targets, &fit.Form, &fit.Language, &fit.Welcome}, extra...)...)
	if err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, err
	}
	r.CreatedAt, a.CreatedAt = created.UTC(), aCreated.UTC()
	if submitted.Valid {
		t := submitted.V.UTC()
		r.SubmittedAt = &t
	}
	if closed.Valid {
		t := closed.V.UTC()
		a.ClosedAt = &t
	}
	a.Mode, a.Status, a.JoinCode = assessment.Mode(mode), assessment.Status(status), joinCode.String
	if err := fit.into(&a); err != nil {
		return assessment.Respondent{}, assessment.Assessment{}, err
	}
	return r, a, nil
}
