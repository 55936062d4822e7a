package chart

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// shownChart is a chart of n daily bars in a 1000 × 500 window.
func shownChart(t *testing.T, n int) (*Chart, Data) {
	test.NewTempApp(t)
	c := New()
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(1000, 500))
	d := Data{Bars: dailyBars(t, n), Period: Day, Market: "US", Averages: DefaultAverages}
	c.Set(d, false, false)
	if c.r == nil || c.r.g.Count != n {
		t.Fatalf("the chart is not drawn: %+v", c.r)
	}
	return c, d
}

func TestTheCrosshairReadsTheBarUnderThePointerAndRedrawsAlone(t *testing.T) {
	c, d := shownChart(t, 60)
	layouts := c.r.layouts
	i := 37
	move := func(x, y float32) {
		c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, y)}})
	}
	move(c.r.g.BarX(i), 100)
	if got, want := c.Readout(), Readout(d, i); got != want {
		t.Errorf("readout = %q, want bar %d's %q", got, i, want)
	}
	if c.r.crossV.Position1.X != c.r.g.BarX(i) || c.r.crossPrice.Text != PriceText(c.r.g.PriceAt(100), 2) {
		t.Errorf("crosshair at x %v with price %q, want x %v and %s", c.r.crossV.Position1.X, c.r.crossPrice.Text, c.r.g.BarX(i), c.r.g.PriceAt(100))
	}
	if ma5, _ := c.r.g.Lines[0].At(i); c.r.legend[0].Text != "MA5 "+PriceText(ma5, 2) {
		t.Errorf("legend = %q, want MA5 at bar %d (%s)", c.r.legend[0].Text, i, ma5)
	}
	move(c.r.g.AxisX+5, 100) // over the price axis: no bar
	if got, want := c.Readout(), Readout(d, len(d.Bars)-1); got != want {
		t.Errorf("readout off the bars = %q, want the latest %q", got, want)
	}
	c.MouseOut()
	if c.r.crossPrice.Text != "" || c.r.crossTime.Text != "" {
		t.Errorf("the crosshair stays after the pointer left: %q %q", c.r.crossPrice.Text, c.r.crossTime.Text)
	}
	if c.r.layouts != layouts {
		t.Errorf("moving the pointer laid the chart out %d times; only the crosshair should move", c.r.layouts-layouts)
	}
}

func TestWheelDragAndDoubleClickMoveTheView(t *testing.T) {
	c, d := shownChart(t, 200)
	n := len(d.Bars)
	c.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(c.r.g.AxisX, 100)}, Scrolled: fyne.Delta{DY: 1}})
	v := c.View()
	if v.Count != 160 || v.Back != 0 {
		t.Fatalf("after a wheel step up at the right edge the view is %+v, want the latest 160 bars", v)
	}
	slot := c.r.g.Slot
	c.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: slot * 10.5}})
	c.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: slot * 0.6}})
	c.DragEnd()
	if v := c.View(); v.Back != 11 || v.Count != 160 {
		t.Errorf("after dragging 11.1 bars right the view is %+v, want 11 bars back", v)
	}
	next := d.Bars[n-1]
	next.Time = next.Time.AddDate(0, 0, 1)
	bars := append(d.Bars, next)
	c.Set(Data{Bars: bars, Period: Day, Market: "US"}, false, false)
	if v := c.View(); v.Back != 12 {
		t.Errorf("a new bar while looking back moved the view to %+v, want it kept (12 back)", v)
	}
	c.DoubleTapped(&fyne.PointEvent{})
	if v := c.View(); v.Back != 0 || v.Count != 160 {
		t.Errorf("after a double click the view is %+v, want the latest 160", v)
	}
	c.Set(Data{Bars: bars, Period: Week, Market: "US"}, false, false)
	if v := c.View(); v != (View{}) {
		t.Errorf("another period kept the view %+v", v)
	}
}

func TestOlderBarsComeInWithoutTheViewJumping(t *testing.T) {
	c, d := shownChart(t, 200)
	var asked []int
	c.OnOlder = func(first int) { asked = append(asked, first) }
	c.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(c.r.g.AxisX, 100)}, Scrolled: fyne.Delta{DY: 1}})
	slot := c.r.g.Slot
	c.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: slot * 100}})
	c.DragEnd()
	if len(asked) == 0 || asked[len(asked)-1] != 0 {
		t.Fatalf("panned to the oldest bar, the owner was told %v, want the first bar on screen, 0", asked)
	}
	firstTime := d.Bars[c.r.g.First].Time
	lastTime := d.Bars[c.r.g.First+c.r.g.Count-1].Time
	older := dailyBarsBefore(d.Bars[0].Time, 300)
	d.Bars = Prepend(d.Bars, older)
	c.Set(d, false, false)
	g := c.r.g
	if !d.Bars[g.First].Time.Equal(firstTime) || !d.Bars[g.First+g.Count-1].Time.Equal(lastTime) {
		t.Errorf("after 300 older bars the screen shows %v to %v, want %v to %v as before", d.Bars[g.First].Time, d.Bars[g.First+g.Count-1].Time, firstTime, lastTime)
	}
	c.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: slot * 10}})
	if got := asked[len(asked)-1]; got != 290 {
		t.Errorf("dragging on 10 bars told the owner %d, want 290", got)
	}
}
