package simmarket

import (
	"math"
	"math/rand/v2"
	"time"
)

// The sessions a bar is of, numbered as LongPort's TradeSession.
const (
	SessionRegular = 0
	SessionPre     = 1
	SessionPost    = 2
)

// extendedMinutes are the US pre-market minutes of a trading day, from the
// previous close to the day's open, and its post-market minutes from the
// close, thinly traded; none where the market has no such sessions, and no
// post-market after a half day's early close. They stay out of the day's
// summary, as LongPort's day bars are the regular session's.
func (m *Market) extendedMinutes(symbol string, e *Exchange, day time.Time) (pre, post []minute) {
	if e.Pre.End <= e.Pre.Begin {
		return nil, nil
	}
	regular := m.dayMinutes(symbol, day)
	if len(regular) == 0 {
		return nil, nil
	}
	p := profileOf(symbol)
	dn := dayNumber(e, day)
	r := m.rng(symbol, dn, 2)
	prevClose := m.closeOf(symbol, e, dayNumber(e, e.PrevTradingDay(day)))
	pre = thinMinutes(e, r, e.Midnight(day), e.Pre, prevClose, regular[0].o, p)
	if !e.IsHalfDay(day) {
		c := regular[len(regular)-1].c
		post = thinMinutes(e, r, e.Midnight(day), e.Post, c, e.roundTick(float64(c)*math.Exp(0.002*p.volatility*r.NormFloat64())), p)
	}
	return pre, post
}

// thinMinutes walk from one price to another over span of midnight's day
// (a Brownian bridge, a tenth of the regular session's spread), each
// minute a small lot of the day's volume.
func thinMinutes(e *Exchange, r *rand.Rand, midnight time.Time, span Span, from, to int64, p profile) []minute {
	n := span.End - span.Begin
	begin := midnight.Add(time.Duration(span.Begin) * time.Minute).Unix()
	sigma := 0.002 * p.volatility / math.Sqrt(float64(n))
	walk := make([]float64, n+1)
	for k := 1; k <= n; k++ {
		walk[k] = walk[k-1] + r.NormFloat64()
	}
	lf, lt := math.Log(float64(from)), math.Log(float64(to))
	out := make([]minute, n)
	prev := from
	for k := range out {
		f := float64(k+1) / float64(n)
		c := e.roundTick(math.Exp(lf + f*(lt-lf) + sigma*(walk[k+1]-f*walk[n])))
		if k == n-1 {
			c = to
		}
		v := max(1, p.volume/4000*int64(1+r.IntN(3)))
		out[k] = minute{t: begin + int64(k)*60, o: prev, h: max(prev, c), l: min(prev, c), c: c, v: v, vw: c, to: v * c, sh: 20, sl: 40}
		prev = c
	}
	return out
}

// ExtendedBars are the pre- and post-market bars of p minutes (counted from
// each session's start) over the trading days from from's day to to's, as
// traded by now, each marked with its session; none for a market without
// those sessions or for a period of a day or longer.
func (m *Market) ExtendedBars(symbol string, p Period, from, to, now time.Time) []Bar {
	e := ExchangeOf(symbol)
	if p <= 0 || e.Pre.End <= e.Pre.Begin {
		return nil
	}
	if to.After(now) {
		to = now
	}
	var out []Bar
	for d := e.Midnight(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		if !e.IsTradingDay(d) {
			continue
		}
		pre, post := m.extendedMinutes(symbol, e, d)
		for _, s := range []struct {
			ms      []minute
			span    Span
			session int
		}{{pre, e.Pre, SessionPre}, {post, e.Post, SessionPost}} {
			var bars []bar
			for _, x := range s.ms {
				if x.t > now.Unix() {
					break
				}
				if now.Unix() < x.t+60 {
					x = x.at(e, int(now.Unix()-x.t))
				}
				k := int(x.t-d.Unix()) / 60
				b := d.Add(time.Duration(s.span.Begin+(k-s.span.Begin)/int(p)*int(p)) * time.Minute).Unix()
				if len(bars) == 0 || bars[len(bars)-1].t != b {
					bars = append(bars, bar{t: b})
				}
				bars[len(bars)-1].add(daySummary{o: x.o, h: x.h, l: x.l, c: x.c, v: x.v, to: x.to})
			}
			for _, b := range bars {
				if b.t <= to.Unix() {
					eb := b.export()
					eb.Session = s.session
					out = append(out, eb)
				}
			}
		}
	}
	return out
}
