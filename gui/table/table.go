package table

import (
	"image/color"
	"slices"
	"strconv"
	"strings"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Prefs is where a table keeps what the user chose: the order, the column
// widths and which columns are shown. fyne.Preferences is one.
type Prefs interface {
	String(key string) string
	SetString(key, value string)
	RemoveValue(key string)
}

// Config is what a view says about one of its tables, and what the table
// needs from the app. Only Key, Columns and Prefs are required.
type Config[R any] struct {
	Key     string // stable, unique among the app's tables: preferences
	Columns []Column[R]
	Prefs   Prefs
	// Sort is the order until the user picks one: a column's key and
	// "asc" or "desc" ("submitted_at desc": newest first); "" the server's.
	Sort string
	// Frozen is the key of the last column that stays put while the table
	// scrolls sideways; "" (or a hidden column): the first column shown.
	Frozen string
	Lang   string // the UI's language, for collation
	// Symbol is a row's symbol, for Open and Copy symbol; nil: no such
	// items. Open opens it.
	Symbol func(*R) string
	Open   func(symbol string)
	// Copied puts text on the clipboard and tells the user note.
	Copied func(text, note string)
	// Menu is the items that end a row's right-click menu (Export CSV).
	Menu func() []*fyne.MenuItem
	// OnSelect, if set, is called with the row the selection moved to,
	// or nil when nothing is selected.
	OnSelect func(*R)
	// Modifiers reports the modifier keys held, for Shift- and Ctrl-click.
	Modifiers func() fyne.KeyModifier
	// RedUp says whether a rise is red (the convention of mainland China
	// and Hong Kong) or green.
	RedUp func() bool
	// Async runs work off the UI goroutine, then done on it; nil runs both
	// at once.
	Async func(work, done func())
	// Totals, if set, are the lines of the footer under the rows: per
	// currency, say. They are worked out again when the rows change and at
	// each live redraw.
	Totals func(rows []R) []Total
}

// Total is a line of the footer: a label, then figures with their titles.
type Total struct {
	Label   string
	Figures []Figure
}

// Figure is one figure of a Total.
type Figure struct {
	Title, Text string
	Tone        Tone
}

// Table is a table of rows of type R, as a view describes it in a Config.
type Table[R any] struct {
	cfg  Config[R]
	data *Data[R]
	grid *grid
	vis  []int // the columns shown, as indexes into cfg.Columns, in order

	// What is selected: a cell (Copy copies its row, Copy cell the cell),
	// or rows (Copy copies them with a header). Rows are indexes into
	// data.rows, so that a sort or a filter keeps them. cell is in the
	// grid's terms: a shown row and a shown column. The cells draw the
	// selection themselves; Fyne's own selection is cleared after each
	// click, so that a live re-sort can move the selection with its row
	// without a refresh of the whole grid.
	cell   *widget.TableCellID
	rows   map[int32]bool
	anchor int // the shown row a Shift-click extends from

	sortWant Sort // the order the user chose last: what loads and sorts aim at
	sortGen  int

	cells     []weak.Pointer[cell] // every cell the grid made; its pool may let them go
	headers   []weak.Pointer[header]
	refreshed map[int]bool // the rows the last live redraw touched, for tests
	resorts   int          // live re-sorts, for tests

	footer  *fyne.Container
	lines   []footerLine
	content fyne.CanvasObject
}

// New builds the table, with no rows until SetData.
func New[R any](cfg Config[R]) *Table[R] {
	t := &Table[R]{cfg: cfg, anchor: -1}
	t.sortWant = t.savedSort()
	t.data = NewData(cfg.Columns, nil, t.sortWant, "", cfg.Lang)

	t.grid = newGrid()
	t.grid.Length = func() (int, int) { return t.data.Len(), len(t.vis) }
	t.grid.CreateCell = func() fyne.CanvasObject {
		c := newCell()
		c.onSecondary = t.onSecondary
		c.onTapped, c.onDoubleTapped = t.onCellTapped, t.onOpen
		t.cells = append(t.cells, weak.Make(c))
		return c
	}
	t.grid.UpdateCell = t.updateCell
	t.grid.ShowHeaderRow = true
	t.grid.CreateHeader = func() fyne.CanvasObject {
		h := newHeader()
		h.onSecondary = t.onHeaderSecondary
		t.headers = append(t.headers, weak.Make(h))
		return h
	}
	t.grid.UpdateHeader = t.updateHeader
	t.grid.OnSelected = t.onSelected
	t.grid.onKey = t.onKey
	t.grid.onColumnsResized = t.saveWidths
	t.vis = t.savedColumns()
	t.applyColumns()
	wheel := newWheelOverlay(t.grid, rowHeight)

	t.footer = container.NewVBox()
	t.footer.Hide()
	t.content = container.NewBorder(nil, t.footer, nil, nil, container.NewStack(t.grid, wheel))
	return t
}

// rowHeight is the height of a row of cells.
func rowHeight() float32 { return newCell().MinSize().Height + theme.Padding() }

// Object is the table and its footer, to put on screen.
func (t *Table[R]) Object() fyne.CanvasObject { return t.content }

// Data is the rows as the table shows them.
func (t *Table[R]) Data() *Data[R] { return t.data }

// Grid is Fyne's table underneath, for tests and for focus.
func (t *Table[R]) Grid() *widget.Table { return &t.grid.Table }

// HeaderButton is the header of the column titled title on screen, for
// tests that click it; nil when none is.
func (t *Table[R]) HeaderButton(title string) *widget.Button {
	for _, w := range t.headers {
		if h := w.Value(); h != nil && h.Visible() && h.Text == title {
			return h.button
		}
	}
	return nil
}

// Focusable is the object that takes the keyboard.
func (t *Table[R]) Focusable() fyne.Focusable { return t.grid }

// Columns are every column the view described.
func (t *Table[R]) Columns() []Column[R] { return t.cfg.Columns }

// Visible are the columns shown, in their order on screen: what Copy and
// CSV export write.
func (t *Table[R]) Visible() []Column[R] {
	out := make([]Column[R], len(t.vis))
	for i, c := range t.vis {
		out[i] = t.cfg.Columns[c]
	}
	return out
}

// ExportColumns are the columns CSV export writes: those shown, in their
// order, then those marked Exported that are not shown.
func (t *Table[R]) ExportColumns() []Column[R] {
	out := t.Visible()
	for i, c := range t.cfg.Columns {
		if c.Exported && !slices.Contains(t.vis, i) {
			out = append(out, c)
		}
	}
	return out
}

// SortWant is the order the user chose last.
func (t *Table[R]) SortWant() Sort { return t.sortWant }

// SetData shows d from its first row with no selection, in the order the
// user chose meanwhile if they clicked a header while it was made.
func (t *Table[R]) SetData(d *Data[R]) {
	t.data = d
	t.ShowFromTop()
	t.showTotals()
	if d.sort != t.sortWant {
		t.sortTo(t.sortWant)
	}
}

// SetFilter shows only the rows that match query, from the top.
func (t *Table[R]) SetFilter(query string) {
	if query == t.data.query {
		return
	}
	t.data.SetFilter(query)
	t.ShowFromTop()
}

// ShowFromTop shows the rows from the first, with no selection.
func (t *Table[R]) ShowFromTop() {
	t.Unselect()
	t.grid.Refresh()
	t.grid.ScrollToTop()
}

// Unselect leaves nothing selected.
func (t *Table[R]) Unselect() {
	had := t.HasSelection()
	t.cell, t.rows, t.anchor = nil, nil, -1
	t.grid.UnselectAll()
	if had {
		t.grid.Refresh()
	}
	if t.cfg.OnSelect != nil {
		t.cfg.OnSelect(nil)
	}
}

// SelectedCell is the cell selected, in shown rows and columns; false when
// none is (rows may be).
func (t *Table[R]) SelectedCell() (row, col int, ok bool) {
	if t.cell == nil {
		return -1, -1, false
	}
	return t.cell.Row, t.cell.Col, true
}

// HasSelection reports whether a cell or rows are selected: Copy has
// something to copy.
func (t *Table[R]) HasSelection() bool { return t.cell != nil || len(t.rows) > 0 }

// Select selects the cell at shown row and column col, as a click would.
func (t *Table[R]) Select(row, col int) { t.grid.Select(widget.TableCellID{Row: row, Col: col}) }

// RedrawAll redraws every visible cell, as after a change of the colours.
func (t *Table[R]) RedrawAll() {
	t.grid.Refresh()
	t.showTotals()
}

func (t *Table[R]) pref(name string) string { return "view." + t.cfg.Key + "." + name }

// savedSort is the order the user chose last time, by column key.
func (t *Table[R]) savedSort() Sort {
	saved := t.cfg.Prefs.String(t.pref("sort"))
	if saved == "" {
		saved = t.cfg.Sort
	}
	key, dir, _ := strings.Cut(saved, " ")
	for i, c := range t.cfg.Columns {
		if c.Key == key && key != "" {
			return Sort{Col: i, Desc: dir == "desc"}
		}
	}
	return Sort{Col: -1}
}

func (t *Table[R]) saveSort(s Sort) {
	switch {
	case s.Col < 0 && t.cfg.Sort == "":
		t.cfg.Prefs.RemoveValue(t.pref("sort"))
	case s.Col < 0:
		t.cfg.Prefs.SetString(t.pref("sort"), "none") // the server's order, not the default
	default:
		dir := "asc"
		if s.Desc {
			dir = "desc"
		}
		t.cfg.Prefs.SetString(t.pref("sort"), t.cfg.Columns[s.Col].Key+" "+dir)
	}
}

// savedWidths are the column widths the user dragged to, by column key.
func (t *Table[R]) savedWidths() map[string]float32 {
	out := map[string]float32{}
	for _, kv := range strings.Fields(t.cfg.Prefs.String(t.pref("widths"))) {
		k, v, _ := strings.Cut(kv, "=")
		if w, err := strconv.ParseFloat(v, 32); err == nil && w >= 20 && w <= 4000 {
			out[k] = float32(w)
		}
	}
	return out
}

// saveWidths keeps the widths of the columns shown that differ from their
// default, and those kept before of the columns hidden now.
func (t *Table[R]) saveWidths() {
	saved := t.savedWidths()
	widths := ColumnWidths(&t.grid.Table)
	var parts []string
	for i, c := range t.cfg.Columns {
		w, ok := saved[c.Key]
		if at := slices.Index(t.vis, i); at >= 0 {
			w, ok = widths[at]
		}
		if ok && w != c.Width {
			parts = append(parts, c.Key+"="+strconv.FormatFloat(float64(w), 'f', 0, 32))
		}
	}
	t.cfg.Prefs.SetString(t.pref("widths"), strings.Join(parts, " "))
}

func (t *Table[R]) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*header).button
	if id.Col < 0 || id.Col >= len(t.vis) {
		b.SetText("")
		return
	}
	col := t.vis[id.Col]
	b.Text = t.cfg.Columns[col].Title()
	b.Icon = nil
	if t.data.sort.Col == col {
		// The arrow points up for ascending, as in every desktop table.
		b.Icon = theme.MenuDropUpIcon()
		if t.data.sort.Desc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	b.OnTapped = func() { t.SortBy(col) }
	b.Refresh()
}

func (t *Table[R]) redUp() bool { return t.cfg.RedUp != nil && t.cfg.RedUp() }

func (t *Table[R]) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	if id.Row < 0 || id.Row >= t.data.Len() || id.Col < 0 || id.Col >= len(t.vis) {
		c.col = -1
		c.show(-1, -1, "", fyne.TextAlignLeading, widget.MediumImportance, false)
		return
	}
	c.col = t.vis[id.Col]
	col := &t.cfg.Columns[c.col]
	r := t.data.Row(id.Row)
	tone := Normal
	if col.Tone != nil {
		tone = col.Tone(r)
	}
	c.hasValue = false
	if col.Value != nil {
		c.value, c.hasValue = col.Value(r)
	}
	rec := t.data.shown[id.Row]
	selected := t.rows[rec] || t.cell != nil && *t.cell == id
	c.show(id.Row, rec, col.Text(r), col.Align, tone.Importance(t.redUp()), selected)
}

// SortBy follows a click on col's header: ascending, descending, then the
// server's order.
func (t *Table[R]) SortBy(col int) {
	t.sortWant = t.sortWant.Next(col)
	t.saveSort(t.sortWant)
	t.sortTo(t.sortWant)
}

// sortTo sorts off the UI goroutine: 100,000 rows take tens of milliseconds.
func (t *Table[R]) sortTo(s Sort) {
	d := t.data
	t.sortGen++
	gen := t.sortGen
	cols, rows, lang := t.cfg.Columns, d.rows, t.cfg.Lang
	var order []int32
	work := func() { order = SortOrder(cols, rows, s, lang) }
	done := func() {
		if t.data != d || gen != t.sortGen {
			return // new data or a newer click
		}
		d.setOrder(s, order)
		t.ShowFromTop() // a new order starts at the top
	}
	if t.cfg.Async == nil {
		work()
		done()
		return
	}
	t.cfg.Async(work, done)
}

// onSelected follows a click (or a key) on a cell: a plain click selects
// the cell; Ctrl (Cmd) adds or removes its row; Shift selects the rows from
// the last one clicked.
func (t *Table[R]) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= t.data.Len() {
		return
	}
	var mods fyne.KeyModifier
	if t.cfg.Modifiers != nil {
		mods = t.cfg.Modifiers()
	}
	switch {
	case mods&fyne.KeyModifierShift != 0 && t.anchor >= 0:
		t.rows = map[int32]bool{}
		lo, hi := min(t.anchor, id.Row), max(t.anchor, id.Row)
		for i := lo; i <= hi; i++ {
			t.rows[t.data.shown[i]] = true
		}
		t.cell = nil
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		if t.rows == nil {
			t.rows = map[int32]bool{}
			if t.cell != nil {
				t.rows[t.data.shown[t.cell.Row]] = true
			}
		}
		r := t.data.shown[id.Row]
		if t.rows[r] {
			delete(t.rows, r)
		} else {
			t.rows[r] = true
		}
		t.cell = nil
		t.anchor = id.Row
	default:
		t.rows = nil
		t.cell = &id
		t.anchor = id.Row
	}
	t.grid.UnselectAll() // and redraws: the cells draw the selection
	if t.cfg.OnSelect != nil {
		t.cfg.OnSelect(t.data.Row(id.Row))
	}
}

// Selected is the row the user last picked (the cell's, or the only one
// selected), nil when there is none.
func (t *Table[R]) Selected() *R {
	switch rows := t.selectedShown(); {
	case t.cell != nil && t.cell.Row < t.data.Len():
		return t.data.Row(t.cell.Row)
	case len(rows) == 1:
		return t.data.Row(rows[0])
	}
	return nil
}

// onKey moves the selection with the arrow keys, Page Up/Down, Home and End.
func (t *Table[R]) onKey(ev *fyne.KeyEvent) bool {
	n := t.data.Len()
	if n == 0 {
		return false
	}
	cur := widget.TableCellID{Row: -1, Col: 0}
	if t.cell != nil {
		cur = *t.cell
	} else if t.anchor >= 0 {
		cur.Row = t.anchor
	}
	page := max(int(t.grid.Size().Height/rowHeight())-1, 1)
	next := cur
	switch ev.Name {
	case fyne.KeyDown:
		next.Row++
	case fyne.KeyUp:
		next.Row--
	case fyne.KeyPageDown:
		next.Row += page
	case fyne.KeyPageUp:
		next.Row -= page
	case fyne.KeyHome:
		next.Row = 0
	case fyne.KeyEnd:
		next.Row = n - 1
	case fyne.KeyLeft:
		next.Col--
	case fyne.KeyRight:
		next.Col++
	case fyne.KeyReturn, fyne.KeyEnter:
		if cur.Row < 0 || t.cfg.Symbol == nil {
			return false
		}
		t.onOpen(cur.Row, cur.Col)
		return true
	default:
		return false
	}
	next.Row = min(max(next.Row, 0), n-1)
	next.Col = min(max(next.Col, 0), len(t.vis)-1)
	t.rows = nil
	t.grid.Select(next) // calls onSelected, and scrolls to it
	if t.cell == nil || *t.cell != next {
		t.onSelected(next) // Select ignores the cell already selected
	}
	return true
}

// selectedShown returns the selected rows as indexes into shown, in order.
func (t *Table[R]) selectedShown() []int {
	var out []int
	for i, r := range t.data.shown {
		if t.rows[r] {
			out = append(out, i)
		}
	}
	return out
}

// CopyText is what Copy puts on the clipboard: the selected rows with a
// header, or the selected cell's row, tab-separated so that they paste
// into a spreadsheet, in the columns shown; "" when nothing is selected.
func (t *Table[R]) CopyText() (text string, rows int) {
	var shown []int
	switch {
	case len(t.rows) > 0:
		shown = t.selectedShown()
	case t.cell != nil:
		shown = []int{t.cell.Row}
	default:
		return "", 0
	}
	return t.data.tsv(shown, t.vis), len(shown)
}

// Copy puts on the clipboard what is highlighted, as CopyText says.
func (t *Table[R]) Copy() {
	text, n := t.CopyText()
	if n == 0 || t.cfg.Copied == nil {
		return
	}
	t.cfg.Copied(text, plural("table.copied_rows", n, "Copied 1 row.", "Copied {{.N}} rows.", map[string]any{"N": n}))
}

// CopyCell puts the clicked cell's text alone on the clipboard.
func (t *Table[R]) CopyCell() {
	if t.cell == nil || t.cfg.Copied == nil {
		return
	}
	t.cfg.Copied(t.data.Cell(t.cell.Row, t.vis[t.cell.Col]), lang.X("table.copied", "Copied."))
}

// onCellTapped selects a cell as a tap on the table would.
func (t *Table[R]) onCellTapped(row, col int) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.grid); c != nil {
		c.Focus(t.grid)
	}
	if at := slices.Index(t.vis, col); at >= 0 {
		t.grid.Select(widget.TableCellID{Row: row, Col: at})
	}
}

// onOpen opens the symbol of a shown row, for a table whose rows have one.
func (t *Table[R]) onOpen(row, _ int) {
	if sym := t.RowSymbol(row); sym != "" && t.cfg.Open != nil {
		t.cfg.Open(sym)
	}
}

// RowSymbol is the symbol of a shown row; "" for a table without symbols
// or a row without one (a cash flow of no security).
func (t *Table[R]) RowSymbol(row int) string {
	if t.cfg.Symbol == nil || row < 0 || row >= t.data.Len() {
		return ""
	}
	return t.cfg.Symbol(t.data.Row(row))
}

// ShowRowMenu opens the right-click menu of a shown row at pos, as a
// right-click on it does.
func (t *Table[R]) ShowRowMenu(row int, pos fyne.Position) { t.onSecondary(row, pos) }

// onSecondary opens the right-click menu of a row: Open, Copy, Copy cell,
// Copy symbol and the view's items. A row outside the selection is
// selected first.
func (t *Table[R]) onSecondary(row int, pos fyne.Position) {
	if row >= t.data.Len() {
		return
	}
	if !t.rows[t.data.shown[row]] && (t.cell == nil || t.cell.Row != row) {
		t.rows = nil
		t.grid.Select(widget.TableCellID{Row: row, Col: 0})
	}
	items := []*fyne.MenuItem{fyne.NewMenuItem(lang.X("table.copy_row", "Copy row"), t.Copy)}
	if len(t.rows) > 1 {
		items[0].Label = lang.X("table.copy_rows", "Copy rows")
	}
	if t.cell != nil && t.cell.Row == row {
		items = append(items, fyne.NewMenuItem(lang.X("table.copy_cell", "Copy cell"), t.CopyCell))
	}
	if sym := t.RowSymbol(row); sym != "" {
		if t.cfg.Open != nil {
			items = append([]*fyne.MenuItem{fyne.NewMenuItem(lang.X("table.open", "Open chart: {{.Symbol}}", map[string]any{"Symbol": sym}), func() { t.cfg.Open(sym) }),
				fyne.NewMenuItemSeparator()}, items...)
		}
		items = append(items, fyne.NewMenuItem(lang.X("table.copy_symbol", "Copy symbol"), func() {
			if t.cfg.Copied != nil {
				t.cfg.Copied(sym, lang.X("securities.copied", "Copied {{.Symbol}}.", map[string]any{"Symbol": sym}))
			}
		}))
	}
	if t.cfg.Menu != nil {
		items = append(items, fyne.NewMenuItemSeparator())
		items = append(items, t.cfg.Menu()...)
	}
	t.popUp(fyne.NewMenu("", items...), pos)
}

// popUp shows menu at pos on the table's window.
func (t *Table[R]) popUp(menu *fyne.Menu, pos fyne.Position) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.grid); c != nil {
		widget.ShowPopUpMenuAtPosition(menu, c, pos)
	}
}

// RedrawLive redraws the live cells of the rows changed says changed,
// straight in the cells the grid shows, and flashes those whose text
// changed. A Fyne refresh of the table would redraw every visible cell.
// A table sorted by a live column is sorted again first, if the new values
// change the order: then every cell on screen is redrawn, and the
// selection stays on its rows.
func (t *Table[R]) RedrawLive(changed func(*R) bool) {
	t.refreshed = map[int]bool{}
	moved := t.resortLive()
	now := time.Now()
	alive := t.cells[:0]
	for _, w := range t.cells {
		c := w.Value()
		if c == nil {
			continue
		}
		alive = append(alive, w)
		c.endFlashIfDue(now) // this frame is drawn anyway
		if c.row < 0 || c.row >= t.data.Len() || c.col < 0 {
			continue
		}
		live := t.cfg.Columns[c.col].Live && changed(t.data.Row(c.row))
		if !live && !moved {
			continue
		}
		at := slices.Index(t.vis, c.col)
		if at < 0 {
			continue
		}
		before, value, hadValue, rec := c.label.Text, c.value, c.hasValue, c.rec
		t.updateCell(widget.TableCellID{Row: c.row, Col: at}, c)
		t.refreshed[c.row] = true
		if live && c.rec == rec && c.label.Text != before && before != "" {
			dir := 0
			if hadValue && c.hasValue {
				dir = c.value.Cmp(value)
			}
			c.flash(FlashTint(dir, t.redUp()))
		}
	}
	clear(t.cells[len(alive):])
	t.cells = alive
	t.showTotals()
}

// resortLive sorts the rows again when they are sorted by a live column
// and its values no longer run in order; it reports whether they moved.
// The selected cell, the selected rows and the Shift-click anchor stay on
// their rows, and the table does not scroll.
func (t *Table[R]) resortLive() bool {
	d := t.data
	s := d.sort
	if s.Col < 0 || s.Col >= len(t.cfg.Columns) || !t.cfg.Columns[s.Col].Live || d.Len() < 2 {
		return false
	}
	order := SortOrder(t.cfg.Columns, d.rows, s, t.cfg.Lang)
	if slices.Equal(order, d.order) {
		return false
	}
	cellRec, anchorRec := int32(-1), int32(-1)
	if t.cell != nil {
		cellRec = d.shown[t.cell.Row]
	}
	if t.anchor >= 0 && t.anchor < d.Len() {
		anchorRec = d.shown[t.anchor]
	}
	d.setOrder(s, order)
	t.resorts++
	at := func(rec int32) int {
		if rec < 0 {
			return -1
		}
		return slices.Index(d.shown, rec)
	}
	t.anchor = at(anchorRec)
	if row := at(cellRec); row >= 0 {
		t.cell = &widget.TableCellID{Row: row, Col: t.cell.Col}
	}
	return true
}

// FlashTint is the colour a changed cell flashes in: the up colour of the
// user's convention for a rise (dir > 0), the down colour for a fall, and
// a grey that is neither, nor the selection's blue, when it is not known.
func FlashTint(dir int, redUp bool) color.Color {
	name := theme.ColorNameForeground
	switch {
	case dir > 0 && redUp, dir < 0 && !redUp:
		name = theme.ColorNameError
	case dir != 0:
		name = theme.ColorNameSuccess
	}
	r, g, b, _ := theme.Color(name).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x55}
}

// plural is lang.X of key's ".one" or ".other" form by n.
func plural(key string, n int, one, other string, data map[string]any) string {
	if n == 1 {
		return lang.X(key+".one", one, data)
	}
	return lang.X(key+".other", other, data)
}

// CellState is what a cell on screen shows, for tests.
type CellState struct {
	Text       string
	Importance widget.Importance
	Flashes    int         // flashes started
	Tint       color.Color // the colour of the last flash
	Background color.Color // now
}

// CellAt is the cell on screen at shown row row, in column col (an index
// into every column); false when none is.
func (t *Table[R]) CellAt(row, col int) (CellState, bool) {
	for _, w := range t.cells {
		if c := w.Value(); c != nil && c.row == row && c.col == col && c.Visible() {
			return CellState{Text: c.label.Text, Importance: c.label.Importance, Flashes: c.flashes, Tint: c.tint, Background: c.bg.FillColor}, true
		}
	}
	return CellState{}, false
}

// Redrawn are the shown rows the last live redraw touched, for tests.
func (t *Table[R]) Redrawn() map[int]bool { return t.refreshed }

// CellObject is the cell on screen at shown row row, in column col (an
// index into every column), for tests that tap it; nil when none is.
func (t *Table[R]) CellObject(row, col int) fyne.CanvasObject {
	for _, w := range t.cells {
		if c := w.Value(); c != nil && c.row == row && c.col == col && c.Visible() {
			return c
		}
	}
	return nil
}
