package ui

import (
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestPDFCache: a share's PDF renders once per fingerprint, however many
// ask at once; a new fingerprint renders again; a failed render is not kept.
func TestPDFCache(t *testing.T) {
	p := newPDFCache()
	release := make(chan struct{})
	render := func(body string) func() ([]byte, error) {
		return func() ([]byte, error) {
			<-release
			return []byte(body), nil
		}
	}
	var wg sync.WaitGroup
	got := make([][]byte, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, err := p.get("share1", "k1", render("first"))
			if err != nil {
				t.Error(err)
			}
			got[i] = b
		}()
	}
	close(release)
	wg.Wait()
	for i, b := range got {
		if string(b) != "first" {
			t.Fatalf("request %d got %q", i, b)
		}
	}
	// Requests that arrive while a render runs share it; any that came
	// after it finished are served from the cache: at most one render
	// either way, since the key did not change.
	if n := p.rendered(); n != 1 {
		t.Fatalf("%d renders for one fingerprint", n)
	}
	if b, _ := p.get("share1", "k1", render("again")); string(b) != "first" || p.rendered() != 1 {
		t.Errorf("the same fingerprint rendered again: %q", b)
	}
	if b, _ := p.get("share1", "k2", render("changed")); string(b) != "changed" || p.rendered() != 2 {
		t.Errorf("a new fingerprint: %q after %d renders", b, p.rendered())
	}
	if _, err := p.get("share2", "k1", func() ([]byte, error) { return nil, errors.New("boom") }); err == nil {
		t.Error("a failed render answered no error")
	}
	if b, _ := p.get("share2", "k1", render("recovered")); string(b) != "recovered" {
		t.Errorf("after a failed render: %q", b)
	}
	for i := range maxCachedPDFs + 5 {
		if _, err := p.get(fmt.Sprint("many", i), "k", render("x")); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(p.entries); n != maxCachedPDFs || len(p.order) != n {
		t.Errorf("%d cached PDFs (%d in order), want %d", n, len(p.order), maxCachedPDFs)
	}
}
