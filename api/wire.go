package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// The wire types: LongPort sends money and quantities as JSON strings
// ("457.53", "" for none, "0.000", "--" as a placeholder), times as unix
// seconds in strings (sometimes plain numbers, "0" for none) and ids as
// strings. These types take every documented form; a value they cannot
// read is kept as it came (Raw) and logged, never turned into a zero and
// never an error that loses the whole answer.

// Decimal is an exact decimal from the wire, never a float64.
type Decimal struct {
	Value decimal.Decimal // the number; zero unless Valid
	Raw   string          // the text as it came: "457.53", "", "--"
	Valid bool            // Raw is a number
}

// placeholder is what some portfolio fields carry instead of a number.
const placeholder = "--"

// NewDecimal returns the Decimal of s, as a wire value "s" would decode.
func NewDecimal(s string) Decimal {
	d := Decimal{Raw: s}
	if s == "" || s == placeholder {
		return d
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		slog.Warn("a decimal from LongPort is not a number; it is shown as it came", "value", s)
		return d
	}
	d.Value, d.Valid = v, true
	return d
}

// UnmarshalJSON reads a string or a number; null reads as no value.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	*d = NewDecimal(scalarText(b))
	return nil
}

// String returns the text as it came, which keeps the server's digits
// ("372.400") and shows a value that is not a number as it is.
func (d Decimal) String() string { return d.Raw }

// IsZero reports a valid zero: "0" and "0.000" are zero, "" and "--" are not numbers.
func (d Decimal) IsZero() bool { return d.Valid && d.Value.IsZero() }

// Time is a moment from the wire: unix seconds in a string or a number.
type Time struct {
	Time  time.Time // in UTC; zero unless Valid
	Raw   string    // the text as it came
	Valid bool      // a moment was given: not "", "0" or null
}

// NewTime returns the Time of s, as a wire value "s" would decode.
func NewTime(s string) Time {
	t := Time{Raw: s}
	if s == "" || s == "0" {
		return t
	}
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil || secs < 0 {
		slog.Warn("a time from LongPort is not unix seconds; it is shown as it came", "value", s)
		return t
	}
	t.Time, t.Valid = time.Unix(secs, 0).UTC(), true
	return t
}

// UnmarshalJSON reads unix seconds in a string or a number; "", "0" and
// null read as no time.
func (t *Time) UnmarshalJSON(b []byte) error {
	*t = NewTime(scalarText(b))
	return nil
}

// ID is an identifier from the wire: a JSON string, or a number some
// documents show, kept as its text so no digit of a 19-digit id is lost.
type ID string

// UnmarshalJSON reads a string or a number; null reads as "".
func (id *ID) UnmarshalJSON(b []byte) error {
	*id = ID(scalarText(b))
	return nil
}

// scalarText returns the text of a JSON string or the literal of any other
// value; null gives "". An object or array gives its JSON text, kept as
// Raw so that it is shown rather than lost.
func scalarText(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' && bytes.IndexByte(b, '\\') < 0 {
		return string(b[1 : len(b)-1])
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err == nil {
			return s
		}
	}
	if string(b) == "null" {
		return ""
	}
	return string(b)
}
