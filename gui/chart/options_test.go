package chart

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestTheMovingAveragesAreTheOnesChosen(t *testing.T) {
	tests := []struct {
		name     string
		averages []int
		want     []int
	}{
		{"the defaults", DefaultAverages, []int{5, 10, 20, 60}},
		{"two of them", []int{10, 60}, []int{10, 60}},
		{"periods typed by the user", []int{7, 30, 120}, []int{7, 30, 120}},
		{"none", nil, nil},
		{"a nonsense length is left out", []int{0, 5, -3}, []int{5}},
	}
	bars := dailyBars(t, 150)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Layout(Data{Bars: bars, Period: Day, Market: "US", Averages: tt.averages}, View{}, 1200, 600, fixedMeasure, false)
			var got []int
			for _, l := range g.Lines {
				got = append(got, l.Bars)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("lines %v, want %v", got, tt.want)
			}
			for _, l := range g.Lines {
				ma, _ := MovingAverage(bars, l.Bars)
				if v, ok := l.At(149); !ok || !v.Equal(ma[149]) {
					t.Errorf("MA%d at the last bar = %s, want %s", l.Bars, v, ma[149])
				}
			}
		})
	}
}

func TestAnHKPriceReadsAsTheQuoteWhileTheAxisStaysRound(t *testing.T) {
	hk := Location("HK")
	var bars []Bar
	for i := range 30 {
		// LongPort writes HK prices with three decimals; the tick at HK$445 is 0.2
		p := decimal.RequireFromString("440.000").Add(decimal.New(int64(i*2), -1)).Round(3)
		p = decimal.RequireFromString(p.StringFixed(3))
		bars = append(bars, Bar{Time: time.Date(2026, 11, 1+i, 0, 0, 0, 0, hk), Open: p, High: p, Low: p, Close: p, Volume: 1000})
	}
	d := Data{Bars: bars, Period: Day, Market: "HK", PrevClose: decimal.RequireFromString("445.000"), Averages: DefaultAverages}
	g := Layout(d, View{}, 1000, 500, fixedMeasure, false)
	if g.LastText != "445.800" || g.PrevCloseText != "445.000" {
		t.Errorf("last %q and previous close %q, want 445.800 and 445.000 as the quote reads", g.LastText, g.PrevCloseText)
	}
	for _, tk := range g.PriceTicks {
		if _, frac, _ := strings.Cut(tk.Text, "."); len(frac) > 2 {
			t.Errorf("axis tick %q has more than the market's two decimals", tk.Text)
		}
	}
	if r := Readout(d, 29); !strings.Contains(r, "C 445.800") {
		t.Errorf("readout %q, want the close as the quote reads it, 445.800", r)
	}
	us := Data{Bars: dailyBars(t, 30), Period: Day, Market: "US"}
	if p := us.TextPrec(); p != 2 {
		t.Errorf("a US price written with two decimals reads with %d", p)
	}
}

func TestTheLastPriceHidesTheTickLabelItCovers(t *testing.T) {
	bars := dailyBars(t, 40)
	d := Data{Bars: bars, Period: Day, Market: "US"}
	// close the last bar on a round number, where a tick is
	g := Layout(d, View{}, 1000, 500, fixedMeasure, false)
	tick := g.PriceTicks[len(g.PriceTicks)/2]
	price := decimal.RequireFromString(strings.ReplaceAll(tick.Text, ",", ""))
	last := &d.Bars[len(d.Bars)-1]
	last.Close, last.High, last.Low = price, decimal.Max(last.High, price), decimal.Min(last.Low, price)
	g = Layout(d, View{}, 1000, 500, fixedMeasure, false)
	covered := 0
	for _, tk := range g.PriceTicks {
		near := abs(tk.At-g.LastY) < 14 || tk.At < 6 // or cut by the top edge
		if tk.Covered != near {
			t.Errorf("tick %q at y %v with the last price at %v: covered %v", tk.Text, tk.At, g.LastY, tk.Covered)
		}
		if tk.Covered {
			covered++
		}
	}
	if covered == 0 {
		t.Error("the last price on a tick covered none")
	}
}

func TestPreAndPostMarketBarsLieOnBands(t *testing.T) {
	ny := Location("US")
	var bars []Bar
	kinds := []SessionKind{PreMarket, PreMarket, PreMarket, Regular, Regular, Regular, Regular, PostMarket, PostMarket}
	for i, k := range kinds {
		p := decimal.NewFromInt(180)
		bars = append(bars, Bar{Time: time.Date(2026, 12, 4, 9, 15+5*i, 0, 0, ny), Open: p, High: p, Low: p, Close: p, Volume: 10, Session: k})
	}
	g := Layout(Data{Bars: bars, Period: Minute5, Market: "US"}, View{}, 900, 400, fixedMeasure, false)
	if len(g.Extended) != 2 {
		t.Fatalf("%d bands, want one for the pre-market and one for the post-market", len(g.Extended))
	}
	pre, post := g.Extended[0], g.Extended[1]
	if pre.X != 0 || abs(pre.X+pre.W-(g.BarX(3)-g.Slot/2)) > 0.01 {
		t.Errorf("the pre-market band spans %v to %v, want 0 to the first regular bar's edge %v", pre.X, pre.X+pre.W, g.BarX(3)-g.Slot/2)
	}
	if abs(post.X-(g.BarX(7)-g.Slot/2)) > 0.01 || post.H != g.Volume.Y+g.Volume.H {
		t.Errorf("the post-market band is %+v, want from bar 7 down through the volume", post)
	}
}

func TestTimesReadInTheZoneChosen(t *testing.T) {
	ny := Location("US")
	bars := []Bar{{Time: time.Date(2026, 12, 4, 9, 30, 0, 0, ny), Open: dec("180"), High: dec("180"), Low: dec("180"), Close: dec("180.00"), Volume: 1}}
	d := Data{Bars: bars, Period: Minute1, Market: "US"}
	if r := Readout(d, 0); !strings.HasPrefix(r, "2026-12-04 09:30") {
		t.Errorf("in the market's zone the readout is %q", r)
	}
	d.Zone = Location("HK")
	if r := Readout(d, 0); !strings.HasPrefix(r, "2026-12-04 22:30") {
		t.Errorf("in Hong Kong's zone the readout is %q, want 22:30", r)
	}
}

func TestAnIntradayLineWithThePreMarketLeavesRoomForTheWholeDay(t *testing.T) {
	ny := Location("US")
	var bars []Bar
	for i := range 60 {
		p := dec("180.00")
		bars = append(bars, Bar{Time: time.Date(2026, 12, 4, 4, i, 0, 0, ny), Open: p, High: p, Low: p, Close: p, Volume: 10, Session: PreMarket})
	}
	plain := []Bar{bars[0]}
	plain[0].Session = Regular
	regular := Layout(Data{Bars: plain, Period: Intraday, Market: "US"}, View{}, 960, 400, fixedMeasure, true)
	if want := regular.AxisX / 390; abs(regular.Slot-want) > 0.001 {
		t.Errorf("a regular day's minute is %v wide, want %v", regular.Slot, want)
	}
	g := Layout(Data{Bars: bars, Period: Intraday, Market: "US"}, View{}, 960, 400, fixedMeasure, true)
	if want := g.AxisX / 960; abs(g.Slot-want) > 0.001 {
		t.Errorf("a minute is %v wide, want a 960-minute day's %v", g.Slot, want)
	}
	if len(g.Extended) != 1 || g.Extended[0].W > g.AxisX/10 {
		t.Errorf("the pre-market hour's band is %+v, want one a sixteenth of the width", g.Extended)
	}
}
