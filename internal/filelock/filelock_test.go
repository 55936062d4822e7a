package filelock

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestASecondLockWaitsForTheFirstToBeReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "renew.lock")
	release, err := Lock(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan time.Time, 1)
	go func() {
		r, err := Lock(context.Background(), path)
		if err != nil {
			t.Error(err)
			got <- time.Time{}
			return
		}
		got <- time.Now()
		r()
	}()
	time.Sleep(100 * time.Millisecond)
	released := time.Now()
	release()
	select {
	case at := <-got:
		if at.Before(released) {
			t.Errorf("the second lock was taken %v before the first was released", released.Sub(at))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the second lock was never taken")
	}
}

func TestAWaitForALockEndsWithItsContext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "renew.lock")
	release, err := Lock(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
}
