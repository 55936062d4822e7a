package chart

import "time"

// Period is the length of a chart's bars.
type Period int

const (
	Intraday Period = iota // today's minutes as a line
	Minute1
	Minute5
	Minute15
	Minute30
	Minute60
	Day
	Week
	Month
)

// Span is how long a bar of the period lasts (a month counts 30 days).
func (p Period) Span() time.Duration {
	switch p {
	case Minute5:
		return 5 * time.Minute
	case Minute15:
		return 15 * time.Minute
	case Minute30:
		return 30 * time.Minute
	case Minute60:
		return time.Hour
	case Day:
		return 24 * time.Hour
	case Week:
		return 7 * 24 * time.Hour
	case Month:
		return 30 * 24 * time.Hour
	}
	return time.Minute
}

// Daily is whether the period's bars are days or longer.
func (p Period) Daily() bool { return p >= Day }
