package gui

import (
	"strings"
	"testing"

	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// In the Chinese UI, positions, orders and the watchlist name a security
// as its static info does in Chinese (阿里巴巴, not the server's
// Alibaba-W); a security static info does not name keeps the server's.
func TestNamesAreInTheUILanguage(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio", language: "zh-Hans"})
	h.signInToSandbox()
	names := func(what string, n int, row func(i int) (symbol, name string)) map[string]string {
		t.Helper()
		out := map[string]string{}
		for i := range n {
			s, name := row(i)
			out[s] = name
		}
		if len(out) == 0 {
			t.Fatalf("%s: no rows", what)
		}
		return out
	}
	check := func(what string, got map[string]string) {
		t.Helper()
		for sym, want := range map[string]string{"9988.HK": "阿里巴巴", "700.HK": "腾讯控股", "AAPL.US": "苹果"} {
			if name, ok := got[sym]; ok && name != want {
				t.Errorf("%s: %s is named %q, want %q", what, sym, name, want)
			}
		}
		if name, ok := got["3690.HK"]; ok && name == "3690.HK" {
			t.Errorf("%s: 3690.HK is named by its symbol", what)
		}
		if _, ok := got["9988.HK"]; !ok {
			if _, ok := got["AAPL.US"]; !ok {
				t.Errorf("%s: neither 9988.HK nor AAPL.US is in %v", what, got)
			}
		}
	}

	pv := h.ui.viewByKey("portfolio").(*paneView)
	pv.tabs.SelectIndex(2)
	stocks := panesOf(pv)["portfolio.stocks"].(*tablePane[trade.StockPosition])
	h.waitFor("the positions", func() bool { return stocks.loaded() && !stocks.loading && stocks.tbl.Data().Len() > 0 })
	check("positions", names("positions", stocks.tbl.Data().Len(), func(i int) (string, string) {
		r := stocks.tbl.Data().Row(i)
		return r.Symbol, stocks.tbl.Data().Cell(i, colIndex(t, stocks, "name"))
	}))
	// The filter finds a position by its Chinese name.
	stocks.applyFilter("阿里巴巴")
	if stocks.tbl.Data().Len() != 1 {
		t.Errorf("the filter 阿里巴巴 finds %d positions", stocks.tbl.Data().Len())
	}
	stocks.applyFilter("")

	orders := panesOf(h.showView("orders"))["orders.today"].(*tablePane[trade.Order])
	h.waitFor("today's orders", func() bool { return orders.loaded() && !orders.loading })
	if orders.tbl.Data().Len() > 0 {
		check("orders", names("orders", orders.tbl.Data().Len(), func(i int) (string, string) {
			return orders.tbl.Data().Row(i).Symbol, orders.tbl.Data().Row(i).StockName
		}))
	}

	// The order detail, which has its own request, too.
	ov := h.ui.viewByKey("orders").(*ordersView)
	ov.tabs.SelectIndex(1)
	history := panesOf(ov)["orders.history"].(*tablePane[trade.Order])
	h.waitFor("the history", func() bool { return history.loaded() && !history.loading && history.tbl.Data().Len() > 0 })
	check("order history", names("order history", history.tbl.Data().Len(), func(i int) (string, string) {
		return history.tbl.Data().Row(i).Symbol, history.tbl.Data().Row(i).StockName
	}))
	for i := range history.tbl.Data().Len() {
		if o := history.tbl.Data().Row(i); o.Symbol == "9988.HK" {
			ov.detail.load(o.OrderID, o.Symbol)
			h.waitFor("the order's detail", func() bool {
				return strings.Contains(ov.detail.body.Text, "ID") || strings.Contains(ov.detail.body.Text, "号")
			})
			if !strings.Contains(ov.detail.body.Text, "阿里巴巴") {
				t.Errorf("the order detail of 9988.HK:\n%s", ov.detail.body.Text)
			}
			break
		}
	}

	watch := h.showView("watchlist").(*watchlistView).pane
	h.waitFor("the watchlist", func() bool { return watch.loaded() && !watch.loading && watch.tbl.Data().Len() > 0 })
	check("watchlist", names("watchlist", watch.tbl.Data().Len(), func(i int) (string, string) {
		return watch.tbl.Data().Row(i).Symbol, watch.tbl.Data().Row(i).Name
	}))
}

// A name is the one of the UI's language, none if static info has none
// in it (the server's name then stays).
func TestTheNameOfTheUILanguage(t *testing.T) {
	info := socket.StaticInfo{NameEN: "Tencent Holdings", NameCN: "腾讯控股", NameHK: "騰訊控股"}
	for code, want := range map[string]string{"en": "Tencent Holdings", "zh-Hans": "腾讯控股", "zh-Hant": "騰訊控股"} {
		if got := uiName(info, code); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	if got := uiName(socket.StaticInfo{NameEN: "Tencent Holdings"}, "zh-Hans"); got != "" {
		t.Errorf("no Chinese name reads %q", got)
	}
	if got := uiName(socket.StaticInfo{Symbol: "3690.HK", NameEN: "3690.HK", NameCN: "3690.HK"}, "zh-Hans"); got != "" {
		t.Errorf("the symbol as its name reads %q", got)
	}
	rows := []trade.StockPosition{{Symbol: "X.US", SymbolName: "Server's"}}
	localNames(t.Context(), &clients{}, "zh-Hans", rows, stockSymbol, func(p *trade.StockPosition) *string { return &p.SymbolName })
	if rows[0].SymbolName != "Server's" {
		t.Errorf("without a socket the name became %q", rows[0].SymbolName)
	}
}
