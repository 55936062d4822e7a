package chart

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// fixedMeasure is a font of 7 × 12 pixels a character.
func fixedMeasure(s string) (float32, float32) { return float32(len([]rune(s))) * 7, 12 }

// dailyBars are n US trading days of a known walk: up two, down one.
func dailyBars(t *testing.T, n int) []Bar {
	t.Helper()
	ny := Location("US")
	day := time.Date(2026, 6, 1, 0, 0, 0, 0, ny)
	price := decimal.NewFromInt(100)
	var out []Bar
	for i := 0; len(out) < n; i++ {
		d := day.AddDate(0, 0, i)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		move := decimal.NewFromInt(2)
		if len(out)%3 == 2 {
			move = decimal.NewFromInt(-1)
		}
		open, close := price, price.Add(move)
		out = append(out, Bar{Time: d, Open: open, Close: close, High: decimal.Max(open, close).Add(dec("0.5")), Low: decimal.Min(open, close).Sub(dec("0.5")), Volume: int64(1000 * (len(out) + 1))})
		price = close
	}
	return out
}

func TestLayoutKeepsEveryBarInsideThePlot(t *testing.T) {
	tests := []struct {
		name string
		n    int
		w, h float32
		view View
	}{
		{"120 days in a wide window", 120, 1200, 600, View{}},
		{"120 days in a narrow window", 120, 500, 300, View{}},
		{"three days do not swell", 3, 800, 400, View{}},
		{"a zoomed view of the latest 30 fills the width", 300, 900, 500, View{Count: 30}},
		{"a view panned back", 300, 900, 500, View{Count: 50, Back: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Data{Bars: dailyBars(t, tt.n), Period: Day, Market: "US", PrevClose: dec("150")}
			g := Layout(d, tt.view, tt.w, tt.h, fixedMeasure, false)
			first, count := tt.view.Window(tt.n)
			if g.First != first || g.Count != count || len(g.Candles) != count {
				t.Fatalf("bars %d+%d (%d candles), want %d+%d", g.First, g.Count, len(g.Candles), first, count)
			}
			for i, c := range g.Candles {
				for _, r := range []Rect{c.Body, c.Wick} {
					if r.X < 0 || r.X+r.W > g.AxisX || r.Y < g.Plot.Y-0.01 || r.Y+r.H > g.Plot.Y+g.Plot.H+0.01 {
						t.Errorf("candle %d (%+v) is outside the plot %+v (axis at %v)", i, r, g.Plot, g.AxisX)
					}
				}
				if c.Volume.Y < g.Volume.Y-0.01 || c.Volume.Y+c.Volume.H > g.Volume.Y+g.Volume.H+0.01 {
					t.Errorf("volume bar %d (%+v) is outside the volume area %+v", i, c.Volume, g.Volume)
				}
			}
			if tt.view.Count == 0 && g.Slot > maxSlot+0.01 {
				t.Errorf("slot %v wider than %d", g.Slot, maxSlot)
			}
			if tt.view.Count > 0 && g.BarX(g.First+g.Count-1)+g.Slot/2 < g.AxisX-1 {
				t.Errorf("a zoomed view leaves the right of the plot empty: last slot ends at %v of %v", g.BarX(g.First+g.Count-1)+g.Slot/2, g.AxisX)
			}
			if len(g.PriceTicks) < 2 || len(g.TimeTicks) == 0 || len(g.VolumeTicks) == 0 {
				t.Errorf("ticks: %d price, %d time, %d volume", len(g.PriceTicks), len(g.TimeTicks), len(g.VolumeTicks))
			}
			for _, tick := range g.PriceTicks {
				if tick.At < g.Plot.Y || tick.At > g.Plot.Y+g.Plot.H || !strings.Contains(tick.Text, ".") {
					t.Errorf("price tick %+v outside the plot or without cents", tick)
				}
			}
			for _, tick := range g.TimeTicks {
				if tick.At < 0 || tick.At > g.AxisX {
					t.Errorf("time tick %+v outside the plot", tick)
				}
			}
			if last := d.Bars[len(d.Bars)-1]; g.LastText != PriceText(last.Close, 2) || !g.LastUp != last.Close.LessThan(d.PrevClose) {
				t.Errorf("last price %q up %v, want %s against the previous close 150", g.LastText, g.LastUp, last.Close)
			}
		})
	}
}

func TestLayoutDrawsMovingAveragesAndThePreviousClose(t *testing.T) {
	d := Data{Bars: dailyBars(t, 80), Period: Day, Market: "US", Averages: DefaultAverages}
	d.PrevClose = d.Bars[78].Close
	g := Layout(d, View{}, 1000, 500, fixedMeasure, false)
	if len(g.Lines) != len(DefaultAverages) {
		t.Fatalf("%d lines, want %d", len(g.Lines), len(DefaultAverages))
	}
	for i, l := range g.Lines {
		want := 80 - DefaultAverages[i] + 1
		ma, _ := MovingAverage(d.Bars, DefaultAverages[i])
		last, _ := l.At(79)
		if l.Bars != DefaultAverages[i] || len(l.Points) != want || !last.Equal(ma[79]) {
			t.Errorf("MA%d: %d points ending %s, want MA%d with %d ending %s", l.Bars, len(l.Points), last, DefaultAverages[i], want, ma[79])
		}
		for j, pt := range l.Points {
			if y := g.PriceY(ma[l.Start+j]); abs(pt.Y-y) > 0.01 {
				t.Fatalf("MA%d's point at bar %d is at y %v, want %v", l.Bars, l.Start+j, pt.Y, y)
			}
		}
		if v, ok := l.At(DefaultAverages[i] - 2); ok {
			t.Errorf("MA%d has %s at bar %d, before it has enough bars", l.Bars, v, DefaultAverages[i]-2)
		}
		if got, want := Legend(l, 79, 2), "MA"+strconv.Itoa(DefaultAverages[i])+" "+PriceText(ma[79], 2); got != want {
			t.Errorf("legend = %q, want %q", got, want)
		}
	}
	if len(g.PrevClose) == 0 {
		t.Fatal("no previous-close line on a day chart")
	}
	if g.PrevCloseText != PriceText(d.PrevClose, 2) {
		t.Errorf("previous close labelled %q, want %s", g.PrevCloseText, d.PrevClose)
	}
	if y := g.PriceY(d.PrevClose); g.PrevClose[0].Y != y {
		t.Errorf("previous close at y %v, want %v", g.PrevClose[0].Y, y)
	}

	zoomed := Layout(d, View{Count: 20, Back: 5}, 1000, 500, fixedMeasure, false)
	for i, l := range zoomed.Lines {
		ma, _ := MovingAverage(d.Bars, DefaultAverages[i])
		for j, pt := range l.Points {
			if y := zoomed.PriceY(ma[l.Start+j]); abs(pt.Y-y) > 0.01 {
				t.Fatalf("zoomed, MA%d's point at bar %d is at y %v, want %v", l.Bars, l.Start+j, pt.Y, y)
			}
		}
	}

	weekly := d
	weekly.Period = Week
	if g := Layout(weekly, View{}, 1000, 500, fixedMeasure, false); len(g.PrevClose) != 0 || g.PrevCloseText != "" {
		t.Error("a weekly chart draws the previous close")
	}
}

func TestLayoutOfTheIntradayLine(t *testing.T) {
	ny := Location("US")
	var bars []Bar
	for i := range 60 {
		p := dec("180").Add(decimal.New(int64(i%7), -2))
		bars = append(bars, Bar{Time: time.Date(2026, 12, 4, 9, 30+i, 0, 0, ny), Open: p, High: p, Low: p, Close: p, Average: dec("180.03"), Volume: 100})
	}
	d := Data{Bars: bars, Period: Intraday, Market: "US", PrevClose: dec("179.50")}
	g := Layout(d, View{}, 1000, 500, fixedMeasure, true)
	if len(g.Lines) != 1 || g.Lines[0].Bars != 0 || len(g.Lines[0].Points) != 60 {
		t.Fatalf("lines = %+v, want the average price alone", g.Lines)
	}
	if g.Closes[59].X > g.AxisX/2 {
		t.Errorf("an hour of a 6.5-hour day reaches x %v of %v", g.Closes[59].X, g.AxisX)
	}
	if len(g.PrevClose) == 0 || g.PriceY(d.PrevClose) > g.Plot.Y+g.Plot.H {
		t.Error("the previous close below the line is not in the plot")
	}
	if !g.LastUp {
		t.Error("the last price above the previous close is not up")
	}
}

func TestCrosshairFindsTheBarAndThePrice(t *testing.T) {
	d := Data{Bars: dailyBars(t, 40), Period: Day, Market: "US"}
	g := Layout(d, View{Count: 20}, 800, 400, fixedMeasure, false)
	for _, i := range []int{20, 30, 39} {
		if got := g.BarAt(g.BarX(i)); got != i {
			t.Errorf("BarAt(BarX(%d)) = %d", i, got)
		}
	}
	if g.BarAt(g.AxisX+1) != -1 || g.BarAt(-1) != -1 {
		t.Error("a point off the plot finds a bar")
	}
	p := d.Bars[25].Close
	if got := g.PriceAt(g.PriceY(p)); !got.Equal(p) {
		t.Errorf("PriceAt(PriceY(%s)) = %s", p, got)
	}
}

func TestReadoutOfAKnownBar(t *testing.T) {
	ny := Location("US")
	bars := []Bar{
		{Time: time.Date(2026, 12, 3, 0, 0, 0, 0, ny), Open: dec("180"), High: dec("182"), Low: dec("179"), Close: dec("181.00"), Volume: 1000},
		{Time: time.Date(2026, 12, 4, 0, 0, 0, 0, ny), Open: dec("181.5"), High: dec("183.25"), Low: dec("180.1"), Close: dec("182.81"), Volume: 12345678},
	}
	got := Readout(Data{Bars: bars, Period: Day, Market: "US"}, 1)
	want := "2026-12-04   O 181.50   H 183.25   L 180.10   C 182.81   +1.81 (+1.00%)   Vol 12,345,678"
	if got != want {
		t.Errorf("readout = %q\nwant      %q", got, want)
	}

	hk := Location("HK")
	line := []Bar{{Time: time.Date(2026, 12, 4, 9, 30, 0, 0, hk), Open: dec("0.235"), High: dec("0.235"), Low: dec("0.235"), Close: dec("0.235"), Average: dec("0.2341"), Volume: 40000}}
	got = Readout(Data{Bars: line, Period: Intraday, Market: "HK", PrevClose: dec("0.240")}, 0)
	want = "2026-12-04 09:30   Price 0.235   Average 0.234   Change −0.005 (−2.08%)   Volume 40,000"
	if got != want {
		t.Errorf("readout = %q\nwant      %q", got, want)
	}
	line = append(line, Bar{Time: line[0].Time.Add(time.Minute), Open: dec("0.235"), High: dec("0.236"), Low: dec("0.236"), Close: dec("0.236"), Volume: 1000})
	got = Readout(Data{Bars: line, Period: Intraday, Market: "HK", PrevClose: dec("0.240")}, 1)
	if !strings.Contains(got, "Change −0.004 (−1.67%)") {
		t.Errorf("readout = %q, want the change from the previous close, −0.004 (−1.67%%), not from the minute before", got)
	}
	if Readout(Data{Bars: line}, 2) != "" {
		t.Error("a bar past the end has a readout")
	}
}

func TestViewZoomsAndPansWithinTheBars(t *testing.T) {
	tests := []struct {
		name        string
		v           View
		do          func(View) View
		want        View
		first, many int
	}{
		{"the zero view is every bar", View{}, func(v View) View { return v }, View{}, 0, 200},
		{"zooming in at the right edge keeps the latest bar", View{}, func(v View) View { return v.Zoom(200, 0.5, 1) }, View{Count: 100}, 100, 100},
		{"zooming in at the left edge keeps the first bar", View{}, func(v View) View { return v.Zoom(200, 0.5, 0) }, View{Count: 100, Back: 100}, 0, 100},
		{"zooming in stops at the fewest bars", View{Count: 12}, func(v View) View { return v.Zoom(200, 0.1, 1) }, View{Count: MinBars}, 190, MinBars},
		{"zooming out stops at every bar", View{Count: 150, Back: 20}, func(v View) View { return v.Zoom(200, 3, 0.5) }, View{Count: 200}, 0, 200},
		{"panning back moves the window", View{Count: 50}, func(v View) View { return v.Pan(200, 30) }, View{Count: 50, Back: 30}, 120, 50},
		{"panning back stops at the first bar", View{Count: 50, Back: 140}, func(v View) View { return v.Pan(200, 30) }, View{Count: 50, Back: 150}, 0, 50},
		{"panning forward stops at the latest bar", View{Count: 50, Back: 10}, func(v View) View { return v.Pan(200, -30) }, View{Count: 50}, 150, 50},
		{"back to the latest keeps the zoom", View{Count: 50, Back: 60}, func(v View) View { return v.Latest() }, View{Count: 50}, 150, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.do(tt.v)
			if got != tt.want {
				t.Fatalf("view = %+v, want %+v", got, tt.want)
			}
			if first, count := got.Window(200); first != tt.first || count != tt.many {
				t.Errorf("window = %d+%d, want %d+%d", first, count, tt.first, tt.many)
			}
		})
	}
}
