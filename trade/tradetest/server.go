// Package tradetest adds a fake of LongPort's Trade API, read-only, to a
// quotetest.Server: account balance, stock and fund positions, cash flow,
// margin ratio, today's and history orders, order detail and executions,
// over an Account of generated data (Sandbox). The checks every endpoint
// meets (token, scope, strict query) are quotetest's; this package knows
// each endpoint's parameters, scope and data.
package tradetest

import (
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/portview/portview/quote/quotetest"
)

// MaxRows is the most orders or executions one history answer carries
// before has_more.
const MaxRows = 1000

// Fake serves an Account's data.
type Fake struct {
	mu   sync.Mutex
	acct *Account
}

// The documented values the fake accepts (longport-api.md §2.7–§2.11).
var (
	orderStatuses = []string{"NotReported", "ReplacedNotReported", "ProtectedNotReported", "VarietiesNotReported",
		"WaitToNew", "NewStatus", "WaitToReplace", "PendingReplaceStatus", "ReplacedStatus", "PartialFilledStatus",
		"FilledStatus", "WaitToCancel", "PendingCancelStatus", "RejectedStatus", "CanceledStatus", "ExpiredStatus",
		"PartialWithdrawal"}
	sides   = []string{"Buy", "Sell"}
	markets = []string{"US", "HK"}
)

// Install adds the trade endpoints to s, serving a.
func Install(s *quotetest.Server, a *Account) *Fake {
	f := &Fake{acct: a}
	orderFilter := map[string]quotetest.Param{
		"symbol": {}, "status": {Repeat: true, Values: orderStatuses}, "side": {Values: sides}, "market": {Values: markets},
	}
	with := func(base map[string]quotetest.Param, more map[string]quotetest.Param) map[string]quotetest.Param {
		out := map[string]quotetest.Param{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	for _, rt := range []quotetest.Route{
		{Path: "/v1/asset/account", Scope: "6", Params: map[string]quotetest.Param{"currency": {Values: []string{"HKD", "USD", "CNH"}}},
			Serve: f.serve(s, f.account)},
		{Path: "/v1/asset/stock", Scope: "6", Params: map[string]quotetest.Param{"symbol": {Repeat: true}}, Serve: f.serve(s, f.stocks)},
		{Path: "/v1/asset/fund", Scope: "6", Params: map[string]quotetest.Param{"symbol": {Repeat: true}}, Serve: f.serve(s, f.funds)},
		{Path: "/v1/asset/cashflow", Scope: "6", Params: map[string]quotetest.Param{
			"start_time": {Required: true, Int: true}, "end_time": {Required: true, Int: true},
			"business_type": {Int: true, Values: []string{"1", "2", "3"}}, "symbol": {Repeat: true},
			"page": {Int: true}, "size": {Int: true}}, Serve: f.serve(s, f.cashFlow)},
		{Path: "/v1/risk/margin-ratio", Scope: "6", Params: map[string]quotetest.Param{"symbol": {Required: true}}, Serve: f.serve(s, f.marginRatio)},
		// page and size are listed by the yaml and ignored (§7 #19).
		{Path: "/v1/trade/order/today", Scope: "10", Params: with(orderFilter, map[string]quotetest.Param{
			"order_id": {}, "is_attached": {Bool: true}, "page": {Int: true}, "size": {Int: true}}), Serve: f.serve(s, f.todayOrders)},
		{Path: "/v1/trade/order/history", Scope: "10", Params: with(orderFilter, map[string]quotetest.Param{
			"start_at": {Int: true}, "end_at": {Int: true}}), Serve: f.serve(s, f.historyOrders)},
		{Path: "/v1/trade/order", Scope: "10", Params: map[string]quotetest.Param{"order_id": {Required: true}, "is_attached": {Bool: true}},
			Serve: f.serve(s, f.orderDetail)},
		{Path: "/v1/trade/execution/today", Scope: "10", Params: map[string]quotetest.Param{"symbol": {}, "order_id": {}},
			Serve: f.serve(s, f.todayExecutions)},
		{Path: "/v1/trade/execution/history", Scope: "10", Params: map[string]quotetest.Param{
			"symbol": {}, "start_at": {Int: true}, "end_at": {Int: true}, "order_id": {}, "page": {Int: true}},
			Serve: f.serve(s, f.historyExecutions)},
	} {
		s.Handle(rt)
	}
	return f
}

// SetAccount replaces the data served.
func (f *Fake) SetAccount(a *Account) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acct = a
}

// Account returns the data served.
func (f *Fake) Account() *Account {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.acct
}

// serve turns a data function into a handler: data gives the envelope's
// data, or an error code.
func (f *Fake) serve(s *quotetest.Server, data func(a *Account, q query) (any, int)) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		d, code := data(f.Account(), query{r.URL.Query()})
		if code != 0 {
			quotetest.WriteError(w, http.StatusBadRequest, code)
			return
		}
		s.WriteData(w, r, d)
	}
}

type query struct{ v map[string][]string }

func (q query) get(k string) string {
	if vs := q.v[k]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// unix reads a unix-seconds key (already checked to be digits), or def.
func (q query) unix(k string, def time.Time) time.Time {
	s := q.get(k)
	if s == "" {
		return def
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return time.Unix(n, 0)
}

func (q query) int(k string, def int) int {
	if n, err := strconv.Atoi(q.get(k)); err == nil {
		return n
	}
	return def
}

func (f *Fake) account(a *Account, q query) (any, int) {
	list := []Balance{}
	for _, b := range a.Balances {
		if c := q.get("currency"); c == "" || c == b.Currency {
			list = append(list, b)
		}
	}
	return map[string]any{"list": list}, 0
}

func (f *Fake) stocks(a *Account, q query) (any, int) {
	rows := []Stock{}
	for _, p := range a.Stocks {
		if syms := q.v["symbol"]; len(syms) == 0 || slices.Contains(syms, p.Symbol) {
			rows = append(rows, p)
		}
	}
	type channel struct {
		AccountChannel string  `json:"account_channel"`
		StockInfo      []Stock `json:"stock_info"`
	}
	return map[string]any{"list": []channel{{a.Channel, rows}}}, 0
}

func (f *Fake) funds(a *Account, q query) (any, int) {
	rows := []Fund{}
	for _, p := range a.Funds {
		if syms := q.v["symbol"]; len(syms) == 0 || slices.Contains(syms, p.Symbol) {
			rows = append(rows, p)
		}
	}
	type channel struct {
		AccountChannel string `json:"account_channel"`
		FundInfo       []Fund `json:"fund_info"`
	}
	return map[string]any{"list": []channel{{a.Channel, rows}}}, 0
}

func (f *Fake) cashFlow(a *Account, q query) (any, int) {
	start, end := q.unix("start_time", time.Time{}), q.unix("end_time", time.Time{})
	page, size := q.int("page", 1), q.int("size", 50)
	if page < 1 || size < 1 || size > 10000 || end.Before(start) {
		return nil, 310011
	}
	var rows []CashFlow
	for _, c := range a.CashFlows {
		at := q.unixOf(c.BusinessTime)
		if at.Before(start) || at.After(end) ||
			(q.get("business_type") != "" && strconv.Itoa(c.BusinessType) != q.get("business_type")) ||
			(len(q.v["symbol"]) > 0 && !slices.Contains(q.v["symbol"], c.Symbol)) {
			continue
		}
		rows = append(rows, c)
	}
	// Newest first, as statements are read.
	slices.SortStableFunc(rows, func(x, y CashFlow) int { return cmpDesc(x.BusinessTime, y.BusinessTime) })
	from := min(len(rows), (page-1)*size)
	return map[string]any{"list": nonNil(rows[from:min(len(rows), from+size)])}, 0
}

func (q query) unixOf(s string) time.Time {
	n, _ := strconv.ParseInt(s, 10, 64)
	return time.Unix(n, 0)
}

func cmpDesc(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	switch {
	case x > y:
		return -1
	case x < y:
		return 1
	}
	return 0
}

func (f *Fake) marginRatio(a *Account, q query) (any, int) {
	return map[string]string{"im_factor": "0.25", "mm_factor": "0.20", "fm_factor": "0.15"}, 0
}

// matches reports whether o passes the order filter of q.
func matches(o Order, q query) bool {
	market := ""
	if i := len(o.Symbol) - 2; i > 0 {
		market = o.Symbol[i:]
	}
	return (q.get("symbol") == "" || q.get("symbol") == o.Symbol) &&
		(q.get("side") == "" || q.get("side") == o.Side) &&
		(q.get("market") == "" || q.get("market") == market) &&
		(len(q.v["status"]) == 0 || slices.Contains(q.v["status"], o.Status)) &&
		(q.get("order_id") == "" || q.get("order_id") == o.OrderID)
}

func (f *Fake) todayOrders(a *Account, q query) (any, int) {
	rows := []Order{}
	for _, o := range a.Orders {
		if !q.unixOf(o.SubmittedAt).Before(a.Today) && matches(o, q) {
			rows = append(rows, o)
		}
	}
	return map[string]any{"orders": rows}, 0
}

// historyOrders answers with the orders submitted in [start_at, end_at],
// both included, before today: at most MaxRows, in an order that follows
// no time field (as the real one, openapi#143), with has_more.
func (f *Fake) historyOrders(a *Account, q query) (any, int) {
	end := q.unix("end_at", time.Now())
	start := q.unix("start_at", end.AddDate(0, 0, -90))
	if q.get("end_at") == "" && q.get("start_at") != "" {
		end = start.AddDate(0, 0, 90)
	}
	var rows []Order
	for _, o := range a.Orders {
		at := q.unixOf(o.SubmittedAt)
		if !at.Before(start) && !at.After(end) && at.Before(a.Today) && matches(o, q) {
			rows = append(rows, o)
		}
	}
	shuffle(rows, func(o Order) string { return o.OrderID })
	more := len(rows) > MaxRows
	return map[string]any{"has_more": more, "orders": nonNil(rows[:min(len(rows), MaxRows)])}, 0
}

// shuffle puts rows in a fixed order that follows neither time nor id.
func shuffle[T any](rows []T, key func(T) string) {
	h := func(s string) uint64 {
		x := fnv.New64a()
		_, _ = x.Write([]byte(s))
		return x.Sum64()
	}
	slices.SortFunc(rows, func(a, b T) int {
		x, y := h(key(a)), h(key(b))
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
}

// orderDetail answers with every key of §2.10; an unknown id is code
// 603001, "order not found", a code of our own choosing: none is documented.
func (f *Fake) orderDetail(a *Account, q query) (any, int) {
	for _, o := range a.Orders {
		if o.OrderID != q.get("order_id") {
			continue
		}
		type detail struct {
			Order
			FreeStatus               string         `json:"free_status"`
			FreeAmount               string         `json:"free_amount"`
			FreeCurrency             string         `json:"free_currency"`
			DeductionsStatus         string         `json:"deductions_status"`
			DeductionsAmount         string         `json:"deductions_amount"`
			DeductionsCurrency       string         `json:"deductions_currency"`
			PlatformDeductedStatus   string         `json:"platform_deducted_status"`
			PlatformDeductedAmount   string         `json:"platform_deducted_amount"`
			PlatformDeductedCurrency string         `json:"platform_deducted_currency"`
			History                  []OrderHistory `json:"history"`
			ChargeDetail             *ChargeDetail  `json:"charge_detail"`
		}
		// LongPort always sends charge_detail, with no items for an order
		// without fees: the official SDKs refuse an answer without it.
		charges := o.ChargeDetail
		if charges == nil {
			charges = &ChargeDetail{TotalAmount: "0", Currency: o.Currency, Items: []ChargeItem{}}
		}
		return detail{Order: o, FreeStatus: "None", DeductionsStatus: "NONE", PlatformDeductedStatus: "NONE",
			History: nonNil(o.History), ChargeDetail: charges}, 0
	}
	return nil, CodeOrderNotFound
}

// CodeOrderNotFound is the fake's code for an order id it does not know.
const CodeOrderNotFound = 603001

func (f *Fake) todayExecutions(a *Account, q query) (any, int) {
	rows := []Execution{}
	for _, x := range a.Executions {
		if !q.unixOf(x.TradeDoneAt).Before(a.Today) && (q.get("symbol") == "" || q.get("symbol") == x.Symbol) &&
			(q.get("order_id") == "" || q.get("order_id") == x.OrderID) {
			rows = append(rows, x)
		}
	}
	return map[string]any{"trades": rows}, 0
}

func (f *Fake) historyExecutions(a *Account, q query) (any, int) {
	end := q.unix("end_at", time.Now())
	start := q.unix("start_at", end.AddDate(0, 0, -90))
	var rows []Execution
	for _, x := range a.Executions {
		at := q.unixOf(x.TradeDoneAt)
		if !at.Before(start) && !at.After(end) && at.Before(a.Today) && (q.get("symbol") == "" || q.get("symbol") == x.Symbol) &&
			(q.get("order_id") == "" || q.get("order_id") == x.OrderID) {
			rows = append(rows, x)
		}
	}
	shuffle(rows, func(x Execution) string { return x.TradeID })
	more := len(rows) > MaxRows
	return map[string]any{"has_more": more, "trades": nonNil(rows[:min(len(rows), MaxRows)])}, 0
}

func nonNil[T any](rows []T) []T {
	if rows == nil {
		return []T{}
	}
	return rows
}
