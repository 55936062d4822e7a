// Package chart is a security's price chart: candles or the intraday line
// over volume, with both axes, gridlines, moving averages, the previous
// close, the last price and a crosshair, zoomed and panned by the user.
//
// The geometry (scales, ticks, time labels, bars, the view) is pure Go in
// layout.go, scale.go, timeaxis.go, average.go and view.go, pinned by table
// tests; widget.go only draws what the geometry says. No Go charting library
// draws into a Fyne canvas and takes live updates, so the chart is drawn
// with Fyne's canvas primitives.
package chart

import (
	"sync"
	"time"
	_ "time/tzdata" // the markets' zones on systems without a zone database

	"github.com/shopspring/decimal"
)

// Location is the time zone of a market ("US", "HK", "CN", "SG"), in
// which its chart's times are shown; UTC for a market it does not know.
func Location(market string) *time.Location {
	if loc := zones()[market]; loc != nil {
		return loc
	}
	return time.UTC
}

// Zone is the time zone of a market's exchange; nil for a market it does
// not know.
func Zone(market string) *time.Location { return zones()[market] }

// zones are the markets' zones, loaded once: a push finds its bar's zone
// several times, and loading one reads the zone database.
var zones = sync.OnceValue(func() map[string]*time.Location {
	out := map[string]*time.Location{}
	for market, name := range map[string]string{
		"US": "America/New_York",
		"HK": "Asia/Hong_Kong",
		"CN": "Asia/Shanghai",
		"SG": "Asia/Singapore",
	} {
		if loc, err := time.LoadLocation(name); err == nil {
			out[market] = loc
		}
	}
	return out
})

var (
	one     = decimal.NewFromInt(1)
	half    = decimal.New(5, -1)
	quarter = decimal.New(25, -2)
)

// Precision is how many decimals a market quotes a price of this size in:
// US stocks two above a dollar and four below; Hong Kong by the HKEX tick
// table (0.001 below HK$0.25, 0.005 to HK$0.50, then 0.01 and coarser, so
// three decimals below HK$0.50 and two above); mainland China two;
// Singapore three below S$1 and two above.
func Precision(market string, price decimal.Decimal) int {
	p := price.Abs()
	switch market {
	case "US":
		if p.LessThan(one) && !p.IsZero() {
			return 4
		}
	case "HK":
		if p.LessThan(half) && !p.IsZero() {
			return 3
		}
	case "SG":
		if p.LessThan(one) && !p.IsZero() {
			return 3
		}
	}
	return 2
}
