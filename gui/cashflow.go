package gui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/portview/portview/api"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// cashFlowDays is how far back the cash flow looks by default: a year.
const cashFlowDays = 365

func directionText(d trade.Direction) string {
	switch d {
	case trade.Inflow:
		return lang.X("cashflow.in", "In")
	case trade.Outflow:
		return lang.X("cashflow.out", "Out")
	}
	return strconv.Itoa(int(d))
}

func businessTypeText(t trade.BusinessType) string {
	switch t {
	case trade.BusinessCash:
		return lang.X("cashflow.cash", "Cash")
	case trade.BusinessStock:
		return lang.X("cashflow.stock", "Stock")
	case trade.BusinessFund:
		return lang.X("cashflow.fund", "Fund")
	}
	return strconv.Itoa(int(t))
}

func cashFlowColumns() []column[trade.CashFlow] {
	dir := textColumn("direction", "Direction", func() string { return lang.X("column.direction", "Direction") }, 80,
		func(f *trade.CashFlow) string { return directionText(f.Direction) }, true)
	kind := textColumn("type", "Type", func() string { return lang.X("column.business_type", "Type") }, 80,
		func(f *trade.CashFlow) string { return businessTypeText(f.BusinessType) }, true)
	return hiddenByDefault([]column[trade.CashFlow]{
		timeColumn("time", "Time", func() string { return lang.X("column.time", "Time") }, 170, func(f *trade.CashFlow) api.Time { return f.BusinessTime }, flowMarket),
		textColumn("name", "Description", func() string { return lang.X("column.flow", "Flow") }, 200, func(f *trade.CashFlow) string { return f.Name }, true),
		dir,
		kind,
		money("amount", "Amount", func() string { return lang.X("column.amount", "Amount") }, 160, func(f *trade.CashFlow) api.Decimal { return f.Balance }, func(f *trade.CashFlow) string { return f.Currency }),
		currencyColumn(func(f *trade.CashFlow) string { return f.Currency }),
		textColumn("symbol", "Symbol", func() string { return lang.X("column.symbol", "Symbol") }, 100, func(f *trade.CashFlow) string { return f.Symbol }, true),
		textColumn("description", "Details", func() string { return lang.X("column.details", "Details") }, 260, func(f *trade.CashFlow) string { return f.Description }, true),
	}, "currency") // each amount says its currency
}

// flowMarket is the market a cash flow happened in: its security's, or
// that of its currency when it has none.
func flowMarket(f *trade.CashFlow) string {
	if m := socket.MarketOf(f.Symbol); m != "" {
		return m
	}
	return currencyMarket(f.Currency)
}

func newCashFlowView(u *UI) view {
	var p *tablePane[trade.CashFlow]
	r := newDateRange(u, "cashflow", cashFlowDays, func() {
		if p != nil && p.loaded() {
			p.load()
		}
	})
	p = newTablePane(u, tableSpec[trade.CashFlow]{
		key: "cashflow", cols: cashFlowColumns(), scope: scopeAccount, sort: "time desc",
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.CashFlow, error) {
			start, end, ok := r.bounds()
			if !ok {
				return nil, errBadRange
			}
			return c.trade.CashFlow(ctx, trade.CashFlowOptions{Start: start, End: end})
		},
		label: r.label,
		file:  func(label string) string { return "cash flow " + label }, symbol: func(f *trade.CashFlow) string { return f.Symbol },
		count: func(n int) string {
			return plural("count.flows", n, "1 entry", "{{.Total}} entries", map[string]any{"Total": thousands(n)})
		},
		loading: func() string { return lang.X("cashflow.loading", "Loading your cash flow…") },
		empty:   func() string { return lang.X("cashflow.empty", "No cash flow in this period.") },
	}, r.box)
	return newPaneView("cashflow", func() string { return lang.X("cashflow.tab", "Cash flow") }, theme.HistoryIcon(),
		namedPane{pane: p})
}
