package gui

import (
	"context"
	"fmt"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/sockettest"
	"github.com/portview/portview/trade"
	"github.com/shopspring/decimal"
)

// BenchmarkOverview500 streams 5,000 pushes a second over 500 positions
// (250 in US dollars, 250 in Hong Kong dollars) into the Portfolio's
// overview alone, on its real path: the socket client, the live hub's
// batches and the overview's totals, figures and allocation bars. It
// reports the overview's own time a second of pushes, the hub's batches
// and the overview's redraws a second, and the CPU of the whole process
// (the fake server pushing included) as a share of one core.
func BenchmarkOverview500(b *testing.B) {
	const symbols, rate, run = 500, 5000.0, 5 * time.Second
	lb := newLiveBench(b, sockettest.Options{PushRate: rate})
	u, srv, c := lb.u, lb.srv, lb.c
	ov, rows := benchOverview(b, u, symbols)
	u.live.attach(c)
	ov.follow(rows)
	// The hub calls the overview's own update; timing it is the
	// overview's cost.
	var spent time.Duration
	show := ov.showPositions
	u.live.owners["portfolio.overview"].onChange = func(changed map[string]bool) {
		start := time.Now()
		show(changed)
		spent += time.Since(start)
	}
	lb.subscribed(symbols)
	cpu := func() time.Duration { return processCPU(b) }
	b.ResetTimer()
	for b.Loop() {
		spent = 0
		batches, redraws, cpu0 := u.live.redraws, ov.redraws, cpu()
		start := time.Now()
		srv.StallPushes(false)
		lb.pump(func() bool { return false }, run)
		srv.StallPushes(true)
		elapsed := time.Since(start)
		if ov.redraws == redraws {
			b.Fatal("the overview never redrew")
		}
		b.ReportMetric(float64(spent.Microseconds())/1000/elapsed.Seconds(), "overview-ms/s")
		b.ReportMetric(float64(u.live.redraws-batches)/elapsed.Seconds(), "batches/s")
		b.ReportMetric(float64(ov.redraws-redraws)/elapsed.Seconds(), "redraws/s")
		b.ReportMetric(100*float64(cpu()-cpu0)/float64(elapsed), "cpu-%")
	}
}

// liveBench is a UI whose live hub takes a fake socket server's pushes,
// its UI queue run by pump.
type liveBench struct {
	b   *testing.B
	u   *UI
	q   *uiQueue
	srv *sockettest.Server
	c   *socket.Client
}

// newLiveBench starts a fake socket server with o, pushes stalled, and a
// UI with a socket client of it (not attached).
func newLiveBench(b *testing.B, o sockettest.Options) *liveBench {
	srv, err := sockettest.NewServer(o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	srv.StallPushes(true)
	lb := &liveBench{b: b, q: newUIQueue(), srv: srv}
	lb.u = New(Config{App: test.NewTempApp(b), Logger: slog.New(slog.DiscardHandler), Store: oauth.NewMemoryStore(), Prefs: oauth.NewMemoryPrefs(), do: lb.q.do})
	b.Cleanup(lb.u.Close)
	lb.c, err = socket.New(socket.Config{URL: srv.WSURL, Tokens: socket.TokenFunc(func(context.Context) (socket.SocketToken, error) {
		t := srv.IssueToken()
		return socket.SocketToken{OTP: t.OTP, Limit: t.Limit, Online: t.Online}, nil
	})})
	if err != nil {
		b.Fatal(err)
	}
	return lb
}

// pump runs the UI queue until until holds or limit has passed.
func (lb *liveBench) pump(until func() bool, limit time.Duration) {
	end := time.Now().Add(limit)
	for !until() && time.Now().Before(end) {
		lb.q.run()
		select {
		case <-lb.q.wake:
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// subscribed waits until n symbols are subscribed.
func (lb *liveBench) subscribed(n int) {
	lb.pump(func() bool { return lb.c.Status().Symbols == n }, 30*time.Second)
	if got := lb.c.Status().Symbols; got != n {
		lb.b.Fatalf("%d of %d symbols subscribed", got, n)
	}
}

// BenchmarkOverviewBatchAllMoved is the overview's worst batch at 5,000
// pushes a second: at 60 batches a second, 84 of the 500 positions, each
// at a new price (the fake server's prices move once a second, so most of
// BenchmarkOverview500's batches change nothing). A batch redraws the
// figures and bars.
func BenchmarkOverviewBatchAllMoved(b *testing.B) {
	const symbols, perBatch = 500, 84
	u := New(Config{App: test.NewTempApp(b), Logger: slog.New(slog.DiscardHandler), Store: oauth.NewMemoryStore(), Prefs: oauth.NewMemoryPrefs(), do: func(f func()) { f() }})
	defer u.Close()
	ov, rows := benchOverview(b, u, symbols)
	for i, r := range rows {
		u.live.quotes[r.Symbol] = socket.Quote{Symbol: r.Symbol, Last: decimal.NewFromFloat(10 + float64(i%50)/10), PrevClose: decimal.RequireFromString("10")}
	}
	ov.follow(rows)
	changed := make(map[string]bool, perBatch)
	n := 0
	cpu0 := processCPU(b)
	for b.Loop() {
		clear(changed)
		for range perBatch {
			sym := rows[n%symbols].Symbol
			q := u.live.quotes[sym]
			q.Last = q.Last.Add(decimal.New(1, -2)) // a cent up
			u.live.quotes[sym] = q
			changed[sym] = true
			n++
		}
		ov.showPositions(changed)
	}
	b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
}

// processCPU is the CPU time the process has used, user and system.
func processCPU(b *testing.B) time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		b.Fatal(err)
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// benchOverview is an overview in a window of the default size, and n
// positions for it, every other one in Hong Kong dollars.
func benchOverview(b *testing.B, u *UI, n int) (*overview, []trade.StockPosition) {
	ov := newOverview(u)
	w := test.NewWindow(ov.content)
	b.Cleanup(w.Close)
	w.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	rows := make([]trade.StockPosition, n)
	for i := range rows {
		sym, cur := fmt.Sprintf("S%03d.US", i), "USD"
		if i%2 == 1 {
			sym, cur = fmt.Sprintf("%d.HK", 10000+i), "HKD"
		}
		rows[i] = trade.StockPosition{Symbol: sym, Currency: cur, Quantity: api.NewDecimal(fmt.Sprint(100 + i)), CostPrice: api.NewDecimal("10.5")}
	}
	return ov, rows
}
