package chart

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/internal/simmarket"
)

// at is the wall clock "2006-01-02 15:04" in market's zone.
func at(t *testing.T, market, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Location(market))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBarStartsFollowEachMarketsSessions(t *testing.T) {
	thanksgiving := NewCalendar("US", false)
	thanksgiving.Closed = map[string]bool{"2026-11-26": true}
	thanksgiving.Half = map[string]bool{"2026-11-27": true}
	hkHalf := NewCalendar("HK", false)
	hkHalf.Half = map[string]bool{"2026-12-24": true}
	tests := []struct {
		name   string
		cal    Calendar
		p      Period
		when   string
		want   string // the bar's start in the market's zone; "" for none
		wantOK bool
	}{
		{"an HK 5-minute bar starts at the open", NewCalendar("HK", false), Minute5, "2026-12-04 09:32", "2026-12-04 09:30", true},
		{"HK 5-minute bars step from 09:30", NewCalendar("HK", false), Minute5, "2026-12-04 09:35", "2026-12-04 09:35", true},
		{"HK lunch has no bar", NewCalendar("HK", false), Minute5, "2026-12-04 12:30", "", false},
		{"the first HK bar after lunch starts at 13:00", NewCalendar("HK", false), Minute15, "2026-12-04 13:07", "2026-12-04 13:00", true},
		{"an HK hour bar counts from 13:00 after lunch", NewCalendar("HK", false), Minute60, "2026-12-04 14:10", "2026-12-04 14:00", true},
		{"an HK hour bar of the morning counts from 09:30", NewCalendar("HK", false), Minute60, "2026-12-04 11:45", "2026-12-04 11:30", true},
		{"an HK half day ends at noon", hkHalf, Minute5, "2026-12-24 13:05", "", false},
		{"a US 30-minute bar counts from 09:30", NewCalendar("US", false), Minute30, "2026-12-04 10:14", "2026-12-04 10:00", true},
		{"US pre-market is no bar on a regular chart", NewCalendar("US", false), Minute5, "2026-12-04 08:02", "", false},
		{"US pre-market bars count from 04:00 with all sessions", NewCalendar("US", true), Minute15, "2026-12-04 08:02", "2026-12-04 08:00", true},
		{"US post-market bars count from 16:00", NewCalendar("US", true), Minute30, "2026-12-04 16:44", "2026-12-04 16:30", true},
		{"a US half day closes at 13:00", thanksgiving, Minute1, "2026-11-27 13:02", "", false},
		{"a US half day trades its morning", thanksgiving, Minute5, "2026-11-27 12:58", "2026-11-27 12:55", true},
		{"a US holiday has no day bar", thanksgiving, Day, "2026-11-26 11:00", "", false},
		{"a Shanghai 30-minute bar after lunch", NewCalendar("CN", false), Minute30, "2026-12-04 13:29", "2026-12-04 13:00", true},
		{"Shanghai's morning ends at 11:30", NewCalendar("CN", false), Minute1, "2026-12-04 11:30", "", false},
		{"a Singapore 5-minute bar from 09:00", NewCalendar("SG", false), Minute5, "2026-12-04 09:04", "2026-12-04 09:00", true},
		{"a Singapore Saturday has no bar", NewCalendar("SG", false), Minute5, "2026-12-05 10:00", "", false},
		{"a Singapore Saturday has no day bar", NewCalendar("SG", false), Day, "2026-12-05 10:00", "", false},
		{"a day bar starts at the market's midnight", NewCalendar("SG", false), Day, "2026-12-04 16:59", "2026-12-04 00:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// the pushes carry UTC times; the bars are in the market's zone
			got, ok := tt.cal.BarStart(at(t, tt.cal.Market, tt.when).UTC(), tt.p)
			if ok != tt.wantOK {
				t.Fatalf("BarStart(%s) ok = %v, want %v", tt.when, ok, tt.wantOK)
			}
			if ok && !got.Equal(at(t, tt.cal.Market, tt.want)) {
				t.Errorf("BarStart(%s) = %s, want %s", tt.when, got.In(Location(tt.cal.Market)).Format("2006-01-02 15:04"), tt.want)
			}
		})
	}
}

func TestALivePriceMovesTheLastBarOrOpensTheNextAtTheBoundary(t *testing.T) {
	p := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	bar := func(t *testing.T, market, when, price string) Bar {
		return Bar{Time: at(t, market, when), Open: p(price), High: p(price), Low: p(price), Close: p(price), Volume: 100}
	}
	tests := []struct {
		name     string
		cal      Calendar
		period   Period
		last     Bar
		when     string
		price    string
		wantBars int
		wantTime string // of the last bar after
		changed  bool
	}{
		{"a tick within the bar moves it", NewCalendar("HK", false), Minute5, bar(t, "HK", "2026-12-04 09:35", "445.2"), "2026-12-04 09:39", "446.0", 1, "2026-12-04 09:35", true},
		{"the next HK 5-minute bar opens at 09:40, not 5 minutes after a late tick", NewCalendar("HK", false), Minute5, bar(t, "HK", "2026-12-04 09:35", "445.2"), "2026-12-04 09:42", "446.0", 2, "2026-12-04 09:40", true},
		{"after lunch the next bar opens at 13:00", NewCalendar("HK", false), Minute5, bar(t, "HK", "2026-12-04 11:55", "445.2"), "2026-12-04 13:01", "446.0", 2, "2026-12-04 13:00", true},
		{"a closing-auction print moves the day's last bar", NewCalendar("HK", false), Minute5, bar(t, "HK", "2026-12-04 15:55", "445.2"), "2026-12-04 16:08", "446.0", 1, "2026-12-04 15:55", true},
		{"a US half day's late print moves the 12:55 bar", Calendar{Market: "US", Half: map[string]bool{"2026-11-27": true}}, Minute5, bar(t, "US", "2026-11-27 12:55", "180.10"), "2026-11-27 13:03", "180.40", 1, "2026-11-27 12:55", true},
		{"Monday's first tick opens Monday's day bar", NewCalendar("SG", false), Day, bar(t, "SG", "2026-12-04 00:00", "1.230"), "2026-12-07 09:01", "1.240", 2, "2026-12-07 00:00", true},
		{"a weekend tick is left out of day bars", NewCalendar("SG", false), Day, bar(t, "SG", "2026-12-04 00:00", "1.230"), "2026-12-05 10:00", "1.240", 1, "2026-12-04 00:00", false},
		{"a new week opens a week bar on its first trading day", NewCalendar("CN", false), Week, bar(t, "CN", "2026-11-30 00:00", "12.30"), "2026-12-07 09:31", "12.40", 2, "2026-12-07 00:00", true},
		{"Friday moves the week's bar", NewCalendar("CN", false), Week, bar(t, "CN", "2026-11-30 00:00", "12.30"), "2026-12-04 14:00", "12.40", 1, "2026-11-30 00:00", true},
		{"a new month opens a month bar", NewCalendar("US", false), Month, bar(t, "US", "2026-11-02 00:00", "180.00"), "2026-12-01 10:00", "181.00", 2, "2026-12-01 00:00", true},
		{"a tick older than the last bar is left out", NewCalendar("US", false), Minute1, bar(t, "US", "2026-12-04 10:00", "180.00"), "2026-12-04 09:59", "181.00", 1, "2026-12-04 10:00", false},
		{"the intraday line opens the next minute", NewCalendar("US", false), Intraday, bar(t, "US", "2026-12-04 10:00", "180.00"), "2026-12-04 10:01", "181.00", 2, "2026-12-04 10:01", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bars := []Bar{tt.last}
			got, changed := tt.cal.Apply(bars, tt.period, Trade{Time: at(t, tt.cal.Market, tt.when).UTC(), Price: p(tt.price), Volume: 50})
			if changed != tt.changed || len(got) != tt.wantBars {
				t.Fatalf("changed %v with %d bars, want %v with %d", changed, len(got), tt.changed, tt.wantBars)
			}
			last := got[len(got)-1]
			if !last.Time.Equal(at(t, tt.cal.Market, tt.wantTime)) {
				t.Errorf("the last bar starts %s, want %s", last.Time.In(Location(tt.cal.Market)).Format("2006-01-02 15:04"), tt.wantTime)
			}
			if !changed {
				return
			}
			if !last.Close.Equal(p(tt.price)) || last.High.LessThan(p(tt.price)) {
				t.Errorf("the last bar closes %s high %s, want the tick's %s", last.Close, last.High, tt.price)
			}
			if tt.wantBars == 1 && (last.Volume != 150 || !last.Open.Equal(tt.last.Open)) {
				t.Errorf("the moved bar has volume %d open %s, want 150 and its open kept", last.Volume, last.Open)
			}
			if tt.wantBars == 2 && tt.period == Intraday && !last.Open.Equal(tt.last.Close) {
				t.Errorf("the line's new minute opens at %s, want the minute before's %s", last.Open, tt.last.Close)
			}
		})
	}
}

// The chart's sessions are the sandbox market's, so that its bars and the
// live ones meet at the same boundaries.
func TestTheSessionsAreTheSandboxMarkets(t *testing.T) {
	day := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC) // a Friday, no half day anywhere
	for _, e := range simmarket.Exchanges() {
		var want []Session
		for _, s := range e.Regular {
			want = append(want, Session{s.Begin, s.End, Regular})
		}
		if e.Pre.End > e.Pre.Begin {
			want = append([]Session{{e.Pre.Begin, e.Pre.End, PreMarket}}, want...)
			want = append(want, Session{e.Post.Begin, e.Post.End, PostMarket})
		}
		if got := NewCalendar(e.Code, true).Sessions(day); !slices.Equal(got, want) {
			t.Errorf("%s: sessions %v, the sandbox's %v", e.Code, got, want)
		}
		if hc, ok := halfClose[e.Code]; ok && hc != e.HalfClose {
			t.Errorf("%s: a half day closes at %d, the sandbox's at %d", e.Code, hc, e.HalfClose)
		}
	}
}
