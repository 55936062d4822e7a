//go:build wasm || js || android || ios || test_web_driver

package gui

import "fyne.io/fyne/v2"

// workArea is unknown where Fyne does not run on GLFW.
func workArea(fyne.Window) (fyne.Size, bool) { return fyne.Size{}, false }
