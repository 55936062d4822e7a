package oauth

import (
	"testing"
	"time"
)

func TestRequestLimiterHoldsInAnySlidingWindow(t *testing.T) {
	l := newRequestLimiter()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var allowed []time.Time
	// Try every 10 seconds for an hour: a token bucket would let through a
	// burst and then its refills; a sliding window never more than 10.
	for now := start; now.Before(start.Add(time.Hour)); now = now.Add(10 * time.Second) {
		if ok, next := l.take(now); ok {
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
		if ok, _ := l.take(now.Add(time.Duration(i) * time.Second)); !ok {
			t.Fatalf("request %d refused", i)
		}
	}
	ok, next := l.take(now.Add(time.Minute))
	if ok || !next.Equal(now.Add(tokenRequestWindow)) {
		t.Fatalf("11th request: ok=%v next=%v, want refused until %v", ok, next, now.Add(tokenRequestWindow))
	}
	if ok, _ := l.take(next); !ok {
		t.Fatal("refused when the oldest request left the window")
	}
}
