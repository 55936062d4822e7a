package socket

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// DepthLevel is one price of the order book.
type DepthLevel struct {
	Position int // 1 is the best price
	Price    decimal.Decimal
	Volume   int64
	Orders   int64 // orders at the price; 0 where the market does not tell
}

// Depth is a symbol's order book, as many levels a side as the account's
// quote package gives (Nasdaq Basic and HK LV1 give one, HK LV2 ten).
type Depth struct {
	Symbol     string
	Asks, Bids []DepthLevel // best first
	Sequence   int64        // of the push; 0 from a pull
}

// TradeDirection is the side a trade took.
type TradeDirection int32

// The directions, with the protocol's numbers.
const (
	DirectionNeutral TradeDirection = 0
	DirectionDown    TradeDirection = 1 // sold into the bid
	DirectionUp      TradeDirection = 2 // bought from the ask
)

// Trade is one print of the tape.
type Trade struct {
	Price     decimal.Decimal
	Volume    int64
	Time      time.Time
	Type      string // the market's code for the kind of trade, as sent
	Direction TradeDirection
	Session   TradeSession
}

// same reports whether two trades are the same print.
func (t Trade) same(u Trade) bool {
	return t.Price.Equal(u.Price) && t.Volume == u.Volume && t.Time.Equal(u.Time) && t.Type == u.Type &&
		t.Direction == u.Direction && t.Session == u.Session
}

// tapeKeep is how many trades the client keeps per symbol, for an owner
// that comes after the tape was pulled; tapePull is how many a pull asks.
const (
	tapeKeep = 200
	tapePull = 200
)

func levelsFrom(list []*pb.Depth) []DepthLevel {
	out := make([]DepthLevel, 0, len(list))
	for _, d := range list {
		p, ok := dec(d.Price)
		if !ok {
			continue // an empty level of a thin book
		}
		out = append(out, DepthLevel{Position: int(d.Position), Price: p, Volume: d.Volume, Orders: d.OrderNum})
	}
	slices.SortStableFunc(out, func(a, b DepthLevel) int { return a.Position - b.Position })
	return out
}

func tradesFrom(list []*pb.Trade) []Trade {
	out := make([]Trade, 0, len(list))
	for _, t := range list {
		p, ok := dec(t.Price)
		if !ok {
			continue
		}
		out = append(out, Trade{Price: p, Volume: t.Volume, Time: time.Unix(t.Timestamp, 0), Type: t.TradeType,
			Direction: TradeDirection(t.Direction), Session: TradeSession(t.TradeSession)})
	}
	return out
}

// Depth returns symbol's order book (cmd 14).
func (c *Client) Depth(ctx context.Context, symbol string) (Depth, error) {
	sym := normalize([]string{symbol})[0]
	var resp pb.SecurityDepthResponse
	if err := c.request(ctx, packet.CmdDepth, &pb.SecurityRequest{Symbol: sym}, &resp); err != nil {
		return Depth{}, fmt.Errorf("depth: %w", err)
	}
	return Depth{Symbol: sym, Asks: levelsFrom(resp.Ask), Bids: levelsFrom(resp.Bid)}, nil
}

// Trades returns symbol's latest count (1-1000) trades (cmd 17), in the
// order the server sends them.
func (c *Client) Trades(ctx context.Context, symbol string, count int) ([]Trade, error) {
	if count < 1 || count > 1000 {
		return nil, fmt.Errorf("trades: count %d is outside 1-1000", count)
	}
	sym := normalize([]string{symbol})[0]
	var resp pb.SecurityTradeResponse
	if err := c.request(ctx, packet.CmdTrades, &pb.SecurityTradeRequest{Symbol: sym, Count: int32(count)}, &resp); err != nil {
		return nil, fmt.Errorf("trades: %w", err)
	}
	return tradesFrom(resp.Trades), nil
}

// BookUpdate is what changed in a symbol's book and tape since the last
// update an owner was given.
type BookUpdate struct {
	Symbol string
	// Depth is the whole book now, when it changed; nil when it did not.
	Depth *Depth
	// Trades are the trades since the last update, oldest first.
	Trades []Trade
	// Reset says Trades is the latest tape afresh, pulled after a
	// subscription or a reconnect: it replaces what is shown, since pushes
	// may have been missed.
	Reset bool
	// Err is why the book or the tape could not be had: a refused
	// subscription (a *Error; ReasonNoQuoteAccess for a market without
	// quotes) or a failed pull. Nil in an update that brings data.
	Err error
}

// merge lays a later update over u.
func (u *BookUpdate) merge(v BookUpdate) {
	if v.Depth != nil {
		u.Depth = v.Depth
	}
	if v.Reset {
		u.Trades, u.Reset = slices.Clone(v.Trades), true
	} else {
		u.Trades = append(u.Trades, v.Trades...)
	}
	if n := len(u.Trades); n > tapeKeep*5 {
		u.Trades = slices.Delete(u.Trades, 0, n-tapeKeep*5) // a stalled owner needs the newest only
	}
	if v.Err != nil || v.Depth != nil || len(v.Trades) > 0 {
		u.Err = v.Err
	}
}

// BookSubscription is one owner's interest in a symbol's book and tape:
// the client subscribes the symbol's DEPTH and TRADE on the server while
// any owner wants them.
type BookSubscription struct {
	c      *Client
	symbol string
	fn     func(BookUpdate)

	mu      sync.Mutex
	pending BookUpdate
	has     bool
	wake    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// SubscribeBook asks for symbol's order book and trades and calls fn with
// what changed: first the book and the recent tape as pulled (cmd 14 and
// 17) after the subscription, then after every depth and trade push. It
// runs fn like Subscribe does: on a goroutine of its own, one call at a
// time, a slow fn getting the changes merged rather than a backlog. The
// book counts as a subscribed symbol towards the account's limit (once,
// with its quote), so it may fail with a *LimitError.
func (c *Client) SubscribeBook(symbol string, fn func(BookUpdate)) (*BookSubscription, error) {
	syms := normalize([]string{symbol})
	if len(syms) != 1 {
		return nil, fmt.Errorf("subscribe book: no symbol")
	}
	sym := syms[0]
	s := &BookSubscription{c: c, symbol: sym, fn: fn, wake: make(chan struct{}, 1), done: make(chan struct{})}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	if c.refs[sym] == 0 && c.bookRefs[sym] == 0 {
		if limit := c.profile.SubscribeLimit; c.wantedLocked()+1 > limit {
			c.mu.Unlock()
			return nil, &LimitError{Limit: limit, Subscribed: c.wantedLocked(), Asked: 1}
		}
	}
	c.bookRefs[sym]++
	if c.bookOwners[sym] == nil {
		c.bookOwners[sym] = map[*BookSubscription]struct{}{}
	}
	c.bookOwners[sym][s] = struct{}{}
	if d := c.depths[sym]; d != nil || len(c.tapes[sym]) > 0 {
		s.offer(BookUpdate{Symbol: sym, Depth: d, Trades: slices.Clone(c.tapes[sym]), Reset: true})
	}
	if pr, ok := c.problems[sym]; ok {
		// Refused on this link already (for its quote): not asked again
		// until a reconnect, so the owner hears why now.
		s.offer(BookUpdate{Symbol: sym, Err: pr.Err})
	}
	c.statuses.Changed()
	c.mu.Unlock()
	go s.deliver()
	c.poke(c.kick)
	return s, nil
}

// Symbol returns the subscription's symbol, normalized.
func (s *BookSubscription) Symbol() string { return s.symbol }

// Close lets go of the book; a call of fn under way may finish after it
// returns, no other starts.
func (s *BookSubscription) Close() {
	c := s.c
	c.mu.Lock()
	if _, ok := c.bookOwners[s.symbol][s]; ok {
		delete(c.bookOwners[s.symbol], s)
		if c.bookRefs[s.symbol]--; c.bookRefs[s.symbol] <= 0 {
			delete(c.bookRefs, s.symbol)
			delete(c.bookOwners, s.symbol)
			delete(c.depths, s.symbol)
			delete(c.tapes, s.symbol)
		}
		if c.refs[s.symbol] == 0 && c.bookRefs[s.symbol] == 0 {
			delete(c.problems, s.symbol)
		}
	}
	c.statuses.Changed()
	c.mu.Unlock()
	c.poke(c.kick)
	s.stop()
}

func (s *BookSubscription) stop() { s.once.Do(func() { close(s.done) }) }

func (s *BookSubscription) offer(u BookUpdate) {
	s.mu.Lock()
	s.pending.Symbol = u.Symbol
	s.pending.merge(u)
	s.has = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *BookSubscription) deliver() {
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		u, has := s.pending, s.has
		s.pending, s.has = BookUpdate{}, false
		s.mu.Unlock()
		if !has {
			continue
		}
		select {
		case <-s.done:
			return
		default:
		}
		s.fn(u)
	}
}

// offerBookLocked hands u to every owner of its symbol; c.mu is held.
func (c *Client) offerBookLocked(u BookUpdate) {
	for s := range c.bookOwners[u.Symbol] {
		s.offer(u)
	}
}

// onDepthPush runs on the reader: a depth push is the whole book as the
// package shows it.
func (c *Client) onDepthPush(body []byte) {
	var m pb.PushDepth
	if err := proto.Unmarshal(body, &m); err != nil {
		c.log.Warn("quote socket: undecodable depth push", "error", err)
		return
	}
	c.lastUpdate.Store(time.Now().UnixNano())
	d := &Depth{Symbol: m.Symbol, Asks: levelsFrom(m.Ask), Bids: levelsFrom(m.Bid), Sequence: m.Sequence}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bookRefs[m.Symbol] == 0 {
		return // a push that outlived its unsubscribe
	}
	c.depths[m.Symbol] = d
	c.offerBookLocked(BookUpdate{Symbol: m.Symbol, Depth: d})
}

// onTradePush runs on the reader: a trade push brings the trades since
// the last one.
func (c *Client) onTradePush(body []byte) {
	var m pb.PushTrade
	if err := proto.Unmarshal(body, &m); err != nil {
		c.log.Warn("quote socket: undecodable trade push", "error", err)
		return
	}
	c.lastUpdate.Store(time.Now().UnixNano())
	trades := tradesFrom(m.Trade)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.bookRefs[m.Symbol] == 0 {
		return
	}
	if trades = c.newTradesLocked(m.Symbol, trades); len(trades) == 0 {
		return
	}
	c.keepTapeLocked(m.Symbol, trades, false)
	c.offerBookLocked(BookUpdate{Symbol: m.Symbol, Trades: trades})
}

// newTradesLocked drops pushed trades the tape has: the pull after a
// subscription may already hold the first push's trades. A trade older
// than the tape's newest is one; one of the same second is one when the
// tape has it to the last field.
func (c *Client) newTradesLocked(sym string, trades []Trade) []Trade {
	tape := c.tapes[sym]
	if len(tape) == 0 {
		return trades
	}
	newest := tape[len(tape)-1].Time
	return slices.DeleteFunc(trades, func(t Trade) bool {
		if t.Time.Before(newest) {
			return true
		}
		if !t.Time.Equal(newest) {
			return false
		}
		for i := len(tape) - 1; i >= 0 && tape[i].Time.Equal(newest); i-- {
			if tape[i].same(t) {
				return true
			}
		}
		return false
	})
}

func (c *Client) keepTapeLocked(sym string, trades []Trade, reset bool) {
	t := c.tapes[sym]
	if reset {
		t = t[:0]
	}
	t = append(t, trades...)
	if len(t) > tapeKeep {
		t = slices.Delete(t, 0, len(t)-tapeKeep)
	}
	c.tapes[sym] = t
}

// pullBook takes the book and the tape of symbols just subscribed on l,
// so that what was before the pushes is shown, and after a reconnect what
// was missed. A failed pull is told to the owners.
func (c *Client) pullBook(l *link, symbols []string) (gone bool) {
	for _, sym := range symbols {
		var depth pb.SecurityDepthResponse
		err := c.onLink(l, packet.CmdDepth, &pb.SecurityRequest{Symbol: sym}, &depth)
		if c.linkGone(l, err) {
			return true
		}
		var tape pb.SecurityTradeResponse
		var terr error
		if err == nil {
			terr = c.onLink(l, packet.CmdTrades, &pb.SecurityTradeRequest{Symbol: sym, Count: tapePull}, &tape)
			if c.linkGone(l, terr) {
				return true
			}
		}
		c.mu.Lock()
		if c.bookRefs[sym] > 0 {
			u := BookUpdate{Symbol: sym}
			switch {
			case err != nil:
				c.log.Warn("quote socket: depth pull failed", "symbol", sym, "error", err)
				u.Err = err
			default:
				u.Depth = &Depth{Symbol: sym, Asks: levelsFrom(depth.Ask), Bids: levelsFrom(depth.Bid)}
				c.depths[sym] = u.Depth
				if terr != nil {
					c.log.Warn("quote socket: trades pull failed", "symbol", sym, "error", terr)
					u.Err = terr
				} else {
					u.Trades, u.Reset = oldestFirst(tradesFrom(tape.Trades)), true
					c.keepTapeLocked(sym, u.Trades, true)
				}
			}
			c.offerBookLocked(u)
		}
		c.mu.Unlock()
	}
	return false
}

// oldestFirst orders trades by time, oldest first, whichever order the
// server sent them in; trades of the same second keep theirs.
func oldestFirst(ts []Trade) []Trade {
	if len(ts) > 1 && ts[0].Time.After(ts[len(ts)-1].Time) {
		slices.Reverse(ts)
	}
	slices.SortStableFunc(ts, func(a, b Trade) int { return a.Time.Compare(b.Time) })
	return ts
}
