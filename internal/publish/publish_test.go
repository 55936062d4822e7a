package publish

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestASubscriberHearsTheCurrentStateThenTheLatest(t *testing.T) {
	var state atomic.Int64
	l := New(func() int64 { return state.Load() })
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { l.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()

	got := make(chan int64, 100)
	stop := l.Subscribe(func(v int64) { got <- v })
	if v := <-got; v != 0 {
		t.Fatalf("first call %d, want the current state 0", v)
	}
	// Many changes at once: the subscriber ends on the latest.
	for i := int64(1); i <= 50; i++ {
		state.Store(i)
		l.Changed()
	}
	deadline := time.After(5 * time.Second)
	for {
		select {
		case v := <-got:
			if v == 50 {
				stop()
				state.Store(99)
				l.Changed()
				select {
				case v := <-got:
					if v == 99 {
						t.Fatal("a cancelled subscriber was called")
					}
				case <-time.After(50 * time.Millisecond):
				}
				return
			}
		case <-deadline:
			t.Fatal("the subscriber never heard the latest state")
		}
	}
}

func TestChangedNeverBlocks(t *testing.T) {
	l := New(func() int { return 0 })
	done := make(chan struct{})
	go func() {
		for range 1000 {
			l.Changed() // nobody runs Run
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Changed blocked without a running dispatcher")
	}
}
