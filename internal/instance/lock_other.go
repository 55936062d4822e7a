//go:build !unix && !windows

package instance

import "os"

// tryLock always succeeds where there is no file lock (js, wasip1, plan9):
// such systems run no second desktop copy of the app.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) error { return nil }
