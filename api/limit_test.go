package api

import (
	"context"
	"testing"
	"time"
)

// fakeClock is a clock that only sleep moves: the limiter's reservation
// math runs as it would, without the test waiting.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.now = c.now.Add(d)
	return ctx.Err()
}

// starts runs calls, each to the path paths gives for it, through a
// limiter on a fake clock and returns when each started.
func starts(t *testing.T, l Limit, calls int, paths func(i int) string) []time.Time {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC)}
	lim := newLimiter(l, clock.Now)
	var at []time.Time
	for i := range calls {
		release, err := lim.wait(t.Context(), paths(i), clock.Sleep)
		if err != nil {
			t.Fatal(err)
		}
		at = append(at, clock.now)
		release()
	}
	return at
}

func TestTheTradeLimiterKeepsTheDocumentedLimits(t *testing.T) {
	onePath := func(int) string { return "/v1/trade/order/history" }
	t.Run("31 calls to one endpoint take at least 30 s", func(t *testing.T) {
		at := starts(t, TradeLimit, 31, onePath)
		if took := at[30].Sub(at[0]); took < 30*time.Second {
			t.Errorf("31 calls took %v, want at least 30 s", took)
		}
	})
	t.Run("no 30 s window sees more than 30 calls to one endpoint", func(t *testing.T) {
		at := starts(t, TradeLimit, 200, onePath)
		for i := range at {
			n := 0
			for j := i; j < len(at) && at[j].Sub(at[i]) < 30*time.Second; j++ {
				n++
			}
			if n > 30 {
				t.Fatalf("%d calls in the 30 s from call %d", n, i)
			}
		}
	})
	t.Run("no two calls start less than 20 ms apart, over all endpoints", func(t *testing.T) {
		paths := []string{"/v1/asset/account", "/v1/asset/stock", "/v1/asset/fund", "/v1/trade/order/today"}
		at := starts(t, TradeLimit, 100, func(i int) string { return paths[i%len(paths)] })
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap < 20*time.Millisecond {
				t.Fatalf("calls %d and %d started %v apart, want at least 20 ms", i-1, i, gap)
			}
		}
	})
	t.Run("a view's first calls to other endpoints do not wait for each other's budget", func(t *testing.T) {
		paths := []string{"/v1/asset/account", "/v1/asset/stock", "/v1/asset/fund", "/v1/trade/order/today"}
		at := starts(t, TradeLimit, 4, func(i int) string { return paths[i] })
		if took := at[3].Sub(at[0]); took > 100*time.Millisecond {
			t.Errorf("4 calls to 4 endpoints took %v, want only the 20 ms gaps", took)
		}
	})
}

func TestTheQuoteLimiterSpacesCalls100msApart(t *testing.T) {
	at := starts(t, QuoteLimit, 11, func(int) string { return "/v1/quote/get_security_list" })
	if took := at[10].Sub(at[0]); took < time.Second {
		t.Errorf("11 calls took %v, want at least 1 s", took)
	}
}

func TestALimiterWaitPastTheDeadlineFailsAtOnce(t *testing.T) {
	clock := &fakeClock{now: time.Now()}
	lim := newLimiter(Limit{PerSecond: 0.01, Burst: 1, Concurrent: 1}, clock.Now)
	release, err := lim.wait(t.Context(), "/p", clock.Sleep)
	if err != nil {
		t.Fatal(err)
	}
	release()
	before := clock.now
	ctx, cancel := context.WithDeadline(t.Context(), clock.now.Add(time.Second))
	defer cancel()
	if _, err := lim.wait(ctx, "/p", clock.Sleep); err == nil {
		t.Fatal("no error for a wait of 100 s under a 1 s deadline")
	}
	if !clock.now.Equal(before) {
		t.Errorf("the clock moved by %v: the limiter waited", clock.now.Sub(before))
	}
}
