// Package publish hands the latest state of something (a sign-in, a quote
// feed) to whoever subscribed, from one goroutine: a slow subscriber sees
// the newest state rather than a backlog, and the owner of the state never
// waits for a subscriber.
package publish

import (
	"context"
	"sync"
)

// Latest publishes the value read returns. The owner calls Changed after
// every change (under its own lock is fine: Changed never blocks) and runs
// Run on a goroutine of its own until it closes.
type Latest[T any] struct {
	read   func() T
	notify chan struct{}

	mu   sync.Mutex
	subs map[int]func(T)
	next int
}

// New returns a Latest that reads the current state with read, which takes
// the owner's lock itself; read is called from Run's goroutine only.
func New[T any](read func() T) *Latest[T] {
	return &Latest[T]{read: read, notify: make(chan struct{}, 1), subs: map[int]func(T){}}
}

// Subscribe calls fn with the current state and then after every change,
// from Run's goroutine, until cancel is called.
func (l *Latest[T]) Subscribe(fn func(T)) (cancel func()) {
	l.mu.Lock()
	id := l.next
	l.next++
	l.subs[id] = fn
	l.mu.Unlock()
	l.Changed()
	return func() {
		l.mu.Lock()
		delete(l.subs, id)
		l.mu.Unlock()
	}
}

// Changed says the state changed; the subscribers hear of it soon after,
// changes close together as one.
func (l *Latest[T]) Changed() {
	select {
	case l.notify <- struct{}{}:
	default:
	}
}

// Run delivers the state after each Changed until ctx ends.
func (l *Latest[T]) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.notify:
		}
		st := l.read()
		l.mu.Lock()
		fns := make([]func(T), 0, len(l.subs))
		for _, fn := range l.subs {
			fns = append(fns, fn)
		}
		l.mu.Unlock()
		for _, fn := range fns {
			fn(st)
		}
	}
}
