package gui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// chartBar is one bar of a security's chart: a candle, or a minute of the
// intraday line (then Open, High, Low and Close are the minute's price).
type chartBar struct {
	Time                   time.Time
	Open, High, Low, Close decimal.Decimal
	Volume                 int64
}

// The chart's proportions: volume bars take a fifth of the height below a
// gap, bodies take most of a bar's slot, and the price scale reaches a
// tenth of the range beyond the lowest low and the highest high.
const (
	chartGap         = 4
	chartVolumeShare = 0.2
	chartBodyShare   = 0.7
	chartWickWidth   = float32(1)
)

var (
	chartPadShare = decimal.New(1, -1) // of the range
	chartFlatPad  = decimal.New(1, -2) // of the price, when high == low everywhere
)

// chartRect is a rectangle in the chart's own coordinates.
type chartRect struct{ X, Y, W, H float32 }

// chartCandle is where one bar goes: its body (open to close), its wick
// (low to high) and its volume bar.
type chartCandle struct {
	Body, Wick, Volume chartRect
	Up                 bool // it closed at or above its open
}

// chartGeometry is a chart laid out in a size.
type chartGeometry struct {
	Candles []chartCandle
	// Line is the close of each bar at the middle of its slot, for the
	// intraday line.
	Line []fyne.Position
	// Top and Bottom are the prices at the top and the bottom edge of the
	// price area (the plot), which is PlotHeight pixels high; volume is below it.
	Top, Bottom decimal.Decimal
	PlotHeight  float32
	Slot        float32 // the width each bar has
}

// layoutChart places bars in size: one slot of equal width each, prices
// scaled from the lowest low to the highest high with padding, volumes from
// zero to the largest. The decimals become float32 here, for pixels only.
func layoutChart(bars []chartBar, size fyne.Size) chartGeometry {
	if len(bars) == 0 || size.Width <= 0 || size.Height <= chartGap {
		return chartGeometry{}
	}
	avail := size.Height - chartGap
	volH := avail * chartVolumeShare
	priceH := avail - volH
	volTop := priceH + chartGap

	lo, hi := bars[0].Low, bars[0].High
	var maxVol int64
	for _, b := range bars {
		lo, hi = decimal.Min(lo, b.Low), decimal.Max(hi, b.High)
		maxVol = max(maxVol, b.Volume)
	}
	pad := hi.Sub(lo).Mul(chartPadShare)
	if pad.IsZero() {
		pad = hi.Abs().Mul(chartFlatPad)
		if pad.IsZero() {
			pad = decimal.NewFromInt(1)
		}
	}
	top, bottom := hi.Add(pad), lo.Sub(pad)
	span := top.Sub(bottom)
	y := func(p decimal.Decimal) float32 {
		f, _ := top.Sub(p).Div(span).Float64()
		return float32(f) * priceH
	}

	g := chartGeometry{Top: top, Bottom: bottom, PlotHeight: priceH, Slot: size.Width / float32(len(bars))}
	bodyW := max(g.Slot*chartBodyShare, 1)
	g.Candles = make([]chartCandle, len(bars))
	g.Line = make([]fyne.Position, len(bars))
	for i, b := range bars {
		mid := g.Slot*float32(i) + g.Slot/2
		yo, yc := y(b.Open), y(b.Close)
		bodyTop, bodyBottom := min(yo, yc), max(yo, yc)
		yh, yl := y(b.High), y(b.Low)
		var vh float32
		if maxVol > 0 {
			vh = float32(b.Volume) / float32(maxVol) * volH
		}
		g.Candles[i] = chartCandle{
			Body:   chartRect{X: mid - bodyW/2, Y: bodyTop, W: bodyW, H: max(bodyBottom-bodyTop, 1)},
			Wick:   chartRect{X: mid - chartWickWidth/2, Y: yh, W: chartWickWidth, H: yl - yh},
			Volume: chartRect{X: mid - bodyW/2, Y: volTop + volH - vh, W: bodyW, H: vh},
			Up:     !b.Close.LessThan(b.Open),
		}
		g.Line[i] = fyne.NewPos(mid, yc)
	}
	return g
}

// barAt is the index of the bar under x, or -1.
func (g chartGeometry) barAt(x float32) int {
	if g.Slot <= 0 || x < 0 {
		return -1
	}
	i := int(x / g.Slot)
	if i >= len(g.Candles) {
		return -1
	}
	return i
}

// chartWidget draws bars as candlesticks (or, for the intraday line, a
// line) over volume bars, and reports the bar under the pointer.
type chartWidget struct {
	widget.BaseWidget
	bars  []chartBar
	line  bool // a line of the closes instead of candles
	redUp bool // the app's colour convention: red up, green down
	hover int  // the bar under the pointer, -1 for none

	// onHover is told the bar under the pointer, -1 when it leaves.
	onHover func(i int)
}

var _ desktop.Hoverable = (*chartWidget)(nil)

func newChartWidget() *chartWidget {
	c := &chartWidget{hover: -1}
	c.ExtendBaseWidget(c)
	return c
}

// set shows bars, as a line or as candles.
func (c *chartWidget) set(bars []chartBar, line bool) {
	c.bars, c.line = bars, line
	if c.hover >= len(bars) {
		c.hover = -1
	}
	c.Refresh()
}

// MinSize leaves room for a readable chart.
func (c *chartWidget) MinSize() fyne.Size { return fyne.NewSize(320, 200) }

// MouseIn reports the bar under the pointer.
func (c *chartWidget) MouseIn(ev *desktop.MouseEvent) { c.pointAt(ev.Position.X) }

// MouseMoved reports the bar under the pointer.
func (c *chartWidget) MouseMoved(ev *desktop.MouseEvent) { c.pointAt(ev.Position.X) }

// MouseOut clears the bar under the pointer.
func (c *chartWidget) MouseOut() { c.pointAt(-1) }

func (c *chartWidget) pointAt(x float32) {
	i := layoutChart(c.bars, c.Size()).barAt(x)
	if i == c.hover {
		return
	}
	c.hover = i
	c.Refresh()
	if c.onHover != nil {
		c.onHover(i)
	}
}

func (c *chartWidget) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c, cursor: canvas.NewLine(color.Transparent)}
	r.top = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	r.bottom = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	for _, t := range []*canvas.Text{r.top, r.bottom} {
		t.TextSize = theme.CaptionTextSize()
		t.Alignment = fyne.TextAlignTrailing
	}
	return r
}

// chartRenderer keeps the canvas objects of the bars and reuses them as
// the bars change.
type chartRenderer struct {
	c                  *chartWidget
	bodies, wicks, vol []*canvas.Rectangle
	segments           []*canvas.Line
	cursor             *canvas.Line
	top, bottom        *canvas.Text
	objects            []fyne.CanvasObject
}

func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Refresh()                     { r.Layout(r.c.Size()) }

// Layout lays the bars out in size and moves the objects there.
func (r *chartRenderer) Layout(size fyne.Size) {
	g := layoutChart(r.c.bars, size)
	up, down := priceColours(r.c.redUp)
	n := len(g.Candles)
	grow := func(list []*canvas.Rectangle) []*canvas.Rectangle {
		for len(list) < n {
			list = append(list, canvas.NewRectangle(color.Transparent))
		}
		return list[:n]
	}
	candles := n
	if r.c.line {
		candles = 0
	}
	r.bodies, r.wicks = grow(r.bodies)[:candles], grow(r.wicks)[:candles]
	r.vol = grow(r.vol)
	for len(r.segments) < max(n-1, 0) {
		r.segments = append(r.segments, canvas.NewLine(color.Transparent))
	}
	segments := 0
	if r.c.line {
		segments = max(n-1, 0)
	}
	r.segments = r.segments[:max(segments, 0)]

	place := func(o fyne.CanvasObject, rc chartRect) {
		o.Move(fyne.NewPos(rc.X, rc.Y))
		o.Resize(fyne.NewSize(rc.W, rc.H))
	}
	for i, k := range g.Candles {
		fill := down
		if k.Up {
			fill = up
		}
		if !r.c.line {
			r.bodies[i].FillColor, r.wicks[i].FillColor = fill, fill
			place(r.bodies[i], k.Body)
			place(r.wicks[i], k.Wick)
		}
		r.vol[i].FillColor = fadeColour(fill)
		place(r.vol[i], k.Volume)
	}
	lineColour := theme.Color(theme.ColorNamePrimary)
	for i, s := range r.segments {
		s.StrokeColor, s.StrokeWidth = lineColour, 1.5
		s.Position1, s.Position2 = g.Line[i], g.Line[i+1]
	}

	r.cursor.StrokeColor = color.Transparent
	if h := r.c.hover; h >= 0 && h < n {
		x := g.Line[h].X
		r.cursor.StrokeColor = theme.Color(theme.ColorNameDisabled)
		r.cursor.Position1, r.cursor.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, size.Height)
	}
	r.top.Text, r.bottom.Text = "", ""
	if n > 0 {
		r.top.Text, r.bottom.Text = priceText(g.Top.Round(3)), priceText(g.Bottom.Round(3))
		ts := r.top.MinSize()
		r.top.Move(fyne.NewPos(size.Width-ts.Width, 0))
		r.top.Resize(ts)
		bs := r.bottom.MinSize()
		r.bottom.Move(fyne.NewPos(size.Width-bs.Width, g.PlotHeight-bs.Height))
		r.bottom.Resize(bs)
	}
	r.top.Color, r.bottom.Color = theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNameForeground)

	r.objects = r.objects[:0]
	for _, v := range r.vol {
		r.objects = append(r.objects, v)
	}
	for i := range r.bodies {
		r.objects = append(r.objects, r.wicks[i], r.bodies[i])
	}
	for _, s := range r.segments {
		r.objects = append(r.objects, s)
	}
	r.objects = append(r.objects, r.cursor, r.top, r.bottom)
	for _, o := range r.objects {
		o.Refresh()
	}
}

// priceColours are the colours of a rise and of a fall in the app's
// convention, the same as the tables' (tableCell.show).
func priceColours(redUp bool) (up, down color.Color) {
	red, green := theme.Color(theme.ColorNameError), theme.Color(theme.ColorNameSuccess)
	if redUp {
		return red, green
	}
	return green, red
}

// fadeColour is c at half strength, for volume bars under the prices.
func fadeColour(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x80}
}
