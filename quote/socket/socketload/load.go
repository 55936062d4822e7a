// Package socketload drives the quote socket client against the fake at a
// chosen push rate and measures what a user would feel: how many pushes
// reach a subscriber and how late. BENCHMARKS.md quotes its figures.
package socketload

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/sockettest"
)

// Options of a run; zero fields take the issue's figures.
type Options struct {
	Symbols  int           // subscribed symbols; default 500
	Rate     float64       // pushes per second, over all symbols; default 5000
	Duration time.Duration // default 10 s
	Gzip     bool          // compress every push body
}

// Result of a run. Latency is from the fake queueing a push to the
// subscriber's callback receiving the quote it produced; pushes coalesced
// into a later one (latest wins) are counted in Sent but not Delivered.
type Result struct {
	Duration      time.Duration
	Sent          int     // pushes the fake queued
	Delivered     int     // callbacks with a pushed quote
	SentPerSec    float64 // Sent / Duration: the decode rate the client kept up with
	P50, P95, P99 time.Duration
	Max           time.Duration
	Reconnects    int // a client too slow to drain its socket is dropped by the fake
}

func (r Result) String() string {
	return fmt.Sprintf("%d pushes in %v (%.0f/s), %d delivered, latency p50 %v p95 %v p99 %v max %v, %d reconnects",
		r.Sent, r.Duration.Round(time.Millisecond), r.SentPerSec, r.Delivered, r.P50, r.P95, r.P99, r.Max, r.Reconnects)
}

type key struct {
	sym string
	seq int64
}

// Run starts a fake, subscribes a client to opts.Symbols symbols and lets
// the fake push at opts.Rate for opts.Duration.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Symbols <= 0 {
		opts.Symbols = 500
	}
	if opts.Rate <= 0 {
		opts.Rate = 5000
	}
	if opts.Duration <= 0 {
		opts.Duration = 10 * time.Second
	}
	var mu sync.Mutex
	sentAt := map[key]time.Time{}
	measuring := false
	sent := 0
	srv, err := sockettest.NewServer(sockettest.Options{
		PushRate: opts.Rate,
		OnPush: func(sym string, seq int64, at time.Time) {
			mu.Lock()
			if measuring {
				sentAt[key{sym, seq}] = at
				sent++
			}
			mu.Unlock()
		},
	})
	if err != nil {
		return Result{}, err
	}
	defer srv.Close()
	srv.StallPushes(true)
	srv.SetGzip(opts.Gzip)

	c, err := socket.New(socket.Config{
		URL: srv.WSURL,
		Tokens: socket.TokenFunc(func(context.Context) (socket.SocketToken, error) {
			t := srv.IssueToken()
			return socket.SocketToken{OTP: t.OTP, Limit: t.Limit, Online: t.Online}, nil
		}),
	})
	if err != nil {
		return Result{}, err
	}
	defer c.Close()

	symbols := make([]string, opts.Symbols)
	for i := range symbols {
		symbols[i] = fmt.Sprintf("L%03d.US", i)
	}
	var lat []time.Duration
	delivered := 0
	sub, err := c.Subscribe(symbols, func(q socket.Quote) {
		now := time.Now()
		if q.FromSnapshot {
			return
		}
		mu.Lock()
		if at, ok := sentAt[key{q.Symbol, q.Sequence}]; ok {
			lat = append(lat, now.Sub(at))
			delivered++
			delete(sentAt, key{q.Symbol, q.Sequence})
		}
		mu.Unlock()
	})
	if err != nil {
		return Result{}, err
	}
	defer sub.Close()
	for c.Status().Symbols < opts.Symbols {
		select {
		case <-ctx.Done():
			return Result{}, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	before := c.Status().Reconnects

	mu.Lock()
	measuring = true
	mu.Unlock()
	start := time.Now()
	srv.StallPushes(false)
	select {
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-time.After(opts.Duration):
	}
	srv.StallPushes(true)
	elapsed := time.Since(start)
	time.Sleep(200 * time.Millisecond) // let the last pushes land

	mu.Lock()
	defer mu.Unlock()
	measuring = false
	r := Result{
		Duration: elapsed, Sent: sent, Delivered: delivered,
		SentPerSec: float64(sent) / elapsed.Seconds(),
		Reconnects: c.Status().Reconnects - before,
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
		r.P50, r.P95, r.P99, r.Max = pct(0.50), pct(0.95), pct(0.99), lat[len(lat)-1]
	}
	return r, nil
}
