package tradetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/internal/simmarket"
)

// The wire shapes: every amount, quantity and time a string, as LongPort
// sends them (longport-api.md §1.4, §2).

// Balance is the account in one currency view.
type Balance struct {
	TotalCash              string                 `json:"total_cash"`
	MaxFinanceAmount       string                 `json:"max_finance_amount"`
	RemainingFinanceAmount string                 `json:"remaining_finance_amount"`
	RiskLevel              string                 `json:"risk_level"`
	MarginCall             string                 `json:"margin_call"`
	Currency               string                 `json:"currency"`
	NetAssets              string                 `json:"net_assets"`
	InitMargin             string                 `json:"init_margin"`
	MaintenanceMargin      string                 `json:"maintenance_margin"`
	BuyPower               string                 `json:"buy_power"`
	CashInfos              []CashInfo             `json:"cash_infos"`
	FrozenTransactionFees  []FrozenTransactionFee `json:"frozen_transaction_fees"` // always sent: Rust requires it
}

// CashInfo is the cash in one currency.
type CashInfo struct {
	WithdrawCash  string `json:"withdraw_cash"`
	AvailableCash string `json:"available_cash"`
	FrozenCash    string `json:"frozen_cash"`
	SettlingCash  string `json:"settling_cash"`
	Currency      string `json:"currency"`
}

// FrozenTransactionFee is a fee held for unsettled orders.
type FrozenTransactionFee struct {
	Currency string `json:"currency"`
	Fee      string `json:"frozen_transaction_fee"`
}

// Stock is a stock position.
type Stock struct {
	Symbol            string `json:"symbol"`
	SymbolName        string `json:"symbol_name"`
	Currency          string `json:"currency"`
	Quantity          string `json:"quantity"`
	AvailableQuantity string `json:"available_quantity"`
	CostPrice         string `json:"cost_price"`
	Market            string `json:"market"`
	InitQuantity      string `json:"init_quantity"`
}

// Fund is a fund position.
type Fund struct {
	Symbol               string `json:"symbol"`
	SymbolName           string `json:"symbol_name"`
	Currency             string `json:"currency"`
	HoldingUnits         string `json:"holding_units"`
	CurrentNetAssetValue string `json:"current_net_asset_value"`
	CostNetAssetValue    string `json:"cost_net_asset_value"`
	NetAssetValueDay     string `json:"net_asset_value_day"`
}

// Order is an order with the keys of order detail; the list endpoints
// send the Order part alone.
type Order struct {
	OrderID          string `json:"order_id"`
	Status           string `json:"status"`
	StockName        string `json:"stock_name"`
	Quantity         string `json:"quantity"`
	ExecutedQuantity string `json:"executed_quantity"`
	Price            string `json:"price"`
	ExecutedPrice    string `json:"executed_price"`
	SubmittedAt      string `json:"submitted_at"`
	Side             string `json:"side"`
	Symbol           string `json:"symbol"`
	OrderType        string `json:"order_type"`
	LastDone         string `json:"last_done"`
	TriggerPrice     string `json:"trigger_price"`
	Msg              string `json:"msg"`
	Tag              string `json:"tag"`
	TimeInForce      string `json:"time_in_force"`
	ExpireDate       string `json:"expire_date"`
	UpdatedAt        string `json:"updated_at"`
	TriggerAt        string `json:"trigger_at"`
	TrailingAmount   string `json:"trailing_amount"`
	TrailingPercent  string `json:"trailing_percent"`
	LimitOffset      string `json:"limit_offset"`
	TriggerStatus    string `json:"trigger_status"`
	Currency         string `json:"currency"`
	OutsideRTH       string `json:"outside_rth"`
	LimitDepthLevel  int    `json:"limit_depth_level"`
	TriggerCount     int    `json:"trigger_count"`
	MonitorPrice     string `json:"monitor_price"`
	Remark           string `json:"remark"`

	History      []OrderHistory `json:"-"` // newest first, sent by order detail only
	ChargeDetail *ChargeDetail  `json:"-"`
}

// OrderHistory is a state an order went through.
type OrderHistory struct {
	Price    string `json:"price"`
	Quantity string `json:"quantity"`
	Status   string `json:"status"`
	Msg      string `json:"msg"`
	Time     string `json:"time"`
}

// ChargeDetail is an order's fees.
type ChargeDetail struct {
	TotalAmount string       `json:"total_amount"`
	Currency    string       `json:"currency"`
	Items       []ChargeItem `json:"items"`
}

// ChargeItem is a group of fees.
type ChargeItem struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Fees []Fee  `json:"fees"`
}

// Fee is one fee.
type Fee struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Execution is a fill.
type Execution struct {
	OrderID     string `json:"order_id"`
	TradeID     string `json:"trade_id"`
	Symbol      string `json:"symbol"`
	TradeDoneAt string `json:"trade_done_at"`
	Quantity    string `json:"quantity"`
	Price       string `json:"price"`
	Side        string `json:"side"`
}

// CashFlow is a cash movement; direction and business type are JSON integers.
type CashFlow struct {
	Name         string `json:"transaction_flow_name"`
	Direction    int    `json:"direction"`
	BusinessType int    `json:"business_type"`
	Balance      string `json:"balance"`
	Currency     string `json:"currency"`
	BusinessTime string `json:"business_time"`
	Symbol       string `json:"symbol"`
	Description  string `json:"description"`
}

// Account is everything the trade fake serves for one user.
type Account struct {
	Channel    string // the account channel of every position, "lb"
	Balances   []Balance
	Stocks     []Stock
	Funds      []Fund
	Orders     []Order // today's and history, in no order
	Executions []Execution
	CashFlows  []CashFlow
	// Today is when today's orders start: history orders end before it.
	Today time.Time
}

// FirstOrderID is the id of the sandbox account's first history order.
const FirstOrderID = 1090000000000000000

type listing struct {
	symbol, name, market, currency string
	lot                            int
}

var listings = []listing{
	{"AAPL.US", "Apple", "US", "USD", 1},
	{"MSFT.US", "Microsoft", "US", "USD", 1},
	{"NVDA.US", "NVIDIA", "US", "USD", 1},
	{"TSLA.US", "Tesla", "US", "USD", 1},
	{"KO.US", "Coca-Cola", "US", "USD", 1},
	{"700.HK", "Tencent", "HK", "HKD", 100},
	{"9988.HK", "Alibaba-W", "HK", "HKD", 100},
	{"3690.HK", "Meituan-W", "HK", "HKD", 100},
	{"5.HK", "HSBC Holdings", "HK", "HKD", 400},
}

func ts(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// Sandbox returns the sandbox account as of now, its prices those of the
// sandbox's market (simmarket, SandboxSeed): about a hundred orders over
// three months, placed in their market's sessions near its price that day
// (filled, partly filled, cancelled, rejected, expired, and some of
// today's still working), their fills at their limit or better, stock
// positions that are the sum of those fills, balances in USD and HKD, a
// money-market fund, and a year of cash flow with a settlement for each
// fill. The same now always gives the same account.
func Sandbox(now time.Time) *Account {
	return SandboxOf(simmarket.New(simmarket.SandboxSeed), now)
}

// SandboxOf is Sandbox with the prices of market m.
func SandboxOf(m *simmarket.Market, now time.Time) *Account {
	now = now.UTC().Truncate(time.Second)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	a := &Account{Channel: "lb", Today: today}
	a.Balances = []Balance{
		{TotalCash: "25031.77", MaxFinanceAmount: "100000.00", RemainingFinanceAmount: "100000.00", RiskLevel: "0",
			MarginCall: "0", Currency: "USD", NetAssets: "61420.05", InitMargin: "0", MaintenanceMargin: "0", BuyPower: "25031.77",
			CashInfos: []CashInfo{
				{WithdrawCash: "24810.00", AvailableCash: "25031.77", FrozenCash: "0.00", SettlingCash: "-221.77", Currency: "USD"},
				{WithdrawCash: "40120.50", AvailableCash: "41005.50", FrozenCash: "885.00", SettlingCash: "0.00", Currency: "HKD"},
			},
			FrozenTransactionFees: []FrozenTransactionFee{}},
		{TotalCash: "195620.42", MaxFinanceAmount: "780000.00", RemainingFinanceAmount: "780000.00", RiskLevel: "0",
			MarginCall: "0", Currency: "HKD", NetAssets: "480047.91", InitMargin: "0", MaintenanceMargin: "0", BuyPower: "195620.42",
			CashInfos: []CashInfo{
				{WithdrawCash: "24810.00", AvailableCash: "25031.77", FrozenCash: "0.00", SettlingCash: "-221.77", Currency: "USD"},
				{WithdrawCash: "40120.50", AvailableCash: "41005.50", FrozenCash: "885.00", SettlingCash: "0.00", Currency: "HKD"},
			},
			FrozenTransactionFees: []FrozenTransactionFee{{Currency: "HKD", Fee: "12.50"}}},
	}
	a.Funds = []Fund{
		{"HK0000584737", "Sample USD Money Fund", "USD", "250.00", "10.4821", "10.3000", ts(today.AddDate(0, 0, -1))},
	}
	rng := rand.New(rand.NewPCG(2024, 6))
	g := newBook(m, rng)
	// An opening buy of every listing, so the portfolio holds them all.
	g.opening(now.AddDate(0, 0, -90), today.Add(-time.Second))
	g.place(100-len(listings), now.AddDate(0, 0, -90), today.Add(-time.Second), "", true)
	g.mark()
	g.place(6, today, now, "today", true)
	a.Orders, a.Executions, a.Stocks = g.orders, g.fills, g.positions()
	a.CashFlows = cashFlows(rng, now, a.Executions)
	return a
}

// Orders returns n made-up history orders submitted from start to end and
// their fills, for tests that need more than one answer holds. Their
// times are anywhere in the range, sessions or not; their prices are the
// sandbox market's.
func Orders(n int, start, end time.Time) ([]Order, []Execution) {
	g := newBook(simmarket.New(simmarket.SandboxSeed), rand.New(rand.NewPCG(uint64(n), 7)))
	g.place(n, start, end, "bulk", false)
	return g.orders, g.fills
}

// book makes orders and keeps the holdings their fills add up to, so a
// sell never sells more than is held.
type book struct {
	m      *simmarket.Market
	rng    *rand.Rand
	orders []Order
	fills  []Execution
	held   map[string]*holding
	ids    map[string]int // orders made per tag
}

type holding struct {
	l       listing
	qty     int64
	cost    decimal.Decimal // what the shares held cost, in all
	opening int64           // qty when mark was called: the start of today
	selling int64           // in working sell orders
}

func newBook(m *simmarket.Market, rng *rand.Rand) *book {
	return &book{m: m, rng: rng, held: map[string]*holding{}, ids: map[string]int{}}
}

func (b *book) holding(l listing) *holding {
	h := b.held[l.symbol]
	if h == nil {
		h = &holding{l: l}
		b.held[l.symbol] = h
	}
	return h
}

// mark notes the holdings at the start of today.
func (b *book) mark() {
	for _, h := range b.held {
		h.opening = h.qty
	}
}

// positions are the holdings, as the stock positions answer them.
func (b *book) positions() []Stock {
	var out []Stock
	for _, l := range listings {
		h := b.held[l.symbol]
		if h == nil || h.qty == 0 {
			continue
		}
		cost := h.cost.DivRound(decimal.NewFromInt(h.qty), 3)
		out = append(out, Stock{Symbol: l.symbol, SymbolName: l.name, Currency: l.currency,
			Quantity: strconv.FormatInt(h.qty, 10), AvailableQuantity: strconv.FormatInt(h.qty-h.selling, 10),
			CostPrice: cost.StringFixed(3), Market: l.market, InitQuantity: strconv.FormatInt(h.opening, 10)})
	}
	return out
}

// when returns a moment in [start, end], in a session of l's market when
// inSession (a day of the range, then a second of that day's sessions);
// false when none is found.
func (b *book) when(l listing, start, end time.Time, inSession bool) (time.Time, bool) {
	span := end.Sub(start)
	e := simmarket.ExchangeOf(l.symbol)
	for range 20 {
		at := start.Add(time.Duration(b.rng.Int64N(int64(span) + 1))).Truncate(time.Second)
		if !inSession {
			return at, true
		}
		sessions := e.Sessions(at)
		total := 0
		for _, s := range sessions {
			total += s.End - s.Begin
		}
		if total == 0 {
			continue
		}
		k := b.rng.IntN(total)
		for _, s := range sessions {
			if n := s.End - s.Begin; k >= n {
				k -= n
				continue
			}
			y, m, d := at.In(e.Loc).Date()
			at = time.Date(y, m, d, 0, s.Begin+k, b.rng.IntN(60), 0, e.Loc)
			break
		}
		if !at.Before(start) && !at.After(end) {
			return at, true
		}
	}
	return time.Time{}, false
}

func (b *book) opening(start, end time.Time) {
	for _, l := range listings {
		at, ok := b.when(l, start, start.AddDate(0, 0, 10), true)
		if !ok || at.After(end) {
			continue
		}
		lots := 4 + b.rng.IntN(8)
		qty := lots * l.lot
		if l.lot == 1 {
			qty = lots * 10
		}
		b.add(l, at, qty, "Buy", "LO", "FilledStatus", "", end)
	}
}

// place makes n orders spread over [start, end]; their ids are unique per
// tag.
func (b *book) place(n int, start, end time.Time, tag string, inSession bool) {
	type plan struct {
		l   listing
		at  time.Time
		qty int
	}
	var plans []plan
	for range n {
		// A listing whose market trades in the range: today's may hold
		// the sessions of one market only.
		var l listing
		var at time.Time
		ok := false
		for try := 0; try < 10 && !ok; try++ {
			l = listings[b.rng.IntN(len(listings))]
			at, ok = b.when(l, start, end, inSession)
		}
		lots := 1 + b.rng.IntN(10)
		qty := lots * l.lot
		if l.lot == 1 {
			qty = lots * 5
		}
		if ok {
			plans = append(plans, plan{l, at, qty})
		}
	}
	// In time order, so each sell meets the holdings of its day.
	slices.SortStableFunc(plans, func(x, y plan) int { return x.at.Compare(y.at) })
	for _, p := range plans {
		side := "Buy"
		h := b.holding(p.l)
		if b.rng.IntN(3) == 0 && h.qty-h.selling >= int64(p.qty) {
			side = "Sell"
		}
		typ := "LO"
		if b.rng.IntN(8) == 0 {
			typ = "MO"
		}
		status := ""
		switch r := b.rng.IntN(100); {
		case tag == "today" && r < 40:
			status = "NewStatus"
		case r < 55:
			status = "FilledStatus"
		case r < 65:
			status = "PartialFilledStatus"
		case r < 85:
			status = "CanceledStatus"
		case r < 93:
			status = "RejectedStatus"
		default:
			status = "ExpiredStatus"
		}
		b.add(p.l, p.at, p.qty, side, typ, status, tag, end)
	}
}

// add makes one order of l placed at at, its fills (at the market's price
// of their moment, at the order's limit or better) and their effect on the
// holdings.
func (b *book) add(l listing, at time.Time, qty int, side, typ, status, tag string, end time.Time) {
	e := simmarket.ExchangeOf(l.symbol)
	places := e.Places()
	base := FirstOrderID + int64(len(tag))*10000000000
	id := base + int64(b.ids[tag])*7919
	b.ids[tag]++
	o := Order{
		OrderID: strconv.FormatInt(id, 10), StockName: l.name, Symbol: l.symbol, Currency: l.currency,
		Side: side, OrderType: typ, Quantity: strconv.Itoa(qty), Status: status,
		SubmittedAt: ts(at), TriggerAt: "0", TriggerStatus: "NOT_USED", Tag: "Normal", TimeInForce: "Day",
		OutsideRTH: "UnknownOutsideRth", ExecutedPrice: "0", ExecutedQuantity: "0",
	}
	if l.market == "US" {
		o.OutsideRTH = "RTH_ONLY"
	}
	if b.rng.IntN(10) == 0 {
		o.TimeInForce, o.ExpireDate = "GTD", at.AddDate(0, 0, 14).Format(time.DateOnly)
	}
	if status == "RejectedStatus" {
		o.Msg = "Insufficient buying power"
	}
	filled := 0
	switch status {
	case "FilledStatus":
		filled = qty
	case "PartialFilledStatus":
		if filled = qty / 2 / l.lot * l.lot; filled == 0 { // one lot fills whole
			filled, status, o.Status = qty, "FilledStatus", "FilledStatus"
		}
	}
	// The fills: one or two, seconds apart, at the market's price then.
	var parts []int
	if filled > 0 {
		first := filled
		if filled >= 2*l.lot && b.rng.IntN(2) == 0 {
			first = filled / 2 / l.lot * l.lot
		}
		parts = append(parts, first)
		if filled > first {
			parts = append(parts, filled-first)
		}
	}
	fillAt := make([]time.Time, len(parts))
	fillPrice := make([]decimal.Decimal, len(parts))
	for k := range parts {
		fillAt[k] = at.Add(time.Duration(10+k*20) * time.Second)
		if fillAt[k].After(end) {
			fillAt[k] = end
		}
		fillPrice[k] = b.m.PriceAt(l.symbol, fillAt[k])
	}
	market := b.m.PriceAt(l.symbol, at)

	// The limit: for a fill, at or beyond its worst price by a tick or
	// two; for an order left unfilled, 1-3 % away from the market, on the
	// side that does not trade; for a rejected one, at the market.
	sign := 1
	if side == "Sell" {
		sign = -1
	}
	switch {
	case typ == "MO":
	case filled > 0:
		worst := fillPrice[0]
		for _, p := range fillPrice {
			if (side == "Buy" && p.GreaterThan(worst)) || (side == "Sell" && p.LessThan(worst)) {
				worst = p
			}
		}
		o.Price = e.StepTicks(worst, sign*b.rng.IntN(3)).StringFixed(places)
	case status == "RejectedStatus":
		o.Price = market.StringFixed(places)
	default:
		away := decimal.NewFromFloat(0.01 + 0.02*b.rng.Float64()).Mul(decimal.NewFromInt(int64(-sign)))
		o.Price = e.RoundTick(market.Mul(decimal.NewFromInt(1).Add(away))).StringFixed(places)
	}

	doneAt := at.Add(time.Duration(30+b.rng.IntN(3000)) * time.Second)
	if len(fillAt) > 0 {
		doneAt = fillAt[len(fillAt)-1]
	}
	if doneAt.After(end) {
		doneAt = end
	}
	o.UpdatedAt = ts(doneAt)
	if status == "NewStatus" {
		o.UpdatedAt = "0"
	}
	o.History = []OrderHistory{{Price: o.Price, Quantity: o.Quantity, Status: "NewStatus", Time: o.SubmittedAt}}

	h := b.holding(l)
	if filled > 0 {
		amount := decimal.Zero
		for k, q := range parts {
			b.fills = append(b.fills, Execution{OrderID: o.OrderID, TradeID: fmt.Sprintf("%s-%d", o.OrderID, fillAt[k].UnixMilli()+int64(k)),
				Symbol: o.Symbol, TradeDoneAt: ts(fillAt[k]), Quantity: strconv.Itoa(q), Price: fillPrice[k].StringFixed(places), Side: side})
			value := fillPrice[k].Mul(decimal.NewFromInt(int64(q)))
			amount = amount.Add(value)
			if side == "Buy" {
				h.qty += int64(q)
				h.cost = h.cost.Add(value)
			} else {
				h.cost = h.cost.Sub(h.cost.Mul(decimal.NewFromInt(int64(q))).Div(decimal.NewFromInt(h.qty)))
				h.qty -= int64(q)
			}
		}
		avg := amount.DivRound(decimal.NewFromInt(int64(filled)), places)
		o.ExecutedQuantity, o.ExecutedPrice = strconv.Itoa(filled), avg.StringFixed(places)
		o.LastDone = fillPrice[len(fillPrice)-1].StringFixed(places)
		o.ChargeDetail = charges(amount, l)
	}
	if status == "NewStatus" && side == "Sell" {
		h.selling += int64(qty)
	}
	if status != "NewStatus" {
		o.History = append([]OrderHistory{{Price: o.ExecutedPrice, Quantity: o.ExecutedQuantity, Status: status, Msg: o.Msg, Time: o.UpdatedAt}}, o.History...)
	}
	b.orders = append(b.orders, o)
}

// charges makes an order's fees from its filled amount.
func charges(amount decimal.Decimal, l listing) *ChargeDetail {
	commission := decimal.Max(amount.Mul(decimal.RequireFromString("0.0003")), decimal.RequireFromString("1")).Round(2)
	third := ChargeItem{Code: "THIRD_FEES", Name: "Third-party fees"}
	if l.market == "HK" {
		stamp := amount.Mul(decimal.RequireFromString("0.001")).Ceil()
		third.Fees = []Fee{{Code: "stamp_duty", Name: "Stamp duty", Amount: stamp.StringFixed(2), Currency: l.currency}}
	} else {
		third.Fees = []Fee{{Code: "platform_fee", Name: "Platform fee", Amount: "0.99", Currency: l.currency}}
	}
	total := commission
	for _, f := range third.Fees {
		total = total.Add(decimal.RequireFromString(f.Amount))
	}
	return &ChargeDetail{TotalAmount: total.StringFixed(2), Currency: l.currency, Items: []ChargeItem{
		{Code: "BROKER_FEES", Name: "Broker fees", Fees: []Fee{{Code: "commission", Name: "Commission", Amount: commission.StringFixed(2), Currency: l.currency}}},
		third,
	}}
}

// cashFlows makes a year of cash flow: monthly deposits, dividends,
// interest, a withdrawal, a fund subscription, and the settlement of each
// fill.
func cashFlows(rng *rand.Rand, now time.Time, fills []Execution) []CashFlow {
	var out []CashFlow
	add := func(at time.Time, name string, dir, biz int, amount, currency, symbol, desc string) {
		out = append(out, CashFlow{name, dir, biz, amount, currency, ts(at), symbol, desc})
	}
	for m := 12; m >= 1; m-- {
		month := now.AddDate(0, -m, 0)
		add(month.AddDate(0, 0, 1), "Deposit", 2, 1, "5000.00", "HKD", "", "")
		if m%3 == 0 {
			add(month.AddDate(0, 0, 14), "Cash Dividend", 2, 1, "12.60", "USD", "KO.US", "KO.US dividend 0.485 USD per share")
			add(month.AddDate(0, 0, 20), "Cash Dividend", 2, 1, "400.00", "HKD", "5.HK", "5.HK dividend 0.50 HKD per share")
		}
		interest := decimal.New(300+rng.Int64N(400), -2)
		add(month.AddDate(0, 0, 28), "Interest", 2, 1, interest.StringFixed(2), "USD", "", "Interest on idle cash")
	}
	names := map[string]listing{}
	for _, l := range listings {
		names[l.symbol] = l
	}
	for _, x := range fills {
		l := names[x.Symbol]
		value := decimal.RequireFromString(x.Price).Mul(decimal.RequireFromString(x.Quantity))
		dir := 2
		if x.Side == "Buy" {
			dir, value = 1, value.Neg()
		}
		at, _ := strconv.ParseInt(x.TradeDoneAt, 10, 64)
		add(time.Unix(at, 0), x.Side+" "+x.Symbol, dir, 2, value.StringFixed(2), l.currency, x.Symbol,
			fmt.Sprintf("%s %s %s @ %s (trade %s)", x.Side, x.Quantity, l.name, x.Price, x.TradeID))
	}
	add(now.AddDate(0, -7, 3), "Withdrawal", 1, 1, "-2000.00", "USD", "", "Withdrawal to bank account")
	add(now.AddDate(0, -5, 9), "Fund Subscription", 1, 3, "-2575.00", "USD", "HK0000584737", "Sample USD Money Fund")
	return out
}
