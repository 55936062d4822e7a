package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/api"
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
func localTimeText(t api.Time) string {
	if !t.Valid {
		return t.Raw
	}
	return t.Time.In(time.Local).Format(timeLayout)
}

// timeRaw is t for a CSV file: RFC 3339 with its offset, which spreadsheets
// and scripts read unambiguously.
func timeRaw(t api.Time) string {
	if !t.Valid {
		return t.Raw
	}
	return t.Time.In(time.Local).Format(time.RFC3339)
}

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
// (CST)". The zone is the computer's, now.
func zoneTitle(title string) string {
	name, _ := time.Now().In(time.Local).Zone()
	return title + " (" + name + ")"
}

// dateText is a day, as the date range fields show it.
func dateText(t time.Time) string { return t.In(time.Local).Format(time.DateOnly) }

// rangeLabel names a range of days: "2026-09-02 to 2026-11-30".
func rangeLabel(from, to time.Time) string {
	return lang.X("range.label", "{{.From}} to {{.To}}", map[string]any{"From": dateText(from), "To": dateText(to)})
}

// splitFields splits a space-separated list, such as granted scopes.
func splitFields(s string) []string { return strings.Fields(s) }
