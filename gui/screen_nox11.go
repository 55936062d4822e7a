//go:build !linux || android || wasm || js || test_web_driver

package gui

import "fyne.io/fyne/v2"

// minimised cannot tell here; the window is taken to be on screen.
func minimised(fyne.Window) bool { return false }
