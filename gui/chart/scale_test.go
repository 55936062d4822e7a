package chart

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var dec = decimal.RequireFromString

func TestStepAndTicksAreRoundNumbersInTheMarketsPrecision(t *testing.T) {
	tests := []struct {
		name   string
		lo, hi string
		n      int
		prec   int
		step   string
		labels string
	}{
		{"a US stock's range steps by 20", "358.03", "426.55", 6, 2, "20", "360.00 380.00 400.00 420.00"},
		{"2.5 when 2 is too small", "100", "110", 4, 2, "2.5", "100.00 102.50 105.00 107.50 110.00"},
		{"tenths without float noise", "0.1", "0.5", 4, 2, "0.1", "0.10 0.20 0.30 0.40 0.50"},
		{"no 0.025 where prices have two decimals", "1.00", "1.10", 4, 2, "0.05", "1.00 1.05 1.10"},
		{"a Hong Kong penny stock in thousandths", "0.212", "0.238", 5, 3, "0.01", "0.220 0.230"},
		{"a Hong Kong stock under HK$0.25 by 0.005", "0.212", "0.228", 4, 3, "0.005", "0.215 0.220 0.225"},
		{"thousands step by 500", "18250", "19920", 4, 2, "500", "18,500.00 19,000.00 19,500.00"},
		{"a flat range still has a step", "5", "5", 4, 2, "0.01", "5.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := dec(tt.lo), dec(tt.hi)
			step := Step(lo, hi, tt.n, tt.prec)
			if !step.Equal(dec(tt.step)) {
				t.Fatalf("Step = %s, want %s", step, tt.step)
			}
			var labels []string
			for _, tick := range Ticks(lo, hi, step) {
				labels = append(labels, PriceText(tick, tt.prec))
			}
			if got := strings.Join(labels, " "); got != tt.labels {
				t.Errorf("ticks = %q, want %q", got, tt.labels)
			}
		})
	}
}

func TestPrecisionFollowsTheMarketsTickSizes(t *testing.T) {
	tests := []struct {
		market, price string
		want          int
	}{
		{"US", "426.55", 2},
		{"US", "1", 2},
		{"US", "0.4321", 4},
		{"HK", "0.212", 3},
		{"HK", "0.495", 3},
		{"HK", "0.50", 2},
		{"HK", "388.2", 2},
		{"CN", "0.95", 2},
		{"CN", "1700", 2},
		{"SG", "0.905", 3},
		{"SG", "31.5", 2},
	}
	for _, tt := range tests {
		t.Run(tt.market+" "+tt.price, func(t *testing.T) {
			if got := Precision(tt.market, dec(tt.price)); got != tt.want {
				t.Errorf("Precision = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestPriceAndVolumeText(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{PriceText(dec("1234.5"), 2), "1,234.50"},
		{PriceText(dec("-0.35"), 2), "−0.35"},
		{PriceText(dec("123456789"), 0), "123,456,789"},
		{PriceText(dec("0.2125"), 3), "0.213"},
		{VolumeText(dec("950")), "950"},
		{VolumeText(dec("12500")), "12.5K"},
		{VolumeText(dec("3200000")), "3.2M"},
		{VolumeText(dec("1100000000")), "1.1B"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestMovingAverageOfAKnownSeries(t *testing.T) {
	var bars []Bar
	for _, c := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"} {
		bars = append(bars, Bar{Close: dec(c)})
	}
	ma, ok := MovingAverage(bars, 5)
	for i := range 4 {
		if ok[i] {
			t.Errorf("MA5 at bar %d is known with only %d bars", i, i+1)
		}
	}
	for i, want := range map[int]string{4: "3", 5: "4", 9: "8"} {
		if !ok[i] || !ma[i].Equal(dec(want)) {
			t.Errorf("MA5 at bar %d = %s (%v), want %s", i, ma[i], ok[i], want)
		}
	}
	ma3, _ := MovingAverage([]Bar{{Close: dec("1")}, {Close: dec("2")}, {Close: dec("4")}}, 3)
	if got := ma3[2].Round(4).String(); got != "2.3333" {
		t.Errorf("MA3 of 1, 2, 4 = %s, want 2.3333", got)
	}
}
