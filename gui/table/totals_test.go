package table

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

// sumByCurrency is a footer of the rows' prices summed per currency.
func sumByCurrency(rows []security) []Total {
	sums := map[string]decimal.Decimal{}
	var order []string
	for _, r := range rows {
		if r.Last == nil {
			continue
		}
		if _, ok := sums[r.Currency]; !ok {
			order = append(order, r.Currency)
		}
		sums[r.Currency] = sums[r.Currency].Add(*r.Last)
	}
	var out []Total
	for _, c := range order {
		tone := Up
		if sums[c].IsNegative() {
			tone = Down
		}
		out = append(out, Total{Label: "Total " + c, Figures: []Figure{{Title: "Sum", Text: sums[c].StringFixed(2), Tone: tone}}})
	}
	return out
}

func TestTheTotalsUnderTheRowsArePerCurrencyLiveAndDoNotSort(t *testing.T) {
	rows := []security{
		{Symbol: "A", Currency: "USD", Last: price("10")}, {Symbol: "B", Currency: "HKD", Last: price("20")},
		{Symbol: "C", Currency: "USD", Last: price("30")}, {Symbol: "D", Currency: "HKD"},
	}
	f := newFixture(t, rows, nil, func(c *Config[security]) { c.Totals = sumByCurrency })
	want := [][]string{{"Total USD", "Sum 40.00"}, {"Total HKD", "Sum 20.00"}}
	if got := f.tbl.ShownTotals(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("the totals read %v, want %v", got, want)
	}

	// A price moves: the totals follow at the redraw.
	f.push("C", "35")
	f.push("D", "-50")
	want = [][]string{{"Total USD", "Sum 45.00"}, {"Total HKD", "Sum -30.00"}}
	if got := f.tbl.ShownTotals(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("after the pushes the totals read %v, want %v", got, want)
	}
	if imp := f.tbl.lines[1].values[0].Importance; imp != Down.Importance(false) {
		t.Errorf("a negative total shows as %v", imp)
	}

	// The totals are not a row: a sort leaves them where they are and the
	// rows as many as they were.
	f.tbl.SortBy(colLast)
	if f.tbl.Data().Len() != 4 || !slices.EqualFunc(f.tbl.ShownTotals(), want, slices.Equal) {
		t.Errorf("after a sort: %d rows, totals %v", f.tbl.Data().Len(), f.tbl.ShownTotals())
	}
	for i := range f.tbl.Data().Len() {
		if s := f.tbl.Data().Row(i).Symbol; s == "Total USD" || s == "Total HKD" {
			t.Errorf("a total sorted in with the rows at %d", i)
		}
	}

	// Pinned under the grid: the grid ends where the footer starts, and the
	// footer ends at the table's bottom.
	grid, footer := f.tbl.grid, f.tbl.footer
	if !footer.Visible() || footer.Size().Height == 0 {
		t.Fatal("the footer is not on screen")
	}
	bottom := f.tbl.Object().Size().Height
	if got := footer.Position().Y + footer.Size().Height; got > bottom+1 || got < bottom-1 {
		t.Errorf("the footer ends at %v, the table at %v", got, bottom)
	}
	if grid.Size().Height > footer.Position().Y {
		t.Errorf("the grid (%v high) runs under the footer at %v", grid.Size().Height, footer.Position().Y)
	}

	// No rows, no footer.
	f.tbl.SetData(NewData(columns(), nil, Sort{Col: -1}, "", "en"))
	if f.tbl.ShownTotals() != nil {
		t.Errorf("with no rows the footer says %v", f.tbl.ShownTotals())
	}
}
