// Package simmarket is the sandbox's market: from a seed, each symbol has
// one deterministic price path, on its market's ticks, traded in its
// market's sessions and zone, with weekends and holidays closed. The fake
// quote socket, the fake Trade API and the market-status answer all cut
// what they send from it, so that the quote, the intraday line, every
// candlestick period and the account's fills agree with each other.
//
// The path: a day's close wanders around the symbol's price level (a few
// slow waves and a little noise); the day opens near the previous close;
// within the day a Brownian bridge joins the open to the close minute by
// minute; within a minute the price runs open, high and low (in some
// order), close. The day's high and low are the extremes of its minutes.
package simmarket

import (
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// SandboxSeed is the seed of the sandbox's market.
const SandboxSeed = 20260101

// Epoch is the first day with bars: history stops there.
var Epoch = time.Date(2016, 1, 4, 0, 0, 0, 0, time.UTC)

// Market is a simulated market; its methods are safe for concurrent use.
type Market struct {
	seed uint64
	mu   sync.Mutex
	days map[dayKey]daySummary
	mins map[dayKey][]minute // a few days' minutes, dropped when many
}

// New returns the market of seed; the same seed always gives the same
// prices.
func New(seed uint64) *Market {
	return &Market{seed: seed, days: map[dayKey]daySummary{}, mins: map[dayKey][]minute{}}
}

type dayKey struct {
	symbol string
	day    int64 // days since 1970-01-01 of the market's local date
}

// minute is a minute of trading; prices in milli units.
type minute struct {
	t          int64 // unix seconds of its start
	o, h, l, c int64
	v          int64 // shares
	vw         int64 // the average price traded at, on a tick
	to         int64 // turnover, milli units
	sh, sl     int   // the seconds the high and the low were traded at
}

type daySummary struct{ o, h, l, c, v, to int64 }

func dayNumber(e *Exchange, t time.Time) int64 {
	y, m, d := t.In(e.Loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func (m *Market) rng(symbol string, day int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(m.seed^hash(symbol), uint64(day)<<2|stream))
}

// closeOf is the close of symbol on day dn: its level moved by slow waves
// whose phases are the symbol's own, and a little noise of the day.
func (m *Market) closeOf(symbol string, e *Exchange, dn int64) int64 {
	p := profileOf(symbol)
	h := m.seed ^ hash(symbol)
	phase := func(k uint64) float64 { return float64((h>>(k*8))&0xff) / 256 * 2 * math.Pi }
	d := float64(dn)
	v := p.volatility
	x := 0.08*v*math.Sin(2*math.Pi*d/530+phase(0)) +
		0.04*v*math.Sin(2*math.Pi*d/97+phase(1)) +
		0.02*v*math.Sin(2*math.Pi*d/23+phase(2)) +
		0.008*v*m.rng(symbol, dn, 0).NormFloat64()
	return e.roundTick(p.level * 1000 * math.Exp(x))
}

// dayMinutes returns the minutes of a trading day, from its open to its
// close; nil on a closed day.
func (m *Market) dayMinutes(symbol string, day time.Time) []minute {
	e := ExchangeOf(symbol)
	key := dayKey{symbol, dayNumber(e, day)}
	m.mu.Lock()
	if ms, ok := m.mins[key]; ok {
		m.mu.Unlock()
		return ms
	}
	m.mu.Unlock()
	ms := m.makeMinutes(symbol, e, day)
	m.mu.Lock()
	if len(m.mins) >= 1024 {
		clear(m.mins)
	}
	m.mins[key] = ms
	m.mu.Unlock()
	return ms
}

func (m *Market) makeMinutes(symbol string, e *Exchange, day time.Time) []minute {
	sessions := e.Sessions(day)
	if len(sessions) == 0 {
		return nil
	}
	day = e.Midnight(day)
	var starts []int64 // no session spans a change of clocks
	y, mo, d := day.Date()
	for _, s := range sessions {
		begin := time.Date(y, mo, d, 0, s.Begin, 0, 0, e.Loc).Unix()
		for k := range s.End - s.Begin {
			starts = append(starts, begin+int64(k)*60)
		}
	}
	n := len(starts)
	p := profileOf(symbol)
	dn := dayNumber(e, day)
	prevClose := m.closeOf(symbol, e, dayNumber(e, e.PrevTradingDay(day)))
	closeP := m.closeOf(symbol, e, dn)
	r := m.rng(symbol, dn, 1)
	open := e.roundTick(float64(prevClose) * math.Exp(0.004*p.volatility*r.NormFloat64()))

	// A Brownian bridge from the open to the close.
	walk := make([]float64, n+1)
	for k := 1; k <= n; k++ {
		walk[k] = walk[k-1] + r.NormFloat64()
	}
	sigma := 0.01 * p.volatility / math.Sqrt(float64(n))
	lo, lc := math.Log(float64(open)), math.Log(float64(closeP))
	price := make([]int64, n+1)
	for k := range price {
		f := float64(k) / float64(n)
		price[k] = e.roundTick(math.Exp(lo + f*(lc-lo) + sigma*(walk[k]-f*walk[n])))
	}
	price[0], price[n] = open, closeP

	dayVolume := float64(p.volume) * math.Exp(0.25*r.NormFloat64())
	weights := make([]float64, n)
	total := 0.0
	for k := range weights {
		x := 2*float64(k)/float64(n) - 1
		weights[k] = (1 + 2*x*x) * (0.5 + r.Float64())
		total += weights[k]
	}
	lot := int64(1)
	if e.Code != "US" {
		lot = 100
	}
	out := make([]minute, n)
	for k := range out {
		o, c := price[k], price[k+1]
		hi := max(o, c, e.roundTick(float64(max(o, c))*(1+math.Abs(r.NormFloat64())*sigma*0.5)))
		lw := min(o, c, e.roundTick(float64(min(o, c))*(1-math.Abs(r.NormFloat64())*sigma*0.5)))
		vw := min(max(e.roundTick(float64(o+hi+lw+c)/4), lw), hi)
		v := max(lot, int64(dayVolume*weights[k]/total)/lot*lot)
		sh := 1 + r.IntN(58)
		sl := 1 + r.IntN(57)
		if sl >= sh {
			sl++
		}
		out[k] = minute{t: starts[k], o: o, h: hi, l: lw, c: c, v: v, vw: vw, to: v * vw, sh: sh, sl: sl}
	}
	return out
}

// summary returns a whole trading day in one bar.
func (m *Market) summary(symbol string, day time.Time) (daySummary, bool) {
	e := ExchangeOf(symbol)
	if !e.IsTradingDay(day) {
		return daySummary{}, false
	}
	key := dayKey{symbol, dayNumber(e, day)}
	m.mu.Lock()
	s, ok := m.days[key]
	m.mu.Unlock()
	if ok {
		return s, true
	}
	ms := m.makeMinutes(symbol, e, day)
	s = aggregate(ms)
	m.mu.Lock()
	m.days[key] = s
	m.mu.Unlock()
	return s, true
}

func aggregate(ms []minute) daySummary {
	s := daySummary{o: ms[0].o, h: ms[0].h, l: ms[0].l, c: ms[len(ms)-1].c}
	for _, x := range ms {
		s.h, s.l = max(s.h, x.h), min(s.l, x.l)
		s.v += x.v
		s.to += x.to
	}
	return s
}

// at returns the minute as traded by second sec (0-59) of it: the price
// runs open, high and low in their order, close, in straight lines on ticks.
func (x minute) at(e *Exchange, sec int) minute {
	if sec >= 59 {
		return x
	}
	priceAt := x.path(e)
	out := x
	out.h, out.l = x.o, x.o
	for s := 0; s <= sec; s++ {
		p := priceAt(s)
		out.h, out.l = max(out.h, p), min(out.l, p)
	}
	out.c = priceAt(sec)
	out.v = x.v * int64(sec+1) / 60
	out.to = out.v * x.vw
	return out
}

// path returns the minute's price at each second (0-59): open, high and
// low in their order, close, in straight lines on ticks.
func (x minute) path(e *Exchange) func(sec int) int64 {
	type point struct {
		s int
		p int64
	}
	pts := []point{{0, x.o}, {x.sh, x.h}, {x.sl, x.l}, {59, x.c}}
	if x.sl < x.sh {
		pts[1], pts[2] = pts[2], pts[1]
	}
	return func(s int) int64 {
		for i := 1; i < len(pts); i++ {
			a, b := pts[i-1], pts[i]
			if s <= b.s {
				f := float64(s-a.s) / float64(b.s-a.s)
				return min(max(e.roundTick(float64(a.p)+f*float64(b.p-a.p)), x.l), x.h)
			}
		}
		return x.c
	}
}

// quoteDay returns the trading day a quote at t is of: today once its
// first session has begun, else the last trading day before.
func quoteDay(e *Exchange, t time.Time) time.Time {
	if s := e.Sessions(t); len(s) > 0 {
		l := t.In(e.Loc)
		if l.Hour()*60+l.Minute() >= s[0].Begin {
			return e.Midnight(t)
		}
	}
	return e.PrevTradingDay(t)
}

// upTo returns day's minutes done by t (a slice of the cached day: not to
// be changed) and, when t falls in one, the minute as far as it had gone.
func (m *Market) upTo(symbol string, day, t time.Time) (done []minute, cur minute, in bool) {
	e := ExchangeOf(symbol)
	all := m.dayMinutes(symbol, day)
	now := t.Unix()
	for i, x := range all {
		switch {
		case now >= x.t+60:
			continue
		case now < x.t:
			return all[:i:i], minute{}, false
		}
		return all[:i:i], x.at(e, int(now-x.t)), true
	}
	return all, minute{}, false
}

// minutesUpTo returns day's minutes traded by t, the last one as far as
// it had gone.
func (m *Market) minutesUpTo(symbol string, day, t time.Time) []minute {
	done, cur, in := m.upTo(symbol, day, t)
	if in {
		return append(done, cur) // done's capacity is its length: a copy
	}
	return done
}

// Quote is a security's quote at a moment.
type Quote struct {
	Last, Open, High, Low, PrevClose decimal.Decimal
	Volume                           int64
	Turnover                         decimal.Decimal
	Time                             time.Time // of the last trade
	Day                              time.Time // midnight of the trading day it is of
}

// Quote returns symbol's quote at t: the day so far while it trades, the
// last trading day's once it closed.
func (m *Market) Quote(symbol string, t time.Time) Quote {
	e := ExchangeOf(symbol)
	day := quoteDay(e, t)
	done, last, trading := m.upTo(symbol, day, t)
	if !trading {
		if len(done) == 0 { // cannot be: quoteDay waits for the first minute
			done = m.dayMinutes(symbol, day)[:1]
		}
		done, last = done[:len(done)-1], done[len(done)-1]
	}
	s := daySummary{o: last.o, h: last.h, l: last.l, c: last.c, v: last.v, to: last.to}
	if len(done) > 0 {
		s = aggregate(done)
		s.h, s.l, s.c = max(s.h, last.h), min(s.l, last.l), last.c
		s.v += last.v
		s.to += last.to
	}
	prevClose := m.closeOf(symbol, e, dayNumber(e, e.PrevTradingDay(day)))
	at := min(t.Unix(), last.t+59)
	return Quote{
		Last: milli(s.c), Open: milli(s.o), High: milli(s.h), Low: milli(s.l), PrevClose: milli(prevClose),
		Volume: s.v, Turnover: milli(s.to), Time: time.Unix(at, 0), Day: day,
	}
}

// PriceAt returns symbol's last price at t: the quote's Last.
func (m *Market) PriceAt(symbol string, t time.Time) decimal.Decimal {
	ms := m.minutesUpTo(symbol, quoteDay(ExchangeOf(symbol), t), t)
	if len(ms) == 0 {
		return m.Quote(symbol, t).Last
	}
	return milli(ms[len(ms)-1].c)
}

// Line is a minute of the intraday line.
type Line struct {
	Time     time.Time // the minute's start
	Price    decimal.Decimal
	Volume   int64
	Turnover decimal.Decimal
	AvgPrice decimal.Decimal // of the day so far
}

// Intraday returns the minutes of the quote's day up to t.
func (m *Market) Intraday(symbol string, t time.Time) []Line {
	e := ExchangeOf(symbol)
	ms := m.minutesUpTo(symbol, quoteDay(e, t), t)
	out := make([]Line, len(ms))
	var vol, turn int64
	for i, x := range ms {
		vol += x.v
		turn += x.to
		avg := decimal.Zero
		if vol > 0 {
			avg = milli(turn).DivRound(decimal.NewFromInt(vol), e.Places())
		}
		out[i] = Line{Time: time.Unix(x.t, 0), Price: milli(x.c), Volume: x.v, Turnover: milli(x.to), AvgPrice: avg}
	}
	return out
}
