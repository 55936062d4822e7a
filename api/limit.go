package api

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// limiter keeps a family's documented limits as the server counts them:
// on the moments requests went out, not the moments they were let go. A
// request let go may still wait for a connection, for the scheduler on a
// loaded machine, or for a slow socket; a limiter that counted from its
// own reservation let such a request arrive on the heels of the next.
//
// So a call waits for a free slot, then for its path's budget, then takes
// the gate, which one call holds at a time from the end of its wait until
// its request was written to the connection (ticket.sent). Under the gate
// it waits out the pace over all paths, counted from the moment the last
// call went out, with a margin for what happens on the way to the server.
// The limiter runs on its own clock and waits through the client's sleep,
// so a test can run it on a fake clock.
//
// Why the write (httptrace's WroteRequest) and not an earlier moment: the
// start of RoundTrip comes before any wait for a connection (a dial, a TLS
// handshake, a slow wrapper), and GotConn before the request is queued to
// the connection's writer; only WroteRequest comes after its bytes were
// handed to the connection (HTTP/1 flushes them right after it, on the
// same goroutine). The cost: over HTTP/1, calls that each need a new
// connection dial one after the other; over HTTP/2, which the default
// transport speaks with TLS, calls share one connection anyway.
type limiter struct {
	now      func() time.Time
	inFlight chan struct{}
	gate     chan struct{}

	mu      sync.Mutex
	all     sendLog             // the pace over all paths
	perPath sendLog             // the shape of each path's log; empty: no budget
	paths   map[string]*sendLog // each path's budget
}

func newLimiter(l Limit, now func() time.Time) *limiter {
	lim := &limiter{
		now:      now,
		inFlight: make(chan struct{}, l.Concurrent),
		gate:     make(chan struct{}, 1),
		// Burst calls in the time the rate gives them: with a burst of 1,
		// a gap of 1/PerSecond between any two calls.
		all:   sendLog{n: l.Burst, within: time.Duration(float64(l.Burst)/l.PerSecond*float64(time.Second)) + l.Margin},
		paths: map[string]*sendLog{},
	}
	if l.PerPath > 0 {
		lim.perPath = sendLog{n: l.PerPath, within: l.Window + l.Margin}
	}
	return lim
}

// sendLog holds the moments calls went out, for a rule of at most n calls
// in any span of within.
type sendLog struct {
	n      int
	within time.Duration
	at     []time.Time // oldest first; none older than within before the last
}

// next is the first moment another call may go out.
func (s *sendLog) next() time.Time {
	if s == nil || s.n <= 0 || len(s.at) < s.n {
		return time.Time{}
	}
	return s.at[len(s.at)-s.n].Add(s.within)
}

func (s *sendLog) add(t time.Time) {
	drop := 0
	for drop < len(s.at) && !s.at[drop].Add(s.within).After(t) {
		drop++ // out of every later span: it can hold no call back
	}
	s.at = append(s.at[drop:], t)
}

// pathLog returns the budget of path, nil when the family has none; the
// caller holds l.mu.
func (l *limiter) pathLog(path string) *sendLog {
	if l.perPath.n <= 0 {
		return nil
	}
	p := l.paths[path]
	if p == nil {
		p = &sendLog{n: l.perPath.n, within: l.perPath.within}
		l.paths[path] = p
	}
	return p
}

func (l *limiter) pathNext(path string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pathLog(path).next()
}

// ticket is a call the limiter let go.
type ticket struct {
	l        *limiter
	path     string
	sentOnce sync.Once
	doneOnce sync.Once
}

// wait takes a slot and waits until a call to path may go out. The ticket
// must be told when the request was written (sent) and when the call is
// over (done).
func (l *limiter) wait(ctx context.Context, path string, sleep func(context.Context, time.Duration) error) (*ticket, error) {
	select {
	case l.inFlight <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	fail := func(err error) (*ticket, error) {
		<-l.inFlight
		return nil, err
	}
	for {
		// A path's budget can take many seconds: it is waited out
		// without the gate, so that calls to other paths go meanwhile.
		if err := l.waitUntil(ctx, l.pathNext(path), sleep); err != nil {
			return fail(err)
		}
		select {
		case l.gate <- struct{}{}:
		case <-ctx.Done():
			return fail(ctx.Err())
		}
		if l.pathNext(path).After(l.now()) {
			<-l.gate // another call to path went first: wait again
			continue
		}
		l.mu.Lock()
		next := l.all.next()
		l.mu.Unlock()
		if err := l.waitUntil(ctx, next, sleep); err != nil {
			<-l.gate
			return fail(err)
		}
		return &ticket{l: l, path: path}, nil
	}
}

// waitUntil sleeps until t. A wait that would outlast ctx's deadline
// fails at once, as rate.Limiter.Wait does, rather than waiting for a
// deadline that comes first.
func (l *limiter) waitUntil(ctx context.Context, t time.Time, sleep func(context.Context, time.Duration) error) error {
	now := l.now()
	d := t.Sub(now)
	if d <= 0 {
		return nil
	}
	if deadline, ok := ctx.Deadline(); ok && now.Add(d).After(deadline) {
		return fmt.Errorf("rate limit: %w", context.DeadlineExceeded)
	}
	return sleep(ctx, d)
}

// sent records that the request went out now, and lets the next call
// start counting from this moment. Only the first call counts: a request
// written twice (a redirect) went out at the first.
func (t *ticket) sent() {
	t.sentOnce.Do(func() {
		l := t.l
		now := l.now()
		l.mu.Lock()
		l.all.add(now)
		if p := l.pathLog(t.path); p != nil {
			p.add(now)
		}
		l.mu.Unlock()
		<-l.gate
	})
}

// done ends the call and frees its slot. A request whose writing was never
// reported (a transport without tracing, a failure before the write)
// counts as sent now, which is never before it really went.
func (t *ticket) done() {
	t.sent()
	t.doneOnce.Do(func() { <-t.l.inFlight })
}
