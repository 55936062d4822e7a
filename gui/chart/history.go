package chart

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"
)

// RequestLimit keeps requests within a rate: at most Max in any Per (the
// history candlestick request: 60 in 30 s). One is shared by every chart
// of the session, as the limit is the account's.
type RequestLimit struct {
	Max  int
	Per  time.Duration
	sent []time.Time // the requests within the last Per, oldest first
}

// HistoryRate is LongPort's limit on history candlestick requests.
func HistoryRate() *RequestLimit { return &RequestLimit{Max: 60, Per: 30 * time.Second} }

func (l *RequestLimit) forget(now time.Time) {
	i := 0
	for i < len(l.sent) && !l.sent[i].After(now.Add(-l.Per)) {
		i++
	}
	l.sent = l.sent[i:]
}

// Allow takes a request at now if the rate allows it.
func (l *RequestLimit) Allow(now time.Time) bool {
	l.forget(now)
	if len(l.sent) >= l.Max {
		return false
	}
	l.sent = append(l.sent, now)
	return true
}

// Next is when a request will be allowed: now, or when the oldest of the
// window leaves it.
func (l *RequestLimit) Next(now time.Time) time.Time {
	l.forget(now)
	if len(l.sent) < l.Max {
		return now
	}
	return l.sent[0].Add(l.Per)
}

// Backfill is the paging back of one chart: when the view nears the
// oldest bar loaded, one request for the page of bars before it, never
// two at once, never past the rate, and none once the server has no older
// bars or the month's history quota is spent.
type Backfill struct {
	Page  int // bars a request asks for, 1-1000
	Ahead int // start when the first bar on screen is this close to the oldest

	busy  bool
	end   bool // the server had no older bars
	spent bool // the history quota is used up
}

// The reasons a page came back without bars.
const (
	PageOK    = iota
	PageFail  // the request failed: try again on the next pan
	PageSpent // the month's history quota is used up
)

// Busy is whether a request is in flight.
func (b *Backfill) Busy() bool { return b.busy }

// Spent is whether the history quota was found used up.
func (b *Backfill) Spent() bool { return b.spent }

// Wants is whether the view whose first bar is first wants older bars.
func (b *Backfill) Wants(first int) bool {
	return !b.busy && !b.end && !b.spent && first <= b.Ahead
}

// Start says whether to send the request now, and takes it from limit if
// so; false while one is in flight, past the rate or when none is wanted.
func (b *Backfill) Start(first int, now time.Time, limit *RequestLimit) bool {
	if !b.Wants(first) || !limit.Allow(now) {
		return false
	}
	b.busy = true
	return true
}

// Done takes the page that came: got bars older than those loaded, or
// why none. Fewer than a page means the server has no older ones.
func (b *Backfill) Done(got int, result int) {
	b.busy = false
	switch result {
	case PageSpent:
		b.spent = true
	case PageOK:
		b.end = got < b.Page
	}
}

// Prepend puts the older bars before bars, leaving out any that are not
// older than the first of bars (the server's page ends at the bar asked
// from, which is loaded already).
func Prepend(bars, older []Bar) []Bar {
	if len(bars) == 0 {
		return older
	}
	cut := len(older)
	for cut > 0 && !older[cut-1].Time.Before(bars[0].Time) {
		cut--
	}
	out := make([]Bar, 0, cut+len(bars))
	return append(append(out, older[:cut]...), bars...)
}

// QuotaMonth is the month the history quota counts in: LongPort counts
// calendar months, in Hong Kong time (inferred: the company's own).
func QuotaMonth(now time.Time) string { return now.In(Location("HK")).Format("2006-01") }

// QuotaUse is the symbols whose history this app fetched in a month, as
// kept in the preferences: "2026-12|AAPL.US,700.HK".
type QuotaUse struct {
	Month   string
	Symbols []string
}

// ParseQuotaUse reads a QuotaUse kept as text.
func ParseQuotaUse(s string) QuotaUse {
	month, list, _ := strings.Cut(s, "|")
	u := QuotaUse{Month: month}
	for _, sym := range strings.Split(list, ",") {
		if sym != "" {
			u.Symbols = append(u.Symbols, sym)
		}
	}
	return u
}

// String is u as kept.
func (u QuotaUse) String() string { return u.Month + "|" + strings.Join(u.Symbols, ",") }

// Add counts symbol in now's month, a new month starting from none; it
// reports whether symbol was new.
func (u *QuotaUse) Add(symbol string, now time.Time) bool {
	if m := QuotaMonth(now); m != u.Month {
		u.Month, u.Symbols = m, nil
	}
	if slices.Contains(u.Symbols, symbol) {
		return false
	}
	u.Symbols = append(u.Symbols, symbol)
	return true
}

// Used is how many symbols were counted in now's month.
func (u QuotaUse) Used(now time.Time) int {
	if u.Month != QuotaMonth(now) {
		return 0
	}
	return len(u.Symbols)
}

// QuotaText says how much of the month's history quota is used when it
// is near (four fifths or more), and in words when it is spent; empty
// otherwise.
func QuotaText(used, limit int, spent bool) string {
	if spent {
		return lang.X("chart.quota_spent", "This month's history quota is used up, so older bars cannot be loaded until next month. The bars on the chart still work, live.")
	}
	if limit <= 0 || used*5 < limit*4 {
		return ""
	}
	return lang.X("chart.quota_near", "History: {{.Used}} of {{.Limit}} symbols this month", map[string]any{"Used": min(used, limit), "Limit": limit})
}
