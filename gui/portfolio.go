package gui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// scopeAccount is the OAuth scope of balances and positions.
const scopeAccount = "6"

// money is a column of an amount in a currency: shown with separators and
// the currency, exported as the bare number, sorted by value, red when
// negative.
func money[R any](key, csv string, title func() string, width float32, amount func(*R) api.Decimal, currency func(*R) string) column[R] {
	return column[R]{Key: key, Title: title, CSV: csv, Width: width, Align: fyne.TextAlignTrailing,
		Text:    func(r *R) string { return moneyText(amount(r), currency(r)) },
		Raw:     func(r *R) string { return decimalRaw(amount(r)) },
		Compare: func(a, b *R) int { return compareDecimals(amount(a), amount(b)) },
		Tone:    func(r *R) cellTone { return signTone(amount(r)) }}
}

// number is a column of a quantity or price without a currency.
func number[R any](key, csv string, title func() string, width float32, value func(*R) api.Decimal) column[R] {
	return column[R]{Key: key, Title: title, CSV: csv, Width: width, Align: fyne.TextAlignTrailing,
		Text:    func(r *R) string { return decimalText(value(r)) },
		Raw:     func(r *R) string { return decimalRaw(value(r)) },
		Compare: func(a, b *R) int { return compareDecimals(value(a), value(b)) },
		Tone:    func(r *R) cellTone { return signTone(value(r)) }}
}

// textColumn is a plain text column.
func textColumn[R any](key, csv string, title func() string, width float32, text func(*R) string, search bool) column[R] {
	return column[R]{Key: key, Title: title, CSV: csv, Width: width, Text: text, Search: search}
}

// timeColumn is a moment in local time, or in its market's exchange's
// (market nil: always local) as the Times setting says; its title names
// the zone.
func timeColumn[R any](key, csv string, title func() string, width float32, t func(*R) api.Time, market func(*R) string) column[R] {
	zoneTitled := marketTimeTitle
	if market == nil {
		market, zoneTitled = func(*R) string { return "" }, zoneTitle // no exchange's zone: local
	}
	return column[R]{Key: key, CSV: csv, Width: width,
		Title:   func() string { return zoneTitled(title()) },
		Text:    func(r *R) string { return marketTimeText(t(r), market(r)) },
		Raw:     func(r *R) string { return marketTimeRaw(t(r), market(r)) },
		Compare: func(a, b *R) int { return compareTimes(t(a), t(b)) }}
}

// currencyColumn is the row's currency; exported even when hidden, since
// amounts are written to CSV as bare numbers.
func currencyColumn[R any](currency func(*R) string) column[R] {
	c := textColumn("currency", "Currency", func() string { return lang.X("column.currency", "Currency") }, 90, currency, true)
	c.Exported = true
	return c
}

// riskLevelText is an account's risk level in words.
func riskLevelText(level string) string {
	switch level {
	case "", "0":
		return lang.X("risk.safe", "Safe")
	case "1":
		return lang.X("risk.medium", "Medium risk")
	case "2":
		return lang.X("risk.warning", "Early warning")
	case "3":
		return lang.X("risk.danger", "Danger")
	}
	return level
}

func balanceColumns() []column[trade.AccountBalance] {
	cur := func(b *trade.AccountBalance) string { return b.Currency }
	m := func(key, csv string, title func() string, f func(*trade.AccountBalance) api.Decimal) column[trade.AccountBalance] {
		return money(key, csv, title, 150, f, cur)
	}
	risk := textColumn("risk_level", "Risk level", func() string { return lang.X("column.risk_level", "Risk level") }, 120,
		func(b *trade.AccountBalance) string { return riskLevelText(b.RiskLevel) }, true)
	risk.Tone = func(b *trade.AccountBalance) cellTone {
		if b.RiskLevel == "2" || b.RiskLevel == "3" {
			return toneNegative
		}
		return toneNormal
	}
	return hiddenByDefault([]column[trade.AccountBalance]{
		currencyColumn(cur),
		m("net_assets", "Net assets", func() string { return lang.X("column.net_assets", "Net assets") }, func(b *trade.AccountBalance) api.Decimal { return b.NetAssets }),
		m("total_cash", "Total cash", func() string { return lang.X("column.total_cash", "Total cash") }, func(b *trade.AccountBalance) api.Decimal { return b.TotalCash }),
		m("buy_power", "Buying power", func() string { return lang.X("column.buy_power", "Buying power") }, func(b *trade.AccountBalance) api.Decimal { return b.BuyPower }),
		m("max_finance", "Financing limit", func() string { return lang.X("column.max_finance", "Financing limit") }, func(b *trade.AccountBalance) api.Decimal { return b.MaxFinanceAmount }),
		m("remaining_finance", "Financing left", func() string { return lang.X("column.remaining_finance", "Financing left") }, func(b *trade.AccountBalance) api.Decimal { return b.RemainingFinanceAmount }),
		risk,
		m("margin_call", "Margin call", func() string { return lang.X("column.margin_call", "Margin call") }, func(b *trade.AccountBalance) api.Decimal { return b.MarginCall }),
	}, "max_finance") // what is left of the financing says more than its limit
}

func cashColumns() []column[trade.CashInfo] {
	cur := func(c *trade.CashInfo) string { return c.Currency }
	m := func(key, csv string, title func() string, f func(*trade.CashInfo) api.Decimal) column[trade.CashInfo] {
		return money(key, csv, title, 170, f, cur)
	}
	return []column[trade.CashInfo]{
		currencyColumn(cur),
		m("available", "Available", func() string { return lang.X("column.available_cash", "Available") }, func(c *trade.CashInfo) api.Decimal { return c.AvailableCash }),
		m("withdrawable", "Withdrawable", func() string { return lang.X("column.withdraw_cash", "Withdrawable") }, func(c *trade.CashInfo) api.Decimal { return c.WithdrawCash }),
		m("frozen", "Frozen", func() string { return lang.X("column.frozen_cash", "Frozen") }, func(c *trade.CashInfo) api.Decimal { return c.FrozenCash }),
		m("settling", "Settling", func() string { return lang.X("column.settling_cash", "Settling") }, func(c *trade.CashInfo) api.Decimal { return c.SettlingCash }),
	}
}

// The parts of a stock position the live columns and totals read.
var (
	stockSymbol   = func(p *trade.StockPosition) string { return p.Symbol }
	stockQuantity = func(p *trade.StockPosition) api.Decimal { return p.Quantity }
	stockCost     = func(p *trade.StockPosition) api.Decimal { return p.CostPrice }
	stockCurrency = func(p *trade.StockPosition) string { return p.Currency }
)

// stockOrder is the order of the positions' columns: what a trader reads
// first (how much, at what price, what it is worth and made), then the rest.
var stockOrder = []string{"symbol", "name", "quantity", "last", "change_pct", "market_value", "unrealised_pl",
	"unrealised_pct", "today_pl", "cost_price", "available", "change", "volume", "turnover", "currency", "market", "channel"}

func stockColumns(h *liveHub) []column[trade.StockPosition] {
	cur := stockCurrency
	cols := slices.Concat([]column[trade.StockPosition]{
		textColumn("symbol", "Symbol", func() string { return lang.X("column.symbol", "Symbol") }, 90, stockSymbol, true),
		textColumn("name", "Name", func() string { return lang.X("column.name", "Name") }, 170, func(p *trade.StockPosition) string { return p.SymbolName }, true),
		number("quantity", "Quantity", func() string { return lang.X("column.quantity", "Quantity") }, 80, stockQuantity),
		number("available", "Available", func() string { return lang.X("column.available_quantity", "Available") }, 100, func(p *trade.StockPosition) api.Decimal { return p.AvailableQuantity }),
		number("cost_price", "Cost price", func() string { return lang.X("column.cost_price", "Cost price") }, 95, stockCost),
	}, quoteColumns(h, stockSymbol), positionColumns(h, stockSymbol, stockQuantity, stockCost, cur), []column[trade.StockPosition]{
		liveDecimal(h, "unrealised_pct", "Unrealised P/L %", func() string { return lang.X("column.unrealised_pct", "P/L %") }, 75, stockSymbol,
			func(p *trade.StockPosition, q socket.Quote) (decimal.Decimal, bool) {
				pl, ok := unrealised(p.Quantity, p.CostPrice, q)
				basis := p.CostPrice.Value.Mul(p.Quantity.Value).Abs()
				if !ok || basis.IsZero() {
					return decimal.Decimal{}, false
				}
				return pl.Div(basis).Mul(decimal.NewFromInt(100)).Round(2), true
			},
			func(d decimal.Decimal, _ *trade.StockPosition) string { return signedText(d) + "%" },
			func(_ *trade.StockPosition, _ socket.Quote, d decimal.Decimal) cellTone { return changeTone(d) }),
		liveDecimal(h, "today_pl", "Today's P/L", func() string { return lang.X("column.today_pl", "Today's P/L") }, 105, stockSymbol,
			func(p *trade.StockPosition, q socket.Quote) (decimal.Decimal, bool) {
				ch, ok := q.Change()
				if !ok || !p.Quantity.Valid {
					return decimal.Decimal{}, false
				}
				return ch.Mul(p.Quantity.Value).Round(2), true
			},
			func(d decimal.Decimal, _ *trade.StockPosition) string { return signedText(d) },
			func(_ *trade.StockPosition, _ socket.Quote, d decimal.Decimal) cellTone { return changeTone(d) }),
		currencyColumn(cur),
		textColumn("market", "Market", func() string { return lang.X("column.market", "Market") }, 80, func(p *trade.StockPosition) string { return string(p.Market) }, true),
		textColumn("channel", "Account channel", func() string { return lang.X("column.channel", "Account") }, 140, func(p *trade.StockPosition) string { return channelText(p.AccountChannel) }, true),
	})
	// The ten columns a trader reads first fit the default window: the
	// row's currency is said once, by its market value (and in the
	// column chooser's Currency); the P/L and the cost are bare numbers.
	// The shared live columns are narrower here than in the watchlist.
	cols = withWidths(cols, map[string]float32{"last": 85, "change_pct": 85, "unrealised_pl": 115})
	return hiddenByDefault(inOrder(cols, stockOrder), "available", "change", "volume", "turnover", "currency", "market", "channel")
}

// hiddenByDefault leaves the columns of keys out of a table's default set,
// so that what is left fits the default window; they are a right-click on
// a header away, in the column chooser.
func hiddenByDefault[R any](cols []column[R], keys ...string) []column[R] {
	for i := range cols {
		if slices.Contains(keys, cols[i].Key) {
			cols[i].Hidden = true
		}
	}
	return cols
}

// withWidths sets the widths of the columns named in widths.
func withWidths[R any](cols []column[R], widths map[string]float32) []column[R] {
	for i := range cols {
		if w, ok := widths[cols[i].Key]; ok {
			cols[i].Width = w
		}
	}
	return cols
}

// inOrder is cols in the order of keys; columns keys does not name follow.
func inOrder[R any](cols []column[R], keys []string) []column[R] {
	out := make([]column[R], 0, len(cols))
	for _, k := range keys {
		if i := slices.IndexFunc(cols, func(c column[R]) bool { return c.Key == k }); i >= 0 {
			out = append(out, cols[i])
		}
	}
	for _, c := range cols {
		if !slices.Contains(keys, c.Key) {
			out = append(out, c)
		}
	}
	return out
}

// channelText is an account channel as a reader knows it: LongPort's
// "lb" is its Longbridge account.
func channelText(ch string) string {
	if ch == "lb" {
		return lang.X("channel.lb", "Longbridge")
	}
	return ch
}

func fundColumns() []column[trade.FundPosition] {
	cur := func(p *trade.FundPosition) string { return p.Currency }
	nav := timeColumn("nav_day", "NAV date", func() string { return lang.X("column.nav_day", "NAV date") }, 170, func(p *trade.FundPosition) api.Time { return p.NetAssetValueDay }, nil)
	return hiddenByDefault([]column[trade.FundPosition]{
		textColumn("symbol", "ISIN", func() string { return lang.X("column.isin", "ISIN") }, 140, func(p *trade.FundPosition) string { return p.Symbol }, true),
		textColumn("name", "Name", func() string { return lang.X("column.name", "Name") }, 240, func(p *trade.FundPosition) string { return p.SymbolName }, true),
		number("units", "Units", func() string { return lang.X("column.units", "Units") }, 110, func(p *trade.FundPosition) api.Decimal { return p.HoldingUnits }),
		money("nav", "NAV", func() string { return lang.X("column.nav", "Net asset value") }, 150, func(p *trade.FundPosition) api.Decimal { return p.CurrentNetAssetValue }, cur),
		money("cost_nav", "Cost NAV", func() string { return lang.X("column.cost_nav", "Cost NAV") }, 150, func(p *trade.FundPosition) api.Decimal { return p.CostNetAssetValue }, cur),
		nav,
		currencyColumn(cur),
		textColumn("channel", "Account channel", func() string { return lang.X("column.channel", "Account") }, 140, func(p *trade.FundPosition) string { return channelText(p.AccountChannel) }, true),
	}, "channel")
}

// cashByCurrency is the cash of the account in each currency, once each:
// every currency view of the balance repeats it.
func cashByCurrency(balances []trade.AccountBalance) []trade.CashInfo {
	var out []trade.CashInfo
	seen := map[string]bool{}
	for _, b := range balances {
		for _, c := range b.CashInfos {
			if !seen[c.Currency] {
				seen[c.Currency] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func newPortfolioView(u *UI) view {
	var balance shared[[]trade.AccountBalance]
	var v *paneView
	// Balances and cash come from one request: either pane's Reload
	// reloads the view, so that the request goes again.
	reloadAll := func() { v.load() }
	ov := newOverview(u)
	ov.shown = func() bool { return u.currentView() == view(v) && !minimised(u.win) } // as a pane's onScreen
	getBalance := func(ctx context.Context, c *clients) ([]trade.AccountBalance, error) {
		return balance.get(ctx, func(ctx context.Context) ([]trade.AccountBalance, error) {
			b, err := c.trade.AccountBalance(ctx, "")
			if err == nil {
				u.do(func() { ov.setBalances(b) })
			}
			return b, err
		})
	}
	currencies := func(n int) string {
		return plural("count.currencies", n, "1 currency", "{{.Total}} currencies", map[string]any{"Total": thousands(n)})
	}
	positions := func(n int) string {
		return plural("count.positions", n, "1 position", "{{.Total}} positions", map[string]any{"Total": thousands(n)})
	}
	loading := func() string { return lang.X("portfolio.loading", "Loading your portfolio…") }
	balances := newTablePane(u, tableSpec[trade.AccountBalance]{
		key: "portfolio.balances", cols: balanceColumns(), scope: scopeAccount, reload: reloadAll,
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.AccountBalance, error) {
			return getBalance(ctx, c)
		},
		file:  func(string) string { return "balances" },
		count: currencies, loading: loading,
		empty: func() string { return lang.X("portfolio.no_balance", "LongPort reported no balance for this account.") },
	}, nil)
	cash := newTablePane(u, tableSpec[trade.CashInfo]{
		key: "portfolio.cash", cols: cashColumns(), scope: scopeAccount, reload: reloadAll,
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.CashInfo, error) {
			b, err := getBalance(ctx, c)
			return cashByCurrency(b), err
		},
		file:  func(string) string { return "cash" },
		count: currencies, loading: loading,
		empty: func() string { return lang.X("portfolio.no_cash", "No cash in this account.") },
	}, nil)
	stocks := newTablePane(u, tableSpec[trade.StockPosition]{
		key: "portfolio.stocks", cols: stockColumns(u.live), scope: scopeAccount,
		live:   true,
		onLive: ov.follow,
		totals: func(rows []trade.StockPosition) []table.Total {
			return positionTotalLines(positionTotals(rows, u.live, stockSymbol, stockQuantity, stockCost, stockCurrency))
		},
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.StockPosition, error) {
			rows, err := c.trade.StockPositions(ctx)
			localNames(ctx, c, u.lang.Code, rows, stockSymbol, func(p *trade.StockPosition) *string { return &p.SymbolName })
			return rows, err
		},
		file: func(string) string { return "stock positions" }, symbol: func(p *trade.StockPosition) string { return p.Symbol },
		count: positions, loading: loading,
		empty: func() string { return lang.X("portfolio.no_stocks", "You hold no stocks.") },
	}, nil)
	funds := newTablePane(u, tableSpec[trade.FundPosition]{
		key: "portfolio.funds", cols: fundColumns(), scope: scopeAccount,
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.FundPosition, error) {
			return c.trade.FundPositions(ctx)
		},
		file: func(string) string { return "fund positions" }, symbol: func(p *trade.FundPosition) string { return p.Symbol },
		count: positions, loading: loading,
		empty: func() string { return lang.X("portfolio.no_funds", "You hold no funds.") },
	}, nil)
	v = newPaneView("portfolio", func() string { return lang.X("portfolio.tab", "Portfolio") }, theme.AccountIcon(),
		namedPane{lang.X("portfolio.balances", "Balances"), balances},
		namedPane{lang.X("portfolio.cash", "Cash"), cash},
		namedPane{lang.X("portfolio.stocks", "Stocks"), stocks},
		namedPane{lang.X("portfolio.funds", "Funds"), funds})
	// The overview above says what the balances would; the positions are
	// what a trader opens the portfolio for.
	v.rememberPane(u.cfg.Prefs, 2)
	v.onLoad = balance.reset
	v.onClear = ov.clear
	v.item.Content = container.NewBorder(ov.content, nil, nil, nil, v.tabs)
	return v
}
