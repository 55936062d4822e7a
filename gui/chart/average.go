package chart

import "github.com/shopspring/decimal"

// MovingAverage is the simple average of the last n closes at each bar:
// out[i] is the average of bars i-n+1 to i, and ok[i] is false for the
// first n-1 bars, which have too few before them.
func MovingAverage(bars []Bar, n int) (out []decimal.Decimal, ok []bool) {
	out, ok = make([]decimal.Decimal, len(bars)), make([]bool, len(bars))
	if n <= 0 {
		return out, ok
	}
	sum := decimal.Zero
	count := decimal.NewFromInt(int64(n))
	for i, b := range bars {
		sum = sum.Add(b.Close)
		if i >= n {
			sum = sum.Sub(bars[i-n].Close)
		}
		if i >= n-1 {
			out[i], ok[i] = sum.Div(count), true
		}
	}
	return out, ok
}

// DefaultAverages are the moving averages a candle chart draws unless the
// user chose others, by their length.
var DefaultAverages = []int{5, 10, 20, 60}
