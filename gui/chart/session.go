package chart

import (
	"time"

	"github.com/shopspring/decimal"
)

// SessionKind is which part of a market's day a bar traded in, numbered as
// LongPort's TradeSession: regular, pre-market, post-market, overnight.
type SessionKind int

// The sessions of a day.
const (
	Regular SessionKind = iota
	PreMarket
	PostMarket
	Overnight
)

// Extended is whether the session is outside the regular hours.
func (k SessionKind) Extended() bool { return k != Regular }

// Session is a span of a market's day in its own time, in minutes after
// midnight: 9:30 is 570.
type Session struct {
	Begin, End int
	Kind       SessionKind
}

func hm(h, m int) int { return h*60 + m }

// marketSessions are each market's regular hours, and the US pre- and
// post-market. LongPort's trading-sessions request (cmd 8) says the same.
var marketSessions = map[string][]Session{
	"US": {{hm(4, 0), hm(9, 30), PreMarket}, {hm(9, 30), hm(16, 0), Regular}, {hm(16, 0), hm(20, 0), PostMarket}},
	"HK": {{hm(9, 30), hm(12, 0), Regular}, {hm(13, 0), hm(16, 0), Regular}},
	"CN": {{hm(9, 30), hm(11, 30), Regular}, {hm(13, 0), hm(15, 0), Regular}},
	"SG": {{hm(9, 0), hm(12, 0), Regular}, {hm(13, 0), hm(17, 0), Regular}},
}

// halfClose is when a market's half day ends: US 13:00, HK and SG at
// noon (the morning session only). Shanghai and Shenzhen have none.
var halfClose = map[string]int{"US": hm(13, 0), "HK": hm(12, 0), "SG": hm(12, 0)}

// Calendar is what a chart knows of its market's days: the sessions, and
// the closed and half days where it was told them (LongPort's trading-days
// request, cmd 9). A day it was not told of is a trading day from Monday
// to Friday.
type Calendar struct {
	Market   string
	Extended bool // pre- and post-market bars are on the chart too
	Closed   map[string]bool
	Half     map[string]bool // by date, "2006-01-02" in the market's zone
}

// NewCalendar is market's calendar with weekends closed and no holidays.
func NewCalendar(market string, extended bool) Calendar {
	return Calendar{Market: market, Extended: extended}
}

// Sessions are the sessions of day (any time of it, in any zone): none on
// a closed day, and a half day's cut at its early close.
func (c Calendar) Sessions(day time.Time) []Session {
	if !c.Open(day) {
		return nil
	}
	all := marketSessions[c.Market]
	end, half := halfClose[c.Market], c.Half[day.In(Location(c.Market)).Format(time.DateOnly)]
	var out []Session
	for _, s := range all {
		if s.Kind.Extended() && (!c.Extended || half) {
			continue // no post-market after a half day's early close
		}
		if half && s.Begin >= end {
			continue
		}
		if half && s.End > end {
			s.End = end
		}
		out = append(out, s)
	}
	return out
}

// Open is whether the market trades on day.
func (c Calendar) Open(day time.Time) bool {
	t := day.In(Location(c.Market))
	if t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		return false
	}
	return !c.Closed[t.Format(time.DateOnly)]
}

// SessionAt is the session t falls in, if any.
func (c Calendar) SessionAt(t time.Time) (Session, bool) {
	l := t.In(Location(c.Market))
	k := l.Hour()*60 + l.Minute()
	for _, s := range c.Sessions(t) {
		if k >= s.Begin && k < s.End {
			return s, true
		}
	}
	return Session{}, false
}

// BarStart is the start of the bar of period p that t falls in: minute
// bars count from the start of each session (HK 5-minute bars at 09:30,
// 09:35 ..., the first after lunch at 13:00, the last of the morning
// shorter when the session does not divide), day bars start at the
// trading day's midnight in the market's zone, week and month bars at
// the midnight of their first trading day, which only the bars know, so
// for those it is the midnight of t's day. False when t is in no
// session (a lunch break, the night, a closed day).
func (c Calendar) BarStart(t time.Time, p Period) (time.Time, bool) {
	loc := Location(c.Market)
	l := t.In(loc)
	y, m, d := l.Date()
	if p.Daily() {
		if !c.Open(t) {
			return time.Time{}, false
		}
		return time.Date(y, m, d, 0, 0, 0, 0, loc), true
	}
	s, ok := c.SessionAt(t)
	if !ok {
		return time.Time{}, false
	}
	step := int(p.Span().Minutes())
	k := l.Hour()*60 + l.Minute()
	return time.Date(y, m, d, 0, s.Begin+(k-s.Begin)/step*step, 0, 0, loc), true
}

// Trade is a live price as the chart takes it: the quote's time, its last
// price, and the volume traded since the tick before.
type Trade struct {
	Time   time.Time
	Price  decimal.Decimal
	Volume int64
}

// Apply makes a live price part of bars of period p: it moves the last bar
// (close, high, low, volume), or opens the next bar where the market's bar
// boundaries say one starts, not a fixed step after the last. A price
// outside the sessions (the closing auction, a late print) moves the last
// bar of its own day; one older than the last bar, or on a closed day, is
// left out. It reports whether the bars changed; bars may be appended to.
func (c Calendar) Apply(bars []Bar, p Period, tk Trade) ([]Bar, bool) {
	if len(bars) == 0 || !tk.Price.IsPositive() || tk.Time.IsZero() {
		return bars, false
	}
	last := &bars[len(bars)-1]
	start, ok := c.BarStart(tk.Time, p)
	loc := Location(c.Market)
	switch {
	case !ok:
		if p.Daily() || !sameDay(tk.Time.In(loc), last.Time.In(loc)) || tk.Time.Before(last.Time) {
			return bars, false
		}
	case start.Before(last.Time):
		return bars, false
	case p.Daily() && sameGroup(p, start, last.Time.In(loc)):
	case !p.Daily() && start.Equal(last.Time):
	default:
		open := tk.Price
		if p == Intraday {
			open = last.Close // the line goes on from the minute before
		}
		sess := Regular
		if s, ok := c.SessionAt(tk.Time); ok && !p.Daily() {
			sess = s.Kind
		}
		return append(bars, Bar{Time: start, Open: open, High: tk.Price, Low: tk.Price, Close: tk.Price, Volume: tk.Volume, Session: sess}), true
	}
	last.Close = tk.Price
	last.High, last.Low = decimal.Max(last.High, tk.Price), decimal.Min(last.Low, tk.Price)
	last.Volume += tk.Volume
	return bars, true
}

// sameGroup is whether a and b (in the market's zone) fall in one bar of
// a daily period: the same day, ISO week or month.
func sameGroup(p Period, a, b time.Time) bool {
	switch p {
	case Week:
		ay, aw := a.ISOWeek()
		by, bw := b.ISOWeek()
		return ay == by && aw == bw
	case Month:
		return a.Year() == b.Year() && a.Month() == b.Month()
	}
	return sameDay(a, b)
}
