package report

import (
	"bytes"
	"io"
	"syscall"
	"testing"
	"time"
)

// CPUTime is the CPU time the process has used so far (user and system).
// Benchmarks report it per operation beside the wall time, which on a
// shared, loaded machine says more about the load than about the code.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// onePage is the baseline of BenchmarkPDF: a one-page document with the same
// fonts, so the ratio shows what the report adds to the fixed cost of
// parsing and embedding them.
func onePage(w io.Writer) error {
	c := newFpdf("one page", "baseline", time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	c.AddPage()
	c.Font("B", 18)
	c.Text(20, 30, "One page: Zürich, Łódź, Ærø, Ελλάδα")
	c.Font("", 10)
	c.Text(20, 40, "A paragraph of body text on a single page.")
	c.Font("I", 10)
	c.Text(20, 46, "And a line in italics.")
	return c.Output(w)
}

func BenchmarkOnePage(b *testing.B) {
	var buf bytes.Buffer
	cpu := CPUTime()
	for b.Loop() {
		buf.Reset()
		if err := onePage(&buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((CPUTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(buf.Len()), "bytes")
}
