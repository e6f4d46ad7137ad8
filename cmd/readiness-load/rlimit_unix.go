//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// checkFileLimit makes sure the process may hold about conns connections
// open at once besides a margin for everything else, raising its soft limit
// on open files up to the hard one if need be. A workshop of 500 phones
// holds over 1,000.
func checkFileLimit(conns int) error {
	need := uint64(conns) + 64
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return fmt.Errorf("open files limit: %w", err)
	}
	if lim.Cur >= need {
		return nil
	}
	if lim.Max >= need {
		lim.Cur = need
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil {
			return nil
		}
	}
	return fmt.Errorf("open files limit %d (hard %d): %d connections need about %d; raise ulimit -n", lim.Cur, lim.Max, conns, need)
}
