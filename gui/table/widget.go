package table

import (
	"image/color"
	"reflect"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// grid is Fyne's table with the keys people expect of a desktop table:
// the arrow keys, Page Up/Down, Home and End move the selection itself (not
// only a focus box), and user-resized columns are reported.
type grid struct {
	widget.Table

	// onKey handles a key press; true means it was handled.
	onKey func(ev *fyne.KeyEvent) bool
	// onColumnsResized is called after the user drags a column's edge.
	onColumnsResized func()
}

func newGrid() *grid {
	t := &grid{}
	t.ExtendBaseWidget(t)
	return t
}

// TypedKey moves the selection; other keys go to the table.
func (t *grid) TypedKey(ev *fyne.KeyEvent) {
	if t.onKey != nil && t.onKey(ev) {
		return
	}
	t.Table.TypedKey(ev)
}

// DragEnd reports a column resize.
func (t *grid) DragEnd() {
	t.Table.DragEnd()
	if t.onColumnsResized != nil {
		t.onColumnsResized()
	}
}

// Fyne's table keeps its scroll offset and the widths the user dragged its
// columns to in unexported fields, and offers no getter. They are read (never
// written) by reflection; TestIntrospection fails if a Fyne upgrade renames
// them.

// Offset is how far the table is scrolled.
func Offset(t *widget.Table) (fyne.Position, bool) {
	f := reflect.ValueOf(t).Elem().FieldByName("offset")
	if !f.IsValid() || f.Kind() != reflect.Struct {
		return fyne.Position{}, false
	}
	x, y := f.FieldByName("X"), f.FieldByName("Y")
	if !x.IsValid() || !y.IsValid() {
		return fyne.Position{}, false
	}
	return fyne.NewPos(float32(x.Float()), float32(y.Float())), true
}

// ColumnWidths is the width of every column given one, by SetColumnWidth
// or the user's drag.
func ColumnWidths(t *widget.Table) map[int]float32 {
	f := reflect.ValueOf(t).Elem().FieldByName("columnWidths")
	if !f.IsValid() || f.Kind() != reflect.Map {
		return nil
	}
	out := map[int]float32{}
	for _, k := range f.MapKeys() {
		out[int(k.Int())] = float32(f.MapIndex(k).Float())
	}
	return out
}

// wheelRows is how many rows a notch of the mouse wheel scrolls.
const wheelRows = 3

// wheelOverlay lies over a table and takes its scroll events, so that a notch
// of the wheel moves wheelRows rows: Fyne's drivers move 10 to 25 pixels a
// notch, under a row. It takes nothing else: taps and hovers reach the table.
type wheelOverlay struct {
	widget.BaseWidget
	table     *grid
	rowHeight func() float32
	notch     float32 // pixels the driver reports for one notch
}

func newWheelOverlay(t *grid, rowHeight func() float32) *wheelOverlay {
	o := &wheelOverlay{table: t, rowHeight: rowHeight, notch: driverNotch}
	o.ExtendBaseWidget(o)
	return o
}

// driverNotch is what Fyne's desktop driver reports for a notch of the wheel
// on Linux and Windows (scroll_speed_default.go); macOS reports 10, and its
// trackpads report fine deltas, which scale alike.
const driverNotch = 25

func (o *wheelOverlay) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Scrolled scrolls the table by wheelRows rows a notch.
func (o *wheelOverlay) Scrolled(ev *fyne.ScrollEvent) {
	off, ok := Offset(&o.table.Table)
	if !ok {
		return
	}
	k := wheelRows * o.rowHeight() / o.notch
	off.X -= ev.Scrolled.DX * k
	off.Y -= ev.Scrolled.DY * k
	off.X, off.Y = max(off.X, 0), max(off.Y, 0)
	o.table.ScrollToOffset(off)
}

// header is a column's header: a button whose click sorts by the column,
// and whose right-click opens the column chooser. It is the button itself,
// not a widget around one: the driver gives a click to the deepest object
// that takes clicks, and would give a right-click there too.
type header struct {
	widget.Button
	button      *widget.Button // the header's button, itself
	onSecondary func(pos fyne.Position)
}

func newHeader() *header {
	h := &header{Button: widget.Button{Alignment: widget.ButtonAlignLeading, IconPlacement: widget.ButtonIconTrailingText, Importance: widget.LowImportance}}
	h.button = &h.Button
	h.ExtendBaseWidget(h)
	return h
}

// TappedSecondary opens the column chooser.
func (h *header) TappedSecondary(ev *fyne.PointEvent) {
	if h.onSecondary != nil {
		h.onSecondary(ev.AbsolutePosition)
	}
}

// cell is a cell of a table: its text over a background that marks the
// rows the user selected, and a right-click that opens the row's menu.
type cell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	label *widget.Label
	row   int   // the shown row it displays now
	rec   int32 // and which row that is, an index into every row
	col   int   // and the column, an index into every column
	// value is the number the cell shows, for a column that has one: a
	// live redraw compares it with the new one for its flash's colour.
	value    decimal.Decimal
	hasValue bool

	// base is the background without a flash; fade the flash running.
	base    color.Color
	fade    *fyne.Animation
	flashed time.Time   // when the flash under way started
	flashes int         // flashes started, for tests
	tint    color.Color // the last flash's colour, for tests

	onSecondary func(row int, pos fyne.Position)
	// onTapped selects the cell; onDoubleTapped opens its row.
	onTapped, onDoubleTapped func(row, col int)
}

func newCell() *cell {
	c := &cell{
		bg:    canvas.NewRectangle(color.Transparent),
		label: &widget.Label{Text: "Template cell text", Truncation: fyne.TextTruncateEllipsis},
		row:   -1,
		rec:   -1,
		base:  color.Transparent,
	}
	c.bg.CornerRadius = theme.SelectionRadiusSize()
	c.ExtendBaseWidget(c)
	return c
}

func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.label))
}

// TappedSecondary opens the row's menu.
func (c *cell) TappedSecondary(ev *fyne.PointEvent) {
	if c.onSecondary != nil && c.row >= 0 {
		c.onSecondary(c.row, ev.AbsolutePosition)
	}
}

// Tapped selects the cell. The driver gives a tap to the deepest object
// that takes taps, this cell and not the table under it, so the cell hands
// it on.
func (c *cell) Tapped(*fyne.PointEvent) {
	if c.onTapped != nil && c.row >= 0 {
		c.onTapped(c.row, c.col)
	}
}

// DoubleTapped selects the cell and opens its row. The driver sends a
// double tap instead of its two taps.
func (c *cell) DoubleTapped(ev *fyne.PointEvent) {
	c.Tapped(ev)
	if c.onDoubleTapped != nil && c.row >= 0 {
		c.onDoubleTapped(c.row, c.col)
	}
}

// show sets the cell's text, alignment, importance and whether its row is
// selected; row is the shown row, rec the row it is among every row.
func (c *cell) show(row int, rec int32, text string, align fyne.TextAlign, imp widget.Importance, selected bool) {
	if c.row != row || c.rec != rec {
		c.stopFlash() // the cell now shows another row
	}
	c.row, c.rec = row, rec
	if c.label.Text != text || c.label.Alignment != align || c.label.Importance != imp {
		c.label.Alignment, c.label.Importance = align, imp
		c.label.SetText(text)
	}
	fill := color.Color(color.Transparent)
	if selected {
		fill = theme.Color(theme.ColorNameSelection)
	}
	c.base = fill
	if c.fade == nil && c.bg.FillColor != fill {
		c.bg.FillColor = fill
		c.bg.Refresh()
	}
}

// flashTime is how long a changed cell keeps its tint, at least: short
// enough that a symbol pushed every second or so is not tinted for good.
const flashTime = 300 * time.Millisecond

// flashGrid lines up the ends of the flashes: every tint that ends within
// one step of the grid goes in the same frame, so a feed of a few pushes a
// second costs a repaint for each push and at most four more a second, not
// a fade's repaint every frame (60 a second, the cost of an idle window
// many times over without a GPU).
const flashGrid = 250 * time.Millisecond

// flash tints the background with tint and takes it off again after
// flashTime or a little more, so a changed value catches the eye once: two
// repaints, the tint and its end.
func (c *cell) flash(tint color.Color) {
	c.stopFlash()
	c.flashes++
	c.tint = tint
	c.flashed = time.Now()
	c.bg.FillColor = tint
	c.bg.Refresh()
	var a *fyne.Animation
	a = fyne.NewAnimation(flashEnd(c.flashed), func(f float32) {
		if c.fade != a || f < 1 {
			return // between the two, nothing to redraw
		}
		c.fade = nil
		c.bg.FillColor = c.base
		c.bg.Refresh()
	})
	c.fade = a
	a.Start()
}

// flashEnd is how long a flash that starts at now lasts: flashTime, to the
// next step of flashGrid.
func flashEnd(now time.Time) time.Duration {
	end := now.Add(flashTime)
	return end.Truncate(flashGrid).Add(flashGrid).Sub(now)
}

// endFlashIfDue ends a flash that has lasted flashTime, for a redraw that
// happens anyway: its end then costs no frame of its own.
func (c *cell) endFlashIfDue(now time.Time) {
	if c.fade != nil && now.Sub(c.flashed) >= flashTime {
		c.stopFlash()
	}
}

// stopFlash ends a fade under way and restores the cell's background.
func (c *cell) stopFlash() {
	if c.fade == nil {
		return
	}
	c.fade.Stop()
	c.fade = nil
	c.bg.FillColor = c.base
	c.bg.Refresh()
}
