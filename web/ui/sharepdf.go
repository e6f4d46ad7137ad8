package ui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/singleflight"

	"github.com/readiness/readiness/assessment"
	"github.com/readiness/readiness/web/report"
)

// A share's PDF is served without sign-in, so a link in the wrong hands
// could ask for it over and over; a report takes a good part of a second
// of CPU. Each share keeps its last PDF with a fingerprint of everything
// printed in it (the assessment, answers, result, notes, texts, brand and
// the day's date): the same fingerprint is served from memory, a change
// renders once, and requests that arrive together wait for that one
// render. Opening the share still checks it on every request, so a
// revoked or expired link answers 404 at once.

// maxCachedPDFs bounds the memory: a report for 60 people is about 0.7 MB.
const maxCachedPDFs = 32

type pdfCache struct {
	mu      sync.Mutex
	entries map[string]cachedPDF // by share ID
	order   []string             // share IDs, oldest entry first
	flight  singleflight.Group
	renders int // how many renders ran, for tests
}

type cachedPDF struct {
	key string
	pdf []byte
}

func newPDFCache() *pdfCache { return &pdfCache{entries: map[string]cachedPDF{}} }

// get returns the PDF of share id for fingerprint key, rendering it when
// the cache holds another (or none).
func (p *pdfCache) get(id, key string, render func() ([]byte, error)) ([]byte, error) {
	p.mu.Lock()
	if e, ok := p.entries[id]; ok && e.key == key {
		p.mu.Unlock()
		return e.pdf, nil
	}
	p.mu.Unlock()
	v, err, _ := p.flight.Do(id+"/"+key, func() (any, error) {
		// A render that finished between the look above and this one is
		// in the cache now.
		p.mu.Lock()
		e, ok := p.entries[id]
		p.mu.Unlock()
		if ok && e.key == key {
			return e.pdf, nil
		}
		b, err := render()
		if err != nil {
			return nil, err
		}
		p.put(id, key, b)
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

func (p *pdfCache) put(id, key string, b []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.renders++
	if _, ok := p.entries[id]; !ok {
		p.order = append(p.order, id)
	}
	p.entries[id] = cachedPDF{key: key, pdf: b}
	for len(p.order) > maxCachedPDFs {
		delete(p.entries, p.order[0])
		p.order = p.order[1:]
	}
}

// rendered says how many renders ran.
func (p *pdfCache) rendered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.renders
}

// shareFingerprint hashes everything the share's PDF prints, so that any
// change to it gives another key.
func shareFingerprint(d report.Document, sa *assessment.SharedAssessment) (string, error) {
	x := d.Export
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range []any{
		x.Assessment, x.Organisation, x.Workspace, x.Index.Model().Slug, x.Index.Model().Version,
		x.Respondents, x.Answers, x.Agreed, x.Result, x.Notes, d.Texts,
		sa.Share.Texts, d.Brand.Name, d.Brand.Accent, d.Date.Format("2006-01-02"),
	} {
		if err := enc.Encode(v); err != nil {
			return "", fmt.Errorf("fingerprint a share's report: %w", err)
		}
	}
	logo := sha256.Sum256(d.Brand.Logo)
	h.Write(logo[:])
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (s *handler) sharePDF(c echo.Context) error {
	sa, texts, err := s.openShare(c)
	if err != nil {
		return err
	}
	d := report.Document{Export: sa.Export, Date: s.svc.Now(), Texts: texts,
		Brand: report.Brand{Name: sa.Brand.Name, Logo: sa.Logo, Accent: sa.Brand.Accent}}
	key, err := shareFingerprint(d, sa)
	if err != nil {
		return err
	}
	pdf, err := s.pdfs.get(sa.Share.ID, key, func() ([]byte, error) {
		var b bytes.Buffer
		if err := report.PDF(&b, d); err != nil {
			return nil, fmt.Errorf("render the PDF of share %s: %w", sa.Share.ID, err)
		}
		return b.Bytes(), nil
	})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("inline; filename=%q", "readiness-report.pdf"))
	return c.Blob(http.StatusOK, "application/pdf", pdf)
}
