package table

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// headers are the titles of the headers on screen, sorted: the frozen
// column's header is laid out apart from the others.
func headers(tab *Table[security]) []string {
	var out []string
	for _, o := range test.LaidOutObjects(tab.grid) {
		if h, ok := o.(*header); ok && h.Visible() && h.Text != "" {
			out = append(out, h.Text)
		}
	}
	slices.Sort(out)
	return out
}

func shownKeys(tab *Table[security]) []string {
	var out []string
	for _, c := range tab.Visible() {
		out = append(out, c.Key)
	}
	return out
}

func TestTheColumnChooserShowsHidesAndResetsAndIsRemembered(t *testing.T) {
	prefs := memPrefs{}
	f := newFixture(t, sample, prefs, func(c *Config[security]) { c.Columns[colTraditional].Hidden = true })
	tab := f.tbl
	if got, want := shownKeys(tab), []string{"symbol", "name_en", "name_cn", "last"}; !slices.Equal(got, want) {
		t.Fatalf("the default columns are %v, want %v", got, want)
	}

	// A right-click on a header offers every column, checked if shown,
	// and Reset columns.
	var h *header
	for _, o := range test.LaidOutObjects(tab.grid) {
		if hh, ok := o.(*header); ok && hh.Text == "English name" {
			h = hh
		}
	}
	if h == nil {
		t.Fatal("no English name header")
	}
	test.TapSecondary(h)
	items := menuItems(t, f.win)
	for _, want := range []string{"Symbol", "English name", "Traditional Chinese name", "Reset columns"} {
		if !slices.Contains(items, want) {
			t.Errorf("the chooser offers %v, not %q", items, want)
		}
	}

	// Hide one, show the hidden one: the table, Copy and CSV follow, in
	// the view's order, and the choice is remembered.
	tab.ShowColumn("name_en", false)
	tab.ShowColumn("name_hk", true)
	want := []string{"symbol", "name_cn", "name_hk", "last"}
	if got := shownKeys(tab); !slices.Equal(got, want) {
		t.Fatalf("shown %v, want %v", got, want)
	}
	if _, cols := tab.grid.Length(); cols != 4 {
		t.Errorf("the grid has %d columns, want 4", cols)
	}
	if got := headers(tab); !slices.Equal(got, []string{"Last", "Simplified Chinese name", "Symbol", "Traditional Chinese name"}) {
		t.Errorf("the headers read %v", got)
	}
	tab.Select(1, 0)
	text, _ := tab.CopyText()
	if got := strings.Split(text, "\n"); len(got) != 2 || got[0] != "Symbol\tSimplified Chinese name\tTraditional Chinese name\tLast" || got[1] != "AAPL.US\t苹果\t蘋果\t" {
		t.Errorf("Copy copied %q", got)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, tab.Visible(), tab.Data().Shown()[:1]); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "\uFEFFSymbol,Simplified Chinese name,Traditional Chinese name,Last\nTSLA.US,特斯拉,,\n" {
		t.Errorf("CSV wrote %q", got)
	}
	if got := prefs["view.test.columns"]; got != "-name_en +name_hk" {
		t.Errorf("the choice is kept as %q", got)
	}

	// The next table (the next start) shows the same.
	cols := columns()
	cols[colTraditional].Hidden = true
	next := New(Config[security]{Key: "test", Columns: cols, Prefs: prefs})
	if got := shownKeys(next); !slices.Equal(got, want) {
		t.Errorf("the next table shows %v, want %v", got, want)
	}

	// One column always stays.
	for _, k := range []string{"symbol", "name_cn", "name_hk", "last"} {
		tab.ShowColumn(k, false)
	}
	if got := shownKeys(tab); !slices.Equal(got, []string{"last"}) {
		t.Errorf("hiding every column left %v, want the last one", got)
	}
	var disabled []string
	for _, item := range tab.chooser().Items {
		if item.Disabled {
			disabled = append(disabled, item.Label)
		}
	}
	if !slices.Equal(disabled, []string{"Last"}) {
		t.Errorf("the chooser disables %v, want the last column shown", disabled)
	}

	// Reset columns: the default set at the default widths.
	tab.grid.SetColumnWidth(0, 333)
	tab.saveWidths()
	tab.ResetColumns()
	if got := shownKeys(tab); !slices.Equal(got, []string{"symbol", "name_en", "name_cn", "last"}) {
		t.Errorf("reset shows %v", got)
	}
	if _, ok := prefs["view.test.columns"]; ok {
		t.Error("reset kept the choice")
	}
	if w := ColumnWidths(tab.Grid())[0]; w != 100 {
		t.Errorf("reset left the first column %v wide, want its own 100", w)
	}
}

func TestTheFirstColumnStaysPutWhileTheTableScrollsSideways(t *testing.T) {
	f := newFixture(t, manyRows(50), nil, func(c *Config[security]) {
		for i := range c.Columns {
			c.Columns[i].Width = 300 // wider than the window together
		}
	})
	tab := f.tbl
	if tab.grid.StickyColumnCount != 1 {
		t.Errorf("%d columns stay put, want the first", tab.grid.StickyColumnCount)
	}
	tab.Select(0, 0)
	tab.grid.ScrollToOffset(fyne.NewPos(500, 0))
	if off, _ := Offset(tab.Grid()); off.X < 400 {
		t.Fatalf("the table did not scroll sideways: %v", off)
	}
	// The symbol of the first row is still on screen at the left edge.
	c := tab.CellObject(0, colSymbol)
	if c == nil {
		t.Fatal("the symbol column scrolled away")
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	grid := fyne.CurrentApp().Driver().AbsolutePositionForObject(tab.grid)
	// (A cell scrolled away is out of the window's tree: at 0, 0.)
	if pos.Y <= grid.Y || pos.X < grid.X || pos.X-grid.X > 10 {
		t.Errorf("the symbol cell is at %v, the table at %v: not at its left edge", pos, grid)
	}
	if got, _ := tab.CellAt(0, colSymbol); got.Text != "S000.US" {
		t.Errorf("the frozen cell shows %q", got.Text)
	}
	// A click in it still selects its row.
	test.Tap(c.(fyne.Tappable))
	if row, col, ok := tab.SelectedCell(); !ok || row != 0 || col != 0 {
		t.Errorf("a tap on the frozen cell selected %d, %d", row, col)
	}

	// A view may freeze up to a column of its own; a hidden one leaves
	// the first.
	g := newFixture(t, sample, nil, func(c *Config[security]) { c.Frozen = "name_en" })
	if g.tbl.grid.StickyColumnCount != 2 {
		t.Errorf("%d columns stay put, want up to the English name", g.tbl.grid.StickyColumnCount)
	}
	g.tbl.ShowColumn("name_en", false)
	if g.tbl.grid.StickyColumnCount != 1 {
		t.Errorf("with the English name hidden %d columns stay put, want 1", g.tbl.grid.StickyColumnCount)
	}
}

// A column marked Exported goes to CSV after those shown when it is
// hidden, and in its place when it is shown.
func TestAnExportedColumnIsWrittenEvenWhenHidden(t *testing.T) {
	f := newFixture(t, sample, memPrefs{}, func(c *Config[security]) {
		c.Columns[colTraditional].Hidden = true
		c.Columns[colTraditional].Exported = true
	})
	keys := func() []string {
		var out []string
		for _, c := range f.tbl.ExportColumns() {
			out = append(out, c.Key)
		}
		return out
	}
	if got, want := keys(), []string{"symbol", "name_en", "name_cn", "last", "name_hk"}; !slices.Equal(got, want) {
		t.Errorf("hidden, the export writes %v, want %v", got, want)
	}
	f.tbl.ShowColumn("name_hk", true)
	if got, want := keys(), []string{"symbol", "name_en", "name_cn", "name_hk", "last"}; !slices.Equal(got, want) {
		t.Errorf("shown, the export writes %v, want %v", got, want)
	}
}
