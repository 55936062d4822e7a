package oauth

import (
	"context"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestRequestLimiterHoldsInAnySlidingWindow(t *testing.T) {
	l := newRequestLimiter()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var allowed []time.Time
	// Try every 10 seconds for an hour: a token bucket would let through a
	// burst and then its refills; a sliding window never more than 10.
	for now := start; now.Before(start.Add(time.Hour)); now = now.Add(10 * time.Second) {
		if ok, _, next := l.take(now, false); ok {
			allowed = append(allowed, now)
		} else if !next.After(now) {
			t.Fatalf("refused at %v with next %v, not in the future", now, next)
		}
	}
	for i := range allowed {
		n := 0
		for _, a := range allowed[i:] {
			if a.Sub(allowed[i]) < tokenRequestWindow {
				n++
			}
		}
		if n > tokenRequestLimit {
			t.Fatalf("%d requests within 10 minutes from %v", n, allowed[i])
		}
	}
	if len(allowed) < 60 {
		t.Fatalf("only %d requests in an hour; the limiter is stricter than 10 per 10 min", len(allowed))
	}
}

func TestRequestLimiterSaysWhenTheNextSlotOpens(t *testing.T) {
	l := newRequestLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range tokenRequestLimit {
		if ok, wait, _ := l.take(now.Add(time.Duration(i)*time.Second), false); !ok || wait != 0 {
			t.Fatalf("request %d: ok=%v wait=%v", i, ok, wait)
		}
	}
	ok, _, next := l.take(now.Add(time.Minute), false)
	if ok || !next.Equal(now.Add(tokenRequestWindow)) {
		t.Fatalf("11th request: ok=%v next=%v, want refused until %v", ok, next, now.Add(tokenRequestWindow))
	}
	if ok, _, _ := l.take(next, false); !ok {
		t.Fatal("refused when the oldest request left the window")
	}
}

func TestRequestLimiterKeepsRequestsASecondApart(t *testing.T) {
	l := newRequestLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var at []time.Time
	// Twenty requests at one instant, scheduled or not: each is reserved a
	// second after the one before.
	for i := range 20 {
		ok, wait, _ := l.take(now, i%2 == 0)
		if !ok {
			break
		}
		at = append(at, now.Add(wait))
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < tokenRequestSpacing {
			t.Fatalf("requests %d and %d are %v apart", i-1, i, gap)
		}
	}
	if len(at) < tokenRequestLimit {
		t.Fatalf("only %d requests reserved", len(at))
	}
}

func TestRequestLimiterLetsScheduledRenewalsThroughAFullWindow(t *testing.T) {
	l := newRequestLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// 20 s tokens renewed on schedule every 16 s for an hour: 225 renewals,
	// far over 10 in 10 minutes, and none refused.
	for i := range 225 {
		if ok, wait, _ := l.take(now.Add(time.Duration(i)*16*time.Second), true); !ok || wait != 0 {
			t.Fatalf("scheduled renewal %d refused (wait %v)", i, wait)
		}
	}
	// Off schedule the hard cap still holds in the same window.
	end := now.Add(225 * 16 * time.Second)
	n := 0
	for i := range 30 {
		if ok, _, _ := l.take(end.Add(time.Duration(i)*2*time.Second), false); ok {
			n++
		}
	}
	if n != tokenRequestLimit {
		t.Fatalf("%d forced requests allowed in a minute, want %d", n, tokenRequestLimit)
	}
}

func TestAcquireWaitsOutTheSpacingOrTheContext(t *testing.T) {
	l := newRequestLimiter()
	clock := oauthtest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if ok, _, err := l.acquire(context.Background(), clock, false); !ok || err != nil {
		t.Fatalf("first acquire: %v %v", ok, err)
	}
	done := make(chan bool)
	go func() {
		ok, _, _ := l.acquire(context.Background(), clock, false)
		done <- ok
	}()
	waitFor(t, "the second request to wait for its slot", func() bool { return clock.Waiters() == 1 })
	clock.Advance(tokenRequestSpacing)
	if !<-done {
		t.Fatal("the second request was refused after the spacing passed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ok, _, err := l.acquire(ctx, clock, false); ok || err == nil {
		t.Fatalf("acquire with a cancelled context: ok=%v err=%v", ok, err)
	}
}

// A clock set back (a test's manual clock in a later test, on a region the
// process has met before) must not hold requests for as long as it went
// back; the requests of the window still count for a window from then.
func TestRequestLimiterFollowsAClockSetBack(t *testing.T) {
	l := newRequestLimiter()
	start := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	later := start.Add(3 * time.Hour)
	for i := range tokenRequestLimit - 1 {
		if ok, _, _ := l.take(later.Add(time.Duration(i)*tokenRequestSpacing), false); !ok {
			t.Fatal("refused within the limit")
		}
	}
	ok, wait, _ := l.take(start, false)
	if !ok {
		t.Fatal("the last request of the window was refused after the clock went back")
	}
	if wait > tokenRequestSpacing {
		t.Errorf("after the clock went back 3 h a request waits %v, want at most %v", wait, tokenRequestSpacing)
	}
	if ok, _, next := l.take(start.Add(wait), false); ok {
		t.Errorf("an eleventh request in the window was allowed")
	} else if next.Before(start) || next.After(start.Add(tokenRequestWindow+tokenRequestLimit*tokenRequestSpacing)) {
		t.Errorf("the next slot opens at %v, want within a window of %v", next, start)
	}
}

// Requests queued at one instant keep their places: what looks ahead of
// the clock because it is queued is not a clock set back.
func TestRequestLimiterKeepsAQueueThatRealTimeExplains(t *testing.T) {
	l := newRequestLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var last time.Time
	for i := range 15 {
		ok, wait, _ := l.take(now, true)
		if !ok {
			t.Fatalf("request %d refused", i)
		}
		if at := now.Add(wait); i > 0 && at.Sub(last) < tokenRequestSpacing {
			t.Fatalf("requests %d and %d are %v apart", i-1, i, at.Sub(last))
		}
		last = now.Add(wait)
	}
}
