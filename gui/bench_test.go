package gui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/quotetest"
)

func benchRows(n int) []quote.Security {
	src := quotetest.Rows(n)
	rows := make([]quote.Security, len(src))
	for i, r := range src {
		rows[i] = quote.Security{Symbol: r.Symbol, NameCN: r.NameCN, NameHK: r.NameHK, NameEN: r.NameEN}
	}
	return rows
}

// keystrokes is a user typing three searches, one keystroke at a time.
var keystrokes = []string{"t", "ts", "tsl", "tsla", "", "m", "mi", "mic", "micr", "micro", "", "特", "特斯", "特斯拉", "", "a", "ap", "app", "appl", "apple", "apple i"}

// BenchmarkFilter100k measures one keystroke's filter run over 100,000 rows
// and reports the 95th percentile.
func BenchmarkFilter100k(b *testing.B) {
	d := table.NewData(securityColumns, benchRows(100_000), table.Sort{Col: -1}, "", "en")
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		d.SetFilter(keystrokes[i%len(keystrokes)])
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkSort100k measures a header click on 100,000 rows.
func BenchmarkSort100k(b *testing.B) {
	rows := benchRows(100_000)
	for b.Loop() {
		table.SortOrder(securityColumns, rows, table.Sort{Col: colEnglish}, "en")
	}
}

// BenchmarkLoad100k measures putting 100,000 fetched rows into the table:
// the search keys, the order, and the table's refresh on the UI goroutine.
func BenchmarkLoad100k(b *testing.B) {
	a := test.NewTempApp(b)
	u := New(Config{App: a, Prefs: oauth.NewMemoryPrefs(), do: func(f func()) { f() }})
	b.Cleanup(u.Close)
	u.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	u.show(u.mainView)
	rows := benchRows(100_000)
	var prepare, ui time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		d := table.NewData(securityColumns, rows, table.Sort{Col: -1}, "", "en") // off the UI goroutine in the app
		mid := time.Now()
		u.securities().install(d, "US · Overnight")
		prepare, ui, n = prepare+mid.Sub(start), ui+time.Since(mid), n+1
	}
	b.ReportMetric(float64(prepare.Microseconds())/1000/float64(n), "prepare-ms")
	b.ReportMetric(float64(ui.Microseconds())/1000/float64(n), "ui-ms")
	if got := u.securities().tbl.Data().Len(); got != 100_000 {
		b.Fatalf("%d rows shown", got)
	}
}
