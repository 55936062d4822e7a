package simmarket

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestTicksFollowEachMarketsTable(t *testing.T) {
	tests := []struct {
		name  string
		e     *Exchange
		price string
		on    bool
	}{
		{"a US cent is a tick", US, "230.01", true},
		{"a US tenth of a cent is not", US, "230.015", false},
		{"HK 411.579 is not a tick (0.2 between 200 and 500)", HK, "411.579", false},
		{"HK 411.600 is", HK, "411.600", true},
		{"HK 411.500 is not", HK, "411.500", false},
		{"HK 99.95 is a tick (0.05 between 20 and 100)", HK, "99.95", true},
		{"HK 99.97 is not", HK, "99.97", false},
		{"HK 100.1 is a tick (0.1 between 100 and 200)", HK, "100.1", true},
		{"HK 0.248 is a tick (0.001 below 0.25)", HK, "0.248", true},
		{"SG 0.995 is a tick (0.005 below 1)", SG, "0.995", true},
		{"SG 45.005 is not", SG, "45.005", false},
		{"CN 1500.01 is a tick", CN, "1500.01", true},
	}
	for _, tt := range tests {
		if got := tt.e.OnTick(d(tt.price)); got != tt.on {
			t.Errorf("%s: OnTick(%s) = %v", tt.name, tt.price, got)
		}
	}
	if got := HK.RoundTick(d("411.579")); !got.Equal(d("411.6")) {
		t.Errorf("HK RoundTick(411.579) = %s, want 411.6", got)
	}
	if got := HK.StepTicks(d("99.95"), 1); !got.Equal(d("100")) {
		t.Errorf("HK one tick above 99.95 = %s, want 100", got)
	}
	if got := HK.StepTicks(d("100"), -1); !got.Equal(d("99.95")) {
		t.Errorf("HK one tick below 100 = %s, want 99.95", got)
	}
}

func at(e *Exchange, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, e.Loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPhasesFollowTheSessionsInTheMarketsZone(t *testing.T) {
	tests := []struct {
		name string
		e    *Exchange
		at   string
		want Phase
		code int
	}{
		{"US on a Sunday is closed", US, "2026-12-06 11:00", Closed, 204},
		{"US at 05:00 New York is pre-market", US, "2026-12-07 05:00", PreMarket, 201},
		{"US at 09:30 trades", US, "2026-12-07 09:30", Trading, 202},
		{"US at 16:30 is post-market", US, "2026-12-07 16:30", PostMarket, 203},
		{"US at 20:00 is closed", US, "2026-12-07 20:00", Closed, 204},
		{"US on Thanksgiving is closed", US, "2026-11-26 10:00", Closed, 204},
		{"US after a half day's 13:00 is closed", US, "2026-11-27 13:30", Closed, 204},
		{"HK at noon is the midday break", HK, "2026-12-07 12:30", MiddayBreak, 106},
		{"HK at 15:59 trades", HK, "2026-12-07 15:59", Trading, 105},
		{"HK at 09:00 is closed", HK, "2026-12-07 09:00", Closed, 108},
		{"HK on a Saturday is closed", HK, "2026-12-05 10:00", Closed, 108},
		{"HK on Lunar New Year is closed", HK, "2026-02-17 10:00", Closed, 108},
		{"CN at 11:30 is the midday break", CN, "2026-12-07 11:30", MiddayBreak, 106},
		{"CN in Golden Week is closed", CN, "2026-10-05 10:00", Closed, 108},
		{"SG at 16:59 trades", SG, "2026-12-07 16:59", Trading, 105},
	}
	for _, tt := range tests {
		when := at(tt.e, tt.at)
		if got := tt.e.PhaseAt(when); got != tt.want {
			t.Errorf("%s: phase %v, want %v", tt.name, got, tt.want)
		}
		if got := tt.e.StatusCode(when); got != tt.code {
			t.Errorf("%s: status code %d, want %d", tt.name, got, tt.code)
		}
	}
}

func TestTradingDaysLeaveOutWeekendsAndHolidays(t *testing.T) {
	for _, e := range Exchanges() {
		full, half := e.TradingDays(at(e, "2026-01-01 00:00"), at(e, "2026-12-31 00:00"))
		if n := len(full) + len(half); n < 240 || n > 255 {
			t.Errorf("%s trades %d days in 2026", e.Code, n)
		}
		for _, day := range append(full, half...) {
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday || e.holidays[dateKey(day)] {
				t.Errorf("%s trades on %s, a %v", e.Code, day.Format(time.DateOnly), wd)
			}
		}
	}
	full, half := US.TradingDays(at(US, "2026-11-23 00:00"), at(US, "2026-11-29 00:00"))
	if len(full) != 3 || len(half) != 1 || half[0].Format(time.DateOnly) != "2026-11-27" {
		t.Errorf("US Thanksgiving week: full %v, half %v; want 3 full days and the Friday half", full, half)
	}
}

// moments are when the coherence is checked: in a session, at the HK
// midday break, after the US close, on a weekend, in US pre-market.
var moments = []time.Time{
	time.Date(2026, 12, 7, 15, 47, 31, 0, time.UTC), // Monday: US trading, HK closed
	time.Date(2026, 12, 8, 4, 30, 0, 0, time.UTC),   // Tuesday: HK midday break, US closed
	time.Date(2026, 12, 8, 2, 15, 12, 0, time.UTC),  // Tuesday: HK and CN trading
	time.Date(2026, 12, 6, 21, 34, 0, 0, time.UTC),  // Sunday
	time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC),   // Monday 05:00 New York
	time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC),   // the GUI tests' clock
}

// periods and how many bars of each are checked: a few years back.
var periods = []struct {
	p     Period
	count int
}{{1, 500}, {5, 300}, {15, 300}, {30, 300}, {60, 300}, {Day, 300}, {Week, 100}, {Month, 36}, {Quarter, 12}, {Year, 3}}

func TestEveryViewOfASymbolIsCutFromOnePath(t *testing.T) {
	m := New(SandboxSeed)
	// Every symbol the sandbox shows (watchlist, positions and orders, the
	// socket's named ones, TSM.US of the issue) and one it knows nothing of.
	symbols := []string{"AAPL.US", "MSFT.US", "NVDA.US", "TSLA.US", "KO.US", "JNJ.US", "TSM.US", "700.HK", "9988.HK",
		"3690.HK", "5.HK", "941.HK", "600519.SH", "D05.SG", "ZZZQ.US"}
	for _, now := range moments {
		for _, sym := range symbols {
			checkSymbol(t, m, sym, now)
		}
	}
}

func checkSymbol(t *testing.T, m *Market, sym string, now time.Time) {
	t.Helper()
	e := ExchangeOf(sym)
	q := m.Quote(sym, now)
	where := sym + " at " + now.Format(time.RFC3339)
	for _, p := range []decimal.Decimal{q.Last, q.Open, q.High, q.Low, q.PrevClose} {
		if !e.OnTick(p) {
			t.Errorf("%s: quote price %s is not on a tick", where, p)
		}
	}
	if q.Low.GreaterThan(q.Open) || q.Low.GreaterThan(q.Last) || q.High.LessThan(q.Open) || q.High.LessThan(q.Last) {
		t.Errorf("%s: quote %+v: open and last outside low-high", where, q)
	}
	if !e.IsTradingDay(q.Day) || q.Time.After(now) {
		t.Errorf("%s: the quote is of %s at %s", where, q.Day, q.Time)
	}

	// The intraday line: inside the day's range, its last price the quote's.
	lines := m.Intraday(sym, now)
	if len(lines) == 0 {
		t.Fatalf("%s: no intraday line", where)
	}
	var vol int64
	hi, lo := lines[0].Price, lines[0].Price
	for _, l := range lines {
		vol += l.Volume
		hi, lo = decimal.Max(hi, l.Price), decimal.Min(lo, l.Price)
		if !e.OnTick(l.Price) || !e.IsTradingDay(l.Time) || l.Time.After(now) {
			t.Errorf("%s: line %+v", where, l)
		}
	}
	if hi.GreaterThan(q.High) || lo.LessThan(q.Low) {
		t.Errorf("%s: intraday spans %s-%s, the day %s-%s", where, lo, hi, q.Low, q.High)
	}
	if !lines[len(lines)-1].Price.Equal(q.Last) || vol != q.Volume {
		t.Errorf("%s: intraday ends at %s with volume %d; the quote says %s, %d", where, lines[len(lines)-1].Price, vol, q.Last, q.Volume)
	}

	// The day's high and low are the extremes of its minutes: the 1-minute
	// candles touch them, and the intraday line stays inside.
	var dayHigh, dayLow decimal.Decimal
	for _, b := range m.Candles(sym, 1, 1000, now, now) {
		if e.Midnight(b.Time).Equal(q.Day) {
			if dayHigh.IsZero() {
				dayHigh, dayLow = b.High, b.Low
			}
			dayHigh, dayLow = decimal.Max(dayHigh, b.High), decimal.Min(dayLow, b.Low)
		}
	}
	if !dayHigh.Equal(q.High) || !dayLow.Equal(q.Low) {
		t.Errorf("%s: the day's minutes span %s-%s, the quote %s-%s", where, dayLow, dayHigh, q.Low, q.High)
	}

	for _, pc := range periods {
		p := pc.p
		bars := m.Candles(sym, p, pc.count, now, now)
		if len(bars) == 0 {
			t.Errorf("%s: no bars of period %d", where, p)
			continue
		}
		for i, b := range bars {
			if !e.IsTradingDay(b.Time) && p >= Day {
				t.Errorf("%s period %d: a bar on %s, a closed day", where, p, b.Time.In(e.Loc).Format(time.DateOnly))
			}
			if p > 0 && e.PhaseAt(b.Time) != Trading {
				t.Errorf("%s period %d: a bar at %s, outside the sessions", where, p, b.Time.In(e.Loc))
			}
			for _, x := range []decimal.Decimal{b.Open, b.High, b.Low, b.Close} {
				if !e.OnTick(x) || x.GreaterThan(b.High) || x.LessThan(b.Low) {
					t.Errorf("%s period %d: bar %+v: %s off tick or outside its range", where, p, b, x)
				}
			}
			if i > 0 && !b.Time.After(bars[i-1].Time) {
				t.Errorf("%s period %d: bars out of order at %d", where, p, i)
			}
			// The quote's day: every bar in it is inside the day's range.
			if p > 0 && e.Midnight(b.Time).Equal(q.Day) && (b.High.GreaterThan(q.High) || b.Low.LessThan(q.Low)) {
				t.Errorf("%s period %d: bar %s-%s outside the day's %s-%s", where, p, b.Low, b.High, q.Low, q.High)
			}
		}
		last := bars[len(bars)-1]
		switch {
		case p == Day:
			if !last.Time.Equal(q.Day) || !last.Open.Equal(q.Open) || !last.High.Equal(q.High) || !last.Low.Equal(q.Low) ||
				!last.Close.Equal(q.Last) || last.Volume != q.Volume || !last.Turnover.Equal(q.Turnover) {
				t.Errorf("%s: today's daily candle %+v is not the quote %+v", where, last, q)
			}
			if prev := bars[len(bars)-2]; !prev.Close.Equal(q.PrevClose) {
				t.Errorf("%s: yesterday closed at %s, the quote's prev close is %s", where, prev.Close, q.PrevClose)
			}
		case p < Day:
			if !last.Close.Equal(q.Last) || last.High.LessThan(q.High) || last.Low.GreaterThan(q.Low) {
				t.Errorf("%s period %d: the last bar %+v does not hold the quote %+v", where, p, last, q)
			}
		default:
			if !last.Close.Equal(q.Last) {
				t.Errorf("%s period %d: the last bar closes at %s, the quote at %s", where, p, last.Close, q.Last)
			}
		}
	}
}

func TestHistoryIsTheSameWhenAskedLater(t *testing.T) {
	m := New(SandboxSeed)
	now := time.Date(2026, 12, 7, 18, 0, 0, 0, time.UTC)
	end := time.Date(2026, 11, 20, 21, 0, 0, 0, time.UTC)
	a := m.Candles("AAPL.US", Day, 50, end, now)
	b := New(SandboxSeed).Candles("AAPL.US", Day, 50, end, now.AddDate(0, 1, 0))
	if len(a) != 50 || len(b) != 50 || !a[49].Time.Equal(b[49].Time) || !a[49].Close.Equal(b[49].Close) {
		t.Fatalf("the bars to %s differ when asked a month later", end)
	}
	fwd := m.CandlesFrom("AAPL.US", Day, 10, a[40].Time, now)
	if len(fwd) != 10 || !fwd[0].Time.Equal(a[40].Time) || !fwd[9].Close.Equal(a[49].Close) {
		t.Errorf("forward from %s: %d bars starting %v", a[40].Time, len(fwd), fwd[0].Time)
	}
	between := m.CandlesBetween("AAPL.US", Day, a[40].Time, a[45].Time.Add(time.Hour), now, 1000)
	if len(between) != 6 || !between[0].Time.Equal(a[40].Time) || !between[5].Close.Equal(a[45].Close) {
		t.Errorf("between %s and %s: %d bars", a[40].Time, a[45].Time, len(between))
	}
	if few := m.CandlesBetween("AAPL.US", Day, a[40].Time, a[45].Time, now, 2); len(few) != 2 || !few[1].Time.Equal(a[45].Time) {
		t.Errorf("the 2 bars nearest %s: %+v", a[45].Time, few)
	}
	mins := m.CandlesFrom("AAPL.US", 1, 30, time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC), now)
	if len(mins) != 30 || mins[0].Time.In(US.Loc).Format("15:04") != "10:00" {
		t.Errorf("minutes from 10:00 New York start at %v", mins[0].Time.In(US.Loc))
	}
}

func TestLevelsArePlausible(t *testing.T) {
	m := New(SandboxSeed)
	tests := []struct {
		symbol string
		lo, hi float64
	}{
		{"AAPL.US", 180, 290}, {"TSM.US", 190, 300}, {"NVDA.US", 110, 185}, {"KO.US", 58, 72},
		{"700.HK", 380, 550}, {"9988.HK", 80, 140}, {"TSLA.US", 160, 360},
	}
	for _, tt := range tests {
		for _, b := range m.Candles(tt.symbol, Day, 1000, time.Now(), time.Now()) {
			if l, _ := b.Low.Float64(); l < tt.lo {
				t.Errorf("%s fell to %s on %s", tt.symbol, b.Low, b.Time)
				break
			}
			if h, _ := b.High.Float64(); h > tt.hi {
				t.Errorf("%s rose to %s on %s", tt.symbol, b.High, b.Time)
				break
			}
		}
	}
}
