package oauth

import (
	"sync"
	"time"
)

// Token requests per region, whatever happens: a bug, a loop, a server that
// keeps failing. Seed 001: accounts that flood the authentication service
// get blocked.
const (
	tokenRequestLimit  = 10
	tokenRequestWindow = 10 * time.Minute
)

// requestLimiter allows at most limit events in any sliding window. A token
// bucket (x/time/rate) would allow a burst plus refills inside one window,
// and this bound must hold exactly.
type requestLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	times  []time.Time
}

func newRequestLimiter() *requestLimiter {
	return &requestLimiter{limit: tokenRequestLimit, window: tokenRequestWindow}
}

// take records an event at now if the window allows it; otherwise it returns
// false and when the next event will be allowed.
func (l *requestLimiter) take(now time.Time) (ok bool, next time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := 0
	for cut < len(l.times) && !l.times[cut].After(now.Add(-l.window)) {
		cut++
	}
	l.times = l.times[cut:]
	if len(l.times) >= l.limit {
		return false, l.times[0].Add(l.window)
	}
	l.times = append(l.times, now)
	return true, time.Time{}
}
