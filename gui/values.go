package gui

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // the exchanges' zones, where the system has no zone database (Windows)

	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/chart"
)

// How the views show LongPort's values: decimals keep the digits the server
// sent and gain thousands separators; a negative amount is marked with a
// minus sign and a colour; every amount has its currency beside it; times
// are in the computer's time zone, which the column titles name.

// decimalText is d with thousands separators: "1,234,567.800". A value that
// is not a number ("", "--") is shown as it came.
func decimalText(d api.Decimal) string {
	if !d.Valid {
		return d.Raw
	}
	s := strings.TrimSpace(d.Raw)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg && !d.Value.IsZero() {
		// U+2013, the en dash: it reads as minus, not hyphen, and is in
		// the bundled font, which has no U+2212 minus sign.
		b.WriteString("\u2013")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// moneyText is an amount with its currency: "1,234.50 USD".
func moneyText(d api.Decimal, currency string) string {
	t := decimalText(d)
	if !d.Valid || currency == "" {
		return t
	}
	return t + " " + currency
}

// decimalRaw is d for a CSV file: the number as the server sent it, which
// spreadsheets read.
func decimalRaw(d api.Decimal) string { return d.Raw }

// signTone colours a negative amount.
func signTone(d api.Decimal) cellTone {
	if d.Valid && d.Value.IsNegative() {
		return toneNegative
	}
	return toneNormal
}

// compareDecimals orders numbers by value; values that are not numbers go
// last.
func compareDecimals(a, b api.Decimal) int {
	switch {
	case a.Valid && b.Valid:
		return a.Value.Cmp(b.Value)
	case a.Valid:
		return -1
	case b.Valid:
		return 1
	}
	return strings.Compare(a.Raw, b.Raw)
}

// timeLayout is how the tables show a moment, in local time.
const timeLayout = "2006-01-02 15:04"

// localTimeText is t in the computer's time zone; no time reads as "".
func localTimeText(t api.Time) string { return marketTimeText(t, "") }

// timeRaw is t for a CSV file: RFC 3339 with its offset, which spreadsheets
// and scripts read unambiguously.
func timeRaw(t api.Time) string { return marketTimeRaw(t, "") }

func compareTimes(a, b api.Time) int {
	switch {
	case a.Valid && b.Valid:
		return a.Time.Compare(b.Time)
	case a.Valid:
		return -1
	case b.Valid:
		return 1
	}
	return 0
}

// zoneTitle is a time column's title with the time zone it shows: "Time
// (UTC+8)". The zone is the computer's, now.
func zoneTitle(title string) string {
	return title + " (" + offsetName(time.Now().In(time.Local)) + ")"
}

// offsetName is t's zone as its offset from UTC, which reads the same
// everywhere: "UTC+8", "UTC-4", "UTC+5:30", "UTC".
func offsetName(t time.Time) string {
	_, off := t.Zone()
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	if m := off % 3600 / 60; m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, off/3600, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, off/3600)
}

// prefTimes is the Times setting: "" each time in this computer's zone,
// "exchange" in the zone of the row's exchange.
const prefTimes = "times.zone"

// exchangeTimes is the Times setting as the columns read it; they read it
// off the UI goroutine too (sorting, export).
var exchangeTimes atomic.Bool

// currencyMarket is the market whose exchange settles in currency, for a
// row tied to no security (a cash flow).
func currencyMarket(currency string) string {
	switch currency {
	case "USD":
		return "US"
	case "HKD":
		return "HK"
	case "CNY", "CNH":
		return "CN"
	case "SGD":
		return "SG"
	}
	return ""
}

// timesZone is where the Times setting shows market's times: in its
// exchange's zone, or in this computer's (as for a market of no known
// zone). The tables, and a security's tape, read it.
func timesZone(market string) *time.Location {
	if exchangeTimes.Load() {
		if loc := chart.Zone(market); loc != nil {
			return loc
		}
	}
	return time.Local
}

// marketTime is t where the Times setting shows it.
func marketTime(t time.Time, market string) time.Time { return t.In(timesZone(market)) }

// marketTimeText is a moment of market's as the Times setting shows it.
// The column's title says whose zone; the row's symbol says which
// exchange.
func marketTimeText(t api.Time, market string) string {
	if !t.Valid {
		return t.Raw
	}
	at := marketTime(t.Time, market)
	return at.Format(timeLayout)
}

// marketTimeZoned is marketTimeText with the zone's offset, where there is
// room and no column title: "2026-03-13 09:30 UTC-4".
func marketTimeZoned(t api.Time, market string) string {
	if !t.Valid {
		return t.Raw
	}
	at := marketTime(t.Time, market)
	return at.Format(timeLayout) + " " + offsetName(at)
}

// marketTimeRaw is marketTimeText for a CSV file: RFC 3339 with the offset
// of the zone shown.
func marketTimeRaw(t api.Time, market string) string {
	if !t.Valid {
		return t.Raw
	}
	at := marketTime(t.Time, market)
	return at.Format(time.RFC3339)
}

// marketTimeTitle is the title of a column of market times: the local zone,
// or that the times are the exchanges'.
func marketTimeTitle(title string) string {
	if exchangeTimes.Load() {
		return lang.X("column.exchange_time", "{{.Title}} (exchange)", map[string]any{"Title": title})
	}
	return zoneTitle(title)
}

// dateText is a day, as the date range fields show it.
func dateText(t time.Time) string { return t.In(time.Local).Format(time.DateOnly) }

// rangeLabel names a range of days: "2026-09-02 to 2026-11-30".
func rangeLabel(from, to time.Time) string {
	return lang.X("range.label", "{{.From}} to {{.To}}", map[string]any{"From": dateText(from), "To": dateText(to)})
}

// splitFields splits a space-separated list, such as granted scopes.
func splitFields(s string) []string { return strings.Fields(s) }
