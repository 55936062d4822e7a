package table

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// security is a row of the tests: a symbol, names and a price that moves.
type security struct {
	Symbol, NameEN, NameCN, NameHK string
	Currency                       string
	Last                           *decimal.Decimal // nil: no price yet
}

var sample = []security{
	{Symbol: "TSLA.US", NameCN: "特斯拉"},
	{Symbol: "AAPL.US", NameCN: "苹果", NameHK: "蘋果", NameEN: "Apple Inc."},
	{Symbol: "MSFT.US", NameCN: "微软", NameHK: "微軟", NameEN: "Microsoft Corporation"},
	{Symbol: "APLE.US", NameCN: "苹果酒店", NameHK: "蘋果酒店", NameEN: "Apple Hospitality REIT"},
}

// Column indexes of columns(), for the tests.
const (
	colSymbol = iota
	colEnglish
	colSimplified
	colTraditional
	colLast
)

func columns() []Column[security] {
	last := func(s *security) (decimal.Decimal, bool) {
		if s.Last == nil {
			return decimal.Decimal{}, false
		}
		return *s.Last, true
	}
	return []Column[security]{
		{Key: "symbol", Title: func() string { return "Symbol" }, CSV: "Symbol", Width: 100, Text: func(s *security) string { return s.Symbol }, Search: true},
		{Key: "name_en", Title: func() string { return "English name" }, CSV: "English name", Width: 200, Text: func(s *security) string { return s.NameEN }, Search: true},
		{Key: "name_cn", Title: func() string { return "Simplified Chinese name" }, CSV: "Simplified Chinese name", Width: 150, Text: func(s *security) string { return s.NameCN }, Search: true},
		{Key: "name_hk", Title: func() string { return "Traditional Chinese name" }, CSV: "Traditional Chinese name", Width: 150, Text: func(s *security) string { return s.NameHK }, Search: true},
		{Key: "last", Title: func() string { return "Last" }, CSV: "Last", Width: 90, Align: fyne.TextAlignTrailing, Live: true, Value: last,
			Text: func(s *security) string {
				if d, ok := last(s); ok {
					return d.StringFixed(2)
				}
				return ""
			},
			Compare: func(a, b *security) int {
				da, oka := last(a)
				db, okb := last(b)
				if oka != okb {
					if oka {
						return -1
					}
					return 1
				}
				return da.Cmp(db)
			}},
	}
}

func symbols(rows []security, idx []int32) []string {
	var out []string
	for _, i := range idx {
		out = append(out, rows[i].Symbol)
	}
	return out
}

func TestFilterRows(t *testing.T) {
	d := NewData(columns(), sample, Sort{Col: -1}, "", "en")
	tests := []struct {
		name, query string
		want        []string
	}{
		{"an empty query keeps every row", "", []string{"TSLA.US", "AAPL.US", "MSFT.US", "APLE.US"}},
		{"the symbol matches regardless of case", "tsla", []string{"TSLA.US"}},
		{"the English name matches regardless of case", "APPLE", []string{"AAPL.US", "APLE.US"}},
		{"simplified Chinese matches", "特斯拉", []string{"TSLA.US"}},
		{"traditional Chinese matches", "蘋果", []string{"AAPL.US", "APLE.US"}},
		{"every word must match", "apple 酒店", []string{"APLE.US"}},
		{"nothing matches a stranger", "zzz", nil},
		{"spaces around the query are ignored", "  msft ", []string{"MSFT.US"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := symbols(sample, filterRows(d.keys, d.order, tt.query))
			if !slices.Equal(got, tt.want) {
				t.Errorf("filter %q = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSortRows(t *testing.T) {
	tests := []struct {
		name string
		col  int
		desc bool
		want []string
	}{
		{"no column keeps the server's order", -1, false, []string{"TSLA.US", "AAPL.US", "MSFT.US", "APLE.US"}},
		{"symbols ascending", colSymbol, false, []string{"AAPL.US", "APLE.US", "MSFT.US", "TSLA.US"}},
		{"symbols descending", colSymbol, true, []string{"TSLA.US", "MSFT.US", "APLE.US", "AAPL.US"}},
		{"empty English names go last ascending", colEnglish, false, []string{"APLE.US", "AAPL.US", "MSFT.US", "TSLA.US"}},
		{"empty English names go last descending too", colEnglish, true, []string{"MSFT.US", "AAPL.US", "APLE.US", "TSLA.US"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := symbols(sample, SortOrder(columns(), sample, Sort{Col: tt.col, Desc: tt.desc}, "en"))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAHeaderClickCyclesAscendingDescendingNone(t *testing.T) {
	s := Sort{Col: -1}
	var seen []Sort
	for range 4 {
		s = s.Next(colSymbol)
		seen = append(seen, s)
	}
	want := []Sort{{Col: colSymbol}, {Col: colSymbol, Desc: true}, {Col: -1}, {Col: colSymbol}}
	if !slices.Equal(seen, want) {
		t.Errorf("clicks give %v, want %v", seen, want)
	}
	if got := (Sort{Col: colSymbol, Desc: true}).Next(colEnglish); got != (Sort{Col: colEnglish}) {
		t.Errorf("another column starts ascending, got %v", got)
	}
}

func TestNamesSortAsTheirReadersExpect(t *testing.T) {
	rows := []security{
		{Symbol: "A", NameEN: "banana", NameCN: "中国银行", NameHK: "中國銀行"},
		{Symbol: "B", NameEN: "Apple", NameCN: "阿里巴巴", NameHK: "阿里巴巴"},
		{Symbol: "C", NameEN: "cherry", NameCN: "比亚迪", NameHK: "比亞迪"},
		{Symbol: "D", NameEN: "apricot", NameCN: "腾讯", NameHK: "一心堂"},
	}
	tests := []struct {
		name string
		col  int
		lang string
		want []string
	}{
		// Case does not split "Apple" from "apricot".
		{"English ignores case", colEnglish, "en", []string{"B", "D", "A", "C"}},
		// Pinyin: a(li) < bi(yadi) < teng(xun) < zhong(guo).
		{"simplified Chinese by pinyin", colSimplified, "zh-Hans", []string{"B", "C", "D", "A"}},
		// Strokes: 一 (1) < 中 (4) < 比 (4, later) < 阿 (8).
		{"traditional Chinese by strokes", colTraditional, "zh-Hant", []string{"D", "A", "C", "B"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := symbols(rows, SortOrder(columns(), rows, Sort{Col: tt.col}, tt.lang))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWriteCSVHasAByteOrderMarkAHeaderRowAndUTF8(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, columns()[:4], sample[:2]); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFSymbol,English name,Simplified Chinese name,Traditional Chinese name\n" +
		"TSLA.US,,特斯拉,\n" +
		"AAPL.US,Apple Inc.,苹果,蘋果\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTone(t *testing.T) {
	tests := []struct {
		name  string
		redUp bool
		tone  Tone
		want  widget.Importance
	}{
		{"red up: a rise is red", true, Up, widget.DangerImportance},
		{"red up: a fall is green", true, Down, widget.SuccessImportance},
		{"green up: a rise is green", false, Up, widget.SuccessImportance},
		{"green up: a fall is red", false, Down, widget.DangerImportance},
		{"a negative amount is red either way", true, Negative, widget.DangerImportance},
		{"a muted cell is low", false, Muted, widget.LowImportance},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.tone.Importance(tc.redUp); got != tc.want {
				t.Fatalf("importance %v, want %v", got, tc.want)
			}
		})
	}
}

// fixture is a table of rows on a test window, with what it did.
type fixture struct {
	t       testing.TB
	tbl     *Table[security]
	prefs   *memPrefs
	win     fyne.Window
	mods    fyne.KeyModifier
	copied  []string
	opened  []string
	selects []*security
	redUp   bool
}

type memPrefs map[string]string

func (m memPrefs) String(k string) string { return m[k] }
func (m memPrefs) SetString(k, v string)  { m[k] = v }
func (m memPrefs) RemoveValue(k string)   { delete(m, k) }

func newFixture(t testing.TB, rows []security, prefs memPrefs, change func(*Config[security])) *fixture {
	t.Helper()
	test.NewTempApp(t)
	if prefs == nil {
		prefs = memPrefs{}
	}
	f := &fixture{t: t, prefs: &prefs}
	cfg := Config[security]{
		Key: "test", Columns: columns(), Prefs: prefs, Lang: "en",
		Symbol:    func(s *security) string { return s.Symbol },
		Open:      func(sym string) { f.opened = append(f.opened, sym) },
		Copied:    func(text, _ string) { f.copied = append(f.copied, text) },
		OnSelect:  func(s *security) { f.selects = append(f.selects, s) },
		Modifiers: func() fyne.KeyModifier { return f.mods },
		RedUp:     func() bool { return f.redUp },
		Menu:      func() []*fyne.MenuItem { return []*fyne.MenuItem{fyne.NewMenuItem("Export CSV", func() {})} },
	}
	if change != nil {
		change(&cfg)
	}
	f.tbl = New(cfg)
	f.win = test.NewTempWindow(t, f.tbl.Object())
	f.win.Resize(fyne.NewSize(700, 400))
	f.tbl.SetData(NewData(cfg.Columns, rows, f.tbl.SortWant(), "", "en"))
	return f
}

func (f *fixture) key(name fyne.KeyName) { f.tbl.Focusable().TypedKey(&fyne.KeyEvent{Name: name}) }

func (f *fixture) selectedRow() int {
	row, _, ok := f.tbl.SelectedCell()
	if !ok {
		return -1
	}
	return row
}

func manyRows(n int) []security {
	rows := make([]security, n)
	for i := range rows {
		rows[i] = security{Symbol: fmt.Sprintf("S%03d.US", i), NameEN: fmt.Sprintf("Name %d", i)}
	}
	return rows
}

func TestTheTableBehavesAsADesktopTable(t *testing.T) {
	f := newFixture(t, manyRows(200), nil, nil)
	tab := f.tbl

	// Keys move the selection, not a faint focus box.
	tab.Select(0, 0)
	for _, k := range []struct {
		key  fyne.KeyName
		want int
	}{{fyne.KeyDown, 1}, {fyne.KeyDown, 2}, {fyne.KeyUp, 1}, {fyne.KeyEnd, 199}, {fyne.KeyHome, 0}} {
		f.key(k.key)
		if got := f.selectedRow(); got != k.want {
			t.Fatalf("after %s the selection is row %d, want %d", k.key, got, k.want)
		}
	}
	f.key(fyne.KeyPageDown)
	if got := f.selectedRow(); got < 5 {
		t.Errorf("Page Down moved to row %d", got)
	}
	f.key(fyne.KeyReturn)
	if len(f.opened) != 1 || f.opened[0] != tab.Data().Row(f.selectedRow()).Symbol {
		t.Errorf("Enter opened %v", f.opened)
	}

	// Ctrl-click selects rows; Copy copies them with a header.
	tab.Select(0, 0)
	f.mods = fyne.KeyModifierControl
	tab.Select(2, 1)
	f.mods = 0
	tab.Copy()
	lines := strings.Split(f.copied[len(f.copied)-1], "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Symbol\tEnglish name") ||
		!strings.HasPrefix(lines[1], tab.Data().Row(0).Symbol+"\t") || !strings.HasPrefix(lines[2], tab.Data().Row(2).Symbol+"\t") {
		t.Errorf("Ctrl-click rows 0 and 2 copied %q", lines)
	}
	// Shift-click selects the range from the last click.
	f.mods = fyne.KeyModifierShift
	tab.Select(4, 0)
	f.mods = 0
	if got := tab.selectedShown(); len(got) != 3 || got[0] != 2 || got[2] != 4 {
		t.Errorf("Shift-click selected %v, want rows 2 to 4", got)
	}

	// A wheel notch scrolls three rows.
	tab.grid.ScrollToTop()
	var wheel *wheelOverlay
	for _, o := range test.LaidOutObjects(tab.Object()) {
		if w, ok := o.(*wheelOverlay); ok {
			wheel = w
		}
	}
	wheel.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -driverNotch)})
	off, _ := Offset(tab.Grid())
	row := newCell().MinSize().Height + theme.Padding()
	if off.Y < 2.5*row || off.Y > 3.5*row {
		t.Errorf("a notch scrolled %v px, want about 3 rows of %v", off.Y, row)
	}

	// Right-click opens Open, Copy, Copy symbol and the view's items.
	tab.onSecondary(1, fyne.NewPos(10, 10))
	items := menuItems(t, f.win)
	for _, want := range []string{"Open chart: " + tab.Data().Row(1).Symbol, "Copy row", "Copy symbol", "Export CSV"} {
		if !slices.Contains(items, want) {
			t.Errorf("the menu has %v, not %q", items, want)
		}
	}
}

// menuItems are the texts of the pop-up on top of win, which it closes.
func menuItems(t *testing.T, win fyne.Window) []string {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no menu")
	}
	var items []string
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			items = append(items, l.Text)
		case *canvas.Text:
			items = append(items, l.Text)
		}
	}
	top.Hide()
	win.Canvas().Overlays().Remove(top)
	return items
}

func TestIntrospection(t *testing.T) {
	// Offset and ColumnWidths read Fyne's unexported fields; a Fyne
	// upgrade that renames them must fail here, not silently.
	test.NewTempApp(t)
	tb := newGrid()
	tb.Length = func() (int, int) { return 100, 2 }
	tb.CreateCell = func() fyne.CanvasObject { return widget.NewLabel("x") }
	tb.UpdateCell = func(widget.TableCellID, fyne.CanvasObject) {}
	tb.SetColumnWidth(1, 123)
	test.NewTempWindow(t, tb).Resize(fyne.NewSize(300, 200))
	tb.ScrollToOffset(fyne.NewPos(0, 150))
	if off, ok := Offset(&tb.Table); !ok || off.Y != 150 {
		t.Errorf("Offset = %v, %v; want y 150", off, ok)
	}
	if w := ColumnWidths(&tb.Table); w[1] != 123 {
		t.Errorf("ColumnWidths = %v", w)
	}
}

func TestSortAndWidthsAreRemembered(t *testing.T) {
	prefs := memPrefs{}
	f := newFixture(t, sample, prefs, nil)
	f.tbl.SortBy(colEnglish)
	f.tbl.grid.SetColumnWidth(colSymbol, 222)
	f.tbl.grid.DragEnd()
	again := newFixture(t, sample, prefs, nil)
	if got := again.tbl.Data().Sort(); got != (Sort{Col: colEnglish}) {
		t.Errorf("the next table sorts %v", got)
	}
	if w := ColumnWidths(again.tbl.Grid())[colSymbol]; w != 222 {
		t.Errorf("the symbol column is %v wide, want the 222 it was dragged to", w)
	}
	// A default order ("newest first") the user turned off stays off.
	def := func(c *Config[security]) { c.Sort = "symbol desc" }
	g := newFixture(t, sample, memPrefs{}, def)
	if g.tbl.Data().Row(0).Symbol != "TSLA.US" {
		t.Errorf("the default order shows %s first", g.tbl.Data().Row(0).Symbol)
	}
	g.tbl.SortBy(colSymbol)
	if got := (*g.prefs)["view.test.sort"]; got != "none" {
		t.Errorf("the server's order is saved as %q", got)
	}
}
