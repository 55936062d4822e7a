package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// The allocation shares each currency's positions by market value, largest
// first, the rest as Other; it never mixes currencies, and a short or an
// unpriced position has no share.
func TestTheAllocationSharesEachCurrencyApart(t *testing.T) {
	useTestLanguage(t, "en")
	pos := func(sym, market, cur, qty string) trade.StockPosition {
		return trade.StockPosition{Symbol: sym, Market: trade.Market(market), Currency: cur, Quantity: api.NewDecimal(qty)}
	}
	rows := []trade.StockPosition{
		pos("A.US", "US", "USD", "10"), // 10 × 50 = 500
		pos("B.US", "US", "USD", "30"), // 30 × 10 = 300
		pos("C.US", "US", "USD", "1"),  // 100
		pos("D.US", "US", "USD", "1"),  // 40
		pos("E.US", "US", "USD", "1"),  // 30
		pos("F.US", "US", "USD", "1"),  // 20
		pos("G.US", "US", "USD", "1"),  // 10
		pos("S.US", "US", "USD", "-5"), // short: no share
		pos("N.US", "US", "USD", "5"),  // no price yet
		pos("700.HK", "HK", "HKD", "100"),
		pos("BABA.HK", "HK", "USD", "1"), // a US-dollar line on another market: 0
	}
	last := map[string]string{"A.US": "50", "B.US": "10", "C.US": "100", "D.US": "40", "E.US": "30", "F.US": "20", "G.US": "10",
		"S.US": "10", "700.HK": "300", "BABA.HK": "0"}
	quote := func(i int) (decimal.Decimal, bool) {
		l, ok := last[rows[i].Symbol]
		if !ok {
			return decimal.Decimal{}, false
		}
		return marketValue(rows[i].Quantity, socket.Quote{Symbol: rows[i].Symbol, Last: decimal.RequireFromString(l)})
	}
	got := allocationParts(rows, "USD", false, quote)
	want := []allocationPart{{"A.US", 500}, {"B.US", 300}, {"C.US", 100}, {"D.US", 40}, {"E.US", 30}, {"Other", 30}}
	if !slices.Equal(got, want) {
		t.Errorf("by position: %v, want %v", got, want)
	}
	if got := allocationParts(rows, "HKD", false, quote); !slices.Equal(got, []allocationPart{{"700.HK", 1000}}) {
		t.Errorf("the Hong Kong dollars: %v", got)
	}
	if got := allocationParts(rows, "USD", true, quote); !slices.Equal(got, []allocationPart{{"US", 1000}}) {
		t.Errorf("by market: %v", got)
	}
	if got := allocationParts(rows, "CNY", false, quote); got != nil {
		t.Errorf("a currency without positions: %v", got)
	}
	for _, c := range []struct {
		permille int64
		want     string
	}{{500, "50%"}, {4, "0.4%"}, {15, "2%"}, {1000, "100%"}} {
		if got := percentText(c.permille); got != c.want {
			t.Errorf("%d‰ reads %q, want %q", c.permille, got, c.want)
		}
	}
}

// The overview shows a bar a currency, live, that says it stays within
// the currency; a tap groups it by market, which is remembered.
func TestTheOverviewShowsTheAllocationOfEachCurrency(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio", pushRate: 50})
	h.signInToSandbox()
	v := h.ui.viewByKey("portfolio").(*paneView)
	var bars []*allocationBar
	h.waitFor("a bar a currency with its parts", func() bool {
		bars = allocationBars(v.item.Content)
		if len(bars) < 2 {
			return false
		}
		for _, b := range bars {
			if len(b.parts) == 0 {
				return false
			}
		}
		return true
	})
	for _, b := range bars {
		var sum int64
		for _, p := range b.parts {
			sum += p.permille
		}
		if sum < 990 || sum > 1010 {
			t.Errorf("%s: the shares add up to %d‰", b.currency, sum)
		}
		if lead := b.lead(); !strings.Contains(lead, "Within "+b.currency) {
			t.Errorf("%s: the bar's caption %q does not say it stays within its currency", b.currency, lead)
		}
		if !strings.Contains(b.parts[0].name, ".") {
			t.Errorf("%s: by position, the first part is %q", b.currency, b.parts[0].name)
		}
	}
	// At the default window, the bars leave the tables in view.
	if c := v.tabs.Size(); c.Height < 300 {
		t.Errorf("the tables below the overview are %v high at the default window", c)
	}
	test.Tap(bars[0])
	h.q.run()
	for _, b := range bars {
		if !b.byMarket || len(b.parts) == 0 || strings.Contains(b.parts[0].name, ".") {
			t.Errorf("%s after a tap: by market %v, parts %v", b.currency, b.byMarket, b.parts)
		}
	}
	if got := h.ui.cfg.Prefs.String(prefAllocationBy); got != "market" {
		t.Errorf("the grouping is saved as %q", got)
	}

	// Across the currencies, in the account's currency at LongPort's rates.
	var across *allocationBar
	for _, o := range test.LaidOutObjects(v.item.Content) {
		if b, ok := o.(*allocationBar); ok && b.across {
			across = b
		}
	}
	if across == nil || !across.Visible() || len(across.parts) != 2 {
		t.Fatalf("the bar across currencies: %+v", across)
	}
	if lead := across.lead(); !strings.Contains(lead, "Across currencies, in ") || !strings.Contains(lead, "LongPort") {
		t.Errorf("the bar across currencies reads %q", lead)
	}
}

// The bar across currencies converts each into the account's currency at
// the rate LongPort's own balances state, and names what it cannot.
func TestTheAllocationAcrossCurrenciesUsesLongPortsRates(t *testing.T) {
	sums := map[string]*positionTotal{
		"USD": {currency: "USD", value: decimal.RequireFromString("300"), priced: 1, total: 1},
		"HKD": {currency: "HKD", value: decimal.RequireFromString("780"), priced: 1, total: 1},
		"SGD": {currency: "SGD", value: decimal.RequireFromString("50"), priced: 1, total: 1},
	}
	bal := func(c, net string) trade.AccountBalance {
		return trade.AccountBalance{Currency: c, NetAssets: api.Decimal{Raw: net, Value: decimal.RequireFromString(net), Valid: true}}
	}
	balances := []trade.AccountBalance{bal("USD", "1000"), bal("HKD", "7800")}
	parts, missing := currencyParts(sums, balances, "USD")
	want := []allocationPart{{name: "USD", permille: 750}, {name: "HKD", permille: 250}}
	if !slices.Equal(parts, want) || !slices.Equal(missing, []string{"SGD"}) {
		t.Errorf("in USD: parts %v, not converted %v; want %v and [SGD]", parts, missing, want)
	}
	// The same in HKD: the shares do not depend on the currency picked.
	if parts, _ := currencyParts(sums, balances, "HKD"); !slices.Equal(parts, want) {
		t.Errorf("in HKD: parts %v, want %v", parts, want)
	}
	// A currency whose net assets are nil or zero gives no rate.
	if parts, missing := currencyParts(sums, []trade.AccountBalance{bal("USD", "1000"), bal("HKD", "0")}, "USD"); len(parts) != 1 || !slices.Contains(missing, "HKD") {
		t.Errorf("with HKD net assets of 0: parts %v, not converted %v", parts, missing)
	}
}

// allocationBars are the allocation bars of each currency under root.
func allocationBars(root fyne.CanvasObject) []*allocationBar {
	var out []*allocationBar
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *allocationBar:
			if !w.across {
				out = append(out, w)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// The overview values again only the positions whose quote changed, taking
// their old part off: its totals stay those of a full count, quote after
// quote, and an unchanged quote redraws nothing.
func TestTheOverviewTotalsFollowQuotesExactly(t *testing.T) {
	useTestLanguage(t, "en")
	u := New(Config{App: test.NewTempApp(t), Store: oauth.NewMemoryStore(), Prefs: oauth.NewMemoryPrefs(), do: func(f func()) { f() }})
	t.Cleanup(u.Close)
	ov := newOverview(u)
	pos := func(sym, cur, qty, cost string) trade.StockPosition {
		return trade.StockPosition{Symbol: sym, Currency: cur, Quantity: api.NewDecimal(qty), CostPrice: api.NewDecimal(cost)}
	}
	rows := []trade.StockPosition{pos("A.US", "USD", "10", "5.25"), pos("B.US", "USD", "-5", "20"), pos("C.HK", "HKD", "100", "1.1"), pos("A.US", "USD", "3", "7")}
	ov.follow(rows)
	steps := []struct{ sym, last, prev string }{
		{"A.US", "6.10", "6"}, {"C.HK", "1.23", "1.2"}, {"B.US", "19.5", ""}, {"A.US", "6.35", "6"},
		{"B.US", "18", "19"}, {"A.US", "6.35", "6"}, {"C.HK", "1.05", "1.2"}, {"A.US", "5.99", "6.01"},
	}
	for n, s := range steps {
		q := socket.Quote{Symbol: s.sym, Last: decimal.RequireFromString(s.last)}
		if s.prev != "" {
			q.PrevClose = decimal.RequireFromString(s.prev)
		}
		u.live.quotesMu.Lock()
		u.live.quotes[s.sym] = q
		u.live.quotesMu.Unlock()
		before := ov.redraws
		ov.showPositions(map[string]bool{s.sym: true})
		want := positionTotals(rows, u.live, stockSymbol, stockQuantity, stockCost, stockCurrency)
		for _, w := range want {
			got := ov.sums[w.currency]
			if got == nil || !got.value.Equal(w.value) || !got.pl.Equal(w.pl) || !got.cost.Equal(w.cost) || !got.today.Equal(w.today) ||
				got.priced != w.priced || got.todayPriced != w.todayPriced || got.total != w.total {
				t.Fatalf("step %d (%s at %s): %s totals %+v, a full count gives %+v", n, s.sym, s.last, w.currency, got, w)
			}
		}
		if n == 5 && ov.redraws != before {
			t.Errorf("the same quote again redrew %d figures", ov.redraws-before)
		}
	}
	if got := overviewFigure(ov.content, "Market value"); got == "" || got == "—" {
		t.Errorf("the market value reads %q", got)
	}
}

// The legend's whole percents add up to 100, as a reader adds them.
func TestTheLegendsPercentsAddUpToAHundred(t *testing.T) {
	for _, tt := range []struct {
		parts []allocationPart
		want  []string
	}{
		{[]allocationPart{{"HKD", 625}, {"USD", 375}}, []string{"HKD 63%", "USD 37%"}},
		{[]allocationPart{{"A", 334}, {"B", 333}, {"C", 333}}, []string{"A 34%", "B 33%", "C 33%"}},
		{[]allocationPart{{"A", 996}, {"B", 4}}, []string{"A 100%", "B 0.4%"}},
	} {
		b := &allocationBar{parts: tt.parts}
		if got := b.legend(); !slices.Equal(got, tt.want) {
			t.Errorf("%v: the legend reads %v, want %v", tt.parts, got, tt.want)
		}
	}
}
