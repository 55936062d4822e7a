package chart

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Chart is the chart widget: candles (or the intraday line) over volume,
// with axes, gridlines, moving averages, the previous close, the last
// price and a crosshair. The wheel zooms, dragging pans, and a double
// click goes back to the latest bars.
type Chart struct {
	widget.BaseWidget
	data  Data
	line  bool // the closes as a line instead of candles
	redUp bool // the app's colour convention: red up, green down
	view  View

	// OnOlder is told the first bar on screen when the user moves the view
	// (pans, zooms): the chart's owner fetches older bars when it nears 0.
	OnOlder func(first int)

	pointer fyne.Position
	in      bool    // the pointer is over the chart
	drag    float32 // pixels dragged not yet a whole bar
	r       *renderer
}

var (
	_ desktop.Hoverable   = (*Chart)(nil)
	_ fyne.Scrollable     = (*Chart)(nil)
	_ fyne.Draggable      = (*Chart)(nil)
	_ fyne.DoubleTappable = (*Chart)(nil)
)

// New is an empty chart.
func New() *Chart {
	c := &Chart{}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows d, as a line of the closes or as candles, up in red when
// redUp. A new period starts at the latest bars; bars that arrive while
// the user looks back keep the view where it is, and so do older bars put
// before the first.
func (c *Chart) Set(d Data, line, redUp bool) {
	old := c.data.Bars
	switch {
	case d.Period != c.data.Period || d.Market != c.data.Market:
		c.view = View{}
	case len(old) > 0 && len(d.Bars) > 0:
		if d.Bars[0].Time.Before(old[0].Time) && c.view.Count == 0 {
			_, c.view.Count = c.view.Window(len(old)) // older bars do not zoom the view out
		}
		newer := 0
		for i := len(d.Bars) - 1; i >= 0 && d.Bars[i].Time.After(old[len(old)-1].Time); i-- {
			newer++
		}
		if c.view.Back > 0 {
			c.view.Back += newer
		}
	}
	c.data, c.line, c.redUp = d, line, redUp
	c.Refresh()
}

// older tells the owner where the view is.
func (c *Chart) older() {
	if c.OnOlder != nil {
		first, _ := c.view.Window(len(c.data.Bars))
		c.OnOlder(first)
	}
}

// Data is what the chart shows.
func (c *Chart) Data() Data { return c.data }

// Readout is the crosshair's words: the bar under the pointer, or the
// latest bar when the pointer is elsewhere.
func (c *Chart) Readout() string {
	if c.r == nil {
		return ""
	}
	return c.r.readout.Text
}

// View is which bars are on screen.
func (c *Chart) View() View { return c.view }

// MinSize leaves room for a readable chart.
func (c *Chart) MinSize() fyne.Size { return fyne.NewSize(360, 240) }

// MouseIn moves the crosshair to the pointer.
func (c *Chart) MouseIn(ev *desktop.MouseEvent) { c.pointAt(ev.Position, true) }

// MouseMoved moves the crosshair to the pointer.
func (c *Chart) MouseMoved(ev *desktop.MouseEvent) { c.pointAt(ev.Position, true) }

// MouseOut hides the crosshair.
func (c *Chart) MouseOut() { c.pointAt(fyne.Position{}, false) }

func (c *Chart) pointAt(p fyne.Position, in bool) {
	c.pointer, c.in = p, in
	if c.r != nil {
		c.r.crosshair()
	}
}

// Scrolled zooms in (wheel up) or out around the pointer.
func (c *Chart) Scrolled(ev *fyne.ScrollEvent) {
	if c.r == nil || c.r.g.AxisX <= 0 || ev.Scrolled.DY == 0 {
		return
	}
	factor := 0.8
	if ev.Scrolled.DY < 0 {
		factor = 1 / factor
	}
	anchor := min(max(float64(ev.Position.X/c.r.g.AxisX), 0), 1)
	if v := c.view.Zoom(len(c.data.Bars), factor, anchor); v != c.view {
		c.view = v
		c.Refresh()
		c.older()
	}
}

// Dragged pans: dragging right brings older bars in.
func (c *Chart) Dragged(ev *fyne.DragEvent) {
	if c.r == nil || c.r.g.Slot <= 0 {
		return
	}
	c.drag += ev.Dragged.DX
	bars := int(c.drag / c.r.g.Slot)
	if bars == 0 {
		return
	}
	c.drag -= float32(bars) * c.r.g.Slot
	if v := c.view.Pan(len(c.data.Bars), bars); v != c.view {
		c.view = v
		c.Refresh()
	}
	if bars > 0 {
		c.older() // at the oldest bar too: dragging on asks for more
	}
}

// DragEnd forgets the part of a bar dragged.
func (c *Chart) DragEnd() { c.drag = 0 }

// DoubleTapped goes back to the latest bars.
func (c *Chart) DoubleTapped(*fyne.PointEvent) {
	if v := c.view.Latest(); v != c.view {
		c.view = v
		c.Refresh()
	}
}

func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{c: c}
	r.lastBox, r.prevBox = canvas.NewRectangle(color.Transparent), canvas.NewRectangle(color.Transparent)
	r.prevText = r.newText()
	r.lastText = r.newText()
	r.readout = r.newText()
	r.crossV, r.crossH = canvas.NewLine(color.Transparent), canvas.NewLine(color.Transparent)
	r.crossPriceBox, r.crossTimeBox = canvas.NewRectangle(color.Transparent), canvas.NewRectangle(color.Transparent)
	r.crossPrice, r.crossTime = r.newText(), r.newText()
	c.r = r
	return r
}

// renderer keeps the canvas objects and reuses them as the bars change.
type renderer struct {
	c       *Chart
	g       Geometry
	layouts int // how many times the whole chart was laid out, for tests

	grid, prevClose, segments   []*canvas.Line
	lines                       [][]*canvas.Line
	vol, wicks, bodies, bands   []*canvas.Rectangle
	priceLabels, volLabels      []*canvas.Text
	timeLabels, legend          []*canvas.Text
	lastBox, prevBox            *canvas.Rectangle
	lastText, readout, prevText *canvas.Text
	crossV, crossH              *canvas.Line
	crossPriceBox, crossTimeBox *canvas.Rectangle
	crossPrice, crossTime       *canvas.Text
	objects                     []fyne.CanvasObject
}

func (r *renderer) Destroy()                     {}
func (r *renderer) MinSize() fyne.Size           { return r.c.MinSize() }
func (r *renderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *renderer) Refresh() {
	r.Layout(r.c.Size())
	for _, o := range r.objects {
		o.Refresh()
	}
}

func (r *renderer) newText() *canvas.Text {
	t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
	t.TextSize = theme.CaptionTextSize()
	return t
}

func measure(s string) (float32, float32) {
	sz := fyne.MeasureText(s, theme.CaptionTextSize(), fyne.TextStyle{})
	return sz.Width, sz.Height
}

// The lines' colours: MA5, MA10, MA20, MA60, and the intraday average.
var (
	lineColours   = []color.Color{color.NRGBA{0xf2, 0xc1, 0x4e, 0xff}, color.NRGBA{0xb3, 0x88, 0xff, 0xff}, color.NRGBA{0x4f, 0xc3, 0xf7, 0xff}, color.NRGBA{0xd0, 0x9a, 0x6a, 0xff}}
	averageColour = color.NRGBA{0xf2, 0xc1, 0x4e, 0xff}
)

func grow[T any](list []T, n int, make func() T) []T {
	for len(list) < n {
		list = append(list, make())
	}
	return list[:n]
}

func place(o fyne.CanvasObject, rc Rect) {
	o.Move(fyne.NewPos(rc.X, rc.Y))
	o.Resize(fyne.NewSize(rc.W, rc.H))
}

func newLine() *canvas.Line      { return canvas.NewLine(color.Transparent) }
func newRect() *canvas.Rectangle { return canvas.NewRectangle(color.Transparent) }

// Layout lays the chart out in size and moves the objects there.
func (r *renderer) Layout(size fyne.Size) {
	c := r.c
	g := Layout(c.data, c.view, size.Width, size.Height, measure, c.line)
	r.g = g
	r.layouts++
	fg := theme.Color(theme.ColorNameForeground)
	muted := theme.Color(theme.ColorNamePlaceHolder)
	gridColour := withAlpha(fg, 0x1c)
	up, down := Colours(c.redUp)

	// gridlines on the price, volume and time ticks, and the axis' edge
	nGrid := len(g.PriceTicks) + len(g.VolumeTicks) + len(g.TimeTicks) + 1
	r.grid = grow(r.grid, nGrid, newLine)
	k := 0
	hline := func(y float32) {
		l := r.grid[k]
		l.StrokeColor, l.StrokeWidth = gridColour, 1
		l.Position1, l.Position2 = fyne.NewPos(0, y), fyne.NewPos(g.AxisX, y)
		k++
	}
	for _, t := range g.PriceTicks {
		hline(t.At)
	}
	for _, t := range g.VolumeTicks {
		hline(t.At)
	}
	for _, t := range g.TimeTicks {
		l := r.grid[k]
		l.StrokeColor, l.StrokeWidth = gridColour, 1
		l.Position1, l.Position2 = fyne.NewPos(t.At, 0), fyne.NewPos(t.At, g.TimeY)
		k++
	}
	if k < nGrid {
		l := r.grid[k]
		l.StrokeColor, l.StrokeWidth = withAlpha(fg, 0x40), 1
		l.Position1, l.Position2 = fyne.NewPos(g.AxisX, 0), fyne.NewPos(g.AxisX, g.TimeY)
	}

	// axis labels
	label := func(t *canvas.Text, s string, x, y float32, align fyne.TextAlign) {
		t.Text, t.Color, t.TextSize = s, muted, theme.CaptionTextSize()
		w, h := measure(s)
		switch align {
		case fyne.TextAlignCenter:
			x -= w / 2
		case fyne.TextAlignTrailing:
			x -= w
		}
		t.Move(fyne.NewPos(x, y-h/2))
		t.Resize(fyne.NewSize(w, h))
	}
	r.priceLabels = grow(r.priceLabels, len(g.PriceTicks), r.newText)
	for i, t := range g.PriceTicks {
		text := t.Text
		if t.Covered {
			text = ""
		}
		label(r.priceLabels[i], text, g.AxisX+axisPad, t.At, fyne.TextAlignLeading)
	}
	r.volLabels = grow(r.volLabels, len(g.VolumeTicks), r.newText)
	for i, t := range g.VolumeTicks {
		label(r.volLabels[i], t.Text, g.AxisX+axisPad, t.At, fyne.TextAlignLeading)
	}
	r.timeLabels = grow(r.timeLabels, len(g.TimeTicks), r.newText)
	_, lh := measure("0")
	for i, t := range g.TimeTicks {
		x := min(max(t.At, 0), g.AxisX) // a label at the edge stays whole
		w, _ := measure(t.Text)
		x = min(max(x, w/2), g.AxisX-w/2)
		label(r.timeLabels[i], t.Text, x, g.TimeY+axisPad/2+lh/2, fyne.TextAlignCenter)
	}

	// pre- and post-market bands
	r.bands = grow(r.bands, len(g.Extended), newRect)
	for i, b := range g.Extended {
		r.bands[i].FillColor = withAlpha(fg, 0x12)
		place(r.bands[i], b)
	}

	// volume, candles or the line
	n := len(g.Candles)
	r.vol = grow(r.vol, n, newRect)
	candles := n
	if c.line {
		candles = 0
	}
	r.wicks, r.bodies = grow(r.wicks, candles, newRect), grow(r.bodies, candles, newRect)
	for i, k := range g.Candles {
		fill := down
		if k.Up {
			fill = up
		}
		if !c.line {
			r.wicks[i].FillColor, r.bodies[i].FillColor = fill, fill
			place(r.wicks[i], k.Wick)
			place(r.bodies[i], k.Body)
		}
		r.vol[i].FillColor = withAlpha(fill, 0x90)
		place(r.vol[i], k.Volume)
	}
	segments := 0
	if c.line {
		segments = max(n-1, 0)
	}
	r.segments = grow(r.segments, segments, newLine)
	for i, s := range r.segments {
		s.StrokeColor, s.StrokeWidth = theme.Color(theme.ColorNamePrimary), 1.5
		s.Position1, s.Position2 = pos(g.Closes[i]), pos(g.Closes[i+1])
	}
	r.lines = grow(r.lines, len(g.Lines), func() []*canvas.Line { return nil })
	r.legend = grow(r.legend, len(g.Lines), r.newText)
	for i, l := range g.Lines {
		r.lines[i] = grow(r.lines[i], max(len(l.Points)-1, 0), newLine)
		for j, s := range r.lines[i] {
			s.StrokeColor, s.StrokeWidth = lineColour(l, i), 1
			s.Position1, s.Position2 = pos(l.Points[j]), pos(l.Points[j+1])
		}
	}

	// the previous close, dashed, and the last price on the axis
	r.prevClose = grow(r.prevClose, len(g.PrevClose), newLine)
	for i, d := range g.PrevClose {
		l := r.prevClose[i]
		l.StrokeColor, l.StrokeWidth = withAlpha(fg, 0x90), 1
		l.Position1, l.Position2 = fyne.NewPos(d.X, d.Y), fyne.NewPos(d.X+d.W, d.Y)
	}
	r.prevBox.StrokeColor, r.prevText.Text = color.Transparent, ""
	if g.PrevCloseText != "" && len(g.PrevClose) > 0 {
		y := g.PrevClose[0].Y
		w, h := measure(g.PrevCloseText)
		r.prevBox.FillColor, r.prevBox.StrokeColor, r.prevBox.StrokeWidth = theme.Color(theme.ColorNameBackground), withAlpha(fg, 0x90), 1
		place(r.prevBox, Rect{g.AxisX, y - h/2 - 1, size.Width - g.AxisX, h + 2})
		r.prevText.Text, r.prevText.Color, r.prevText.TextSize = g.PrevCloseText, muted, theme.CaptionTextSize()
		place(r.prevText, Rect{g.AxisX + axisPad, y - h/2, w, h})
	} else {
		r.prevBox.FillColor = color.Transparent
	}
	r.lastBox.FillColor, r.lastText.Text = color.Transparent, ""
	if g.HasLast && n > 0 {
		fill := down
		if g.LastUp {
			fill = up
		}
		w, h := measure(g.LastText)
		y := min(max(g.LastY, g.Plot.Y+h/2+1), g.Plot.Y+g.Plot.H-h/2-1) // a price off the view stays whole at its edge
		r.lastBox.FillColor = fill
		place(r.lastBox, Rect{g.AxisX, y - h/2 - 1, size.Width - g.AxisX, h + 2})
		r.lastText.Text, r.lastText.Color, r.lastText.TextSize = g.LastText, contrast(fill), theme.CaptionTextSize()
		r.lastText.TextStyle.Bold = true
		place(r.lastText, Rect{g.AxisX + axisPad, y - h/2, w, h})
	}

	r.objects = r.objects[:0]
	add := func(list ...fyne.CanvasObject) { r.objects = append(r.objects, list...) }
	for _, o := range r.bands {
		add(o)
	}
	for _, o := range r.grid {
		add(o)
	}
	for _, o := range r.vol {
		add(o)
	}
	for _, o := range r.prevClose {
		add(o)
	}
	for i := range r.bodies {
		add(r.wicks[i], r.bodies[i])
	}
	for _, o := range r.segments {
		add(o)
	}
	for _, l := range r.lines {
		for _, o := range l {
			add(o)
		}
	}
	for _, list := range [][]*canvas.Text{r.priceLabels, r.volLabels, r.timeLabels, r.legend} {
		for _, o := range list {
			add(o)
		}
	}
	add(r.prevBox, r.prevText, r.lastBox, r.lastText, r.readout, r.crossV, r.crossH, r.crossPriceBox, r.crossPrice, r.crossTimeBox, r.crossTime)
	r.placeCrosshair()
}

// crosshair moves the crosshair and the readout to the pointer and
// repaints them alone.
func (r *renderer) crosshair() {
	r.placeCrosshair()
	for _, o := range r.legend {
		o.Refresh()
	}
	for _, o := range []fyne.CanvasObject{r.readout, r.crossV, r.crossH, r.crossPriceBox, r.crossPrice, r.crossTimeBox, r.crossTime} {
		o.Refresh()
	}
}

func (r *renderer) placeCrosshair() {
	c, g := r.c, r.g
	hide := func() {
		r.crossV.StrokeColor, r.crossH.StrokeColor = color.Transparent, color.Transparent
		r.crossPriceBox.FillColor, r.crossTimeBox.FillColor = color.Transparent, color.Transparent
		r.crossPrice.Text, r.crossTime.Text = "", ""
	}
	i := -1
	if c.in {
		i = g.BarAt(c.pointer.X)
	}
	shown := i
	if shown < 0 {
		shown = len(c.data.Bars) - 1
	}
	r.readout.Text, r.readout.Color, r.readout.TextSize = Readout(c.data, shown), theme.Color(theme.ColorNameForeground), theme.CaptionTextSize()
	w, h := measure(r.readout.Text)
	place(r.readout, Rect{axisPad, axisPad / 2, w, h})
	legendAt := i
	if legendAt < 0 {
		legendAt = g.First + g.Count - 1
	}
	x := float32(axisPad)
	for k, l := range g.Lines {
		t := r.legend[k]
		t.Text, t.Color, t.TextSize = Legend(l, legendAt, g.TextPrec), lineColour(l, k), theme.CaptionTextSize()
		lw, _ := measure(t.Text)
		place(t, Rect{x, axisPad/2 + h, lw, h})
		x += lw + 2*axisPad
	}
	if i < 0 {
		hide()
		return
	}
	stroke := withAlpha(theme.Color(theme.ColorNameForeground), 0x80)
	boxColour := theme.Color(theme.ColorNameMenuBackground)
	x = g.BarX(i)
	r.crossV.StrokeColor, r.crossV.StrokeWidth = stroke, 1
	r.crossV.Position1, r.crossV.Position2 = fyne.NewPos(x, 0), fyne.NewPos(x, g.TimeY)
	when := c.data.Bars[i].Time.In(c.data.Loc())
	r.crossTime.Text = when.Format("2006-01-02 15:04")
	if c.data.Period.Daily() {
		r.crossTime.Text = when.Format("2006-01-02")
	}
	r.crossTime.Color, r.crossTime.TextSize = theme.Color(theme.ColorNameForeground), theme.CaptionTextSize()
	tw, th := measure(r.crossTime.Text)
	tx := min(max(x-tw/2, 0), g.AxisX-tw)
	r.crossTimeBox.FillColor = boxColour
	place(r.crossTimeBox, Rect{tx - 4, g.TimeY + 1, tw + 8, th + axisPad/2})
	place(r.crossTime, Rect{tx, g.TimeY + 1 + axisPad/4, tw, th})

	y := c.pointer.Y
	if y < g.Plot.Y || y > g.Plot.Y+g.Plot.H {
		r.crossH.StrokeColor, r.crossPriceBox.FillColor, r.crossPrice.Text = color.Transparent, color.Transparent, ""
		return
	}
	r.crossH.StrokeColor, r.crossH.StrokeWidth = stroke, 1
	r.crossH.Position1, r.crossH.Position2 = fyne.NewPos(0, y), fyne.NewPos(g.AxisX, y)
	r.crossPrice.Text = PriceText(g.PriceAt(y), g.Prec)
	r.crossPrice.Color, r.crossPrice.TextSize = theme.Color(theme.ColorNameForeground), theme.CaptionTextSize()
	pw, ph := measure(r.crossPrice.Text)
	r.crossPriceBox.FillColor = boxColour
	place(r.crossPriceBox, Rect{g.AxisX, y - ph/2 - 1, r.c.Size().Width - g.AxisX, ph + 2})
	place(r.crossPrice, Rect{g.AxisX + axisPad, y - ph/2, pw, ph})
}

// lineColour is the colour of the k-th line.
func lineColour(l Line, k int) color.Color {
	if l.Bars == 0 {
		return averageColour
	}
	return lineColours[k%len(lineColours)]
}

func pos(p Point) fyne.Position { return fyne.NewPos(p.X, p.Y) }

// Colours are the colours of a rise and of a fall in the app's
// convention: red up and green down when redUp.
func Colours(redUp bool) (up, down color.Color) {
	red, green := theme.Color(theme.ColorNameError), theme.Color(theme.ColorNameSuccess)
	if redUp {
		return red, green
	}
	return green, red
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}

// contrast is black or white, whichever reads on c.
func contrast(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	if 299*r+587*g+114*b > 1000*0x8000 {
		return color.Black
	}
	return color.White
}
