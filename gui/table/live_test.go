package table

import (
	"fyne.io/fyne/v2"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/shopspring/decimal"
)

func price(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// priced are rows with prices: A 10, B 20, C 30, D 40.
func priced() []security {
	return []security{
		{Symbol: "A", Last: price("10")}, {Symbol: "B", Last: price("20")},
		{Symbol: "C", Last: price("30")}, {Symbol: "D", Last: price("40")},
	}
}

// push sets the price of symbol in the table's rows, as a quote would, and
// redraws as the hub's frame does.
func (f *fixture) push(symbol, last string) {
	rows := f.tbl.Data().Rows()
	for i := range rows {
		if rows[i].Symbol == symbol {
			rows[i].Last = price(last)
		}
	}
	f.tbl.RedrawLive(func(s *security) bool { return s.Symbol == symbol })
}

func (f *fixture) rowOf(symbol string) int {
	for i := range f.tbl.Data().Len() {
		if f.tbl.Data().Row(i).Symbol == symbol {
			return i
		}
	}
	return -1
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestAChangedCellFlashesInTheUpOrDownColourOfTheConvention(t *testing.T) {
	red := theme.Color(theme.ColorNameError)
	green := theme.Color(theme.ColorNameSuccess)
	hue := func(c color.Color) color.Color {
		r, g, b, _ := c.RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x55}
	}
	tests := []struct {
		name  string
		redUp bool
		last  string
		want  color.Color
	}{
		{"red up: a rise flashes red", true, "10.50", hue(red)},
		{"red up: a fall flashes green", true, "9.50", hue(green)},
		{"green up: a rise flashes green", false, "10.50", hue(green)},
		{"green up: a fall flashes red", false, "9.50", hue(red)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, priced(), nil, nil)
			f.redUp = tc.redUp
			before, _ := f.tbl.CellAt(0, colLast)
			f.push("A", tc.last)
			got, ok := f.tbl.CellAt(0, colLast)
			if !ok || got.Text != tc.last {
				t.Fatalf("the cell shows %q", got.Text)
			}
			if got.Flashes != before.Flashes+1 {
				t.Fatalf("the cell flashed %d times, want once", got.Flashes-before.Flashes)
			}
			if !sameColour(got.Tint, tc.want) {
				t.Errorf("it flashed %v, want %v", got.Tint, tc.want)
			}
			if sameColour(got.Tint, theme.Color(theme.ColorNameSelection)) {
				t.Error("the flash is the selection's colour")
			}
			// Other rows and columns do not flash.
			if other, _ := f.tbl.CellAt(1, colLast); other.Flashes != 0 {
				t.Errorf("an unchanged row flashed %d times", other.Flashes)
			}
		})
	}
	if sameColour(FlashTint(0, true), FlashTint(1, true)) || sameColour(FlashTint(0, true), FlashTint(-1, true)) ||
		sameColour(FlashTint(0, true), theme.Color(theme.ColorNameSelection)) {
		t.Error("a change of no known direction flashes like a rise, a fall or the selection")
	}
}

func TestALiveSortKeepsItsOrderAndTheSelectionAsPricesMove(t *testing.T) {
	f := newFixture(t, priced(), nil, nil)
	f.tbl.SortBy(colLast) // ascending: A B C D
	f.tbl.Select(f.rowOf("B"), colSymbol)
	if f.rowOf("B") != 1 {
		t.Fatalf("B is at %d", f.rowOf("B"))
	}

	// A move that keeps the order costs no sort.
	f.push("B", "21")
	if f.tbl.resorts != 0 {
		t.Errorf("%d re-sorts for a move that kept the order", f.tbl.resorts)
	}

	// B rises above D: the rows are sorted again at the redraw, and the
	// selection stays on B, not on row 1.
	f.push("B", "45")
	var order []string
	for i := range f.tbl.Data().Len() {
		order = append(order, f.tbl.Data().Row(i).Symbol)
	}
	if got := order; len(got) != 4 || got[0] != "A" || got[1] != "C" || got[2] != "D" || got[3] != "B" {
		t.Fatalf("after B rose the order is %v, want A C D B", got)
	}
	if f.tbl.resorts != 1 {
		t.Errorf("%d re-sorts, want 1", f.tbl.resorts)
	}
	if row, _, ok := f.tbl.SelectedCell(); !ok || row != 3 {
		t.Errorf("the selection is on row %d, want B's new row 3", row)
	}
	if sel := f.tbl.Selected(); sel == nil || sel.Symbol != "B" {
		t.Errorf("the selected row is %v, want B", sel)
	}
	// What is on screen follows: row 1 now shows C, row 3 B's new price.
	if c, _ := f.tbl.CellAt(1, colSymbol); c.Text != "C" {
		t.Errorf("row 1 shows %q, want C", c.Text)
	}
	if c, _ := f.tbl.CellAt(3, colLast); c.Text != "45.00" {
		t.Errorf("row 3's price shows %q, want 45.00", c.Text)
	}
	// The selection is drawn on B's row, not on row 1.
	sel := theme.Color(theme.ColorNameSelection)
	if now, _ := f.tbl.CellAt(3, colSymbol); !sameColour(now.Background, sel) {
		t.Error("B's new row is not drawn selected")
	}
	if was, _ := f.tbl.CellAt(1, colSymbol); sameColour(was.Background, sel) {
		t.Error("row 1, where B was, is still drawn selected")
	}

	// Rows selected with Ctrl stay selected as they move.
	f.tbl.Unselect()
	f.tbl.Select(f.rowOf("A"), 0)
	f.mods = fyne.KeyModifierControl
	f.tbl.Select(f.rowOf("C"), 0)
	f.mods = 0
	f.push("A", "50") // A to the bottom
	for _, sym := range []string{"A", "C"} {
		if c, _ := f.tbl.CellAt(f.rowOf(sym), colSymbol); !sameColour(c.Background, theme.Color(theme.ColorNameSelection)) {
			t.Errorf("%s's row is not drawn selected after the move", sym)
		}
	}
	if c, _ := f.tbl.CellAt(f.rowOf("B"), colSymbol); sameColour(c.Background, theme.Color(theme.ColorNameSelection)) {
		t.Error("B's row is drawn selected")
	}
	text, n := f.tbl.CopyText()
	if n != 2 || text != "Symbol\tEnglish name\tSimplified Chinese name\tTraditional Chinese name\tLast\nC\t\t\t\t30.00\nA\t\t\t\t50.00" {
		t.Errorf("after A moved the selection copies %q", text)
	}

	// A table not sorted by a live column is never sorted again.
	g := newFixture(t, priced(), nil, nil)
	g.tbl.SortBy(colSymbol)
	g.push("A", "99")
	if g.tbl.resorts != 0 || g.tbl.Data().Row(0).Symbol != "A" {
		t.Errorf("a sort by symbol moved: %d re-sorts", g.tbl.resorts)
	}
}
