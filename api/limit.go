package api

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps a family's documented limits: a pace over all paths, a
// budget per path, and a cap on calls in flight. It reserves on its own
// clock and waits through the client's sleep, so a test can run it on a
// fake clock and check the reservation math itself.
type limiter struct {
	now      func() time.Time
	all      *rate.Limiter
	inFlight chan struct{}

	perPath      int
	window       time.Duration
	mu           sync.Mutex
	pathLimiters map[string]*rate.Limiter
}

func newLimiter(l Limit, now func() time.Time) *limiter {
	return &limiter{
		now:          now,
		all:          rate.NewLimiter(rate.Limit(l.PerSecond), l.Burst),
		inFlight:     make(chan struct{}, l.Concurrent),
		perPath:      l.PerPath,
		window:       l.Window,
		pathLimiters: map[string]*rate.Limiter{},
	}
}

// forPath returns the budget of path, or nil when the family has none.
//
// A token bucket of burst b refilled at r lets through at most b + r·W
// calls in any window W. Half the budget is the burst and the other half
// refills over the window, so a view's first calls start at once and no
// window ever sees more than PerPath calls.
func (l *limiter) forPath(path string) *rate.Limiter {
	if l.perPath <= 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	pl := l.pathLimiters[path]
	if pl == nil {
		burst := max(1, l.perPath/2)
		refill := l.perPath - burst
		pl = rate.NewLimiter(rate.Limit(float64(refill)/l.window.Seconds()), burst)
		l.pathLimiters[path] = pl
	}
	return pl
}

// wait takes a slot and waits until path may be called; release frees the
// slot. The slot is taken first, so calls that queue for one still start at
// the limiter's pace; the pace over all paths is reserved last, right
// before the call starts, so the gap between two starts is never shorter
// than it says.
func (l *limiter) wait(ctx context.Context, path string, sleep func(context.Context, time.Duration) error) (release func(), err error) {
	select {
	case l.inFlight <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-l.inFlight }
	for _, lim := range []*rate.Limiter{l.forPath(path), l.all} {
		if lim == nil {
			continue
		}
		if err := l.reserve(ctx, lim, sleep); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// reserve waits for one token of lim, as rate.Limiter.Wait does, but on
// the limiter's clock and sleep.
func (l *limiter) reserve(ctx context.Context, lim *rate.Limiter, sleep func(context.Context, time.Duration) error) error {
	now := l.now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return fmt.Errorf("rate limit: burst 0")
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(d).After(deadline) {
		// Refused at once, as rate.Limiter.Wait does, rather than waiting
		// for a deadline that comes first.
		r.CancelAt(now)
		return fmt.Errorf("rate limit: %w", context.DeadlineExceeded)
	}
	if err := sleep(ctx, d); err != nil {
		r.CancelAt(l.now())
		return err
	}
	return nil
}
