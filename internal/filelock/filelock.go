// Package filelock holds advisory locks on files between processes: flock
// on Unix, LockFileEx on Windows. The operating system drops a lock when its
// process ends, however it ends, so a crash never leaves a lock behind.
package filelock

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// pollInterval is how often Lock tries again while another process holds
// the lock.
const pollInterval = 20 * time.Millisecond

// Lock takes an exclusive lock on the file at path (created, with its
// folder, if need be), waiting until it is free or ctx ends. The returned
// function releases it.
func Lock(ctx context.Context, path string) (release func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of the lock: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	for {
		held, err := TryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if held {
			return func() {
				_ = Unlock(f)
				f.Close()
			}, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(pollInterval):
		}
	}
}
