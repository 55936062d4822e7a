package chart

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"
)

// BenchmarkLayout2000 is the geometry of a push: 2,000 daily candles on
// screen with their four moving averages, in a 1600 × 700 chart.
func BenchmarkLayout2000(b *testing.B) {
	d := Data{Bars: dailyBars(&testing.T{}, 2000), Period: Day, Market: "US", PrevClose: dec("150"), Averages: DefaultAverages}
	b.ResetTimer()
	for b.Loop() {
		Layout(d, View{}, 1600, 700, fixedMeasure, false)
	}
}

// BenchmarkPush2000 is what a push costs the widget: the last bar's close
// moves, Set lays the chart out again and refreshes its objects (not the
// GPU's drawing, which the test driver does not do).
func BenchmarkPush2000(b *testing.B) {
	test.NewTempApp(b)
	bars := dailyBars(&testing.T{}, 2000)
	c := New()
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(1600, 700))
	c.Set(Data{Bars: bars, Period: Day, Market: "US", Averages: DefaultAverages}, false, false)
	last := bars[len(bars)-1].Close
	tick := decimal.New(1, -2)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		bars[len(bars)-1].Close = last.Add(tick.Mul(decimal.NewFromInt(int64(i % 10))))
		c.Set(Data{Bars: bars, Period: Day, Market: "US", Averages: DefaultAverages}, false, false)
	}
}
