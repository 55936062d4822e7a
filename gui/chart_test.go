package gui

import (
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/shopspring/decimal"
)

func bar(open, high, low, close string, volume int64) chartBar {
	d := decimal.RequireFromString
	return chartBar{Time: time.Unix(0, 0), Open: d(open), High: d(high), Low: d(low), Close: d(close), Volume: volume}
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 0.01 }

func sameRect(a, b chartRect) bool {
	return near(a.X, b.X) && near(a.Y, b.Y) && near(a.W, b.W) && near(a.H, b.H)
}

func TestLayoutChart(t *testing.T) {
	// 100 x 124: 4 px of gap leave 120, a fifth of it (24) for volume from
	// y 100, and 96 for prices. Lows 2 and highs 10 pad by 0.8 to a scale
	// of 1.2-10.8, so a price p sits at y = 10 × (10.8 − p).
	size := fyne.NewSize(100, 124)
	tests := []struct {
		name        string
		bars        []chartBar
		size        fyne.Size
		want        []chartCandle
		top, bottom string
	}{
		{
			name: "a rising and a falling candle map to known bodies, wicks and volume bars",
			bars: []chartBar{bar("4", "10", "2", "8", 100), bar("8", "9", "3", "5", 50)},
			size: size,
			want: []chartCandle{
				{Body: chartRect{7.5, 28, 35, 40}, Wick: chartRect{24.5, 8, 1, 80}, Volume: chartRect{7.5, 100, 35, 24}, Up: true},
				{Body: chartRect{57.5, 28, 35, 30}, Wick: chartRect{74.5, 18, 1, 60}, Volume: chartRect{57.5, 112, 35, 12}, Up: false},
			},
			top: "10.8", bottom: "1.2",
		},
		{
			name: "a single candle takes the whole width",
			bars: []chartBar{bar("4", "10", "2", "8", 7)},
			size: size,
			want: []chartCandle{{Body: chartRect{15, 28, 70, 40}, Wick: chartRect{49.5, 8, 1, 80}, Volume: chartRect{15, 100, 70, 24}, Up: true}},
			top:  "10.8", bottom: "1.2",
		},
		{
			name: "a flat series sits in the middle with a body of one pixel and no volume",
			bars: []chartBar{bar("100", "100", "100", "100", 0), bar("100", "100", "100", "100", 0)},
			size: size,
			want: []chartCandle{
				{Body: chartRect{7.5, 48, 35, 1}, Wick: chartRect{24.5, 48, 1, 0}, Volume: chartRect{7.5, 124, 35, 0}, Up: true},
				{Body: chartRect{57.5, 48, 35, 1}, Wick: chartRect{74.5, 48, 1, 0}, Volume: chartRect{57.5, 124, 35, 0}, Up: true},
			},
			top: "101", bottom: "99",
		},
		{
			name: "an empty series draws nothing",
			size: size,
		},
		{
			name: "a chart with no room draws nothing",
			bars: []chartBar{bar("4", "10", "2", "8", 100)},
			size: fyne.NewSize(0, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := layoutChart(tt.bars, tt.size)
			if len(g.Candles) != len(tt.want) {
				t.Fatalf("%d candles, want %d", len(g.Candles), len(tt.want))
			}
			for i, want := range tt.want {
				got := g.Candles[i]
				if !sameRect(got.Body, want.Body) || !sameRect(got.Wick, want.Wick) || !sameRect(got.Volume, want.Volume) || got.Up != want.Up {
					t.Errorf("candle %d = %+v\nwant %+v", i, got, want)
				}
				if mid := want.Wick.X + want.Wick.W/2; !near(g.Line[i].X, mid) || !near(g.Line[i].Y, got.Body.Y+boolF(!got.Up)*got.Body.H) {
					t.Errorf("line point %d = %v, want at the close (x %v)", i, g.Line[i], mid)
				}
			}
			if tt.top != "" && (g.Top.String() != tt.top || g.Bottom.String() != tt.bottom) {
				t.Errorf("scale = %s to %s, want %s to %s", g.Bottom, g.Top, tt.bottom, tt.top)
			}
		})
	}
}

// boolF is 1 for true: a falling candle closes at its body's bottom.
func boolF(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

func TestChartBarAt(t *testing.T) {
	g := layoutChart([]chartBar{bar("4", "10", "2", "8", 1), bar("8", "9", "3", "5", 1)}, fyne.NewSize(100, 124))
	for _, tt := range []struct {
		name string
		x    float32
		want int
	}{
		{"the left edge is the first bar", 0, 0},
		{"the middle of the second slot is the second bar", 75, 1},
		{"past the right edge is no bar", 100, -1},
		{"left of the chart is no bar", -1, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := g.barAt(tt.x); got != tt.want {
				t.Errorf("barAt(%v) = %d, want %d", tt.x, got, tt.want)
			}
		})
	}
}
