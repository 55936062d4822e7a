package gui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/quote/socket"
)

// column is a column of a view's table (see gui/table); the views spell
// their columns and tones with these names.
type column[R any] = table.Column[R]

// cellTone colours a cell: negative amounts, up and down.
type cellTone = table.Tone

const (
	toneNormal   = table.Normal
	toneNegative = table.Negative
	toneMuted    = table.Muted
	toneUp       = table.Up
	toneDown     = table.Down
)

// The live columns read the hub's latest quote of the row's symbol; a
// symbol with no quote yet shows empty cells, which sort last.

// liveDecimal is a live column of a decimal computed from the row and its
// quote; ok false leaves the cell empty.
func liveDecimal[R any](h *liveHub, key, csv string, title func() string, width float32,
	symbol func(*R) string, value func(*R, socket.Quote) (decimal.Decimal, bool), text func(decimal.Decimal, *R) string, tone func(*R, socket.Quote, decimal.Decimal) cellTone) column[R] {
	get := func(r *R) (decimal.Decimal, socket.Quote, bool) {
		q, ok := h.quote(symbol(r))
		if !ok {
			return decimal.Decimal{}, q, false
		}
		d, ok := value(r, q)
		return d, q, ok
	}
	c := column[R]{Key: key, Title: title, CSV: csv, Width: width, Align: fyne.TextAlignTrailing, Live: true,
		Value: func(r *R) (decimal.Decimal, bool) {
			d, _, ok := get(r)
			return d, ok
		},
		Text: func(r *R) string {
			if d, _, ok := get(r); ok {
				return text(d, r)
			}
			return ""
		},
		Raw: func(r *R) string {
			if d, _, ok := get(r); ok {
				return fixedText(d)
			}
			return ""
		},
		Compare: func(a, b *R) int {
			da, _, oka := get(a)
			db, _, okb := get(b)
			return compareDecimals(api.Decimal{Value: da, Valid: oka}, api.Decimal{Value: db, Valid: okb})
		}}
	if tone != nil {
		c.Tone = func(r *R) cellTone {
			if d, q, ok := get(r); ok {
				return tone(r, q, d)
			}
			return toneNormal
		}
	}
	return c
}

// quoteColumns are the live price columns of a table of symbols: last
// price, change, change %, volume and turnover.
func quoteColumns[R any](h *liveHub, symbol func(*R) string) []column[R] {
	plain := func(d decimal.Decimal, _ *R) string { return priceText(d) }
	byChange := func(_ *R, q socket.Quote, _ decimal.Decimal) cellTone {
		ch, ok := q.Change()
		if !ok {
			return toneNormal
		}
		return changeTone(ch)
	}
	last := func(_ *R, q socket.Quote) (decimal.Decimal, bool) { return q.Last, !q.Last.IsZero() }
	return []column[R]{
		liveDecimal(h, "last", "Last", func() string { return lang.X("column.last", "Last") }, 100, symbol, last, plain, byChange),
		liveDecimal(h, "change", "Change", func() string { return lang.X("column.change", "Change") }, 90, symbol,
			func(_ *R, q socket.Quote) (decimal.Decimal, bool) { return q.Change() },
			func(d decimal.Decimal, _ *R) string { return signedText(d) }, byChange),
		liveDecimal(h, "change_pct", "Change %", func() string { return lang.X("column.change_pct", "Change %") }, 90, symbol,
			func(_ *R, q socket.Quote) (decimal.Decimal, bool) { return q.ChangePercent() },
			func(d decimal.Decimal, _ *R) string { return signedText(d) + "%" }, byChange),
		liveDecimal(h, "volume", "Volume", func() string { return lang.X("column.volume", "Volume") }, 110, symbol,
			func(_ *R, q socket.Quote) (decimal.Decimal, bool) { return decimal.NewFromInt(q.Volume), q.Volume > 0 },
			plain, nil),
		liveDecimal(h, "turnover", "Turnover", func() string { return lang.X("column.turnover", "Turnover") }, 130, symbol,
			func(_ *R, q socket.Quote) (decimal.Decimal, bool) { return q.Turnover.Round(0), !q.Turnover.IsZero() },
			plain, nil),
	}
}

// positionColumns are a position's live market value (quantity × last), in
// its currency, and unrealised P/L ((last − cost) × quantity), a bare
// number beside it.
func positionColumns[R any](h *liveHub, symbol func(*R) string, quantity, cost func(*R) api.Decimal, currency func(*R) string) []column[R] {
	money := func(d decimal.Decimal, r *R) string { return priceText(d) + " " + currency(r) }
	value := func(r *R, q socket.Quote) (decimal.Decimal, bool) { return marketValue(quantity(r), q) }
	pl := func(r *R, q socket.Quote) (decimal.Decimal, bool) { return unrealised(quantity(r), cost(r), q) }
	return []column[R]{
		liveDecimal(h, "market_value", "Market value", func() string { return lang.X("column.market_value", "Market value") }, 150, symbol, value, money, nil),
		liveDecimal(h, "unrealised_pl", "Unrealised P/L", func() string { return lang.X("column.unrealised_pl", "Unrealised P/L") }, 150, symbol, pl,
			func(d decimal.Decimal, _ *R) string { return signedText(d) },
			func(_ *R, _ socket.Quote, d decimal.Decimal) cellTone { return changeTone(d) }),
	}
}

func marketValue(qty api.Decimal, q socket.Quote) (decimal.Decimal, bool) {
	if !qty.Valid || q.Last.IsZero() {
		return decimal.Decimal{}, false
	}
	return qty.Value.Mul(q.Last).Round(2), true
}

func unrealised(qty, cost api.Decimal, q socket.Quote) (decimal.Decimal, bool) {
	if !qty.Valid || !cost.Valid || q.Last.IsZero() {
		return decimal.Decimal{}, false
	}
	return q.Last.Sub(cost.Value).Mul(qty.Value).Round(2), true
}

// changeTone is up for a rise, down for a fall.
func changeTone(d decimal.Decimal) cellTone {
	switch d.Sign() {
	case 1:
		return toneUp
	case -1:
		return toneDown
	}
	return toneNormal
}

// fixedText is d with the digits it has, trailing zeros kept: 226.50 stays
// 226.50, as the server sent it.
func fixedText(d decimal.Decimal) string {
	return d.StringFixed(max(-d.Exponent(), 0))
}

// priceText is d as the tables show numbers: "1,234.50".
func priceText(d decimal.Decimal) string {
	return decimalText(api.Decimal{Value: d, Raw: fixedText(d), Valid: true})
}

// signedText is a change with its sign: "+1.20", "−0.35", "0.00".
func signedText(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + priceText(d)
	}
	return priceText(d)
}

// positionTotal is what positions in one currency are worth now.
type positionTotal struct {
	currency      string
	value, pl     decimal.Decimal
	cost          decimal.Decimal // of the priced positions: quantity × cost price
	today         decimal.Decimal // quantity × (last − previous close), of those with both
	todayPriced   int             // positions in today
	priced, total int
}

// positionTotals sums market value and unrealised P/L per currency, over
// the positions with a live price.
func positionTotals[R any](rows []R, h *liveHub, symbol func(*R) string, quantity, cost func(*R) api.Decimal, currency func(*R) string) []positionTotal {
	by := map[string]*positionTotal{}
	var order []string
	for i := range rows {
		r := &rows[i]
		cur := currency(r)
		t := by[cur]
		if t == nil {
			t = &positionTotal{currency: cur}
			by[cur] = t
			order = append(order, cur)
		}
		t.total++
		q, ok := h.quote(symbol(r))
		if !ok {
			continue
		}
		v, okV := marketValue(quantity(r), q)
		p, okP := unrealised(quantity(r), cost(r), q)
		if okV && okP {
			t.value, t.pl = t.value.Add(v), t.pl.Add(p)
			t.cost = t.cost.Add(v.Sub(p))
			t.priced++
		}
		if ch, ok := q.Change(); ok && quantity(r).Valid {
			t.today = t.today.Add(ch.Mul(quantity(r).Value).Round(2))
			t.todayPriced++
		}
	}
	slices.Sort(order)
	out := make([]positionTotal, 0, len(order))
	for _, c := range order {
		out = append(out, *by[c])
	}
	return out
}

// totalsText is the totals line above the stock positions: "Market value
// 12,345.00 USD, P/L +123.00 USD · …"; empty until a price came.
func totalsText(totals []positionTotal) string {
	var parts []string
	for _, t := range totals {
		if t.priced == 0 {
			continue
		}
		data := map[string]any{"Value": priceText(t.value) + " " + t.currency, "PL": signedText(t.pl) + " " + t.currency}
		s := lang.X("portfolio.total", "{{.Value}}, P/L {{.PL}}", data)
		if t.priced < t.total {
			s += " " + lang.X("portfolio.total_partial", "({{.N}} of {{.Total}} priced)", map[string]any{"N": t.priced, "Total": t.total})
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return lang.X("portfolio.totals", "Market value: {{.Totals}}", map[string]any{"Totals": strings.Join(parts, " · ")})
}

// positionTotalLines are the totals under the stock positions, a line per
// currency: market value, unrealised P/L and its %, and today's P/L, of
// the positions priced.
func positionTotalLines(totals []positionTotal) []table.Total {
	var out []table.Total
	for _, t := range totals {
		if t.priced == 0 && t.todayPriced == 0 {
			continue
		}
		label := lang.X("table.total", "Total {{.Currency}}", map[string]any{"Currency": t.currency})
		if t.priced < t.total {
			label += " " + lang.X("portfolio.total_partial", "({{.N}} of {{.Total}} priced)", map[string]any{"N": t.priced, "Total": t.total})
		}
		figures := []table.Figure{
			{Title: lang.X("column.market_value", "Market value"), Text: priceText(t.value)},
			{Title: lang.X("column.unrealised_pl", "Unrealised P/L"), Text: signedText(t.pl), Tone: changeTone(t.pl)},
		}
		if !t.cost.IsZero() {
			pct := t.pl.Div(t.cost.Abs()).Mul(decimal.NewFromInt(100)).Round(2)
			figures = append(figures, table.Figure{Title: lang.X("column.unrealised_pct", "P/L %"), Text: signedText(pct) + "%", Tone: changeTone(pct)})
		}
		if t.todayPriced > 0 {
			figures = append(figures, table.Figure{Title: lang.X("column.today_pl", "Today's P/L"), Text: signedText(t.today), Tone: changeTone(t.today)})
		}
		out = append(out, table.Total{Label: label, Figures: figures})
	}
	return out
}
