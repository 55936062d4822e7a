package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/api"
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
	quote := func(sym string) (socket.Quote, bool) {
		l, ok := last[sym]
		if !ok {
			return socket.Quote{}, false
		}
		return socket.Quote{Symbol: sym, Last: decimal.RequireFromString(l)}, true
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
}

// allocationBars are the allocation bars under root.
func allocationBars(root fyne.CanvasObject) []*allocationBar {
	var out []*allocationBar
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *allocationBar:
			out = append(out, w)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}
