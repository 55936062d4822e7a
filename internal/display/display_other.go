//go:build !unix || darwin || ios || android

package display

// Missing is false on macOS, Windows and phones: their apps always have a
// window server, named in no variable.
func Missing() bool { return false }
