package socket

import (
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
	"github.com/portview/portview/quote/socket/sockettest"
)

// bookRecorder collects what a book subscription delivers.
type bookRecorder = collector[BookUpdate]

// trading is a market clock that runs from a moment all four markets'
// sandboxes trade in (HK 10:00, Shanghai 10:00), so that the tape moves.
func trading(t *testing.T, e *simmarket.Exchange, at string) func() time.Time {
	start, err := time.ParseInLocation("2006-01-02 15:04", at, e.Loc)
	if err != nil {
		t.Fatal(err)
	}
	base := time.Now()
	return func() time.Time { return start.Add(time.Since(base)) }
}

func TestTheBookIsSubscribedPulledAndPushedWhileWanted(t *testing.T) {
	srv := newServer(t, sockettest.Options{LV2: []string{"HK"}, Now: trading(t, simmarket.HK, "2026-03-10 10:00")})
	c := newClient(t, fastConfig(srv))
	quotes := &recorder{}
	qsub, err := c.Subscribe([]string{"700.HK"}, quotes.add)
	if err != nil {
		t.Fatal(err)
	}
	defer qsub.Close()
	books := &bookRecorder{}
	bsub, err := c.SubscribeBook("700.hk", books.add)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pulled book", func() bool { return len(books.all()) > 0 })
	first := books.all()[0]
	if first.Err != nil || first.Depth == nil || !first.Reset || len(first.Trades) == 0 {
		t.Fatalf("the first update is %+v, want the book and the tape pulled", first)
	}
	if len(first.Depth.Bids) != 10 || len(first.Depth.Asks) != 10 {
		t.Errorf("with HK LV2 the book has %d bids and %d asks, want 10 each", len(first.Depth.Bids), len(first.Depth.Asks))
	}
	for i, l := range first.Depth.Asks {
		if l.Position != i+1 || i > 0 && !l.Price.GreaterThan(first.Depth.Asks[i-1].Price) {
			t.Errorf("ask %d is %+v: not in order from the best", i, l)
		}
	}
	for i := 1; i < len(first.Trades); i++ {
		if first.Trades[i].Time.Before(first.Trades[i-1].Time) {
			t.Fatalf("the pulled tape is not oldest first at %d", i)
		}
	}
	if got := srv.SubscribedTo("700.HK"); !slices.Equal(got, []pb.SubType{pb.SubType_QUOTE, pb.SubType_DEPTH, pb.SubType_TRADE}) {
		t.Errorf("the server has 700.HK subscribed for %v, want quote, depth and trade", got)
	}
	if st := c.Status(); st.Wanted != 1 {
		t.Errorf("the quote and the book of one symbol count as %d symbols, want 1", st.Wanted)
	}

	time.Sleep(1100 * time.Millisecond) // the market's clock moves on a second
	if n := srv.PushBook("700.HK"); n != 1 {
		t.Fatalf("PushBook reached %d sockets", n)
	}
	waitFor(t, "the pushed book", func() bool {
		for _, u := range books.all()[1:] {
			if u.Depth != nil && u.Depth.Sequence > 0 {
				return true
			}
		}
		return false
	})

	bsub.Close()
	waitFor(t, "the book let go", func() bool {
		return slices.Equal(srv.SubscribedTo("700.HK"), []pb.SubType{pb.SubType_QUOTE})
	})
	n := len(books.all())
	srv.PushBook("700.HK")
	srv.Push("700.HK")
	time.Sleep(50 * time.Millisecond)
	if len(books.all()) != n {
		t.Error("a closed book subscription was still called")
	}
}

func TestABookAloneIsUnsubscribedWhole(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	c := newClient(t, fastConfig(srv))
	books := &bookRecorder{}
	sub, err := c.SubscribeBook("AAPL.US", books.add)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pulled book", func() bool { return len(books.all()) > 0 })
	if d := books.all()[0].Depth; d == nil || len(d.Bids) != 1 || len(d.Asks) != 1 {
		t.Errorf("Nasdaq Basic's book is %+v, want the best bid and ask only", d)
	}
	if got := srv.SubscribedTo("AAPL.US"); !slices.Equal(got, []pb.SubType{pb.SubType_DEPTH, pb.SubType_TRADE}) {
		t.Errorf("subscribed for %v, want depth and trade only", got)
	}
	sub.Close()
	waitFor(t, "the unsubscribe", func() bool { return len(srv.Subscribed()) == 0 })
	var last sockettest.Request
	for _, r := range srv.Requests() {
		if r.Cmd == packet.CmdUnsubscribe {
			last = r
		}
	}
	if !slices.Equal(last.SubTypes, []pb.SubType{pb.SubType_DEPTH, pb.SubType_TRADE}) || !slices.Equal(last.Symbols, []string{"AAPL.US"}) {
		t.Errorf("the unsubscribe asked %v for %v", last.SubTypes, last.Symbols)
	}
}

func TestABookWithoutQuoteAccessSaysWhy(t *testing.T) {
	srv := newServer(t, sockettest.Options{NoAccess: []string{"US"}})
	c := newClient(t, fastConfig(srv))
	books := &bookRecorder{}
	sub, err := c.SubscribeBook("AAPL.US", books.add)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitFor(t, "the refusal", func() bool { return len(books.all()) > 0 })
	u := books.all()[0]
	var se *Error
	if !errors.As(u.Err, &se) || se.Reason() != ReasonNoQuoteAccess || u.Depth != nil {
		t.Errorf("the update is %+v, want no quote access and no book", u)
	}

	// A second owner of a symbol refused on this link is told at once.
	later := &bookRecorder{}
	sub2, err := c.SubscribeBook("AAPL.US", later.add)
	if err != nil {
		t.Fatal(err)
	}
	defer sub2.Close()
	waitFor(t, "the refusal told again", func() bool { return len(later.all()) > 0 })
	if !errors.As(later.all()[0].Err, &se) {
		t.Errorf("the second owner got %+v", later.all()[0])
	}
}

func TestAReconnectPullsTheBookAfresh(t *testing.T) {
	srv := newServer(t, sockettest.Options{Now: trading(t, simmarket.CN, "2026-03-10 10:00")})
	c := newClient(t, fastConfig(srv))
	books := &bookRecorder{}
	sub, err := c.SubscribeBook("600519.SH", books.add)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitFor(t, "the pulled book", func() bool { return len(books.all()) > 0 })
	if d := books.all()[0].Depth; len(d.Bids) != 5 {
		t.Errorf("the A-share book has %d bids, want LV1's five", len(d.Bids))
	}
	srv.DropAll()
	waitFor(t, "the book pulled again", func() bool { return timesAsked(srv, packet.CmdDepth, "600519.SH") == 2 && len(books.all()) > 1 })
	if u := books.all()[len(books.all())-1]; !u.Reset || u.Depth == nil {
		t.Errorf("after the reconnect the update is %+v, want the book and the tape afresh", u)
	}
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// push feeds the client a push as the reader would.
func push(t *testing.T, c *Client, cmd uint8, m proto.Message) {
	t.Helper()
	body, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	c.onPush(packet.Packet{Type: packet.Push, Cmd: cmd, Body: body})
}

func TestPushesAreDecodedIntoTheBookAndTheTape(t *testing.T) {
	c := &Client{bookRefs: map[string]int{"700.HK": 1}, bookOwners: map[string]map[*BookSubscription]struct{}{},
		depths: map[string]*Depth{}, tapes: map[string][]Trade{}, refs: map[string]int{}}
	c.log = slog.New(slog.DiscardHandler)
	s := &BookSubscription{c: c, symbol: "700.HK", wake: make(chan struct{}, 1), done: make(chan struct{})}
	c.bookOwners["700.HK"] = map[*BookSubscription]struct{}{s: {}}
	c.tapes["700.HK"] = []Trade{{Price: d("445.2"), Volume: 100, Time: time.Unix(1000, 0), Direction: DirectionUp}}

	push(t, c, packet.CmdPushDepth, &pb.PushDepth{Symbol: "700.HK", Sequence: 9,
		Ask: []*pb.Depth{{Position: 2, Price: "445.600", Volume: 300}, {Position: 1, Price: "445.400", Volume: 200, OrderNum: 3}},
		Bid: []*pb.Depth{{Position: 1, Price: "445.200", Volume: 500}, {Position: 2, Price: ""}}})
	push(t, c, packet.CmdPushTrade, &pb.PushTrade{Symbol: "700.HK", Trade: []*pb.Trade{
		{Price: "445.200", Volume: 100, Timestamp: 1000, Direction: 2}, // the pulled tape has it
		{Price: "445.000", Volume: 100, Timestamp: 999},                // older than the tape
		{Price: "445.400", Volume: 200, Timestamp: 1000, Direction: 2}, // the same second, another print
		{Price: "445.200", Volume: 700, Timestamp: 1001, Direction: 1, TradeType: "D"},
	}})
	push(t, c, packet.CmdPushDepth, &pb.PushDepth{Symbol: "9988.HK", Ask: []*pb.Depth{{Position: 1, Price: "1"}}}) // not wanted

	u := s.pending
	if u.Depth == nil || u.Depth.Sequence != 9 || len(u.Depth.Asks) != 2 || len(u.Depth.Bids) != 1 {
		t.Fatalf("the book is %+v", u.Depth)
	}
	if a := u.Depth.Asks[0]; a.Position != 1 || !a.Price.Equal(d("445.4")) || a.Volume != 200 || a.Orders != 3 {
		t.Errorf("the best ask is %+v, want 445.4 × 200 in 3 orders", a)
	}
	if len(u.Trades) != 2 || !u.Trades[0].Price.Equal(d("445.4")) || u.Trades[1].Direction != DirectionDown || u.Trades[1].Type != "D" {
		t.Errorf("the new trades are %+v, want 445.4 then 445.2 down", u.Trades)
	}
	if u.Reset {
		t.Error("pushed trades reset the tape")
	}
	if got := len(c.tapes["700.HK"]); got != 3 {
		t.Errorf("the kept tape has %d trades, want 3", got)
	}
	if _, ok := c.depths["9988.HK"]; ok {
		t.Error("a book nobody wants was kept")
	}
}

func TestUpdatesMergeForASlowOwner(t *testing.T) {
	var u BookUpdate
	tr := func(sec int64) Trade { return Trade{Price: d("1"), Volume: 1, Time: time.Unix(sec, 0)} }
	u.merge(BookUpdate{Depth: &Depth{Sequence: 1}, Trades: []Trade{tr(1)}})
	u.merge(BookUpdate{Depth: &Depth{Sequence: 2}, Trades: []Trade{tr(2)}})
	u.merge(BookUpdate{Trades: []Trade{tr(3)}})
	if u.Depth.Sequence != 2 || len(u.Trades) != 3 || u.Reset {
		t.Errorf("merged: book %d, %d trades, reset %v; want the latest book and every trade", u.Depth.Sequence, len(u.Trades), u.Reset)
	}
	u.merge(BookUpdate{Trades: []Trade{tr(10), tr(11)}, Reset: true})
	if !u.Reset || len(u.Trades) != 2 {
		t.Errorf("after a reset: %d trades, reset %v; want the fresh tape only", len(u.Trades), u.Reset)
	}
	for i := range tapeKeep * 6 {
		u.merge(BookUpdate{Trades: []Trade{tr(int64(100 + i))}})
	}
	if len(u.Trades) != tapeKeep*5 || u.Trades[len(u.Trades)-1].Time.Unix() != int64(100+tapeKeep*6-1) {
		t.Errorf("a stalled owner holds %d trades, want the newest %d", len(u.Trades), tapeKeep*5)
	}
}

func TestTheFakesBookAndTapeAgreeWithItsQuote(t *testing.T) {
	for _, tt := range []struct {
		symbol, at string
		e          *simmarket.Exchange
	}{
		{"700.HK", "2026-03-10 10:17", simmarket.HK},
		{"AAPL.US", "2026-03-10 11:42", simmarket.US},
		{"600519.SH", "2026-03-10 13:20", simmarket.CN},
	} {
		at, _ := time.ParseInLocation("2006-01-02 15:04", tt.at, tt.e.Loc)
		at = at.Add(31 * time.Second)
		srv := newServer(t, sockettest.Options{LV2: []string{"HK"}, Now: func() time.Time { return at }})
		c := newClient(t, fastConfig(srv))
		ctx := t.Context()
		qs, err := c.Quotes(ctx, []string{tt.symbol})
		if err != nil || len(qs) != 1 {
			t.Fatalf("%s: quote %v, %v", tt.symbol, qs, err)
		}
		last := qs[0].Last
		depth, err := c.Depth(ctx, tt.symbol)
		if err != nil || len(depth.Bids) == 0 || len(depth.Asks) == 0 {
			t.Fatalf("%s: depth %+v, %v", tt.symbol, depth, err)
		}
		bid, ask := depth.Bids[0].Price, depth.Asks[0].Price
		if bid.GreaterThan(last) || ask.LessThan(last) || !tt.e.StepTicks(bid, 1).Equal(ask) {
			t.Errorf("%s: the book's best %s / %s is not one tick around the last %s", tt.symbol, bid, ask, last)
		}
		trades, err := c.Trades(ctx, tt.symbol, 50)
		if err != nil || len(trades) != 50 {
			t.Fatalf("%s: %d trades, %v", tt.symbol, len(trades), err)
		}
		newest := oldestFirst(trades)[len(trades)-1]
		if !newest.Price.Equal(last) || newest.Time.After(at) {
			t.Errorf("%s: the newest trade is %s at %s, the quote's last %s", tt.symbol, newest.Price, newest.Time, last)
		}
		if newest.Direction == DirectionUp && !ask.Equal(last) || newest.Direction == DirectionDown && !bid.Equal(last) {
			t.Errorf("%s: a trade %d at %s left the book at %s / %s", tt.symbol, newest.Direction, last, bid, ask)
		}
	}
}
