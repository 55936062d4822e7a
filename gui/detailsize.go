package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// The size of the last security window closed, which the next one takes.
const (
	prefDetailWidth  = "security.width"
	prefDetailHeight = "security.height"
	prefDetailSplit  = "security.split" // the share of the width left of the book
)

// defaultDetailSize shows the quote, a chart of a few months of days and,
// beside it, the book and the tape.
var defaultDetailSize = fyne.NewSize(1240, 720)

// detailSize is the size a new security window opens at: the last one's,
// within the screen the main window found (fitScreen), so that on a small
// screen the book and the time axis are not off its edges.
func (u *UI) detailSize() fyne.Size {
	prefs := u.app.Preferences()
	size := fyne.NewSize(
		float32(prefs.FloatWithFallback(prefDetailWidth, float64(defaultDetailSize.Width))),
		float32(prefs.FloatWithFallback(prefDetailHeight, float64(defaultDetailSize.Height))))
	if u.screen != (fyne.Size{}) {
		size = size.Min(u.screen)
	}
	return size
}

// detailSplit is where the chart's side ends and the book's begins in a
// new security window: the last one's, or the book at its own width.
func (u *UI) detailSplit() float64 {
	return u.app.Preferences().FloatWithFallback(prefDetailSplit, 1-float64(bookWidth+theme.Padding())/float64(defaultDetailSize.Width))
}

// rememberDetailSize keeps w's size and the split between its chart and
// its book for the next security window.
func (u *UI) rememberDetailSize(w fyne.Window, split *container.Split) {
	if split != nil && split.Offset > 0 && split.Offset < 1 {
		u.app.Preferences().SetFloat(prefDetailSplit, split.Offset)
	}
	size := w.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	prefs := u.app.Preferences()
	prefs.SetFloat(prefDetailWidth, float64(size.Width))
	prefs.SetFloat(prefDetailHeight, float64(size.Height))
}
