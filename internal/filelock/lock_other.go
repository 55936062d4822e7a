//go:build !unix && !windows

package filelock

import "os"

// TryLock always succeeds where there is no file lock (js, wasip1, plan9):
// such systems run no second desktop copy of the app, and no second process shares its files.
func TryLock(*os.File) (bool, error) { return true, nil }

// Unlock releases the lock TryLock took.
func Unlock(*os.File) error { return nil }
