package socket

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/sockettest"
)

// BenchmarkReconnectToFreshPrice drops the connection under the sandbox's subscribed
// symbols and measures how long until the first price that moved while the
// link was down reaches the subscriber: the reconnect (resume or fresh
// token), the resubscription and the fresh snapshot. The client runs with
// its default timings; only the fake's drop is forced.
func BenchmarkReconnectToFreshPrice(b *testing.B) {
	srv := newServer(b, sockettest.Options{})
	cfg := fastConfig(srv)
	cfg.PingInterval, cfg.PongTimeout, cfg.IdleTimeout, cfg.MinBackoff, cfg.MaxBackoff = 0, 0, 0, 0, 0
	c := newClient(b, cfg)
	syms := sockettest.SandboxSymbols()
	var mu sync.Mutex
	var got time.Time
	want := decimal.Zero
	sub, err := c.Subscribe(syms, func(q Quote) {
		mu.Lock()
		defer mu.Unlock()
		if q.Symbol == syms[0] && q.FromSnapshot && q.Last.Equal(want) && got.IsZero() {
			got = time.Now()
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	defer sub.Close()
	waitKind(b, c, Live)
	var times []time.Duration
	price := 100.0
	for b.Loop() {
		price += 0.01
		mu.Lock()
		want = decimal.NewFromFloat(price).Round(2)
		got = time.Time{}
		mu.Unlock()
		// The price moves without a push, as one missed while away would.
		if err := srv.SetPrice(syms[0], want.StringFixed(2)); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		srv.DropAll()
		for {
			mu.Lock()
			done := !got.IsZero()
			at := got
			mu.Unlock()
			if done {
				times = append(times, at.Sub(start))
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatal("no fresh price within 10 s of the drop")
			}
			time.Sleep(time.Millisecond)
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(len(syms)), "symbols")
}
