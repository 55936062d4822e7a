//go:build !wasm && !js && !android && !ios && !test_web_driver

package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// workArea is the usable part of the primary monitor (without panels and
// docks) in screen coordinates, the unit Fyne multiplies its sizes by the
// canvas scale to get; false when w is not a GLFW window, as under Fyne's
// test driver. Fyne 2.8 has no call for the screen's size, so this asks
// GLFW, the library Fyne's desktop driver runs on. It must run on the main
// goroutine once the window exists, when GLFW is initialised. Fyne opens
// a new window on the primary monitor unless the window manager moves it;
// with several monitors of different sizes, this is the primary one's.
func workArea(w fyne.Window) (size fyne.Size, ok bool) {
	if _, native := w.(driver.NativeWindow); !native {
		return fyne.Size{}, false
	}
	defer func() {
		if recover() != nil { // GLFW reports its errors by panicking
			size, ok = fyne.Size{}, false
		}
	}()
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return fyne.Size{}, false
	}
	_, _, width, height := m.GetWorkarea()
	return fyne.NewSize(float32(width), float32(height)), width > 0 && height > 0
}
