package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// The smallest window at which every control stays usable (checked at
// 800x600 in the tests and by screenshots), in Fyne's units, which the
// scale multiplies. A screen smaller than that in those units, as
// 1400x900 pixels at FYNE_SCALE=2 is, lowers it to the screen.
const (
	minWindowWidth  = 800
	minWindowHeight = 600
)

// fitScreen keeps the window on the screen it opened on: a remembered or
// default size larger than the screen's work area, at the scale in use,
// shrinks to it. Sizes are kept in Fyne's units, which do not change with
// the scale; a size the screen forced is not remembered (onClosed), so a
// run at FYNE_SCALE=2 does not leave the next run at scale 1 tiny. It runs
// on the main goroutine after Show, once the canvas knows its scale.
func (u *UI) fitScreen() {
	screen, ok := u.cfg.screen(u.win)
	if !ok {
		return
	}
	if scale := u.win.Canvas().Scale(); scale > 0 {
		screen = fyne.NewSize(screen.Width/scale, screen.Height/scale)
	}
	u.screen = screen
	// The window is its content and what Fyne puts around it: the padding
	// and, on Linux and Windows, the menu bar.
	canvas, content := u.win.Canvas().Size(), u.win.Content().Size()
	chrome := fyne.NewSize(max(canvas.Width-content.Width, 0), max(canvas.Height-content.Height, 0))
	u.sizer.max = fyne.NewSize(max(screen.Width-chrome.Width, 0), max(screen.Height-chrome.Height, 0))
	u.sizer.min = fyne.NewSize(min(minWindowWidth, u.sizer.max.Width), min(minWindowHeight, u.sizer.max.Height))
	want := u.win.Canvas().Size()
	fit := fyne.NewSize(min(want.Width, screen.Width), min(want.Height, screen.Height))
	if fit != want {
		u.log.Info("window shrunk to the screen", "wanted", want, "screen", screen)
		u.fitted = fit
		u.win.Resize(fit)
	}
	u.win.Content().Refresh()
}

// rememberSize keeps the window's size for the next start, unless the
// screen forced it.
func (u *UI) rememberSize() {
	size := u.win.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	if u.fitted != (fyne.Size{}) && size.Width >= u.fitted.Width-1 && size.Height >= u.fitted.Height-1 {
		return // still the size the screen forced: keep the one asked for
	}
	prefs := u.app.Preferences()
	prefs.SetFloat(prefWindowWidth, float64(size.Width))
	prefs.SetFloat(prefWindowHeight, float64(size.Height))
}

// windowSizer gives the window's content a minimum size: its own, or the
// smallest usable window, whichever is larger, but never more than the
// screen (max, once known). Fyne keeps a window at least as large as its
// content's minimum, so content that asks for more than the screen has
// (a long notice, a language with longer words, a large scale) would push
// the window, and the status bar at its bottom, off the screen; laid out
// smaller than it asks, the content gives up space in its scrolled middle.
type windowSizer struct{ min, max fyne.Size }

func newWindowContent(s *windowSizer, content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(s, content)
}

func (s *windowSizer) MinSize(objects []fyne.CanvasObject) fyne.Size {
	size := objects[0].MinSize().Max(s.min)
	if s.max != (fyne.Size{}) {
		size = size.Min(s.max)
	}
	return size
}

func (s *windowSizer) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	objects[0].Move(fyne.NewPos(0, 0))
	objects[0].Resize(size)
}
