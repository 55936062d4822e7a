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
		tk, err := lim.wait(t.Context(), paths(i), clock.Sleep)
		if err != nil {
			t.Fatal(err)
		}
		at = append(at, clock.now)
		tk.sent()
		tk.done()
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
	t.Run("no two calls start less than 25 ms apart, over all endpoints: the 20 ms and a margin", func(t *testing.T) {
		paths := []string{"/v1/asset/account", "/v1/asset/stock", "/v1/asset/fund", "/v1/trade/order/today"}
		at := starts(t, TradeLimit, 100, func(i int) string { return paths[i%len(paths)] })
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap < 25*time.Millisecond {
				t.Fatalf("calls %d and %d started %v apart, want at least 25 ms", i-1, i, gap)
			}
		}
	})
	t.Run("a view's first calls to other endpoints do not wait for each other's budget", func(t *testing.T) {
		paths := []string{"/v1/asset/account", "/v1/asset/stock", "/v1/asset/fund", "/v1/trade/order/today"}
		at := starts(t, TradeLimit, 4, func(i int) string { return paths[i] })
		// Only the spacing between calls (3 × 25 ms) may hold them; a budget
		// shared across endpoints would hold them for seconds. The slack is
		// for a loaded CI machine under -race, where a goroutine can wake
		// tens of milliseconds late.
		if took := at[3].Sub(at[0]); took > 500*time.Millisecond {
			t.Errorf("4 calls to 4 endpoints took %v, want only the 25 ms gaps", took)
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
	tk, err := lim.wait(t.Context(), "/p", clock.Sleep)
	if err != nil {
		t.Fatal(err)
	}
	tk.done()
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

func TestTheTradeGapCountsFromTheMomentACallWentOut(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 2, 9, 30, 0, 0, time.UTC)}
	lim := newLimiter(TradeLimit, clock.Now)
	first, err := lim.wait(t.Context(), "/v1/asset/account", clock.Sleep)
	if err != nil {
		t.Fatal(err)
	}
	// The first request waits 40 ms for its connection before it is written.
	clock.now = clock.now.Add(40 * time.Millisecond)
	wrote := clock.now
	first.sent()
	second, err := lim.wait(t.Context(), "/v1/asset/stock", clock.Sleep)
	if err != nil {
		t.Fatal(err)
	}
	if gap := clock.now.Sub(wrote); gap < 25*time.Millisecond {
		t.Errorf("the second call went %v after the first was written, want 25 ms", gap)
	}
	second.done()
	first.done()
}

func TestACallWaitsForTheOneBeforeItToBeWritten(t *testing.T) {
	lim := newLimiter(Limit{PerSecond: 1e6, Burst: 1, Concurrent: 5}, time.Now)
	first, err := lim.wait(t.Context(), "/a", sleep)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := lim.wait(ctx, "/b", sleep); err == nil {
		t.Fatal("a second call went before the first was written")
	}
	first.sent()
	second, err := lim.wait(t.Context(), "/b", sleep)
	if err != nil {
		t.Fatalf("after the first was written: %v", err)
	}
	second.done()
	first.done()
}

func TestAPathOutOfBudgetDoesNotHoldBackOthers(t *testing.T) {
	// On the real clock: the fake one is not safe for two goroutines.
	real := newLimiter(Limit{PerSecond: 1e6, Burst: 1, Concurrent: 5, PerPath: 1, Window: time.Hour}, time.Now)
	tk, err := real.wait(t.Context(), "/spent", sleep)
	if err != nil {
		t.Fatal(err)
	}
	tk.done()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	waiting := make(chan error, 1)
	go func() { _, err := real.wait(ctx, "/spent", sleep); waiting <- err }()
	time.Sleep(20 * time.Millisecond) // the call to the spent path is waiting
	start := time.Now()
	other, err := real.wait(t.Context(), "/other", sleep)
	if err != nil {
		t.Fatal(err)
	}
	other.done()
	// The spent path waits for its budget's hour; the other one only for
	// the spacing, with slack for a loaded machine.
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("a call to another path waited %v behind the spent one", took)
	}
	cancel()
	if err := <-waiting; err == nil {
		t.Error("the call to the spent path went within the hour")
	}
}
