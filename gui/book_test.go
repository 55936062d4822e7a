package gui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
	"github.com/portview/portview/quote/socket/sockettest"
)

// openedBook opens symbol's window in a signed-in sandbox and waits for
// its book to come.
func openedBook(t *testing.T, h *harness, symbol string) *detailWindow {
	t.Helper()
	h.ui.openDetail(symbol)
	d := h.ui.details[symbol]
	if d == nil {
		t.Fatalf("no window of %s", symbol)
	}
	h.waitFor("the book of "+symbol, func() bool { return d.book.depth != nil && len(d.book.tape) > 0 })
	return d
}

func TestTheWindowSubscribesTheBookAndLetsGoOfIt(t *testing.T) {
	h, _ := liveWatchlist(t, harnessOptions{})
	srv := h.sandbox().socket
	d := openedBook(t, h, "700.HK")
	p := d.book

	if got := srv.SubscribedTo("700.HK"); !slices.Contains(got, pb.SubType_DEPTH) || !slices.Contains(got, pb.SubType_TRADE) {
		t.Errorf("700.HK is subscribed for %v, want its depth and trades", got)
	}
	if p.levels != 10 || len(p.asks.Objects) != 10 || len(p.bids.Objects) != 10 {
		t.Errorf("the sandbox's HK LV2 book shows %d levels (%d ask rows, %d bid rows), want 10", p.levels, len(p.asks.Objects), len(p.bids.Objects))
	}
	bestAsk := p.asks.Objects[len(p.asks.Objects)-1].(*levelRow)
	bestBid := p.bids.Objects[0].(*levelRow)
	if bestAsk.position != 1 || bestBid.position != 1 || !bestAsk.level.Price.GreaterThan(bestBid.level.Price) {
		t.Errorf("the best ask (%d: %s) is not above the best bid (%d: %s) in the middle", bestAsk.position, bestAsk.level.Price, bestBid.position, bestBid.level.Price)
	}
	if !strings.HasPrefix(p.spread.Text, "Spread ") {
		t.Errorf("the spread line reads %q", p.spread.Text)
	}
	for i := 1; i < len(p.tape); i++ {
		if p.tape[i].Time.After(p.tape[i-1].Time) {
			t.Fatalf("the tape is not newest first at row %d", i)
		}
	}
	if !strings.Contains(p.state.Text, "Hong Kong") || !strings.Contains(p.pkg.Text, "LV2") {
		t.Errorf("the state reads %q, %q; want the market and its package", p.state.Text, p.pkg.Text)
	}

	before := srv.Count(packet.CmdDepth)
	d.win.Close()
	h.waitFor("the book let go", func() bool { return !slices.Contains(srv.SubscribedTo("700.HK"), pb.SubType_DEPTH) })
	if p.sub != nil || srv.Count(packet.CmdDepth) != before {
		t.Error("the closed window kept its subscription, or pulled the book again")
	}
}

// level is a book level for the tests.
func level(pos int, price string, vol int64) socket.DepthLevel {
	return socket.DepthLevel{Position: pos, Price: decimal.RequireFromString(price), Volume: vol, Orders: 1}
}

func book(bids, asks []socket.DepthLevel) *socket.Depth {
	return &socket.Depth{Symbol: "700.HK", Bids: bids, Asks: asks}
}

func TestPushesRedrawOnlyTheLevelsThatChangedAndTheTapeKeepsTheNewest(t *testing.T) {
	h, _ := liveWatchlist(t, harnessOptions{})
	d := openedBook(t, h, "700.HK")
	p := d.book
	flushed := func(u socket.BookUpdate) {
		t.Helper()
		p.arrive(u)
		h.waitFor("the flush", func() bool { p.mu.Lock(); defer p.mu.Unlock(); return !p.gate.queued })
		h.q.run()
	}
	p.sub.Close() // the test feeds the panel itself from here
	p.sub = nil

	bids := []socket.DepthLevel{level(1, "445.200", 500), level(2, "445.000", 300), level(3, "444.800", 900)}
	asks := []socket.DepthLevel{level(1, "445.400", 200), level(2, "445.600", 100), level(3, "445.800", 700)}
	flushed(socket.BookUpdate{Depth: book(bids, asks)})
	if p.levels != 3 || p.redrawn != 6 {
		t.Fatalf("a new book of 3 levels drew %d levels, %d rows", p.levels, p.redrawn)
	}
	if got := p.spread.Text; got != "Spread 0.200 (0.045%)" {
		t.Errorf("spread = %q", got)
	}
	wide := book([]socket.DepthLevel{level(1, "9.00", 100)}, []socket.DepthLevel{level(1, "9.10", 100)})
	if got := spreadText(wide); got != "Spread 0.10 (1.10%)" {
		t.Errorf("a wide spread reads %q", got)
	}
	bids2 := slices.Clone(bids)
	bids2[2].Volume = 1000
	flushed(socket.BookUpdate{Depth: book(bids2, asks)})
	if p.redrawn != 1 {
		t.Errorf("one level's volume changed, and %d rows were redrawn", p.redrawn)
	}
	if r := p.bids.Objects[2].(*levelRow); r.volume.Text != "1,000" {
		t.Errorf("the third bid shows %q, want 1,000", r.volume.Text)
	}
	flushed(socket.BookUpdate{Depth: book(bids2[:1], asks)})
	if r := p.bids.Objects[1].(*levelRow); !r.empty || r.price.Text != "–" {
		t.Errorf("a bid level gone is still shown: %q", r.price.Text)
	}

	at := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	trade := func(sec int, dir socket.TradeDirection) socket.Trade {
		return socket.Trade{Price: decimal.RequireFromString(fmt.Sprintf("445.%03d", sec%1000)), Volume: 100, Time: at.Add(time.Duration(sec) * time.Second), Direction: dir}
	}
	flushed(socket.BookUpdate{Trades: []socket.Trade{trade(1, socket.DirectionUp), trade(2, socket.DirectionDown)}, Reset: true})
	if len(p.tape) != 2 || !p.tape[0].Time.Equal(at.Add(2*time.Second)) {
		t.Fatalf("after a reset the tape is %v, want the two trades, newest first", p.tape)
	}
	// Two pushes within one frame come in one flush, in order.
	p.arrive(socket.BookUpdate{Trades: []socket.Trade{trade(3, socket.DirectionNeutral)}})
	flushed(socket.BookUpdate{Trades: []socket.Trade{trade(4, socket.DirectionUp), trade(5, socket.DirectionUp)}})
	var secs []int
	for _, tr := range p.tape {
		secs = append(secs, int(tr.Time.Sub(at)/time.Second))
	}
	if !slices.Equal(secs, []int{5, 4, 3, 2, 1}) {
		t.Errorf("the tape runs %v, want 5 4 3 2 1", secs)
	}
	var many []socket.Trade
	for i := range 250 {
		many = append(many, trade(10+i, socket.DirectionUp))
	}
	flushed(socket.BookUpdate{Trades: many})
	if len(p.tape) != tapeRows || !p.tape[0].Time.Equal(at.Add(259*time.Second)) {
		t.Errorf("the tape holds %d trades, newest %s; want %d, the newest first", len(p.tape), p.tape[0].Time, tapeRows)
	}

	row := newTapeRow()
	row.set(trade(7, socket.DirectionDown), time.UTC, true)
	if row.dir.Text != "↓" || row.at.Text != "02:00:07" || row.price.Color != row.dir.Color {
		t.Errorf("a down trade reads %q %q in %v/%v", row.at.Text, row.dir.Text, row.price.Color, row.dir.Color)
	}
	up, down := upDown(true)
	if row.dir.Color != down || up == down {
		t.Error("with red up, a trade down is not in the down colour")
	}
}

func TestTheBookSaysWhatIsMissing(t *testing.T) {
	h, _ := liveWatchlist(t, harnessOptions{})
	srv := h.sandbox().socket

	// Nasdaq Basic: one level a side, and the window says so.
	us := openedBook(t, h, "NVDA.US")
	if us.book.levels != 1 || !strings.Contains(us.book.note.Text, "best bid and ask only") {
		t.Errorf("the US book has %d levels and says %q", us.book.levels, us.book.note.Text)
	}
	if !strings.Contains(us.book.pkg.Text, "Nasdaq Basic") {
		t.Errorf("the package line %q does not name it", us.book.pkg.Text)
	}

	// No quote access: the subscription is refused, in words.
	srv.RefuseNext(packet.CmdSubscribe, sockettest.RefuseNoAccess)
	h.ui.openDetail("9988.HK")
	no := h.ui.details["9988.HK"]
	h.waitFor("the refusal in words", func() bool { return strings.Contains(no.book.note.Text, "no quote access") })
	if !no.book.note.Visible() || no.book.depth != nil {
		t.Errorf("the refusal is not shown: %q", no.book.note.Text)
	}

	// The socket down: the note says so and what still works, and clears
	// once it is back.
	srv.FreezeNew(true)
	srv.DropAll()
	h.waitFor("the reconnecting note", func() bool { return strings.Contains(us.book.note.Text, "quote feed is down") })
	if !strings.Contains(us.book.note.Text, "chart still shows") {
		t.Errorf("the note %q does not say what still works", us.book.note.Text)
	}
	srv.FreezeNew(false)
	srv.DropAll()
	h.waitFor("the note back to the package's", func() bool {
		return !strings.Contains(us.book.note.Text, "quote feed is down") && strings.Contains(us.book.note.Text, "best bid and ask")
	})

	// Signed out: no socket at all.
	p := newBookPanel(h.ui, "AAPL.US")
	p.client = nil
	p.showNote()
	if !strings.Contains(p.note.Text, "No live book or trades") {
		t.Errorf("without a socket the note reads %q", p.note.Text)
	}
}

func TestPhasesReadAsATraderSaysThem(t *testing.T) {
	useTestLanguage(t, "en")
	for code, want := range map[int]string{105: "Open", 202: "Open", 201: "Pre-market", 106: "Lunch break", 203: "Post-market", 108: "Closed", 204: "Closed", 0: "", 1000: ""} {
		if got := phaseText(code); got != want {
			t.Errorf("phase %d reads %q, want %q", code, got, want)
		}
	}
}

// A change of the market's phase reaches an open window's book when the
// hub hears of it, with no timer of the book's own.
func TestTheBookShowsTheMarketsPhaseAsItChanges(t *testing.T) {
	h, _ := liveWatchlist(t, harnessOptions{})
	d := openedBook(t, h, "700.HK")
	for code, want := range map[int]string{106: "Lunch break", 108: "Closed"} {
		h.ui.live.phases.set([]quote.MarketTime{{Market: "HK", TradeStatus: code}})
		h.ui.live.phasesChanged()
		if got := d.book.state.Text; !strings.HasSuffix(got, " · "+want) {
			t.Errorf("with phase %d the book says %q, want … · %s", code, got, want)
		}
	}
}
