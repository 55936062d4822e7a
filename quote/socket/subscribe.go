package socket

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// Subscription is one owner's interest in a set of symbols. The client
// subscribes a symbol on the server once, however many owners want it, and
// unsubscribes it when the last one closes.
type Subscription struct {
	c       *Client
	symbols []string
	fn      func(Quote)

	mu      sync.Mutex
	pending map[string]Quote // latest per symbol, not yet delivered
	wake    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// Subscribe asks for live quotes of symbols and calls fn with each
// symbol's latest Quote as it changes: first the snapshot, then after every
// push. fn runs on a goroutine of the subscription's, one call at a time; a
// slow fn sees the latest quote of a symbol rather than a backlog, and
// never holds up the socket. It returns at once: the server is told in the
// background. A *LimitError says the symbols would pass the account's
// limit, and nothing was subscribed.
func (c *Client) Subscribe(symbols []string, fn func(Quote)) (*Subscription, error) {
	syms := normalize(symbols)
	s := &Subscription{
		c: c, symbols: syms, fn: fn,
		pending: map[string]Quote{},
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	added := 0
	for _, sym := range syms {
		if c.refs[sym] == 0 && c.bookRefs[sym] == 0 {
			added++
		}
	}
	if limit := c.profile.SubscribeLimit; c.wantedLocked()+added > limit {
		c.mu.Unlock()
		return nil, &LimitError{Limit: limit, Subscribed: c.wantedLocked(), Asked: added}
	}
	for _, sym := range syms {
		c.refs[sym]++
		if c.owners[sym] == nil {
			c.owners[sym] = map[*Subscription]struct{}{}
		}
		c.owners[sym][s] = struct{}{}
		if q := c.quotes[sym]; q != nil {
			s.offer(*q) // another owner's quote is already here
		}
	}
	c.statuses.Changed()
	c.mu.Unlock()
	go s.deliver()
	c.poke(c.kick)
	return s, nil
}

// Symbols returns the subscription's symbols, normalized.
func (s *Subscription) Symbols() []string { return slices.Clone(s.symbols) }

// Close lets go of the symbols. A call of fn under way may finish after
// Close returns; no other call starts. Close may be called from fn.
func (s *Subscription) Close() {
	c := s.c
	c.mu.Lock()
	for _, sym := range s.symbols {
		if _, ok := c.owners[sym][s]; !ok {
			continue
		}
		delete(c.owners[sym], s)
		c.refs[sym]--
		if c.refs[sym] <= 0 {
			delete(c.refs, sym)
			delete(c.owners, sym)
			delete(c.quotes, sym)
			if c.bookRefs[sym] == 0 {
				delete(c.problems, sym)
			}
		}
	}
	c.statuses.Changed()
	c.mu.Unlock()
	c.poke(c.kick)
	s.stop()
}

// stop ends the delivery goroutine; a call of fn already under way
// finishes, no other starts.
func (s *Subscription) stop() { s.once.Do(func() { close(s.done) }) }

// offer records q as the symbol's latest; it never blocks.
func (s *Subscription) offer(q Quote) {
	s.mu.Lock()
	s.pending[q.Symbol] = q
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Subscription) deliver() {
	batch := map[string]Quote{}
	for {
		select {
		case <-s.done:
			return
		case <-s.wake:
		}
		s.mu.Lock()
		batch, s.pending = s.pending, batch
		s.mu.Unlock()
		for _, q := range batch {
			select {
			case <-s.done:
				return
			default:
			}
			s.fn(q)
		}
		clear(batch)
	}
}

// onPush runs on the reader: it merges a quote push and offers the result
// to the symbol's owners; depth and trade pushes go to the book's owners.
// Broker pushes are not used.
func (c *Client) onPush(p packet.Packet) {
	switch p.Cmd {
	case packet.CmdPushQuote:
	case packet.CmdPushDepth:
		c.onDepthPush(p.Body)
		return
	case packet.CmdPushTrade:
		c.onTradePush(p.Body)
		return
	default:
		return
	}
	var m pb.PushQuote
	if err := proto.Unmarshal(p.Body, &m); err != nil {
		c.log.Warn("quote socket: undecodable quote push", "error", err)
		return
	}
	if m.Tag == pb.PushQuoteTag_Eod {
		return // the settlement quote is not a live price
	}
	now := time.Now()
	c.lastUpdate.Store(now.UnixNano())
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.quotes[m.Symbol]
	if q == nil {
		if c.refs[m.Symbol] == 0 {
			return // a push that outlived its unsubscribe
		}
		q = &Quote{Symbol: m.Symbol}
		c.quotes[m.Symbol] = q
	}
	q.applyPush(&m, now, c.linkGen)
	for s := range c.owners[m.Symbol] {
		s.offer(*q)
	}
}

func (c *Client) applySnapshots(list []*pb.SecurityQuote) {
	now := time.Now()
	c.lastUpdate.Store(now.UnixNano())
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, sq := range list {
		if c.refs[sq.Symbol] == 0 {
			continue
		}
		q := c.quotes[sq.Symbol]
		if q == nil {
			q = &Quote{Symbol: sq.Symbol}
			c.quotes[sq.Symbol] = q
		}
		q.applySnapshot(sq, now, c.linkGen)
		for s := range c.owners[sq.Symbol] {
			s.offer(*q)
		}
	}
}

// subs is what a symbol is subscribed for: its quote, and its book and
// tape (DEPTH and TRADE go together).
type subs uint8

const (
	subQuote subs = 1 << iota
	subBook
)

func (f subs) types() []pb.SubType {
	var out []pb.SubType
	if f&subQuote != 0 {
		out = append(out, pb.SubType_QUOTE)
	}
	if f&subBook != 0 {
		out = append(out, pb.SubType_DEPTH, pb.SubType_TRADE)
	}
	return out
}

// wantLocked is what the owners want of sym.
func (c *Client) wantLocked(sym string) subs {
	var f subs
	if c.refs[sym] > 0 {
		f |= subQuote
	}
	if c.bookRefs[sym] > 0 {
		f |= subBook
	}
	return f
}

// bySubs groups symbols by what is to change for them, in a stable order.
func bySubs(m map[string]subs) ([]subs, map[subs][]string) {
	groups := map[subs][]string{}
	for sym, f := range m {
		groups[f] = append(groups[f], sym)
	}
	keys := make([]subs, 0, len(groups))
	for f, syms := range groups {
		slices.Sort(syms)
		keys = append(keys, f)
	}
	slices.Sort(keys)
	return keys, groups
}

// syncSubscriptions keeps the server's subscriptions equal to what the
// owners want, for as long as l lives. A new link starts with none, so
// everything is subscribed again and snapshotted afresh.
func (c *Client) syncSubscriptions(l *link) {
	onWire := map[string]subs{}
	refused := map[string]bool{} // refused on this link; asked again after a reconnect
	for {
		c.mu.Lock()
		add, remove := map[string]subs{}, map[string]subs{}
		for _, m := range []map[string]int{c.refs, c.bookRefs} {
			for sym := range m {
				if f := c.wantLocked(sym) &^ onWire[sym]; f != 0 && !refused[sym] {
					add[sym] = f
				}
			}
		}
		for sym, on := range onWire {
			if f := on &^ c.wantLocked(sym); f != 0 {
				remove[sym] = f
			}
		}
		for sym := range refused {
			if c.wantLocked(sym) == 0 {
				delete(refused, sym)
			}
		}
		c.mu.Unlock()

		keys, groups := bySubs(remove)
		for _, f := range keys {
			for batch := range slices.Chunk(groups[f], packet.MaxSymbols) {
				var resp pb.UnsubscribeResponse
				err := c.onLink(l, packet.CmdUnsubscribe, &pb.UnsubscribeRequest{Symbol: batch, SubType: f.types()}, &resp)
				if c.linkGone(l, err) {
					return
				}
				for _, sym := range batch {
					if onWire[sym] &^= f; onWire[sym] == 0 {
						delete(onWire, sym)
					}
				}
			}
		}
		keys, groups = bySubs(add)
		for _, f := range keys {
			for batch := range byMarket(groups[f], packet.MaxSymbols) {
				var resp pb.UnsubscribeResponse // the subscribe answer is empty too
				err := c.onLink(l, packet.CmdSubscribe, &pb.SubscribeRequest{Symbol: batch, SubType: f.types()}, &resp)
				if c.linkGone(l, err) {
					return
				}
				if err != nil {
					c.refuse(batch, err)
					for _, sym := range batch {
						refused[sym] = true
					}
					continue
				}
				for _, sym := range batch {
					onWire[sym] |= f
				}
				// The snapshots come after the subscription, so no price
				// between the two is lost.
				if f&subQuote != 0 {
					var snap pb.SecurityQuoteResponse
					err = c.onLink(l, packet.CmdQuote, &pb.MultiSecurityRequest{Symbol: batch}, &snap)
					if c.linkGone(l, err) {
						return
					}
					if err != nil {
						c.log.Warn("quote socket: snapshot failed", "symbols", len(batch), "error", err)
					} else {
						c.applySnapshots(snap.SecuQuote)
					}
				}
				if f&subBook != 0 && c.pullBook(l, batch) {
					return
				}
			}
		}
		c.mu.Lock()
		if c.onWire != len(onWire) {
			c.onWire = len(onWire)
			c.statuses.Changed()
		}
		c.mu.Unlock()

		select {
		case <-l.done:
			return
		case <-c.ctx.Done():
			return
		case <-c.kick:
		}
	}
}

// onLink runs a request on l itself, under the command's rate limit.
func (c *Client) onLink(l *link, cmd uint8, req, resp proto.Message) error {
	if err := c.limits.wait(c.ctx, cmd); err != nil {
		return err
	}
	body, err := l.call(c.ctx, cmd, req, c.cfg.RequestTimeout)
	if err != nil {
		return err
	}
	return proto.Unmarshal(body, resp)
}

// linkGone reports whether err means l (or the client) is finished.
func (c *Client) linkGone(l *link, err error) bool {
	if c.ctx.Err() != nil {
		return true
	}
	select {
	case <-l.done:
		return true
	default:
	}
	if errors.Is(err, ErrNotConnected) || errors.Is(err, context.Canceled) {
		return true
	}
	if errors.Is(err, ErrTimeout) {
		// A link that cannot answer a subscription in time is not trusted.
		l.end(&linkError{ReasonHeartbeatTimeout, 0, err})
		return true
	}
	return false
}

// refuse records symbols the server would not subscribe as a problem.
func (c *Client) refuse(symbols []string, err error) {
	reason := ReasonServerError
	var se *Error
	if errors.As(err, &se) {
		reason = se.Reason()
	}
	c.log.Warn("quote socket: subscription refused", "symbols", len(symbols), "reason", reason, "error", err)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, sym := range symbols {
		c.problems[sym] = Problem{Reason: reason, Market: marketOf(sym), Symbols: []string{sym}, Err: err}
		if c.bookRefs[sym] > 0 {
			c.offerBookLocked(BookUpdate{Symbol: sym, Err: err})
		}
	}
	c.statuses.Changed()
}

// byMarket yields symbols in batches of at most n, one market per batch,
// so that a market without quote access does not take the others down.
func byMarket(symbols []string, n int) func(yield func([]string) bool) {
	return func(yield func([]string) bool) {
		groups := map[string][]string{}
		var markets []string
		for _, sym := range symbols {
			m := marketOf(sym)
			if groups[m] == nil {
				markets = append(markets, m)
			}
			groups[m] = append(groups[m], sym)
		}
		slices.Sort(markets)
		for _, m := range markets {
			for batch := range slices.Chunk(groups[m], n) {
				if !yield(batch) {
					return
				}
			}
		}
	}
}
