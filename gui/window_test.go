package gui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// At FYNE_SCALE=2 a 1400x900 screen is 700x450 in Fyne's units.
var smallScreen = fyne.NewSize(700, 450)

func TestTheWindowFitsTheScreenAndForgetsTheSizeItForced(t *testing.T) {
	h := newHarness(t, harnessOptions{screen: smallScreen})
	h.ui.Start()
	h.ui.fitScreen()
	if got := h.ui.win.Canvas().Size(); got.Width > smallScreen.Width || got.Height > smallScreen.Height {
		t.Errorf("the window is %v on a %v screen", got, smallScreen)
	}
	if got := h.ui.win.Content().MinSize(); got.Width > smallScreen.Width || got.Height > smallScreen.Height {
		t.Errorf("the window cannot shrink below %v, more than the %v screen", got, smallScreen)
	}
	h.ui.onClosed()
	prefs := h.app.Preferences()
	if w, ht := prefs.FloatWithFallback(prefWindowWidth, 0), prefs.FloatWithFallback(prefWindowHeight, 0); w != 0 || ht != 0 {
		t.Errorf("the size the screen forced (%vx%v) was remembered; the next start at scale 1 would be that small", w, ht)
	}
}

func TestASizeTheUserChoseOnASmallScreenIsRemembered(t *testing.T) {
	h := newHarness(t, harnessOptions{screen: smallScreen})
	h.ui.Start()
	h.ui.fitScreen()
	h.ui.win.Resize(fyne.NewSize(650, 420))
	h.ui.onClosed()
	prefs := h.app.Preferences()
	if w, ht := prefs.FloatWithFallback(prefWindowWidth, 0), prefs.FloatWithFallback(prefWindowHeight, 0); w != 650 || ht != 420 {
		t.Errorf("remembered %vx%v, want the 650x420 chosen", w, ht)
	}
}

func TestTheWindowHasAUsableMinimumSize(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	if got := h.ui.win.Content().MinSize(); got.Width < minWindowWidth || got.Height < minWindowHeight {
		t.Errorf("the window can shrink to %v, below %dx%d", got, minWindowWidth, minWindowHeight)
	}
}

// within reports whether o lies inside the window's canvas.
func within(c fyne.Canvas, o fyne.CanvasObject) bool {
	start, end := bounds(o)
	size := c.Size()
	return o.Visible() && start.X >= 0 && start.Y >= 0 && end.X <= size.Width && end.Y <= size.Height
}

func TestEveryControlIsOnScreenAt800x600(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.win.Resize(fyne.NewSize(minWindowWidth, minWindowHeight))
	h.signInToSandbox()
	c := h.ui.win.Canvas()
	tab := h.ui.securities()
	for name, o := range map[string]fyne.CanvasObject{
		"Reload": tab.reloadButton, "Copy": tab.copyButton, "Export": tab.exportButton,
		"the filter": tab.filter, "the market": h.ui.viewByKey("securities").(*securitiesView).market, "the status line": h.ui.status.text,
	} {
		if !within(c, o) {
			s, e := bounds(o)
			t.Errorf("%s is at %v-%v, outside the %v window", name, s, e, c.Size())
		}
	}

	h.ui.onSwitchRegion()
	p := h.ui.regionPage
	h.waitFor("the sandbox", func() bool { return !p.next.Disabled() })
	test.Tap(p.advanced.header)
	p.content.(interface{ ScrollToBottom() }).ScrollToBottom()
	if !within(c, p.next) {
		s, e := bounds(p.next)
		t.Errorf("Continue is at %v-%v, outside the %v window", s, e, c.Size())
	}
}

// TestTheFirstSizeAtScale2OnASmallScreenFits: a 1600x1000 screen at
// FYNE_SCALE=2 is 800x500 in Fyne's units. Signed in, with a notice at the
// top, the content asks for more than that; the window still opens inside
// the screen, status bar included.
func TestTheFirstSizeAtScale2OnASmallScreenFits(t *testing.T) {
	for _, screen := range []fyne.Size{{Width: 800, Height: 500}, {Width: 640, Height: 400}} {
		h := newHarness(t, harnessOptions{screen: screen, view: "watchlist"})
		h.signInToSandbox()
		h.ui.banner.showNotice("The system keyring is not available, so you will have to sign in again the next time you open Portview.", true)
		h.ui.fitScreen()
		if got := h.ui.win.Canvas().Size(); got.Width > screen.Width || got.Height > screen.Height {
			t.Errorf("on a %v screen the window opens at %v", screen, got)
		}
		for _, v := range h.ui.views {
			h.ui.tabs.Select(v.tabItem())
			if got := h.ui.win.Content().MinSize(); got.Width > screen.Width || got.Height > screen.Height {
				t.Errorf("on a %v screen, on %s, the window cannot shrink below %v", screen, v.key(), got)
			}
		}
		h.ui.tabs.Select(h.ui.viewByKey("watchlist").tabItem())
		if !within(h.ui.win.Canvas(), h.ui.status.text) {
			s, e := bounds(h.ui.status.text)
			t.Errorf("on a %v screen the status line is at %v-%v, outside the %v window", screen, s, e, h.ui.win.Canvas().Size())
		}
	}
}

func TestTheWindowNeverAsksForMoreThanTheScreen(t *testing.T) {
	big := canvasSized(fyne.NewSize(900, 700))
	tests := []struct {
		name  string
		sizer windowSizer
		want  fyne.Size
	}{
		{"content larger than the screen is held to it", windowSizer{min: fyne.NewSize(792, 470), max: fyne.NewSize(792, 470)}, fyne.NewSize(792, 470)},
		{"before the screen is known the content decides", windowSizer{min: fyne.NewSize(800, 600)}, fyne.NewSize(900, 700)},
		{"a large screen leaves the content its size", windowSizer{min: fyne.NewSize(800, 600), max: fyne.NewSize(1592, 970)}, fyne.NewSize(900, 700)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.sizer.MinSize([]fyne.CanvasObject{big}); got != tc.want {
				t.Fatalf("MinSize = %v, want %v", got, tc.want)
			}
		})
	}
}

// canvasSized is an object whose minimum size is size.
func canvasSized(size fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(size)
	return r
}

// A security's window opens within the screen too: at its default size,
// wider than a small screen, its book and time axis were off the edges.
func TestASecurityWindowOpensWithinTheScreen(t *testing.T) {
	screen := fyne.NewSize(1100, 700)
	h := newHarness(t, harnessOptions{screen: screen, view: "watchlist"})
	h.signInToSandbox()
	h.ui.fitScreen()
	h.ui.openDetail("AAPL.US")
	d := h.ui.details["AAPL.US"]
	if got := d.win.Canvas().Size(); got.Width > screen.Width || got.Height > screen.Height {
		t.Errorf("the security window is %v on a %v screen", got, screen)
	}
	h.waitFor("the chart", func() bool { return !d.ld.busy() })
	d.win.Close()
}
