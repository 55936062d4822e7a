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

	// lastWall is when last was reserved on the machine's own clock, and
	// lastLead how far ahead of the caller's clock last then was. A clock
	// that runs apart from the machine's (a test's, whose time is set by
	// hand) and then stands behind last by more than that lead, less the
	// time since, went back: the limiter follows it rather than wait for it.
	lastWall time.Time
	lastLead time.Duration
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
	l.followClockBack(now)
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
	l.last, l.lastWall, l.lastLead = at, time.Now(), at.Sub(now)
	if !onSchedule {
		l.times = append(l.times, at)
	}
	return true, at.Sub(now), time.Time{}
}

// followClockBack moves the reservations back with a clock that went back.
// Real time has passed since the last reservation, so the last request can
// be no further ahead of now than it was then, less the time since; what
// is further ahead is a clock set back, and waiting for it would hold every
// request for as long as it went back. The requests of the window move
// back with it, so they still count for a whole window from now.
func (l *requestLimiter) followClockBack(now time.Time) {
	if l.last.IsZero() {
		return
	}
	lead := max(l.lastLead-time.Since(l.lastWall), 0)
	back := l.last.Sub(now) - lead
	if back <= l.spacing { // the clocks' readings a moment apart, not a clock set back
		return
	}
	l.last = l.last.Add(-back)
	for i, t := range l.times {
		l.times[i] = t.Add(-back)
	}
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
