package oauthtest

import (
	"sort"
	"sync"
	"time"
)

// ManualClock is a clock that moves only when told to, for running hours of
// token lifetimes in a test. It satisfies oauth.Clock, and its Now method can
// be passed as Options.Now so the server and the client share one time.
type ManualClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	c  chan time.Time
}

// NewManualClock starts a clock at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start.Round(0)} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a channel that receives the time once the clock has been
// advanced by d or more.
func (c *ManualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{at: c.now.Add(d), c: ch})
	return ch
}

// Advance moves the clock forward by d and fires every timer that is due.
func (c *ManualClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Set jumps the clock to t (as a system resume does) and fires every timer
// that is due.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.Round(0)
	sort.Slice(c.waiters, func(i, j int) bool { return c.waiters[i].at.Before(c.waiters[j].at) })
	var due []waiter
	for len(c.waiters) > 0 && !c.waiters[0].at.After(c.now) {
		due = append(due, c.waiters[0])
		c.waiters = c.waiters[1:]
	}
	now := c.now
	c.mu.Unlock()
	for _, w := range due {
		w.c <- now
	}
}

// Waiters reports how many timers are pending, so a test can wait until a
// goroutine has gone to sleep before moving the clock.
func (c *ManualClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}
