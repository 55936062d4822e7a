package gui

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/sockettest"
)

// BenchmarkLiveTable500 streams 5,000 pushes a second over 500 subscribed
// symbols through the socket client and the hub into a watchlist table for
// 5 s, and reports push-to-screen latency (the fake queueing a push to the
// hub having redrawn its cells) and redraws a second. Run it with
// -benchtime=1x.
func BenchmarkLiveTable500(b *testing.B) {
	const symbols, rate, run = 500, 5000.0, 5 * time.Second
	type key struct {
		sym string
		seq int64
	}
	var mu sync.Mutex
	sentAt := map[key]time.Time{}
	lb := newLiveBench(b, sockettest.Options{PushRate: rate, OnPush: func(sym string, seq int64, at time.Time) {
		mu.Lock()
		sentAt[key{sym, seq}] = at
		mu.Unlock()
	}})
	u, srv, c := lb.u, lb.srv, lb.c
	pane := newTablePane(u, tableSpec[watchRow]{
		key: "bench", live: true, symbol: func(r *watchRow) string { return r.Symbol },
		cols:  slices.Concat(watchColumns[:3], quoteColumns(u.live, func(r *watchRow) string { return r.Symbol }), watchColumns[3:]),
		count: func(int) string { return "" }, loading: func() string { return "" }, empty: func() string { return "" },
	}, nil)
	w := test.NewWindow(pane.content)
	defer w.Close()
	w.Resize(fyne.NewSize(1400, 900))
	rows := make([]watchRow, symbols)
	for i := range rows {
		rows[i] = watchRow{WatchedSecurity: quote.WatchedSecurity{Symbol: fmt.Sprintf("S%03d.US", i)}}
	}
	u.live.attach(c)
	pane.install(table.NewData(pane.spec.cols, rows, table.Sort{Col: -1}, "", "en"), "")

	var lat []time.Duration
	measuring := false
	u.live.onBatch = func(batch map[string]socket.Quote) {
		if !measuring {
			return
		}
		now := time.Now()
		mu.Lock()
		for _, qt := range batch {
			if at, ok := sentAt[key{qt.Symbol, qt.Sequence}]; ok {
				lat = append(lat, now.Sub(at))
			}
		}
		mu.Unlock()
	}
	lb.subscribed(symbols)
	b.ResetTimer()
	for b.Loop() {
		measuring = true
		redraws := u.live.redraws
		start := time.Now()
		srv.StallPushes(false)
		lb.pump(func() bool { return false }, run)
		srv.StallPushes(true)
		elapsed := time.Since(start)
		measuring = false
		slices.Sort(lat)
		if len(lat) == 0 {
			b.Fatal("no push reached the screen")
		}
		pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
		b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(pct(0.95).Microseconds())/1000, "p95-ms")
		b.ReportMetric(float64(u.live.redraws-redraws)/elapsed.Seconds(), "redraws/s")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "quotes-on-screen/s")
		lat = lat[:0]
	}
}
