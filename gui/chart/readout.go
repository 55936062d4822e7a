package chart

import (
	"strconv"

	"fyne.io/fyne/v2/lang"
	"github.com/shopspring/decimal"
)

// Readout words bar i of d for the crosshair: its time in the market's
// zone, open, high, low, close, the change from the bar before (from the
// previous close on the intraday line, as the quote reckons the day's
// change), and volume; the average price too on the intraday line.
func Readout(d Data, i int) string {
	if i < 0 || i >= len(d.Bars) {
		return ""
	}
	b := d.Bars[i]
	prec := d.TextPrec()
	t := b.Time.In(d.Loc())
	when := t.Format("2006-01-02 15:04")
	if d.Period.Daily() {
		when = t.Format("2006-01-02")
	}
	ref := decimal.Zero
	switch {
	case d.Period == Intraday && d.PrevClose.IsPositive():
		ref = d.PrevClose // the day's change, as the quote shows it
	case i > 0:
		ref = d.Bars[i-1].Close
	}
	change := "–"
	if ref.IsPositive() {
		ch := b.Close.Sub(ref)
		pct := ch.Div(ref).Shift(2).Round(2)
		change = signed(PriceText(ch, prec), ch) + " (" + signed(PriceText(pct, 2), pct) + "%)"
	}
	data := map[string]any{
		"Time": when, "Open": PriceText(b.Open, prec), "High": PriceText(b.High, prec), "Low": PriceText(b.Low, prec),
		"Close": PriceText(b.Close, prec), "Change": change, "Volume": PriceText(decimal.NewFromInt(b.Volume), 0),
		"Average": PriceText(b.Average, prec),
	}
	if d.Period == Intraday {
		if b.Average.IsZero() {
			return lang.X("chart.readout_line", "{{.Time}}   Price {{.Close}}   Change {{.Change}}   Volume {{.Volume}}", data)
		}
		return lang.X("chart.readout_line_average", "{{.Time}}   Price {{.Close}}   Average {{.Average}}   Change {{.Change}}   Volume {{.Volume}}", data)
	}
	return lang.X("chart.readout", "{{.Time}}   O {{.Open}}   H {{.High}}   L {{.Low}}   C {{.Close}}   {{.Change}}   Vol {{.Volume}}", data)
}

func signed(s string, d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + s
	}
	return s
}

// Legend words a line's value at bar i: "MA5 181.20", or "MA5 –" where
// it has none.
func Legend(l Line, i, prec int) string {
	v := "–"
	if at, ok := l.At(i); ok {
		v = PriceText(at, prec)
	}
	if l.Bars == 0 {
		return lang.X("chart.average_price", "Average {{.Value}}", map[string]any{"Value": v})
	}
	return "MA" + strconv.Itoa(l.Bars) + " " + v
}
