// Command hello is the smallest Fyne window, built like Portview, as the
// baseline of scripts/coldstart.sh.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.New()
	w := a.NewWindow("hello")
	w.SetContent(widget.NewLabel("Hello"))
	w.ShowAndRun()
}
