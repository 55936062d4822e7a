package gui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/trade"
)

// Orders, fills and cash flow come newest first until the user sorts.
func TestOrdersFillsAndCashFlowComeNewestFirst(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "orders"})
	h.signInToSandbox()
	orders := panesOf(h.ui.viewByKey("orders"))
	newestFirst := func(name string, times []api.Time) {
		t.Helper()
		if len(times) < 2 {
			t.Fatalf("%s: %d rows, too few to see an order", name, len(times))
		}
		for i := 1; i < len(times); i++ {
			if compareTimes(times[i-1], times[i]) < 0 {
				t.Fatalf("%s: row %d (%v) is older than row %d (%v)", name, i-1, times[i-1].Time, i, times[i].Time)
			}
		}
	}
	history := orders["orders.history"].(*tablePane[trade.Order])
	h.ui.viewByKey("orders").(*ordersView).tabs.SelectIndex(1)
	h.waitFor("the history", func() bool { return history.loaded() && !history.loading })
	var times []api.Time
	for i := range history.tbl.Data().Len() {
		times = append(times, history.tbl.Data().Row(i).SubmittedAt)
	}
	newestFirst("orders history", times)

	fills := orders["orders.fills_history"].(*tablePane[trade.Execution])
	h.ui.viewByKey("orders").(*ordersView).tabs.SelectIndex(3)
	h.waitFor("the past fills", func() bool { return fills.loaded() && !fills.loading })
	times = nil
	for i := range fills.tbl.Data().Len() {
		times = append(times, fills.tbl.Data().Row(i).TradeDoneAt)
	}
	newestFirst("past fills", times)

	flow := panesOf(h.showView("cashflow"))["cashflow"].(*tablePane[trade.CashFlow])
	times = nil
	for i := range flow.tbl.Data().Len() {
		times = append(times, flow.tbl.Data().Row(i).BusinessTime)
	}
	newestFirst("cash flow", times)

	// A click on the header from newest first goes to the server's order,
	// which is kept as the user's choice.
	flow.tbl.SortBy(colIndex(t, flow, "time"))
	if got := h.ui.cfg.Prefs.String(flow.pref("sort")); got != "none" {
		t.Errorf("the server's order is saved as %q", got)
	}
	again := table.New(table.Config[trade.CashFlow]{Key: flow.spec.key, Columns: flow.spec.cols, Prefs: h.ui.cfg.Prefs, Sort: flow.spec.sort})
	if s := again.SortWant(); s.Col != -1 {
		t.Errorf("the server's order chosen reads back as column %d", s.Col)
	}
}

// The positions show first what a trader reads: the default columns, in
// order, fit the default window.
func TestThePositionsColumnsThatMatterComeFirst(t *testing.T) {
	var keys []string
	for _, c := range stockColumns(nil)[:10] {
		keys = append(keys, c.Key)
	}
	want := []string{"symbol", "name", "quantity", "last", "change_pct", "market_value", "unrealised_pl", "unrealised_pct", "today_pl", "cost_price"}
	if !slices.Equal(keys, want) {
		t.Errorf("the first columns are %v, want %v", keys, want)
	}
	var width float32
	for _, c := range stockColumns(nil)[:9] {
		width += c.Width
	}
	if width > defaultWidth-40 {
		t.Errorf("the first nine columns take %.0f of the default %d-wide window", width, defaultWidth)
	}
}

// The Portfolio's overview states the account and its positions' totals,
// live, above every sub-tab.
func TestThePortfolioOverviewShowsTheAccountAtAGlance(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio", pushRate: 50})
	h.signInToSandbox()
	v := h.ui.viewByKey("portfolio").(*paneView)
	ov, ok := v.item.Content.(*fyne.Container)
	if !ok || len(ov.Objects) < 2 {
		t.Fatalf("the portfolio's content is %T", v.item.Content)
	}
	h.waitFor("the account's figures", func() bool {
		return overviewFigure(ov, "Net assets") != "—" && overviewFigure(ov, "Buying power") != "—"
	})
	h.waitFor("the positions' live totals", func() bool {
		v, pl := overviewFigure(ov, "Market value"), overviewFigure(ov, "Unrealised P/L")
		return v != "" && v != "—" && !strings.Contains(v, "no price") && pl != "—" && !strings.Contains(pl, "no price")
	})
	if got := overviewFigure(ov, "Today's P/L"); got == "" || got == "—" {
		t.Errorf("today's P/L: %q", got)
	}
	// Each currency's figures are one line, their captions whole as long
	// as the line has room for them all: the table under them keeps its
	// rows in a small window.
	var rows []figureRow
	for _, o := range test.LaidOutObjects(ov) {
		if c, ok := o.(*fyne.Container); ok {
			if row, ok := c.Layout.(figureRow); ok {
				rows = append(rows, row)
			}
		}
	}
	if len(rows) == 0 {
		t.Fatal("the overview has no row of a currency's figures")
	}
	var widest float32
	for _, row := range rows {
		var full float32
		for _, f := range row.figures {
			full += captionWidth(f.caption) + f.value.MinSize().Width
		}
		widest = max(widest, full)
	}
	h.ui.win.Resize(fyne.NewSize(widest+4*theme.Padding(), defaultHeight))
	h.q.run()
	for _, row := range rows {
		for _, f := range row.figures {
			if got, want := f.caption.Size().Width, captionWidth(f.caption)-1; got < want {
				t.Errorf("the caption %q is %.0f wide, cut short of %.0f", f.caption.Text, got, want)
			}
			if f.box.Size().Height > f.value.MinSize().Height+1 {
				t.Errorf("the figure %q is %.0f high, more than a line", f.caption.Text, f.box.Size().Height)
			}
		}
	}
	// Another sub-tab keeps the overview.
	v.tabs.SelectIndex(3)
	h.q.run()
	if overviewFigure(ov, "Net assets") == "—" {
		t.Error("the overview went with the sub-tab")
	}
}

// overviewFigure is the value under caption in the overview, "" if none.
func overviewFigure(root fyne.CanvasObject, caption string) string {
	var labels []*widget.Label
	var walkAll func(fyne.CanvasObject)
	walkAll = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			labels = append(labels, w)
		case *fyne.Container:
			for _, c := range w.Objects {
				walkAll(c)
			}
		}
	}
	walkAll(root)
	for i, l := range labels {
		if l.Text == caption && i+1 < len(labels) {
			return labels[i+1].Text
		}
	}
	return ""
}

// The order detail speaks words, shows no zero where nothing was filled,
// and follows the selection in every pane.
func TestTheOrderDetailFollowsTheSelectionInWords(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "orders"})
	h.signInToSandbox()
	v := h.ui.viewByKey("orders").(*ordersView)
	panes := panesOf(v)
	v.tabs.SelectIndex(1)
	history := panes["orders.history"].(*tablePane[trade.Order])
	h.waitFor("the history", func() bool { return history.loaded() && !history.loading })
	unfilled := -1
	for i := range history.tbl.Data().Len() {
		if !filled(history.tbl.Data().Row(i).ExecutedQuantity) {
			unfilled = i
			break
		}
	}
	if unfilled < 0 {
		t.Fatal("no unfilled order in the sandbox")
	}
	history.tbl.Select(unfilled, 1)
	h.waitFor("the detail", func() bool { return strings.Contains(v.detail.body.Text, "Filled:") })
	body := v.detail.body.Text
	if !strings.Contains(body, "Filled: not filled") || strings.Contains(body, "Average fill") || strings.Contains(body, " 0 × 0") {
		t.Errorf("an unfilled order's detail:\n%s", body)
	}
	if strings.Contains(body, "Type: LO") || strings.Contains(body, "Type: MO") {
		t.Errorf("the type is a code:\n%s", body)
	}

	// Another pane shows its own selection, or the hint.
	v.tabs.SelectIndex(2)
	if !strings.Contains(v.detail.body.Text, "Select an order or a fill") {
		t.Errorf("after a switch to the fills the detail still shows: %q", v.detail.title.Text)
	}
	// A fill shows its order.
	v.tabs.SelectIndex(3)
	fills := panes["orders.fills_history"].(*tablePane[trade.Execution])
	h.waitFor("the past fills", func() bool { return fills.loaded() && !fills.loading && fills.tbl.Data().Len() > 0 })
	fill := fills.tbl.Data().Row(0)
	fills.tbl.Select(0, 1)
	h.waitFor("the fill's order", func() bool { return strings.Contains(v.detail.body.Text, string(fill.OrderID)) })
	if !strings.Contains(v.detail.title.Text, fill.Symbol) {
		t.Errorf("the fill's order is titled %q", v.detail.title.Text)
	}
}

// Ctrl+1…5 and Ctrl+Tab switch views; Escape closes the dialog on top and
// nothing behind it.
func TestViewShortcutsAndEscape(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "securities"})
	h.signInToSandbox()
	c := h.ui.win.Canvas()
	typeShortcut(t, c, &desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault})
	if got := h.ui.currentView().key(); got != "portfolio" {
		t.Errorf("Ctrl+2 showed %q", got)
	}
	typeShortcut(t, c, nextViewShortcuts[0])
	if got := h.ui.currentView().key(); got != "orders" {
		t.Errorf("Ctrl+Tab showed %q", got)
	}
	typeShortcut(t, c, previousViewShortcuts[0])
	typeShortcut(t, c, previousViewShortcuts[0])
	typeShortcut(t, c, previousViewShortcuts[0])
	if got := h.ui.currentView().key(); got != "securities" {
		t.Errorf("Ctrl+Shift+Tab three times from orders showed %q, want round to the securities", got)
	}

	sec := h.ui.currentView().(*securitiesView).pane
	sec.filter.SetText("apple")
	dialog.NewInformation("Test", "a dialog", h.ui.win).Show()
	h.ui.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil {
		t.Error("Escape left the dialog open")
	}
	if sec.filter.Text != "apple" {
		t.Error("Escape on a dialog cleared the filter behind it")
	}
	h.ui.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if sec.filter.Text != "" {
		t.Error("Escape with no dialog did not clear the filter")
	}
}

// The watchlist's columns up to the watched time fit the default window.
func TestTheWatchlistFitsTheDefaultWindow(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	p := h.ui.currentView().(*watchlistView).pane
	var width float32
	for _, c := range p.spec.cols {
		width += c.Width
		if c.Key == "watched_at" {
			break
		}
	}
	if width > defaultWidth-40 {
		t.Errorf("the watchlist's columns up to the watched time take %.0f of the default %d-wide window", width, defaultWidth)
	}
	if i := colIndex(t, p, "market"); i > colIndex(t, p, "watched_at") {
		t.Error("the market comes after the watched time")
	}
}

// The stock positions end with their totals per currency, live, on screen
// at the default window size.
func TestThePositionsTotalsAreUnderTheRowsAndLive(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio", pushRate: 50})
	h.signInToSandbox()
	h.ui.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	v := h.ui.viewByKey("portfolio").(*paneView)
	v.tabs.SelectIndex(2)
	stocks := panesOf(v)["portfolio.stocks"].(*tablePane[trade.StockPosition])
	h.waitFor("the positions", func() bool { return stocks.loaded() && stocks.tbl.Data().Len() > 0 })
	currencies := map[string]bool{}
	for _, r := range stocks.tbl.Data().Rows() {
		currencies[r.Currency] = true
	}
	// Each currency's line comes once a price of it has.
	h.waitFor("the totals", func() bool { return len(stocks.tbl.ShownTotals()) == len(currencies) })
	h.q.run()

	// One line per currency of the positions, each as the positions add up.
	want := positionTotalLines(positionTotals(stocks.tbl.Data().Rows(), h.ui.live, stockSymbol, stockQuantity, stockCost, stockCurrency))
	got := stocks.tbl.ShownTotals()
	if len(got) != len(currencies) || len(got) != len(want) {
		t.Fatalf("%d lines of totals for %d currencies: %v", len(got), len(currencies), got)
	}
	for i, w := range want {
		if got[i][0] != w.Label || !strings.HasPrefix(got[i][1], "Market value ") || len(got[i]) < 4 {
			t.Errorf("line %d reads %v, want %s with its figures", i, got[i], w.Label)
		}
	}

	// Live: a price that moves moves the total of its currency.
	first := stocks.tbl.Data().Rows()[0]
	before := stocks.tbl.ShownTotals()
	sb := h.sandbox()
	q, _ := h.ui.live.quote(first.Symbol)
	if err := sb.socket.SetPrice(first.Symbol, q.Last.Add(decimal.NewFromInt(7)).String()); err != nil {
		t.Fatal(err)
	}
	sb.socket.Push(first.Symbol)
	h.waitFor("the totals to move", func() bool { return !slices.EqualFunc(stocks.tbl.ShownTotals(), before, slices.Equal) })

	// On screen without scrolling, in the default window.
	footer := stocks.tbl.Footer()
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(footer)
	if !footer.Visible() || pos.Y+footer.Size().Height > defaultHeight || footer.Size().Height == 0 {
		t.Errorf("the totals are at %v, %v high, in a window %d high", pos, footer.Size().Height, defaultHeight)
	}
}
