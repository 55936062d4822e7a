//go:build !windows

package console

// Attach does nothing outside Windows, where a program started from a
// terminal has its standard handles already.
func Attach() bool { return false }
