package simmarket

import (
	"time"

	"github.com/shopspring/decimal"
)

// The tape and the book are cut from the same path as the quote: a trade
// prints at every second the price moves, and at some seconds it does not
// (a third of them, chosen by a hash), so the newest trade is always at the
// quote's Last. The book stands one tick wide around the last trade, on the
// side the trade took: a trade up lifted the ask, so the ask is at the last
// price; a trade down hit the bid.

// Direction is a trade's side as LongPort codes it.
type Direction int

// The directions: neutral (the price did not move), down (sold into the
// bid), up (bought from the ask).
const (
	Neutral Direction = 0
	Down    Direction = 1
	Up      Direction = 2
)

// Trade is one print of the tape.
type Trade struct {
	Time      time.Time
	Price     decimal.Decimal
	Volume    int64
	Direction Direction
}

// Level is one price of the book.
type Level struct {
	Price  decimal.Decimal
	Volume int64
	Orders int64
}

// Book is the order book at a moment, best prices first.
type Book struct {
	Bids, Asks []Level
}

// trade is a print in milli units, for the walk.
type trade struct {
	t    int64
	p, v int64
	dir  Direction
}

// walkTrades calls fn with the trades of the quote's day at or before t,
// newest first, until fn returns false.
func (m *Market) walkTrades(symbol string, t time.Time, fn func(trade) bool) {
	e := ExchangeOf(symbol)
	ms := m.minutesUpTo(symbol, quoteDay(e, t), t)
	if len(ms) == 0 {
		return
	}
	key := m.seed ^ hash(symbol)
	lot := int64(100)
	if e.Code == "US" {
		lot = 1
	}
	now := t.Unix()
	full := m.dayMinutes(symbol, quoteDay(e, t))
	// A trade is told by its price and the one before it, so the walk
	// keeps one trade in hand: it goes out once the older one is known.
	var held *trade
	for i := len(ms) - 1; i >= 0; i-- {
		x := full[i] // the whole minute: its path does not change as it trades
		at := x.path(e)
		last := min(59, int(now-x.t))
		prevClose := int64(-1)
		if i > 0 {
			prevClose = full[i-1].c
		}
		for s := last; s >= 0; s-- {
			p := at(s)
			before := prevClose
			if s > 0 {
				before = at(s - 1)
			}
			u := mix(key ^ uint64(x.t+int64(s)))
			if p == before && u%3 != 0 {
				continue
			}
			v := max(lot, x.v/20*int64(3+u>>8%15)/10/lot*lot)
			tr := trade{t: x.t + int64(s), p: p, v: v}
			if held != nil {
				switch {
				case held.p > tr.p:
					held.dir = Up
				case held.p < tr.p:
					held.dir = Down
				}
				if !fn(*held) {
					return
				}
			}
			held = &tr
		}
	}
	if held != nil {
		fn(*held) // the day's first print: nothing before it to move from
	}
}

// Trades returns up to n of the latest trades at or before t, of the
// quote's day, oldest first.
func (m *Market) Trades(symbol string, t time.Time, n int) []Trade {
	var out []Trade
	m.walkTrades(symbol, t, func(tr trade) bool {
		out = append(out, tr.public())
		return len(out) < n
	})
	reverse(out)
	return out
}

// TradesSince returns the trades after from up to t, oldest first; at most
// n, the newest when there were more.
func (m *Market) TradesSince(symbol string, from, t time.Time, n int) []Trade {
	var out []Trade
	m.walkTrades(symbol, t, func(tr trade) bool {
		if tr.t <= from.Unix() {
			return false
		}
		out = append(out, tr.public())
		return len(out) < n
	})
	reverse(out)
	return out
}

func (tr trade) public() Trade {
	return Trade{Time: time.Unix(tr.t, 0), Price: milli(tr.p), Volume: tr.v, Direction: tr.dir}
}

func reverse(ts []Trade) {
	for i, j := 0, len(ts)-1; i < j; i, j = i+1, j-1 {
		ts[i], ts[j] = ts[j], ts[i]
	}
}

// Book returns the book at t to levels prices a side. It is one tick wide
// at the last trade; each level's size changes every few seconds, and
// moves with its price as the book shifts.
func (m *Market) Book(symbol string, t time.Time, levels int) Book {
	e := ExchangeOf(symbol)
	var last, prev *trade
	m.walkTrades(symbol, t, func(tr trade) bool {
		if last == nil {
			last = &tr
			return true
		}
		if tr.p != last.p {
			prev = &tr
			return false
		}
		return tr.t > last.t-600 // ten minutes of the same price: either side
	})
	if last == nil || levels <= 0 {
		return Book{}
	}
	bid, ask := last.p, e.stepTicks(last.p, 1)
	if prev != nil && prev.p < last.p { // it moved up: it took the ask
		bid, ask = e.stepTicks(last.p, -1), last.p
	}
	p := profileOf(symbol)
	unit := max(int64(1), p.volume/20_000)
	if e.Code != "US" {
		unit = max(100, unit/100*100)
	}
	key := m.seed ^ hash(symbol)
	window := uint64(min(t.Unix(), last.t+60) / 3) // a shut market's book stands still
	level := func(price int64, side uint64) Level {
		u := mix(key ^ uint64(price)<<1 ^ side ^ window<<32)
		v := unit * int64(1+u%12)
		return Level{Price: milli(price), Volume: v, Orders: 1 + int64(u>>8%9)}
	}
	var b Book
	for k := range levels {
		if k > 0 {
			bid, ask = e.stepTicks(bid, -1), e.stepTicks(ask, 1)
		}
		if bid > 0 && (k == 0 || bid < milliOf(b.Bids[len(b.Bids)-1].Price)) {
			b.Bids = append(b.Bids, level(bid, 0))
		}
		b.Asks = append(b.Asks, level(ask, 1))
	}
	return b
}

func milliOf(d decimal.Decimal) int64 { return d.Shift(3).IntPart() }

// mix is splitmix64's finaliser: a cheap, well spread hash of a number.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
