package simmarket

import (
	"math"

	"github.com/shopspring/decimal"
)

// Prices inside the package are whole thousandths (milli units) of the
// currency: every tick of the four markets is a multiple of 0.001.

// hkSpreads is HKEX's spread table: below each bound (milli units), the tick.
var hkSpreads = [][2]int64{
	{250, 1}, {500, 5}, {10_000, 10}, {20_000, 20}, {100_000, 50}, {200_000, 100},
	{500_000, 200}, {1_000_000, 500}, {2_000_000, 1000}, {5_000_000, 2000}, {math.MaxInt64, 5000},
}

// sgSpreads is SGX's: 0.001 below 0.20, 0.005 below 1.00, then 0.01.
var sgSpreads = [][2]int64{{200, 1}, {1000, 5}, {math.MaxInt64, 10}}

// tickAt returns the tick size (milli units) at price p (milli units).
func (e *Exchange) tickAt(p int64) int64 {
	var table [][2]int64
	switch e.Code {
	case "HK":
		table = hkSpreads
	case "SG":
		table = sgSpreads
	default:
		if p < 1000 {
			return 1 // US below $1 trades in 0.0001; the nearest milli will do
		}
		return 10
	}
	for _, b := range table {
		if p < b[0] {
			return b[1]
		}
	}
	return table[len(table)-1][1]
}

// roundTick rounds p (milli units, any real) to the nearest valid tick.
// A bound of the spread table is a multiple of the ticks on both sides,
// so the result is always on a tick.
func (e *Exchange) roundTick(p float64) int64 {
	if p < 1 {
		p = 1
	}
	t := float64(e.tickAt(int64(p)))
	return max(int64(math.Round(p/t)*t), e.tickAt(1))
}

// stepTicks moves p by k ticks, up for k > 0, down for k < 0; never
// below one tick.
func (e *Exchange) stepTicks(p int64, k int) int64 {
	for ; k > 0; k-- {
		p += e.tickAt(p)
	}
	for ; k < 0 && p > e.tickAt(1); k++ {
		p -= e.tickAt(p - 1)
	}
	return p
}

// OnTick reports whether price is a valid tick of the market.
func (e *Exchange) OnTick(price decimal.Decimal) bool {
	m := price.Shift(3)
	if !m.IsInteger() || m.Sign() <= 0 {
		return false
	}
	p := m.IntPart()
	return p%e.tickAt(p) == 0
}

// RoundTick rounds price to the nearest valid tick of the market.
func (e *Exchange) RoundTick(price decimal.Decimal) decimal.Decimal {
	f, _ := price.Shift(3).Float64()
	return milli(e.roundTick(f))
}

// StepTicks moves price by k ticks of the market (up for k > 0).
func (e *Exchange) StepTicks(price decimal.Decimal, k int) decimal.Decimal {
	return milli(e.stepTicks(e.RoundTick(price).Shift(3).IntPart(), k))
}

// Places is how many decimals the market's prices are written with: 3 in
// Hong Kong, 2 elsewhere, as the sandbox has always written them.
func (e *Exchange) Places() int32 {
	if e.Code == "HK" {
		return 3
	}
	return 2
}

func milli(p int64) decimal.Decimal { return decimal.New(p, -3) }
