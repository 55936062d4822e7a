package chart

import (
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Bar is one bar of a chart: a candle, or a minute of the intraday line
// (then Open, High, Low and Close are the minute's price, and Average the
// day's average price up to it, zero when the data has none).
type Bar struct {
	Time                   time.Time
	Open, High, Low, Close decimal.Decimal
	Average                decimal.Decimal
	Volume                 int64
	Session                SessionKind // pre- and post-market bars are marked apart
}

// Data is what a chart shows.
type Data struct {
	Bars      []Bar
	Period    Period
	Market    string          // "US", "HK", "CN", "SG": the zone and price precision
	PrevClose decimal.Decimal // the previous day's close; zero when unknown
	Averages  []int           // the moving averages drawn on candles, by length
	Zone      *time.Location  // the times' zone; nil for the market's
}

// Loc is the zone the chart's times are shown in.
func (d Data) Loc() *time.Location {
	if d.Zone != nil {
		return d.Zone
	}
	return Location(d.Market)
}

// TextPrec is how many decimals a price reads with in words (the
// crosshair's readout, the last price, the previous close, the legend):
// the market's precision, or as many as LongPort writes the latest price
// with where that is more, so that the chart reads as the quote does
// (445.000 for an HK stock at HK$445, whose tick is 0.2). The axis keeps
// the market's precision: its ticks are round numbers.
func (d Data) TextPrec() int {
	if len(d.Bars) == 0 {
		return 2
	}
	last := d.Bars[len(d.Bars)-1].Close
	return max(Precision(d.Market, last), min(int(-last.Exponent()), 4))
}

// Measure is the width and height of a label's text on screen.
type Measure func(text string) (w, h float32)

// Rect is a rectangle in the chart's own coordinates.
type Rect struct{ X, Y, W, H float32 }

// Point is a point in the chart's own coordinates.
type Point struct{ X, Y float32 }

// Candle is where one bar goes: its body (open to close), its wick (low to
// high) and its volume bar.
type Candle struct {
	Body, Wick, Volume Rect
	Up                 bool // it closed at or above its open
}

// Tick is a label on an axis with its gridline: at X on the time axis, at
// Y on the price and volume axes.
type Tick struct {
	At   float32
	Text string
	// Covered is set on a price tick whose label the last price or the
	// previous close would cover on the axis: its gridline stays.
	Covered bool
}

// Line is a moving average (or the intraday average price) as points.
type Line struct {
	Bars   int // the average's length; 0 for the intraday average price
	Points []Point
	Start  int   // the index of the bar of the first point
	bars   []Bar // all of them, for the exact values
}

// At is the line's value at bar i (an index into all the bars), if it has
// one: worked out exactly in decimals, where the points are floats.
func (l Line) At(i int) (decimal.Decimal, bool) {
	if i < l.Start || i >= l.Start+len(l.Points) {
		return decimal.Decimal{}, false
	}
	if l.Bars == 0 {
		return l.bars[i].Average, true
	}
	sum := decimal.Zero
	for _, b := range l.bars[i-l.Bars+1 : i+1] {
		sum = sum.Add(b.Close)
	}
	return sum.Div(decimal.NewFromInt(int64(l.Bars))), true
}

// Geometry is a chart laid out in a size.
type Geometry struct {
	Plot   Rect    // the prices
	Volume Rect    // the volume bars, below the prices
	AxisX  float32 // the left edge of the price axis, right of both
	TimeY  float32 // the top of the time axis, below both

	First, Count int     // the bars on screen
	Slot         float32 // the width each bar has
	Prec         int     // the decimals of the market's prices at this level, on the axis
	TextPrec     int     // the decimals of a price in words: Data.TextPrec

	Candles []Candle // of the bars on screen
	Closes  []Point  // each bar's close, for the intraday line
	Lines   []Line   // moving averages, or the intraday average price

	PriceTicks, VolumeTicks, TimeTicks []Tick
	Extended                           []Rect // bands behind pre- and post-market bars

	PrevClose       []Rect // the dashes of the previous close, none when not shown
	PrevCloseText   string // its label on the price axis
	LastY           float32
	LastText        string
	LastUp, HasLast bool

	top, bottom float64 // prices at the plot's top and bottom edge
	maxVolume   float64
}

// The chart's proportions.
const (
	volumeShare   = 0.2  // of the height under the time axis
	areaGap       = 6    // between the prices and the volume
	bodyShare     = 0.7  // of a slot
	padShare      = 0.06 // of the price range, above and below
	maxSlot       = 24   // a few candles do not swell
	axisPad       = 8    // around labels
	tickSpacing   = 44   // pixels between price ticks at least
	labelSpacing  = 24   // pixels between time labels beyond the labels' width
	dash, dashGap = 4, 4
)

// Layout places data's bars that view shows in a w × h chart.
func Layout(d Data, v View, w, h float32, measure Measure, line bool) Geometry {
	var g Geometry
	n := len(d.Bars)
	_, labelH := measure("0")
	timeH := labelH + axisPad
	avail := h - timeH - areaGap
	if n == 0 || w <= 0 || avail <= 0 {
		return g
	}
	g.First, g.Count = v.Window(n)
	bars := d.Bars[g.First : g.First+g.Count]
	last := d.Bars[n-1]

	volH := avail * volumeShare
	priceH := avail - volH
	g.TimeY = h - timeH

	// the price range: the bars on screen, and the previous close on the intraday line
	lo, hi := bars[0].Low, bars[0].High
	var maxVol int64
	for _, b := range bars {
		lo, hi = decimal.Min(lo, b.Low), decimal.Max(hi, b.High)
		if !b.Average.IsZero() {
			lo, hi = decimal.Min(lo, b.Average), decimal.Max(hi, b.Average)
		}
		maxVol = max(maxVol, b.Volume)
	}
	if d.Period == Intraday && d.PrevClose.IsPositive() {
		lo, hi = decimal.Min(lo, d.PrevClose), decimal.Max(hi, d.PrevClose)
	}
	g.Prec = Precision(d.Market, last.Close)
	unit := decimal.New(1, int32(-g.Prec))
	pad := hi.Sub(lo).Mul(decimal.NewFromFloat(padShare))
	pad = decimal.Max(pad, unit)
	top, bottom := hi.Add(pad), lo.Sub(pad)
	g.top, g.bottom = pixelFloat(top), pixelFloat(bottom)
	g.maxVolume = float64(maxVol)

	step := Step(bottom, top, max(int(priceH/tickSpacing), 2), g.Prec)
	ticks := Ticks(bottom, top, step)
	axisW := float32(0)
	texts := make([]string, len(ticks))
	for i, t := range ticks {
		texts[i] = PriceText(t, g.Prec)
		axisW = max(axisW, width(measure, texts[i]))
	}
	textPrec := d.TextPrec()
	g.TextPrec = textPrec
	g.HasLast = true
	g.LastText = PriceText(last.Close, textPrec)
	axisW = max(axisW, width(measure, g.LastText), width(measure, VolumeText(decimal.NewFromInt(maxVol))))
	g.AxisX = w - axisW - 2*axisPad
	g.Plot = Rect{0, 0, g.AxisX, priceH}
	g.Volume = Rect{0, priceH + areaGap, g.AxisX, volH}
	if g.AxisX <= 0 {
		return Geometry{}
	}
	for i, t := range ticks {
		g.PriceTicks = append(g.PriceTicks, Tick{At: g.PriceY(t), Text: texts[i]})
	}
	if maxVol > 0 {
		vstep := Step(decimal.Zero, decimal.NewFromInt(maxVol), 2, 0)
		for _, t := range Ticks(vstep, decimal.NewFromInt(maxVol), vstep) {
			g.VolumeTicks = append(g.VolumeTicks, Tick{At: g.volumeY(t.InexactFloat64()), Text: VolumeText(t)})
		}
	}

	slots := g.Count
	if line && d.Period == Intraday {
		day := sessionMinutes[d.Market]
		if slices.ContainsFunc(d.Bars, func(b Bar) bool { return b.Session.Extended() }) {
			day = extendedMinutes[d.Market] // with the pre- and post-market
		}
		slots = max(slots, day) // the day's line fills as it goes
	} else if !line && v.Count == 0 {
		// a few candles do not swell; zoomed in, the user chose their width
		slots = max(slots, int(math.Ceil(float64(g.AxisX/maxSlot))))
	}
	g.Slot = g.AxisX / float32(slots)
	bodyW := max(g.Slot*bodyShare, 1)
	if g.Slot >= 3 {
		bodyW = max(bodyW, 2)
	}
	g.Candles = make([]Candle, len(bars))
	g.Closes = make([]Point, len(bars))
	for i, b := range bars {
		mid := g.mid(i)
		yo, yc := g.PriceY(b.Open), g.PriceY(b.Close)
		yh, yl := g.PriceY(b.High), g.PriceY(b.Low)
		vy := g.volumeY(float64(b.Volume))
		g.Candles[i] = Candle{
			Body:   Rect{mid - bodyW/2, min(yo, yc), bodyW, max(abs(yc-yo), 1)},
			Wick:   Rect{mid - 0.5, yh, 1, max(yl-yh, 1)},
			Volume: Rect{mid - bodyW/2, vy, bodyW, g.Volume.Y + g.Volume.H - vy},
			Up:     !b.Close.LessThan(b.Open),
		}
		g.Closes[i] = Point{mid, yc}
	}

	if line {
		avg := Line{bars: d.Bars}
		for i, b := range bars {
			if b.Average.IsZero() {
				continue
			}
			if len(avg.Points) == 0 {
				avg.Start = g.First + i
			}
			if g.First+i != avg.Start+len(avg.Points) {
				break // a gap in the data: the line stops there
			}
			avg.Points = append(avg.Points, Point{g.mid(i), g.PriceY(b.Average)})
		}
		if len(avg.Points) > 0 {
			g.Lines = append(g.Lines, avg)
		}
	} else {
		// the averages in floats, for pixels: decimals cost too much at 2,000 bars a push
		end := g.First + g.Count
		from := max(g.First-slices.Max(append([]int{1}, d.Averages...))+1, 0)
		closes := make([]float64, end-from)
		for i := range closes {
			closes[i] = pixelFloat(d.Bars[from+i].Close)
		}
		for _, k := range d.Averages {
			if k <= 0 {
				continue
			}
			l := Line{Bars: k, Start: max(g.First, k-1), bars: d.Bars}
			if l.Start >= end {
				g.Lines = append(g.Lines, l) // too few bars for it
				continue
			}
			sum := 0.0
			for j := l.Start - k + 1; j < l.Start; j++ {
				sum += closes[j-from]
			}
			for j := l.Start; j < end; j++ {
				sum += closes[j-from]
				if j > l.Start {
					sum -= closes[j-k-from]
				}
				l.Points = append(l.Points, Point{g.mid(j - g.First), g.floatY(sum / float64(k))})
			}
			g.Lines = append(g.Lines, l)
		}
	}

	if d.showsPrevClose() {
		if y := g.PriceY(d.PrevClose); y >= g.Plot.Y && y <= g.Plot.Y+g.Plot.H {
			g.PrevCloseText = PriceText(d.PrevClose, textPrec)
			for x := float32(0); x < g.AxisX; x += dash + dashGap {
				g.PrevClose = append(g.PrevClose, Rect{x, y, min(dash, g.AxisX-x), 0})
			}
		}
	}
	g.LastY = min(max(g.PriceY(last.Close), g.Plot.Y), g.Plot.Y+g.Plot.H)
	ref := last.Open
	if d.showsPrevClose() {
		ref = d.PrevClose
	}
	g.LastUp = !last.Close.LessThan(ref)
	// a tick label the last price or the previous close covers is hidden
	for i, t := range g.PriceTicks {
		covered := abs(t.At-g.LastY) < labelH+2 || t.At < g.Plot.Y+labelH/2 // nor one cut by the top edge
		if len(g.PrevClose) > 0 {
			covered = covered || abs(t.At-g.PrevClose[0].Y) < labelH+2
		}
		g.PriceTicks[i].Covered = covered
	}
	// pre- and post-market bars on a shaded band, one per run of them
	for i := 0; i < len(bars); i++ {
		if !bars[i].Session.Extended() {
			continue
		}
		j := i
		for j+1 < len(bars) && bars[j+1].Session.Extended() {
			j++
		}
		x0, x1 := g.mid(i)-g.Slot/2, g.mid(j)+g.Slot/2
		g.Extended = append(g.Extended, Rect{x0, 0, x1 - x0, g.Volume.Y + g.Volume.H})
		i = j
	}

	times := make([]time.Time, n)
	for i, b := range d.Bars {
		times[i] = b.Time
	}
	sample := "2006-01"
	if !d.Period.Daily() {
		sample = "00:00"
	}
	gap := float64((width(measure, sample) + labelSpacing) / g.Slot)
	for _, l := range TimeLabels(times, g.First, g.Count, d.Period, d.Loc(), gap) {
		g.TimeTicks = append(g.TimeTicks, Tick{At: g.mid(l.Index - g.First), Text: l.Text})
	}
	return g
}

// sessionMinutes is how long a market's regular day is, for the width of
// the intraday line before the day is over.
var sessionMinutes = map[string]int{"US": 390, "HK": 330, "CN": 240, "SG": 420}

// extendedMinutes is how long a market's day is with its pre- and
// post-market: the US from 04:00 to 20:00.
var extendedMinutes = map[string]int{"US": 960}

// showsPrevClose is whether the chart draws the previous close: on the
// intraday line, minute bars and day candles, when it is known.
func (d Data) showsPrevClose() bool {
	return d.PrevClose.IsPositive() && d.Period <= Day
}

// mid is the x of the middle of the i-th slot on screen.
func (g Geometry) mid(i int) float32 { return g.Slot*float32(i) + g.Slot/2 }

// PriceY is the y of price p.
func (g Geometry) PriceY(p decimal.Decimal) float32 { return g.floatY(pixelFloat(p)) }

func (g Geometry) floatY(p float64) float32 {
	if g.top == g.bottom {
		return g.Plot.Y + g.Plot.H/2
	}
	return g.Plot.Y + float32((g.top-p)/(g.top-g.bottom))*g.Plot.H
}

// pixelFloat is d as a float for placing it on screen: from its
// coefficient when that fits, which is far quicker than InexactFloat64.
func pixelFloat(d decimal.Decimal) float64 {
	if d.NumDigits() > 15 {
		return d.InexactFloat64()
	}
	c, e := float64(d.CoefficientInt64()), int(d.Exponent())
	if e < 0 {
		return c / math.Pow10(-e)
	}
	return c * math.Pow10(e)
}

// PriceAt is the price at y, rounded to the market's precision.
func (g Geometry) PriceAt(y float32) decimal.Decimal {
	f := g.top - float64((y-g.Plot.Y)/g.Plot.H)*(g.top-g.bottom)
	return decimal.NewFromFloat(f).Round(int32(g.Prec))
}

func (g Geometry) volumeY(v float64) float32 {
	if g.maxVolume <= 0 {
		return g.Volume.Y + g.Volume.H
	}
	return g.Volume.Y + g.Volume.H - float32(v/g.maxVolume)*g.Volume.H
}

// BarAt is the index (into all the bars) of the bar under x, or -1.
func (g Geometry) BarAt(x float32) int {
	if g.Slot <= 0 || x < 0 || x >= g.AxisX {
		return -1
	}
	i := int(x / g.Slot)
	if i >= g.Count {
		return -1
	}
	return g.First + i
}

// BarX is the x of the middle of bar i (an index into all the bars).
func (g Geometry) BarX(i int) float32 { return g.mid(i - g.First) }

func width(m Measure, s string) float32 {
	w, _ := m(s)
	return w
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
