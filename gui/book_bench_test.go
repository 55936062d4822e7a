package gui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/sockettest"
)

// BenchmarkBookPush is what one depth push and one trade push cost the
// window once they reach the UI goroutine: a ten-level book of which two
// levels changed, and a trade at the top of a full tape, taken in by one
// flush and drawn into the panel's rows on a 1600 × 1000 test window (the
// software painter's draw is not included). At 50 pushes a second each
// push is a frame of its own, so the cost per op is the cost per frame.
func BenchmarkBookPush(b *testing.B) {
	lb := newLiveBench(b, sockettest.Options{})
	u, q, c := lb.u, lb.q, lb.c
	defer c.Close()
	p := newBookPanel(u, "700.HK")
	p.client = c
	p.frame = 0
	w := test.NewWindow(p.object)
	defer w.Close()
	w.Resize(fyne.NewSize(bookWidth, 1000))

	price := func(ticks int) decimal.Decimal { return decimal.New(int64(445000+200*ticks), -3) }
	levels := func(k int) *socket.Depth {
		d := &socket.Depth{Symbol: "700.HK"}
		for i := range 10 {
			vol := int64(1000 * (i + 1))
			if i == k%10 || i == (k+3)%10 {
				vol += int64(100 * (k % 7))
			}
			d.Asks = append(d.Asks, socket.DepthLevel{Position: i + 1, Price: price(i + 1), Volume: vol, Orders: 3})
			d.Bids = append(d.Bids, socket.DepthLevel{Position: i + 1, Price: price(-i), Volume: vol, Orders: 3})
		}
		return d
	}
	at := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	var full []socket.Trade
	for i := range tapeRows {
		full = append(full, socket.Trade{Price: price(0), Volume: 100, Time: at.Add(time.Duration(i) * time.Second), Direction: socket.DirectionUp})
	}
	p.arrive(socket.BookUpdate{Depth: levels(0), Trades: full, Reset: true})
	q.run()
	b.ResetTimer()
	for i := range b.N {
		p.arrive(socket.BookUpdate{Depth: levels(i + 1), Trades: []socket.Trade{{Price: price(i % 3), Volume: 200, Time: at.Add(time.Hour + time.Duration(i)*time.Second)}}})
		q.run()
	}
	b.StopTimer()
	if len(p.tape) != tapeRows || p.levels != 10 {
		b.Fatalf("the panel shows %d trades and %d levels", len(p.tape), p.levels)
	}
}
