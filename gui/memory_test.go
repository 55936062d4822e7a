package gui

import (
	"runtime"
	"testing"
)

// BenchmarkMemoryAfter100kRows walks the wizard into a sandbox of 100,000
// securities and reports the live heap of the whole process once the table
// shows them (the fake servers of the sandbox included), and what the
// table's data holds: the heap that clearing the table gives back.
func BenchmarkMemoryAfter100kRows(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		h := newHarness(b, harnessOptions{rows: 100_000})
		b.StartTimer()
		h.signInToSandbox()
		b.StopTimer()
		if n := len(h.ui.securities().tbl.Data().Rows()); n != 100_000 {
			b.Fatalf("%d rows on screen", n)
		}
		loaded := liveHeap()
		h.ui.securities().clear()
		h.q.run()
		cleared := liveHeap()
		b.ReportMetric(float64(loaded)/(1<<20), "heap-MB")
		b.ReportMetric(float64(loaded-cleared)/(1<<20), "table-MB")
		// Close now, not at the benchmark's end, so that the next round's
		// heap does not hold this one's UI and sandbox.
		h.ui.Close()
		h.q.run()
		b.StartTimer()
	}
}

// liveHeap is the heap still in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
