package ui

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web"
	"github.com/readiness/readiness/web/locale"
)

// Inviting a batch: one line per person, "Name, role, perspective", each
// line checked before anyone is invited (a mistake names its line). The
// links made are kept for a short while in a flash bound to the session
// that made them, and the form redirects to the page that shows them: a
// reload shows the same links and invites nobody twice.

// invitation is one line of the invitation form.
type invitation struct {
	line                    int
	name, role, perspective string
}

// parseInvitations reads "Name", "Name, role" or "Name, role, perspective"
// per line (a tab works as a comma, as pasted from a spreadsheet); def is
// the perspective of lines that name none. It returns the first mistake's
// message in p's language, naming its line.
func parseInvitations(p *locale.Printer, text, def string) ([]invitation, string) {
	var out []invitation
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(strings.ReplaceAll(line, "\t", ","), ",")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		in := invitation{line: i + 1, name: parts[0], perspective: def}
		switch {
		case len(parts) > 3:
			return nil, p.T("assessment.err_line", "Line", i+1, "Name", in.name, "Message", p.T("assessment.err_parts"))
		case in.name == "":
			return nil, p.T("assessment.err_no_name", "Line", i+1)
		}
		if len(parts) > 1 {
			in.role = parts[1]
		}
		if len(parts) > 2 && parts[2] != "" {
			in.perspective = strings.ToLower(parts[2])
			if !slices.Contains(assessment.Perspectives, in.perspective) {
				return nil, p.T("assessment.err_line", "Line", i+1, "Name", in.name, "Message", p.T("assessment.err_no_perspective", "Perspective", parts[2]))
			}
		}
		out = append(out, in)
	}
	return out, ""
}

// linkFlash keeps the links of a batch just invited, for the session that
// made them, so the redirect after the form can show them. It lives in the
// memory of one instance: behind a load balancer without sticky sessions
// the page after the redirect may not find them, and says so.
type linkFlash struct {
	mu      sync.Mutex
	now     func() time.Time
	batches map[string]flashBatch
}

type flashBatch struct {
	owner, assessment string
	links             []newLink
	expires           time.Time
}

const (
	flashFor      = 15 * time.Minute
	flashCapacity = 2000 // batches held at once; the oldest go first
)

func newLinkFlash(now func() time.Time) *linkFlash {
	return &linkFlash{now: now, batches: map[string]flashBatch{}}
}

// owner binds a batch to the session: a hash of its token, never the token.
func flashOwner(c echo.Context) string {
	sum := sha256.Sum256([]byte(web.SessionToken(c)))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// put keeps links and returns the batch's id.
func (f *linkFlash) put(owner, assessmentID string, links []newLink) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	id := base64.RawURLEncoding.EncodeToString(b)
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	for k, v := range f.batches {
		if now.After(v.expires) {
			delete(f.batches, k)
		}
	}
	for len(f.batches) >= flashCapacity {
		var oldest string
		for k, v := range f.batches {
			if oldest == "" || v.expires.Before(f.batches[oldest].expires) {
				oldest = k
			}
		}
		delete(f.batches, oldest)
	}
	f.batches[id] = flashBatch{owner: owner, assessment: assessmentID, links: links, expires: now.Add(flashFor)}
	return id
}

// get returns a batch of owner's for the assessment, if still kept.
func (f *linkFlash) get(id, owner, assessmentID string) ([]newLink, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.batches[id]
	if !ok || b.owner != owner || b.assessment != assessmentID || f.now().After(b.expires) {
		return nil, false
	}
	return b.links, true
}
