package chart

import (
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"
)

// BenchmarkLayout2000 is the geometry of a push: 2,000 daily candles on
// screen with their four moving averages, in a 1600 × 700 chart.
func BenchmarkLayout2000(b *testing.B) {
	d := Data{Bars: dailyBars(&testing.T{}, 2000), Period: Day, Market: "US", PrevClose: dec("150"), Averages: DefaultAverages}
	cpu := startCPU(b)
	for b.Loop() {
		Layout(d, View{}, 1600, 700, fixedMeasure, false)
	}
	cpu.report()
}

// BenchmarkPush2000 is what a push costs the widget, as detail.go does it:
// the quote's price joins the last bar (Calendar.Apply, the market's bar
// boundaries), Set lays the chart out again and refreshes its objects (not
// the GPU's drawing, which the test driver does not do).
func BenchmarkPush2000(b *testing.B) {
	test.NewTempApp(b)
	bars := dailyBars(&testing.T{}, 2000)
	c := New()
	w := test.NewTempWindow(b, c)
	w.Resize(fyne.NewSize(1600, 700))
	c.Set(Data{Bars: bars, Period: Day, Market: "US", Averages: DefaultAverages}, false, false)
	cal := NewCalendar("US", false)
	last := bars[len(bars)-1]
	at := last.Time.Add(10 * time.Hour) // 10:00 in New York on the last bar's day
	tick := decimal.New(1, -2)
	cpu := startCPU(b)
	for i := 0; b.Loop(); i++ {
		var changed bool
		bars, changed = cal.Apply(bars, Day, Trade{Time: at.Add(time.Duration(i%1000) * time.Millisecond), Price: last.Close.Add(tick.Mul(decimal.NewFromInt(int64(i % 10)))), Volume: 100})
		if !changed {
			b.Fatal("the push did not join the last bar")
		}
		c.Set(Data{Bars: bars, Period: Day, Market: "US", Averages: DefaultAverages}, false, false)
	}
	cpu.report()
}

// cpuClock measures the process's CPU time (user and system) over a
// benchmark's loop: on a machine shared with other work, the wall time
// per op counts the waits for a core too.
type cpuClock struct {
	b     *testing.B
	start time.Duration
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU(b *testing.B) cpuClock {
	b.ResetTimer()
	return cpuClock{b: b, start: processCPU()}
}

// report adds cpu-ms/op: the CPU each op cost, garbage collection included.
func (c cpuClock) report() {
	c.b.ReportMetric(float64(processCPU()-c.start)/float64(time.Millisecond)/float64(c.b.N), "cpu-ms/op")
}
