package store

import (
	"strings"
	"testing"
)

func TestUnsafeDurability(t *testing.T) {
	for _, tt := range []struct {
		syncCommit, fsync string
		want              string // "" means safe
	}{
		{"on", "on", ""},
		{"local", "on", ""},
		{"remote_write", "on", ""},
		{"remote_apply", "on", ""},
		{"off", "on", "synchronous_commit is off"},
		{"on", "off", "fsync is off"},
		{"off", "off", "synchronous_commit is off and fsync is off"},
	} {
		err := unsafeDurability(tt.syncCommit, tt.fsync)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("synchronous_commit=%s fsync=%s: %v, want safe", tt.syncCommit, tt.fsync, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("synchronous_commit=%s fsync=%s: %v, want %q", tt.syncCommit, tt.fsync, err, tt.want)
		}
	}
}
