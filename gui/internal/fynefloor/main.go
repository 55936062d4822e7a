// Command fynefloor is the least a Fyne window costs: a window of N texts
// (or rectangles), one of which changes RATE times a second. Run under Xvfb
// with software GL by scripts/fyne-floor.sh, it gives the floor under
// Portview's own figures in BENCHMARKS.md: the CPU of a frame and the
// resident memory that any Fyne window has there, whatever it shows.
package main

import (
	"flag"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

func main() {
	n := flag.Int("n", 130, "objects in the window")
	rate := flag.Int("rate", 8, "changes a second, each a frame")
	rects := flag.Bool("rects", false, "rectangles instead of texts")
	width := flag.Int("w", 1100, "window width; the height is 7/11 of it")
	more := flag.Int("more-rects", 0, "rectangles after the texts, as a window's lines and backgrounds")
	icons := flag.Int("icons", 0, "icons after those, as a window's buttons and tabs")
	flag.Parse()

	a := app.New()
	w := a.NewWindow("fynefloor")
	objs := make([]fyne.CanvasObject, *n)
	for i := range objs {
		if *rects {
			r := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
			r.SetMinSize(fyne.NewSize(40, 16))
			objs[i] = r
			continue
		}
		objs[i] = canvas.NewText(fmt.Sprintf("%d.123", i), theme.Color(theme.ColorNameForeground))
	}
	for range *more {
		objs = append(objs, canvas.NewRectangle(theme.Color(theme.ColorNameButton)))
	}
	for range *icons {
		objs = append(objs, canvas.NewImageFromResource(theme.ComputerIcon()))
	}
	w.SetContent(container.NewGridWrap(fyne.NewSize(80, 20), objs...))
	w.Resize(fyne.NewSize(float32(*width), float32(*width)*7/11))
	go func() {
		i := 0
		for range time.Tick(time.Second / time.Duration(*rate)) {
			i++
			fyne.Do(func() {
				if t, ok := objs[0].(*canvas.Text); ok {
					t.Text = fmt.Sprint(i)
				}
				objs[0].Refresh()
			})
		}
	}()
	w.ShowAndRun()
}
