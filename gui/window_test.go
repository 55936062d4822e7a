package gui

import (
	"testing"

	"fyne.io/fyne/v2"
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
