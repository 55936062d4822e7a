package chart

import (
	"strings"

	"github.com/shopspring/decimal"
)

// niceMantissas are the round steps of a scale within a power of ten.
var niceMantissas = []decimal.Decimal{decimal.NewFromInt(1), decimal.NewFromInt(2), decimal.New(25, -1), decimal.NewFromInt(5)}

// Step is the smallest round number (1, 2, 2.5 or 5 × 10ⁿ) that cuts the
// range lo to hi into at most n parts, with no more decimals than prec.
func Step(lo, hi decimal.Decimal, n, prec int) decimal.Decimal {
	span := hi.Sub(lo)
	n = max(n, 1)
	for exp := -prec; ; exp++ {
		for _, m := range niceMantissas {
			step := m.Shift(int32(exp))
			if decimals(step) > prec {
				continue
			}
			if step.Mul(decimal.NewFromInt(int64(n))).GreaterThanOrEqual(span) {
				return step
			}
		}
	}
}

// decimals is how many digits d has after the point, trailing zeros dropped.
func decimals(d decimal.Decimal) int {
	s := d.String()
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// Ticks are the multiples of step from lo to hi, both included.
func Ticks(lo, hi, step decimal.Decimal) []decimal.Decimal {
	if !step.IsPositive() || hi.LessThan(lo) {
		return nil
	}
	var out []decimal.Decimal
	for t := lo.Div(step).Ceil().Mul(step); !t.GreaterThan(hi); t = t.Add(step) {
		out = append(out, t)
	}
	return out
}

// PriceText is p with prec decimals and thousands separated: "1,234.50".
func PriceText(p decimal.Decimal, prec int) string {
	s := p.StringFixed(int32(prec))
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// VolumeText is a volume for the axis, short: 950, 12.5K, 3.2M, 1.1B.
func VolumeText(v decimal.Decimal) string {
	for _, u := range []struct {
		exp  int32
		unit string
	}{{9, "B"}, {6, "M"}, {3, "K"}} {
		if v.Abs().GreaterThanOrEqual(decimal.New(1, u.exp)) {
			return v.Shift(-u.exp).Round(1).String() + u.unit
		}
	}
	return v.String()
}
