package oauth

import (
	"context"
	"sync"
	"time"
)

// Token requests per region, whatever happens: a bug, a loop, a server that
// keeps failing. Seed 001: accounts that flood the authentication service
// get blocked.
const (
	tokenRequestLimit   = 10
	tokenRequestWindow  = 10 * time.Minute
	tokenRequestSpacing = time.Second
)

// requestLimiter guards a region's token endpoint. No two token requests
// are ever less than a second apart; a renewal on schedule (its token has
// lived at least half its life) is paced by that life and needs nothing
// more, and every other request (sign-ins, renewals a caller forces,
// retries, a second window racing) also counts against 10 in any
// 10 minutes, a sliding window that holds exactly, which a token bucket
// (x/time/rate, a burst plus refills) would not.
type requestLimiter struct {
	mu      sync.Mutex
	limit   int
	window  time.Duration
	spacing time.Duration
	last    time.Time   // the last request of any kind
	times   []time.Time // the requests off schedule within the window
}

func newRequestLimiter() *requestLimiter {
	return &requestLimiter{limit: tokenRequestLimit, window: tokenRequestWindow, spacing: tokenRequestSpacing}
}

// take reserves a request at now if the rules allow it. A request that
// only the spacing holds back is reserved for the moment the spacing allows,
// and wait says how long that is (at most a second). Otherwise ok is false
// and next says when such a request will be allowed.
func (l *requestLimiter) take(now time.Time, onSchedule bool) (ok bool, wait time.Duration, next time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := 0
	for cut < len(l.times) && !l.times[cut].After(now.Add(-l.window)) {
		cut++
	}
	l.times = l.times[cut:]
	if !onSchedule && len(l.times) >= l.limit {
		return false, 0, l.times[0].Add(l.window)
	}
	at := now
	if !l.last.IsZero() && at.Before(l.last.Add(l.spacing)) {
		at = l.last.Add(l.spacing)
	}
	l.last = at
	if !onSchedule {
		l.times = append(l.times, at)
	}
	return true, at.Sub(now), time.Time{}
}

// acquire is take followed by the wait it asks for. It waits on clock and
// on real time alike, whichever passes first: they are the same clock in
// the app, and a test's manual clock must not hold a request forever.
func (l *requestLimiter) acquire(ctx context.Context, clock Clock, onSchedule bool) (ok bool, next time.Time, err error) {
	ok, wait, next := l.take(clock.Now(), onSchedule)
	if !ok || wait <= 0 {
		return ok, next, nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-clock.After(wait):
	case <-t.C:
	case <-ctx.Done():
		return false, time.Time{}, ctx.Err()
	}
	return true, time.Time{}, nil
}
