package gui

import "fyne.io/fyne/v2"

// The size of the last security window closed, which the next one takes.
const (
	prefDetailWidth  = "security.width"
	prefDetailHeight = "security.height"
)

// defaultDetailSize shows the quote, a chart of a few months of days and,
// beside it, the book and the tape.
var defaultDetailSize = fyne.NewSize(1240, 720)

// detailSize is the size a new security window opens at: the last one's.
func (u *UI) detailSize() fyne.Size {
	prefs := u.app.Preferences()
	return fyne.NewSize(
		float32(prefs.FloatWithFallback(prefDetailWidth, float64(defaultDetailSize.Width))),
		float32(prefs.FloatWithFallback(prefDetailHeight, float64(defaultDetailSize.Height))))
}

// rememberDetailSize keeps w's size for the next security window.
func (u *UI) rememberDetailSize(w fyne.Window) {
	size := w.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	prefs := u.app.Preferences()
	prefs.SetFloat(prefDetailWidth, float64(size.Width))
	prefs.SetFloat(prefDetailHeight, float64(size.Height))
}
