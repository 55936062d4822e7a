package simmarket

import (
	"time"

	"github.com/shopspring/decimal"
)

// Period is a candlestick period: a number of minutes above zero, or one
// of Day, Week, Month, Quarter and Year.
type Period int

// The periods of a day and longer.
const (
	Day     Period = -1
	Week    Period = -2
	Month   Period = -3
	Quarter Period = -4
	Year    Period = -5
)

// Bar is a candlestick. Time is the start of the bar: the minute, or the
// midnight (in the market's zone) of its first trading day.
type Bar struct {
	Time                   time.Time
	Open, High, Low, Close decimal.Decimal
	Volume                 int64
	Turnover               decimal.Decimal
	Session                int // SessionRegular, SessionPre or SessionPost
}

type bar struct {
	t int64
	s daySummary
}

func (b bar) export() Bar {
	return Bar{Time: time.Unix(b.t, 0), Open: milli(b.s.o), High: milli(b.s.h), Low: milli(b.s.l), Close: milli(b.s.c),
		Volume: b.s.v, Turnover: milli(b.s.to)}
}

func (b *bar) add(s daySummary) {
	if b.s.v == 0 && b.s.o == 0 {
		b.s = s
		return
	}
	b.s.h, b.s.l, b.s.c = max(b.s.h, s.h), min(b.s.l, s.l), s.c
	b.s.v += s.v
	b.s.to += s.to
}

// group names the bar of period p a trading day belongs to.
func group(p Period, day time.Time) int {
	y, m, _ := day.Date()
	switch p {
	case Week:
		wy, w := day.ISOWeek()
		return wy*100 + w
	case Month:
		return y*100 + int(m)
	case Quarter:
		return y*10 + (int(m)-1)/3
	case Year:
		return y
	}
	y, yd := y, day.YearDay()
	return y*1000 + yd
}

// groupStart returns the first calendar day of day's group.
func groupStart(p Period, e *Exchange, day time.Time) time.Time {
	y, m, d := day.In(e.Loc).Date()
	switch p {
	case Week:
		wd := (int(day.In(e.Loc).Weekday()) + 6) % 7 // Monday 0
		return time.Date(y, m, d-wd, 0, 0, 0, 0, e.Loc)
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, e.Loc)
	case Quarter:
		return time.Date(y, (m-1)/3*3+1, 1, 0, 0, 0, 0, e.Loc)
	case Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, e.Loc)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, e.Loc)
}

// daysFor is how many calendar days hold count bars of p, with room.
func daysFor(p Period, count int) int {
	switch p {
	case Day:
		return count*7/5 + 14
	case Week:
		return count*7 + 14
	case Month:
		return count*31 + 31
	case Quarter:
		return count*92 + 92
	case Year:
		return count*366 + 366
	}
	perDay := max(1, 240/int(p)) // the shortest day (CN) has 240 minutes
	return (count/perDay+1)*7/5 + 14
}

// bars returns the bars of p over the trading days from from's day to
// to's, in time order, as traded by now.
func (m *Market) bars(symbol string, p Period, from, to, now time.Time) []bar {
	e := ExchangeOf(symbol)
	if epoch := time.Date(Epoch.Year(), Epoch.Month(), Epoch.Day(), 0, 0, 0, 0, e.Loc); from.Before(epoch) {
		from = epoch
	}
	last := quoteDay(e, now)
	if to.After(last) {
		to = last
	}
	var out []bar
	var cur *bar
	curGroup := 0
	for d := e.Midnight(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		if !e.IsTradingDay(d) {
			continue
		}
		if p > 0 {
			out = append(out, m.minuteBars(symbol, e, p, d, now)...)
			continue
		}
		var s daySummary
		if d.Equal(last) {
			s = aggregate(m.minutesUpTo(symbol, d, now))
		} else {
			s, _ = m.summary(symbol, d)
		}
		if g := group(p, d); cur == nil || g != curGroup {
			out = append(out, bar{t: d.Unix()})
			cur, curGroup = &out[len(out)-1], g
		}
		cur.add(s)
	}
	return out
}

// minuteBars returns day's bars of p minutes, counted from the start of
// each session, as traded by now.
func (m *Market) minuteBars(symbol string, e *Exchange, p Period, day, now time.Time) []bar {
	ms := m.minutesUpTo(symbol, day, now)
	var out []bar
	y, mo, d := day.Date()
	sessions := e.Sessions(day)
	bucketOf := func(t int64) int64 {
		l := time.Unix(t, 0).In(e.Loc)
		k := l.Hour()*60 + l.Minute()
		for _, s := range sessions {
			if k >= s.Begin && k < s.End {
				return time.Date(y, mo, d, 0, s.Begin+(k-s.Begin)/int(p)*int(p), 0, 0, e.Loc).Unix()
			}
		}
		return t
	}
	for _, x := range ms {
		b := bucketOf(x.t)
		if len(out) == 0 || out[len(out)-1].t != b {
			out = append(out, bar{t: b})
		}
		out[len(out)-1].add(daySummary{o: x.o, h: x.h, l: x.l, c: x.c, v: x.v, to: x.to})
	}
	return out
}

func export(bs []bar) []Bar {
	out := make([]Bar, len(bs))
	for i, b := range bs {
		out[i] = b.export()
	}
	return out
}

// Candles returns the count bars of p that start at or before end, the
// newest last, as traded by now: the bar now falls in is the day so far.
func (m *Market) Candles(symbol string, p Period, count int, end, now time.Time) []Bar {
	if end.After(now) {
		end = now
	}
	e := ExchangeOf(symbol)
	from := groupStart(p, e, end.AddDate(0, 0, -daysFor(p, count)))
	bs := m.bars(symbol, p, from, end, now)
	cut := len(bs)
	for cut > 0 && bs[cut-1].t > end.Unix() {
		cut--
	}
	return export(bs[max(0, cut-count):cut])
}

// CandlesFrom returns the first count bars of p from the one start falls
// in onwards, as traded by now.
func (m *Market) CandlesFrom(symbol string, p Period, count int, start, now time.Time) []Bar {
	e := ExchangeOf(symbol)
	if start.Before(Epoch) {
		start = Epoch
	}
	from := groupStart(p, e, start)
	to := from.AddDate(0, 0, daysFor(p, count))
	bs := m.bars(symbol, p, from, to, now)
	first := 0
	span := int64(p) * 60
	if p < 0 {
		span = 0
	}
	for first < len(bs) && bs[first].t+span <= start.Unix() && p > 0 {
		first++
	}
	return export(bs[first:min(len(bs), first+count)])
}

// CandlesBetween returns the bars of p from the one start falls in to the
// one end falls in, as traded by now; when there are more than most, the
// most nearest end.
func (m *Market) CandlesBetween(symbol string, p Period, start, end, now time.Time, most int) []Bar {
	if end.After(now) {
		end = now
	}
	e := ExchangeOf(symbol)
	bs := m.bars(symbol, p, groupStart(p, e, start), end, now)
	first, cut := 0, len(bs)
	for cut > 0 && bs[cut-1].t > end.Unix() {
		cut--
	}
	for p > 0 && first < cut && bs[first].t+int64(p)*60 <= start.Unix() {
		first++
	}
	return export(bs[max(first, cut-most):cut])
}
