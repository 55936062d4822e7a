package table

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/shopspring/decimal"
)

// BenchmarkRedrawLiveResort is a live redraw of 500 rows sorted by their
// price, each redraw after a price that moves its row to the other end: a
// re-sort, every cell on screen redrawn, and the selection kept.
func BenchmarkRedrawLiveResort(b *testing.B) {
	rows := make([]security, 500)
	for i := range rows {
		rows[i] = security{Symbol: fmt.Sprintf("S%03d", i), Last: price(fmt.Sprint(100 + i))}
	}
	f := newFixture(b, rows, nil, nil)
	f.win.Resize(fyne.NewSize(1100, 700))
	f.tbl.SortBy(colLast)
	f.tbl.Select(10, 0)
	data := f.tbl.Data().Rows()
	b.ResetTimer()
	for i := range b.N {
		r := &data[i%len(data)]
		p := decimal.NewFromInt(int64(1000 + i)) // to the top
		if i%2 == 1 {
			p = decimal.NewFromInt(int64(-i)) // to the bottom
		}
		r.Last = &p
		sym := r.Symbol
		f.tbl.RedrawLive(func(s *security) bool { return s.Symbol == sym })
	}
	b.StopTimer()
	b.ReportMetric(float64(f.tbl.resorts)/float64(b.N), "resorts/op")
}
