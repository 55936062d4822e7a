package simmarket

import (
	"strings"
	"time"
	_ "time/tzdata" // the markets' zones, whatever the machine has installed
)

// Span is a stretch of a trading day in the market's own time, in minutes
// after midnight: 09:30 is 570.
type Span struct{ Begin, End int }

// HHMM is the span's ends as LongPort writes them: 930, 1600.
func (s Span) HHMM() (begin, end int32) {
	return int32(s.Begin/60*100 + s.Begin%60), int32(s.End/60*100 + s.End%60)
}

// Exchange is one market's calendar: its zone, its sessions and its
// holidays.
type Exchange struct {
	Code    string // US, HK, CN, SG: as LongPort names markets
	Loc     *time.Location
	Regular []Span // the regular sessions, in order
	Pre     Span   // US pre-market; zero elsewhere
	Post    Span   // US post-market; zero elsewhere
	// HalfClose is when a half day's trading ends.
	HalfClose int
	holidays  map[int]bool // yyyymmdd
	halfDays  map[int]bool
}

func hm(h, m int) int { return h*60 + m }

func load(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("simmarket: " + err.Error()) // time/tzdata is linked in: cannot happen
	}
	return loc
}

func dates(ds ...string) map[int]bool {
	m := make(map[int]bool, len(ds))
	for _, d := range ds {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			panic("simmarket: holiday " + d)
		}
		m[dateKey(t)] = true
	}
	return m
}

// dateKey is t's date as yyyymmdd, in t's own zone.
func dateKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// The four markets of the sandbox. Holidays are those of 2026 (and New
// Year's Day and Christmas of every year); other years have weekends only.
var (
	US = &Exchange{
		Code: "US", Loc: load("America/New_York"),
		Regular: []Span{{hm(9, 30), hm(16, 0)}}, Pre: Span{hm(4, 0), hm(9, 30)}, Post: Span{hm(16, 0), hm(20, 0)},
		HalfClose: hm(13, 0),
		holidays: dates("2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19",
			"2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"),
		halfDays: dates("2026-11-27", "2026-12-24"),
	}
	HK = &Exchange{
		Code: "HK", Loc: load("Asia/Hong_Kong"),
		Regular:   []Span{{hm(9, 30), hm(12, 0)}, {hm(13, 0), hm(16, 0)}},
		HalfClose: hm(12, 0),
		holidays: dates("2026-01-01", "2026-02-17", "2026-02-18", "2026-02-19", "2026-04-03", "2026-04-06",
			"2026-04-07", "2026-05-01", "2026-05-25", "2026-06-19", "2026-07-01", "2026-10-01", "2026-10-19",
			"2026-12-25"),
		halfDays: dates("2026-02-16", "2026-12-24", "2026-12-31"),
	}
	CN = &Exchange{
		Code: "CN", Loc: load("Asia/Shanghai"),
		Regular:   []Span{{hm(9, 30), hm(11, 30)}, {hm(13, 0), hm(15, 0)}},
		HalfClose: hm(11, 30),
		holidays: dates("2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
			"2026-02-20", "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19",
			"2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"),
		halfDays: dates(),
	}
	SG = &Exchange{
		Code: "SG", Loc: load("Asia/Singapore"),
		Regular:   []Span{{hm(9, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}},
		HalfClose: hm(12, 0),
		holidays: dates("2026-01-01", "2026-02-17", "2026-02-18", "2026-04-03", "2026-05-01", "2026-05-27",
			"2026-06-01", "2026-08-10", "2026-11-09", "2026-12-25"),
		halfDays: dates("2026-02-16", "2026-12-24", "2026-12-31"),
	}
)

// Exchanges are the markets, in the order LongPort lists them.
func Exchanges() []*Exchange { return []*Exchange{US, HK, CN, SG} }

// ExchangeOf returns the market of a symbol by its suffix (.US, .HK,
// .SH/.SZ, .SG); any other symbol trades as US.
func ExchangeOf(symbol string) *Exchange {
	i := strings.LastIndexByte(symbol, '.')
	if i < 0 {
		return US
	}
	switch strings.ToUpper(symbol[i+1:]) {
	case "HK":
		return HK
	case "SH", "SZ", "CN":
		return CN
	case "SG":
		return SG
	}
	return US
}

// ExchangeByCode returns the market named code, or nil.
func ExchangeByCode(code string) *Exchange {
	for _, e := range Exchanges() {
		if strings.EqualFold(e.Code, code) {
			return e
		}
	}
	return nil
}

// Midnight returns the start of t's day in the market's zone.
func (e *Exchange) Midnight(t time.Time) time.Time {
	y, m, d := t.In(e.Loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, e.Loc)
}

// IsTradingDay reports whether the market trades on t's day (in its zone).
func (e *Exchange) IsTradingDay(t time.Time) bool {
	l := t.In(e.Loc)
	if wd := l.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	key := dateKey(l)
	if md := key % 10000; md == 101 || (md == 1225 && e.Code != "CN") {
		return false
	}
	return !e.holidays[key]
}

// IsHalfDay reports whether t's day is a trading day that ends early.
func (e *Exchange) IsHalfDay(t time.Time) bool {
	return e.IsTradingDay(t) && e.halfDays[dateKey(t.In(e.Loc))]
}

// Sessions returns the regular sessions of t's day, cut short on a half
// day; none on a closed day.
func (e *Exchange) Sessions(t time.Time) []Span {
	if !e.IsTradingDay(t) {
		return nil
	}
	if !e.IsHalfDay(t) {
		return e.Regular
	}
	var out []Span
	for _, s := range e.Regular {
		if s.Begin < e.HalfClose {
			out = append(out, Span{s.Begin, min(s.End, e.HalfClose)})
		}
	}
	return out
}

// PrevTradingDay returns the midnight of the last trading day before t's.
func (e *Exchange) PrevTradingDay(t time.Time) time.Time {
	d := e.Midnight(t)
	for {
		y, m, dd := d.Date()
		d = time.Date(y, m, dd-1, 0, 0, 0, 0, e.Loc)
		if e.IsTradingDay(d) {
			return d
		}
	}
}

// NextTradingDay returns the midnight of the first trading day after t's.
func (e *Exchange) NextTradingDay(t time.Time) time.Time {
	d := e.Midnight(t)
	for {
		y, m, dd := d.Date()
		d = time.Date(y, m, dd+1, 0, 0, 0, 0, e.Loc)
		if e.IsTradingDay(d) {
			return d
		}
	}
}

// TradingDays returns the midnights of the trading days from from's day to
// to's, both included, and which of them are half days.
func (e *Exchange) TradingDays(from, to time.Time) (full, half []time.Time) {
	d, end := e.Midnight(from), e.Midnight(to)
	for !d.After(end) {
		switch {
		case e.IsHalfDay(d):
			half = append(half, d)
		case e.IsTradingDay(d):
			full = append(full, d)
		}
		y, m, dd := d.Date()
		d = time.Date(y, m, dd+1, 0, 0, 0, 0, e.Loc)
	}
	return full, half
}

// Phase is a market's trading phase at a moment.
type Phase int

// The phases.
const (
	Closed Phase = iota
	PreMarket
	Trading
	MiddayBreak
	PostMarket
)

func (p Phase) String() string {
	return [...]string{"closed", "pre-market", "trading", "midday break", "post-market"}[p]
}

// PhaseAt returns the market's phase at t.
func (e *Exchange) PhaseAt(t time.Time) Phase {
	sessions := e.Sessions(t)
	if len(sessions) == 0 {
		return Closed
	}
	l := t.In(e.Loc)
	m := l.Hour()*60 + l.Minute()
	first, last := sessions[0].Begin, sessions[len(sessions)-1].End
	switch {
	case m < first:
		if e.Pre.End > e.Pre.Begin && m >= e.Pre.Begin {
			return PreMarket
		}
		return Closed
	case m >= last:
		if e.Post.End > e.Post.Begin && m < e.Post.End && !e.IsHalfDay(t) {
			return PostMarket
		}
		return Closed
	}
	for _, s := range sessions {
		if m >= s.Begin && m < s.End {
			return Trading
		}
	}
	return MiddayBreak
}

// StatusCode is the phase as GET /v1/quote/market-status codes it: 201-204
// for US, 105 trading, 106 midday break and 108 closed elsewhere.
func (e *Exchange) StatusCode(t time.Time) int {
	p := e.PhaseAt(t)
	if e.Code == "US" {
		switch p {
		case PreMarket:
			return 201
		case Trading:
			return 202
		case PostMarket:
			return 203
		}
		return 204
	}
	switch p {
	case Trading:
		return 105
	case MiddayBreak:
		return 106
	}
	return 108
}
