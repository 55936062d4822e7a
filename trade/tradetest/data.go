package tradetest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
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
	price                          float64 // a starting point for generated prices only; amounts are decimals
	lot                            int
}

var listings = []listing{
	{"AAPL.US", "Apple", "US", "USD", 189.25, 1},
	{"MSFT.US", "Microsoft", "US", "USD", 402.10, 1},
	{"NVDA.US", "NVIDIA", "US", "USD", 118.40, 1},
	{"TSLA.US", "Tesla", "US", "USD", 177.90, 1},
	{"KO.US", "Coca-Cola", "US", "USD", 60.15, 1},
	{"700.HK", "Tencent", "HK", "HKD", 372.40, 100},
	{"9988.HK", "Alibaba-W", "HK", "HKD", 80.55, 100},
	{"3690.HK", "Meituan-W", "HK", "HKD", 121.30, 100},
	{"5.HK", "HSBC Holdings", "HK", "HKD", 66.80, 400},
}

// dec returns x rounded to places as a wire string. Generated prices start
// as floats; what the fake sends is their decimal text.
func dec(x float64, places int32) string {
	return decimal.NewFromFloat(x).StringFixed(places)
}

func ts(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// Sandbox returns the sandbox account as of now: positions in US and HK
// stocks and a money-market fund, balances in USD and HKD, about a hundred
// orders over three months (filled, partly filled, cancelled, rejected,
// expired, and some of today's still working), their fills, and a year of
// cash flow. The same now always gives the same account.
func Sandbox(now time.Time) *Account {
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
	a.Stocks = []Stock{
		{"AAPL.US", "Apple", "USD", "40", "40", "171.320", "US", "40"},
		{"MSFT.US", "Microsoft", "USD", "15", "15", "402.115", "US", "15"},
		{"NVDA.US", "NVIDIA", "USD", "120", "100", "96.870", "US", "120"},
		{"KO.US", "Coca-Cola", "USD", "26", "26", "58.400", "US", ""},
		{"700.HK", "Tencent", "HKD", "300", "300", "352.600", "HK", "200"},
		{"9988.HK", "Alibaba-W", "HKD", "500", "500", "78.150", "HK", "500"},
		{"5.HK", "HSBC Holdings", "HKD", "800", "800", "61.250", "HK", "800"},
	}
	a.Funds = []Fund{
		{"HK0000584737", "Sample USD Money Fund", "USD", "250.00", "10.4821", "10.3000", ts(today.AddDate(0, 0, -1))},
	}
	rng := rand.New(rand.NewPCG(2024, 6))
	a.Orders, a.Executions = orders(rng, 100, now.AddDate(0, 0, -90), today.Add(-time.Second), "")
	todays, fills := orders(rng, 6, today, now, "today")
	a.Orders, a.Executions = append(a.Orders, todays...), append(a.Executions, fills...)
	a.CashFlows = cashFlows(rng, now)
	return a
}

// Orders returns n made-up history orders submitted from start to end and
// their fills, for tests that need more than one answer holds.
func Orders(n int, start, end time.Time) ([]Order, []Execution) {
	return orders(rand.New(rand.NewPCG(uint64(n), 7)), n, start, end, "bulk")
}

// orders makes n orders spread over [start, end]; their ids are unique per
// tag.
func orders(rng *rand.Rand, n int, start, end time.Time, tag string) ([]Order, []Execution) {
	var out []Order
	var fills []Execution
	span := end.Sub(start)
	// Ids do not depend on the clock, so a test can name one:
	// FirstOrderID is the sandbox's first history order.
	base := FirstOrderID + int64(len(tag))*10000000000
	for i := range n {
		l := listings[rng.IntN(len(listings))]
		at := start.Add(time.Duration(rng.Int64N(int64(span) + 1))).Truncate(time.Second)
		lots := 1 + rng.IntN(10)
		qty := lots * l.lot
		if l.lot == 1 {
			qty = lots * 5
		}
		price := l.price * (0.85 + 0.3*rng.Float64())
		places := int32(2)
		if l.market == "HK" {
			places = 3
		}
		side := "Buy"
		if rng.IntN(3) == 0 {
			side = "Sell"
		}
		o := Order{
			OrderID: strconv.FormatInt(base+int64(i)*7919, 10), StockName: l.name, Symbol: l.symbol, Currency: l.currency,
			Side: side, OrderType: "LO", Quantity: strconv.Itoa(qty), Price: dec(price, places),
			SubmittedAt: ts(at), TriggerAt: "0", TriggerStatus: "NOT_USED", Tag: "Normal", TimeInForce: "Day",
			OutsideRTH: "UnknownOutsideRth", ExecutedPrice: "0", ExecutedQuantity: "0",
		}
		if l.market == "US" {
			o.OutsideRTH = "RTH_ONLY"
		}
		if rng.IntN(8) == 0 {
			o.OrderType, o.Price = "MO", "" // a market order has no price
		}
		if rng.IntN(10) == 0 {
			o.TimeInForce, o.ExpireDate = "GTD", at.AddDate(0, 0, 14).Format(time.DateOnly)
		}
		filled := 0
		switch r := rng.IntN(100); {
		case tag == "today" && r < 40:
			o.Status = "NewStatus"
		case r < 55:
			o.Status, filled = "FilledStatus", qty
		case r < 65:
			o.Status, filled = "PartialFilledStatus", qty/2/max(1, l.lot)*max(1, l.lot)
			if filled == 0 {
				filled = 1
			}
		case r < 85:
			o.Status = "CanceledStatus"
		case r < 93:
			o.Status, o.Msg = "RejectedStatus", "Insufficient buying power"
		default:
			o.Status = "ExpiredStatus"
		}
		done := at.Add(time.Duration(30+rng.IntN(3000)) * time.Second)
		if done.After(end) && tag == "today" {
			done = end
		}
		o.UpdatedAt = ts(done)
		if o.Status == "NewStatus" {
			o.UpdatedAt = "0"
		}
		o.History = []OrderHistory{{Price: o.Price, Quantity: o.Quantity, Status: "NewStatus", Time: o.SubmittedAt}}
		if filled > 0 {
			fillPrice := price * (0.995 + 0.01*rng.Float64())
			o.ExecutedQuantity, o.ExecutedPrice, o.LastDone = strconv.Itoa(filled), dec(fillPrice, places), dec(fillPrice, places)
			first := filled
			if filled >= 2*max(1, l.lot) && rng.IntN(2) == 0 {
				first = filled / 2
			}
			for k, q := range []int{first, filled - first} {
				if q == 0 {
					continue
				}
				at := at.Add(time.Duration(10+k*20) * time.Second)
				fills = append(fills, Execution{OrderID: o.OrderID, TradeID: fmt.Sprintf("%s-%d", o.OrderID, at.UnixMilli()+int64(k)),
					Symbol: o.Symbol, TradeDoneAt: ts(at), Quantity: strconv.Itoa(q), Price: o.ExecutedPrice, Side: o.Side})
			}
			amount := decimal.RequireFromString(o.ExecutedPrice).Mul(decimal.NewFromInt(int64(filled)))
			o.ChargeDetail = charges(amount, l)
		}
		if o.Status != "NewStatus" {
			o.History = append([]OrderHistory{{Price: o.ExecutedPrice, Quantity: o.ExecutedQuantity, Status: o.Status, Msg: o.Msg, Time: o.UpdatedAt}}, o.History...)
		}
		out = append(out, o)
	}
	return out, fills
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
// trade settlements, interest, a withdrawal and a fund subscription.
func cashFlows(rng *rand.Rand, now time.Time) []CashFlow {
	var out []CashFlow
	add := func(at time.Time, name string, dir, biz int, amount, currency, symbol, desc string) {
		out = append(out, CashFlow{name, dir, biz, amount, currency, ts(at), symbol, desc})
	}
	for m := 12; m >= 1; m-- {
		month := now.AddDate(0, -m, 0)
		add(month.AddDate(0, 0, 1), "Deposit", 2, 1, "5000.00", "HKD", "", "")
		if m%3 == 0 {
			add(month.AddDate(0, 0, 14), "Cash Dividend", 2, 1, "12.60", "USD", "KO.US", "KO.US dividend 0.485 USD per share")
			add(month.AddDate(0, 0, 20), "Cash Dividend", 2, 1, dec(800*0.5, 2), "HKD", "5.HK", "5.HK dividend 0.50 HKD per share")
		}
		add(month.AddDate(0, 0, 28), "Interest", 2, 1, dec(3+rng.Float64()*4, 2), "USD", "", "Interest on idle cash")
		for range 4 + rng.IntN(5) {
			l := listings[rng.IntN(len(listings))]
			amount := l.price * float64(l.lot*(1+rng.IntN(5)))
			dir, name, sign := 1, "Buy", -1.0
			if rng.IntN(3) == 0 {
				dir, name, sign = 2, "Sell", 1
			}
			at := month.AddDate(0, 0, rng.IntN(28)).Add(time.Duration(rng.IntN(8*3600)) * time.Second)
			add(at, name+" "+l.symbol, dir, 2, dec(sign*amount, 2), l.currency, l.symbol, name+" "+l.name)
		}
	}
	add(now.AddDate(0, -7, 3), "Withdrawal", 1, 1, "-2000.00", "USD", "", "Withdrawal to bank account")
	add(now.AddDate(0, -5, 9), "Fund Subscription", 1, 3, "-2575.00", "USD", "HK0000584737", "Sample USD Money Fund")
	return out
}
