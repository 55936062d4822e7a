package tradetest_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/trade/tradetest"
)

func unix(t *testing.T, s string) time.Time {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not unix seconds", s)
	}
	return time.Unix(n, 0)
}

// The clocks the account is checked at: a weekday in the US session, a
// Sunday, and the GUI tests' clock.
var clocks = []time.Time{
	time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC),
	time.Date(2026, 12, 6, 21, 34, 0, 0, time.UTC),
	time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC),
}

func TestSandboxOrdersAreOnTheMarketsTicksAndNearItsPrice(t *testing.T) {
	m := simmarket.New(simmarket.SandboxSeed)
	for _, now := range clocks {
		a := tradetest.Sandbox(now)
		atOpen := 0
		for _, o := range a.Orders {
			e := simmarket.ExchangeOf(o.Symbol)
			at := unix(t, o.SubmittedAt)
			if l := at.In(e.Loc); l.Hour()*60+l.Minute() == e.Sessions(at)[0].Begin {
				atOpen++
			}
			if e.PhaseAt(at) != simmarket.Trading || at.After(now) {
				t.Errorf("order %s of %s placed at %s, when its market was %v", o.OrderID, o.Symbol, at.In(e.Loc), e.PhaseAt(at))
			}
			if o.Price == "" {
				continue // a market order
			}
			p := decimal.RequireFromString(o.Price)
			market := m.PriceAt(o.Symbol, at)
			if !e.OnTick(p) {
				t.Errorf("order %s of %s: price %s is not on a tick", o.OrderID, o.Symbol, o.Price)
			}
			if off := p.Sub(market).Abs().Div(market); off.GreaterThan(decimal.RequireFromString("0.05")) {
				t.Errorf("order %s of %s: price %s is %s%% away from the market's %s that day", o.OrderID, o.Symbol, o.Price, off.Shift(2).StringFixed(1), market)
			}
		}
		if atOpen > len(a.Orders)/10 {
			t.Errorf("%d of %d orders were placed in the first minute of a session", atOpen, len(a.Orders))
		}
	}
}

func TestSandboxFillsRespectTheirLimitAndAddUpToThePositions(t *testing.T) {
	m := simmarket.New(simmarket.SandboxSeed)
	for _, now := range clocks {
		a := tradetest.Sandbox(now)
		orders := map[string]tradetest.Order{}
		for _, o := range a.Orders {
			orders[o.OrderID] = o
		}
		filled := map[string]int64{}
		type pos struct {
			qty  int64
			cost decimal.Decimal
		}
		held := map[string]*pos{}
		settled := map[string]bool{}
		for _, c := range a.CashFlows {
			if c.BusinessType == 2 {
				settled[c.Symbol+"|"+c.BusinessTime+"|"+c.Balance] = true
			}
		}
		// The fills in time order (the account lists them so).
		for _, x := range a.Executions {
			o, ok := orders[x.OrderID]
			if !ok {
				t.Fatalf("fill %s of no order", x.TradeID)
			}
			price := decimal.RequireFromString(x.Price)
			qty, _ := strconv.ParseInt(x.Quantity, 10, 64)
			if x.Side != o.Side || x.Symbol != o.Symbol {
				t.Errorf("fill %s: %s %s of a %s %s order", x.TradeID, x.Side, x.Symbol, o.Side, o.Symbol)
			}
			if o.Price != "" {
				limit := decimal.RequireFromString(o.Price)
				if (o.Side == "Buy" && price.GreaterThan(limit)) || (o.Side == "Sell" && price.LessThan(limit)) {
					t.Errorf("fill %s: %s at %s breaks the limit %s", x.TradeID, o.Side, x.Price, o.Price)
				}
			}
			if at := unix(t, x.TradeDoneAt); !price.Equal(m.PriceAt(x.Symbol, at)) {
				t.Errorf("fill %s at %s: price %s, the market's then %s", x.TradeID, at, x.Price, m.PriceAt(x.Symbol, at))
			}
			filled[x.OrderID] += qty
			p := held[x.Symbol]
			if p == nil {
				p = &pos{}
				held[x.Symbol] = p
			}
			amount := price.Mul(decimal.NewFromInt(qty))
			if x.Side == "Buy" {
				p.qty += qty
				p.cost = p.cost.Add(amount)
			} else {
				if qty > p.qty {
					t.Errorf("fill %s sells %d %s, %d held", x.TradeID, qty, x.Symbol, p.qty)
				}
				// Average cost: a sale takes its share of the cost away.
				p.cost = p.cost.Sub(p.cost.Mul(decimal.NewFromInt(qty)).Div(decimal.NewFromInt(p.qty)))
				p.qty -= qty
			}
			if x.Side == "Buy" {
				amount = amount.Neg()
			}
			if !settled[x.Symbol+"|"+x.TradeDoneAt+"|"+amount.StringFixed(2)] {
				t.Errorf("fill %s (%s %d %s at %s) has no settlement in the cash flow", x.TradeID, x.Side, qty, x.Symbol, x.Price)
			}
		}
		for id, o := range orders {
			if q, _ := strconv.ParseInt(o.ExecutedQuantity, 10, 64); q != filled[id] {
				t.Errorf("order %s says %s executed, its fills %d", id, o.ExecutedQuantity, filled[id])
			}
		}
		stocks := map[string]tradetest.Stock{}
		for _, s := range a.Stocks {
			stocks[s.Symbol] = s
		}
		for sym, p := range held {
			s, ok := stocks[sym]
			if p.qty == 0 {
				if ok {
					t.Errorf("%s: a position of %s, the fills sum to none", sym, s.Quantity)
				}
				continue
			}
			cost := p.cost.DivRound(decimal.NewFromInt(p.qty), 3)
			if !ok || s.Quantity != strconv.FormatInt(p.qty, 10) || s.CostPrice != cost.StringFixed(3) {
				t.Errorf("%s: position %+v; the fills sum to %d at %s", sym, s, p.qty, cost.StringFixed(3))
			}
		}
		if len(stocks) < 5 {
			t.Errorf("at %s the account holds %d stocks", now, len(stocks))
		}
	}
}

func TestOrderDetailAlwaysSendsChargeDetail(t *testing.T) {
	now := clocks[0]
	a := tradetest.Sandbox(now)
	srv, err := quotetest.NewServer(quotetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	tradetest.Install(srv, a)
	var withFees, without string
	for _, o := range a.Orders {
		if o.ChargeDetail != nil && withFees == "" {
			withFees = o.OrderID
		}
		if o.ChargeDetail == nil && without == "" {
			without = o.OrderID
		}
	}
	tests := []struct {
		name  string
		id    string
		items int
	}{
		{"an order without fees has charge_detail with no items", without, 0},
		{"a filled order has its fees", withFees, 2},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/trade/order?order_id="+tt.id, nil)
		req.Header.Set("Authorization", "Bearer token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			Data map[string]json.RawMessage `json:"data"`
		}
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		raw, ok := env.Data["charge_detail"]
		if err != nil || !ok || strings.TrimSpace(string(raw)) == "null" {
			t.Errorf("%s: charge_detail %s, present %v, err %v", tt.name, raw, ok, err)
			continue
		}
		var cd struct {
			TotalAmount string            `json:"total_amount"`
			Items       []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal(raw, &cd); err != nil || cd.Items == nil || len(cd.Items) != tt.items || cd.TotalAmount == "" {
			t.Errorf("%s: charge_detail %s", tt.name, raw)
		}
	}
}
