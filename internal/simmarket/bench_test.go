package simmarket

import (
	"testing"
	"time"
)

// BenchmarkDayMinutes measures making one day's minutes: the cost of the
// first quote of a symbol.
func BenchmarkDayMinutes(b *testing.B) {
	m := New(SandboxSeed)
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, US.Loc)
	for b.Loop() {
		m.makeMinutes("AAPL.US", US, day)
	}
}

// BenchmarkQuote measures a quote of a day already made, as pushes ask.
func BenchmarkQuote(b *testing.B) {
	m := New(SandboxSeed)
	now := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	m.Quote("AAPL.US", now)
	for b.Loop() {
		m.Quote("AAPL.US", now)
	}
}
