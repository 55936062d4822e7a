package gui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// scopeOrders is the OAuth scope of orders and executions.
const scopeOrders = "10"

// historyDays is how far back the history panes look by default.
const historyDays = 90

// orderStatusText is an order's status in words.
func orderStatusText(s trade.OrderStatus) string {
	switch s {
	case trade.StatusNew:
		return lang.X("order.new", "New")
	case trade.StatusPartialFilled:
		return lang.X("order.partial", "Partly filled")
	case trade.StatusFilled:
		return lang.X("order.filled", "Filled")
	case trade.StatusRejected:
		return lang.X("order.rejected", "Rejected")
	case trade.StatusCanceled:
		return lang.X("order.cancelled", "Cancelled")
	case trade.StatusExpired:
		return lang.X("order.expired", "Expired")
	case trade.StatusWaitToCancel:
		return lang.X("order.wait_cancel", "Cancelling")
	case trade.StatusNotReported:
		return lang.X("order.not_reported", "Not reported")
	}
	return strings.TrimSuffix(string(s), "Status")
}

// orderTypeText is an order type in words; an unknown code stays as it is.
func orderTypeText(t string) string {
	switch t {
	case "LO":
		return lang.X("order_type.lo", "Limit")
	case "ELO":
		return lang.X("order_type.elo", "Enhanced limit")
	case "MO":
		return lang.X("order_type.mo", "Market")
	case "AO":
		return lang.X("order_type.ao", "At auction")
	case "ALO":
		return lang.X("order_type.alo", "At-auction limit")
	case "ODD":
		return lang.X("order_type.odd", "Odd lot")
	case "LIT":
		return lang.X("order_type.lit", "Limit if touched")
	case "MIT":
		return lang.X("order_type.mit", "Market if touched")
	case "TSLPAMT":
		return lang.X("order_type.tslpamt", "Trailing limit (amount)")
	case "TSLPPCT":
		return lang.X("order_type.tslppct", "Trailing limit (%)")
	case "TSMAMT":
		return lang.X("order_type.tsmamt", "Trailing market (amount)")
	case "TSMPCT":
		return lang.X("order_type.tsmpct", "Trailing market (%)")
	case "SLO":
		return lang.X("order_type.slo", "Special limit")
	}
	return t
}

// filled reports whether any of an order's quantity was executed.
func filled(executed api.Decimal) bool { return executed.Valid && !executed.Value.IsZero() }

func sideText(s trade.Side) string {
	switch s {
	case trade.Buy:
		return lang.X("side.buy", "Buy")
	case trade.Sell:
		return lang.X("side.sell", "Sell")
	}
	return string(s)
}

func orderColumns() []column[trade.Order] {
	cur := func(o *trade.Order) string { return o.Currency }
	status := textColumn("status", "Status", func() string { return lang.X("column.status", "Status") }, 110,
		func(o *trade.Order) string { return orderStatusText(o.Status) }, true)
	status.Tone = func(o *trade.Order) cellTone {
		if o.Status == trade.StatusRejected {
			return toneNegative
		}
		if o.Status == trade.StatusCanceled || o.Status == trade.StatusExpired {
			return toneMuted
		}
		return toneNormal
	}
	side := textColumn("side", "Side", func() string { return lang.X("column.side", "Side") }, 60,
		func(o *trade.Order) string { return sideText(o.Side) }, true)
	orderType := textColumn("type", "Type", func() string { return lang.X("column.order_type", "Type") }, 110, func(o *trade.Order) string { return orderTypeText(o.OrderType) }, true)
	avg := money("executed_price", "Average fill", func() string { return lang.X("column.executed_price", "Average fill") }, 120, func(o *trade.Order) api.Decimal { return o.ExecutedPrice }, cur)
	avgText, avgRaw := avg.Text, avg.Raw
	avg.Text = func(o *trade.Order) string {
		if !filled(o.ExecutedQuantity) {
			return "" // not a price of 0: nothing was filled
		}
		return avgText(o)
	}
	avg.Raw = func(o *trade.Order) string {
		if !filled(o.ExecutedQuantity) {
			return ""
		}
		return avgRaw(o)
	}
	// What a trader reads first (when, what, which way, where it stands,
	// at what price) fits the default window beside the detail; the name,
	// the type and the ID follow.
	return hiddenByDefault([]column[trade.Order]{
		timeColumn("submitted_at", "Submitted", func() string { return lang.X("column.submitted", "Submitted") }, 150, func(o *trade.Order) api.Time { return o.SubmittedAt },
			func(o *trade.Order) string { return socket.MarketOf(o.Symbol) }),
		textColumn("symbol", "Symbol", func() string { return lang.X("column.symbol", "Symbol") }, 90, func(o *trade.Order) string { return o.Symbol }, true),
		side,
		status,
		number("quantity", "Quantity", func() string { return lang.X("column.quantity", "Quantity") }, 80, func(o *trade.Order) api.Decimal { return o.Quantity }),
		number("executed_quantity", "Filled", func() string { return lang.X("column.filled", "Filled") }, 70, func(o *trade.Order) api.Decimal { return o.ExecutedQuantity }),
		money("price", "Price", func() string { return lang.X("column.price", "Price") }, 120, func(o *trade.Order) api.Decimal { return o.Price }, cur),
		avg,
		textColumn("name", "Name", func() string { return lang.X("column.name", "Name") }, 180, func(o *trade.Order) string { return o.StockName }, true),
		orderType,
		textColumn("id", "Order ID", func() string { return lang.X("column.order_id", "Order ID") }, 180, func(o *trade.Order) string { return string(o.OrderID) }, true),
		currencyColumn(cur),
	}, "name", "type", "id", "currency") // the detail beside the table has them
}

// The parts of an order whose name is put in the UI's language.
var (
	orderSymbol = func(o *trade.Order) string { return o.Symbol }
	orderName   = func(o *trade.Order) *string { return &o.StockName }
)

func executionColumns() []column[trade.Execution] {
	side := textColumn("side", "Side", func() string { return lang.X("column.side", "Side") }, 70,
		func(x *trade.Execution) string { return sideText(x.Side) }, true)
	return hiddenByDefault([]column[trade.Execution]{
		timeColumn("done_at", "Time", func() string { return lang.X("column.time", "Time") }, 170, func(x *trade.Execution) api.Time { return x.TradeDoneAt },
			func(x *trade.Execution) string { return socket.MarketOf(x.Symbol) }),
		textColumn("symbol", "Symbol", func() string { return lang.X("column.symbol", "Symbol") }, 100, func(x *trade.Execution) string { return x.Symbol }, true),
		side,
		number("quantity", "Quantity", func() string { return lang.X("column.quantity", "Quantity") }, 110, func(x *trade.Execution) api.Decimal { return x.Quantity }),
		number("price", "Price", func() string { return lang.X("column.price", "Price") }, 120, func(x *trade.Execution) api.Decimal { return x.Price }),
		textColumn("order_id", "Order ID", func() string { return lang.X("column.order_id", "Order ID") }, 180, func(x *trade.Execution) string { return string(x.OrderID) }, true),
		textColumn("trade_id", "Trade ID", func() string { return lang.X("column.trade_id", "Trade ID") }, 180, func(x *trade.Execution) string { return x.TradeID }, true),
	}, "trade_id")
}

// errBadRange is a date range that cannot be asked for.
var errBadRange = fmt.Errorf("the date range is not valid")

// progressText says how far a history load has come.
func progressText(what string, p trade.Progress) string {
	return lang.X("history.progress", "Loading {{.What}}: {{.Done}} periods done, {{.Pending}} to go, {{.Rows}} so far…",
		map[string]any{"What": what, "Done": p.Done, "Pending": p.Pending, "Rows": thousands(p.Rows)})
}

// ordersView is today's orders, past orders, and the fills of both, with
// the detail of the order selected.
type ordersView struct {
	*paneView
	detail       *orderDetail
	historyRange *dateRange // the history's From / To
}

func newOrdersView(u *UI) view {
	v := &ordersView{detail: newOrderDetail(u)}
	countOrders := func(n int) string {
		return plural("count.orders", n, "1 order", "{{.Total}} orders", map[string]any{"Total": thousands(n)})
	}
	countFills := func(n int) string {
		return plural("count.fills", n, "1 fill", "{{.Total}} fills", map[string]any{"Total": thousands(n)})
	}
	loading := func() string { return lang.X("orders.loading", "Loading your orders…") }
	onSelect := func(o *trade.Order) { v.detail.show(o) }
	onSelectFill := func(x *trade.Execution) { v.detail.showFill(x) }

	today := newTablePane(u, tableSpec[trade.Order]{
		key: "orders.today", cols: orderColumns(), scope: scopeOrders, sort: "submitted_at desc",
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.Order, error) {
			rows, err := c.trade.TodayOrders(ctx, trade.OrderFilter{})
			localNames(ctx, c, u.lang.Code, rows, orderSymbol, orderName)
			return rows, err
		},
		file: func(string) string { return "orders today" }, symbol: func(o *trade.Order) string { return o.Symbol },
		count: countOrders, loading: loading, onSelect: onSelect,
		empty: func() string { return lang.X("orders.none_today", "No orders today.") },
	}, nil)

	var historyPane *tablePane[trade.Order]
	hr := newDateRange(u, "orders.history", historyDays, func() {
		if historyPane != nil && historyPane.loaded() {
			historyPane.load()
		}
	})
	v.historyRange = hr
	historyPane = newTablePane(u, tableSpec[trade.Order]{
		key: "orders.history", cols: orderColumns(), scope: scopeOrders, sort: "submitted_at desc",
		fetch: func(ctx context.Context, c *clients, progress func(func() string)) ([]trade.Order, error) {
			start, end, ok := hr.bounds()
			if !ok {
				return nil, errBadRange
			}
			rows, err := c.trade.AllHistoryOrders(ctx, trade.OrderFilter{}, start, end, func(p trade.Progress) {
				progress(func() string { return progressText(lang.X("history.orders", "orders"), p) })
			})
			localNames(ctx, c, u.lang.Code, rows, orderSymbol, orderName)
			return rows, err
		},
		label: hr.label,
		file:  func(label string) string { return "orders " + label }, symbol: func(o *trade.Order) string { return o.Symbol },
		count: countOrders, loading: loading, onSelect: onSelect,
		empty: func() string { return lang.X("orders.none_range", "No orders in this period.") },
	}, hr.box)

	fillsToday := newTablePane(u, tableSpec[trade.Execution]{
		key: "orders.fills_today", cols: executionColumns(), scope: scopeOrders, sort: "done_at desc",
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]trade.Execution, error) {
			return c.trade.TodayExecutions(ctx, "", "")
		},
		file: func(string) string { return "fills today" }, symbol: func(x *trade.Execution) string { return x.Symbol },
		count: countFills, loading: loading, onSelect: onSelectFill,
		empty: func() string { return lang.X("orders.no_fills_today", "No fills today.") },
	}, nil)

	var fillsPane *tablePane[trade.Execution]
	fr := newDateRange(u, "orders.fills_history", historyDays, func() {
		if fillsPane != nil && fillsPane.loaded() {
			fillsPane.load()
		}
	})
	fillsPane = newTablePane(u, tableSpec[trade.Execution]{
		key: "orders.fills_history", cols: executionColumns(), scope: scopeOrders, sort: "done_at desc",
		fetch: func(ctx context.Context, c *clients, progress func(func() string)) ([]trade.Execution, error) {
			start, end, ok := fr.bounds()
			if !ok {
				return nil, errBadRange
			}
			return c.trade.AllHistoryExecutions(ctx, "", start, end, func(p trade.Progress) {
				progress(func() string { return progressText(lang.X("history.fills", "fills"), p) })
			})
		},
		label: fr.label,
		file:  func(label string) string { return "fills " + label }, symbol: func(x *trade.Execution) string { return x.Symbol },
		count: countFills, loading: loading, onSelect: onSelectFill,
		empty: func() string { return lang.X("orders.no_fills_range", "No fills in this period.") },
	}, fr.box)

	v.paneView = newPaneView("orders", func() string { return lang.X("orders.tab", "Orders") }, theme.DocumentIcon(),
		namedPane{lang.X("orders.today", "Today"), today},
		namedPane{lang.X("orders.history", "History"), historyPane},
		namedPane{lang.X("orders.fills_today", "Fills today"), fillsToday},
		namedPane{lang.X("orders.fills_history", "Past fills"), fillsPane})
	// The detail follows the pane on screen: its selected row, or the hint.
	paneShown := v.tabs.OnSelected
	v.tabs.OnSelected = func(ti *container.TabItem) {
		if paneShown != nil {
			paneShown(ti)
		}
		switch p := v.current().(type) {
		case *tablePane[trade.Order]:
			v.detail.show(p.selected())
		case *tablePane[trade.Execution]:
			v.detail.showFill(p.selected())
		}
	}
	// Beside the table, the detail leaves the columns a trader reads first
	// in view at the default width (see orderColumns).
	split := container.NewHSplit(v.tabs, v.detail.content)
	split.Offset = 0.77
	v.item.Content = split
	v.rememberPane(u.cfg.Prefs, 0)
	return v
}

func (v *ordersView) clear() {
	v.paneView.clear()
	v.detail.show(nil)
}

// orderDetail is the panel beside the orders: the selected order's fees and
// the states it went through, loaded when it is selected.
type orderDetail struct {
	ui      *UI
	ld      loader
	title   *widget.Label
	body    *widget.Label
	content fyne.CanvasObject
}

func newOrderDetail(u *UI) *orderDetail {
	d := &orderDetail{ui: u, ld: loader{ui: u, name: "order detail"},
		title: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		body:  &widget.Label{Wrapping: fyne.TextWrapWord}}
	d.content = container.NewBorder(d.title, nil, nil, nil, container.NewVScroll(d.body))
	d.show(nil)
	return d
}

// show loads and shows the detail of o, or a hint when o is nil.
func (d *orderDetail) show(o *trade.Order) {
	if o == nil {
		d.showHint()
		return
	}
	d.load(o.OrderID, o.Symbol+" · "+sideText(o.Side)+" · "+orderStatusText(o.Status))
}

// showFill shows the order a fill belongs to, or the hint when x is nil.
func (d *orderDetail) showFill(x *trade.Execution) {
	if x == nil {
		d.showHint()
		return
	}
	d.load(x.OrderID, lang.X("detail.fill_title", "{{.Symbol}} · {{.Side}} · order of this fill", map[string]any{"Symbol": x.Symbol, "Side": sideText(x.Side)}))
}

func (d *orderDetail) showHint() {
	d.ld.stop()
	d.title.SetText(lang.X("detail.title", "Order detail"))
	d.body.SetText(lang.X("detail.hint", "Select an order or a fill to see the order's fees and the states it went through."))
}

// load loads and shows the detail of order id under title.
func (d *orderDetail) load(id api.ID, title string) {
	d.ld.stop()
	d.title.SetText(title)
	d.body.SetText(lang.X("detail.loading", "Loading…"))
	d.ld.start(func(ctx context.Context, c *clients) (any, error) {
		o, err := c.trade.OrderDetail(ctx, id)
		if err == nil {
			one := []trade.Order{o.Order}
			localNames(ctx, c, d.ui.lang.Code, one, orderSymbol, orderName)
			o.StockName = one[0].StockName
		}
		return o, err
	}, func(v any, err error) {
		if err != nil {
			d.body.SetText(quoteErrorText(err, d.ui.cfg.Clock.Now(), d.ui.cfg.LogPath))
			return
		}
		d.body.SetText(orderDetailText(v.(trade.OrderDetail)))
	})
}

// orderDetailText lays an order's detail out for reading.
func orderDetailText(o trade.OrderDetail) string {
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, value)
		}
	}
	line(lang.X("column.name", "Name"), o.StockName)
	line(lang.X("column.order_id", "Order ID"), string(o.OrderID))
	line(lang.X("column.order_type", "Type"), orderTypeText(o.OrderType))
	line(lang.X("column.quantity", "Quantity"), decimalText(o.Quantity))
	if filled(o.ExecutedQuantity) {
		line(lang.X("column.filled", "Filled"), decimalText(o.ExecutedQuantity))
		line(lang.X("column.executed_price", "Average fill"), moneyText(o.ExecutedPrice, o.Currency))
	} else {
		line(lang.X("column.filled", "Filled"), lang.X("detail.not_filled", "not filled"))
	}
	if o.Price.Valid && !o.Price.Value.IsZero() {
		line(lang.X("column.price", "Price"), moneyText(o.Price, o.Currency))
	}
	line(lang.X("column.submitted", "Submitted"), marketTimeZoned(o.SubmittedAt, socket.MarketOf(o.Symbol)))
	line(lang.X("detail.message", "Message"), o.Msg)
	if o.ChargeDetail != nil {
		fmt.Fprintf(&b, "\n%s: %s\n", lang.X("detail.fees", "Fees"), moneyText(o.ChargeDetail.TotalAmount, o.ChargeDetail.Currency))
		for _, item := range o.ChargeDetail.Items {
			for _, f := range item.Fees {
				fmt.Fprintf(&b, "  • %s: %s\n", f.Name, moneyText(f.Amount, f.Currency))
			}
		}
	}
	if len(o.History) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", lang.X("detail.history", "History"))
		for _, h := range o.History {
			fmt.Fprintf(&b, "  • %s · %s", marketTimeZoned(h.Time, socket.MarketOf(o.Symbol)), orderStatusText(h.Status))
			if filled(h.Quantity) {
				fmt.Fprintf(&b, " · %s × %s", decimalText(h.Quantity), decimalText(h.Price))
			}
			if h.Msg != "" {
				fmt.Fprintf(&b, " · %s", h.Msg)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
