package gui

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/trade"
)

// showView selects the tab of the view with key and waits for its data.
func (h *harness) showView(key string) view {
	h.t.Helper()
	v := h.ui.viewByKey(key)
	if v == nil {
		h.t.Fatalf("no view %q", key)
	}
	h.ui.tabs.Select(v.tabItem())
	h.waitFor("the "+key+" view's data", func() bool { return v.loaded() && !viewBusy(v) })
	return v
}

// panesOf are the table panes of a view, by key.
func panesOf(v view) map[string]pane {
	out := map[string]pane{}
	for _, p := range paneViewOf(v).panes {
		if k, ok := p.(interface{ paneKey() string }); ok {
			out[k.paneKey()] = p
		}
	}
	return out
}

func TestEveryViewShowsTheSandboxAccount(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()

	w := h.ui.viewByKey("watchlist").(*watchlistView)
	if len(w.groups.Options) != 2 || w.groups.Selected == "" {
		t.Fatalf("watchlist groups %v (selected %q), want the sandbox's two", w.groups.Options, w.groups.Selected)
	}
	if n := len(w.pane.data.rows); n == 0 {
		t.Fatal("the first watchlist group is empty")
	}
	// Pinned first.
	seenUnpinned := false
	for _, r := range w.pane.data.rows {
		if !r.IsPinned {
			seenUnpinned = true
		} else if seenUnpinned {
			t.Fatalf("a pinned security after an unpinned one: %+v", w.pane.data.rows)
		}
	}
	// Another group comes from the same answer, with no request.
	api := h.sandbox().quote
	before := api.RequestCount()
	w.groups.SetSelected(w.groups.Options[1])
	if w.pane.rowsLabel != w.groups.Options[1] || api.RequestCount() != before {
		t.Errorf("group %q shows rows of %q after %d requests", w.groups.Options[1], w.pane.rowsLabel, api.RequestCount()-before)
	}

	p := panesOf(h.showView("portfolio"))
	balances := p["portfolio.balances"].(*tablePane[trade.AccountBalance])
	if got := len(balances.data.rows); got != 2 {
		t.Errorf("%d balances, want USD and HKD", got)
	}
	if got := balances.data.cell(0, 1); got != "61,420.05 USD" {
		t.Errorf("USD net assets shown as %q", got)
	}
	cash := p["portfolio.cash"].(*tablePane[trade.CashInfo])
	if got := len(cash.data.rows); got != 2 {
		t.Errorf("%d cash currencies, want 2 (each once)", got)
	}
	// A negative amount is marked.
	for i := range cash.data.shown {
		if r := cash.data.Row(i); r.Currency == "USD" {
			if got := cash.data.cell(i, 4); got != "–221.77 USD" {
				t.Errorf("settling USD shown as %q", got)
			}
			if tone := cash.spec.cols[4].tone(r); tone != toneNegative {
				t.Errorf("a negative amount is not marked")
			}
		}
	}
	if got := len(p["portfolio.stocks"].(*tablePane[trade.StockPosition]).data.rows); got < 5 {
		t.Errorf("%d stock positions", got)
	}
	if got := len(p["portfolio.funds"].(*tablePane[trade.FundPosition]).data.rows); got == 0 {
		t.Error("no fund position")
	}

	o := panesOf(h.showView("orders"))
	history := o["orders.history"].(*tablePane[trade.Order])
	if got := len(history.data.rows); got < 50 {
		t.Errorf("%d orders in the last 90 days, want the sandbox's hundred or so", got)
	}
	statuses := map[trade.OrderStatus]bool{}
	for _, r := range history.data.rows {
		statuses[r.Status] = true
	}
	for _, s := range []trade.OrderStatus{trade.StatusFilled, trade.StatusPartialFilled, trade.StatusCanceled, trade.StatusRejected} {
		if !statuses[s] {
			t.Errorf("no %s order in the history", s)
		}
	}
	if !strings.Contains(history.count.Text, " to ") {
		t.Errorf("the count %q does not say which days the rows cover", history.count.Text)
	}

	cf := panesOf(h.showView("cashflow"))["cashflow"].(*tablePane[trade.CashFlow])
	if got := len(cf.data.rows); got < 10 {
		t.Errorf("%d cash flows in a year", got)
	}
}

func TestSelectingAnOrderShowsItsDetail(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "orders"})
	h.signInToSandbox()
	v := h.ui.viewByKey("orders").(*ordersView)
	history := panesOf(v)["orders.history"].(*tablePane[trade.Order])
	row := -1
	for i := range history.data.shown {
		if history.data.Row(i).Status == trade.StatusFilled {
			row = i
			break
		}
	}
	if row < 0 {
		t.Fatal("no filled order")
	}
	history.table.Select(widget.TableCellID{Row: row, Col: 1})
	h.waitFor("the detail", func() bool { return strings.Contains(v.detail.body.Text, "Fees:") })
	if !strings.Contains(v.detail.body.Text, "History:") || !strings.Contains(v.detail.body.Text, "Filled") {
		t.Errorf("detail:\n%s", v.detail.body.Text)
	}
}

func TestAViewWithoutItsPermissionSaysSoAndTheOthersWork(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	// Sign in again granting the watchlist and the account, not orders.
	h.ui.signIn(h.ui.account, oauth.SignInOptions{Scopes: []string{"4", "6"}}, nil)
	h.waitFor("the new session", func() bool {
		return h.ui.clients != nil && h.ui.clients.scopes == "4 6"
	})
	orders := panesOf(h.ui.viewByKey("orders"))["orders.today"].(*tablePane[trade.Order])
	h.ui.tabs.Select(h.ui.viewByKey("orders").tabItem())
	h.waitFor("the orders view", func() bool { return orders.loaded() && !orders.loading })
	if !errors.Is(orders.failed, errScopeMissing) || !orders.placeSignIn.Visible() {
		t.Fatalf("orders without scope 10: failed %v, sign-in offered %v", orders.failed, orders.placeSignIn.Visible())
	}
	if !strings.Contains(orders.placeText.Text, "not allowed") {
		t.Errorf("it says %q", orders.placeText.Text)
	}
	p := panesOf(h.showView("portfolio"))["portfolio.balances"].(*tablePane[trade.AccountBalance])
	if len(p.data.rows) == 0 || p.failed != nil {
		t.Errorf("the portfolio failed too: %v", p.failed)
	}
}

func TestOneViewFailingLeavesTheOthersWorking(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio"})
	h.signInToSandbox()
	api := h.sandbox().quote
	api.FailPath("/v1/asset/stock", 5, 500, 500000, 0)
	v := h.ui.viewByKey("portfolio")
	v.load()
	p := panesOf(v)
	stocks := p["portfolio.stocks"].(*tablePane[trade.StockPosition])
	h.waitFor("the stock positions to fail", func() bool { return !viewBusy(v) && stocks.failed != nil })
	if !stocks.errorBar.Visible() || len(stocks.data.rows) == 0 {
		t.Errorf("the positions on screen did not stay under an error strip (%d rows)", len(stocks.data.rows))
	}
	if b := p["portfolio.balances"].(*tablePane[trade.AccountBalance]); b.failed != nil || len(b.data.rows) == 0 {
		t.Errorf("balances failed with the positions: %v", b.failed)
	}
}

func TestThePortfolioAsksForTheBalanceOnce(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio"})
	h.signInToSandbox()
	count := func() int { return requestsTo(h, "/v1/asset/account") }
	if n := count(); n != 1 {
		t.Errorf("%d balance requests for the balances and the cash, want 1", n)
	}
	typeShortcut(t, h.ui.win.Canvas(), reloadShortcut)
	h.waitFor("the reload", func() bool { return count() >= 2 && !viewBusy(h.ui.currentView()) })
	if n := count(); n != 2 {
		t.Errorf("%d balance requests after one reload, want 2", n)
	}
}

func TestTheTableBehavesAsADesktopTable(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	c := h.ui.win.Canvas()

	// Keys move the selection, not a faint focus box.
	tab.table.Select(widget.TableCellID{Row: 0, Col: 0})
	for _, k := range []struct {
		key  fyne.KeyName
		want int
	}{{fyne.KeyDown, 1}, {fyne.KeyDown, 2}, {fyne.KeyUp, 1}, {fyne.KeyEnd, len(tab.data.shown) - 1}, {fyne.KeyHome, 0}} {
		tab.table.TypedKey(&fyne.KeyEvent{Name: k.key})
		if tab.cell == nil || tab.cell.Row != k.want {
			t.Fatalf("after %s the selection is %v, want row %d", k.key, tab.cell, k.want)
		}
	}
	tab.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if tab.cell == nil || tab.cell.Row < 5 {
		t.Errorf("Page Down moved to %v", tab.cell)
	}

	// Ctrl-click selects rows; Copy copies them with a header.
	tab.table.Select(widget.TableCellID{Row: 0, Col: 0})
	h.mods = fyne.KeyModifierControl
	tab.table.Select(widget.TableCellID{Row: 2, Col: 1})
	h.mods = 0
	test.Tap(tab.copyButton)
	lines := strings.Split(h.app.Clipboard().Content(), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Symbol\tEnglish name") ||
		!strings.HasPrefix(lines[1], tab.data.Row(0).Symbol+"\t") || !strings.HasPrefix(lines[2], tab.data.Row(2).Symbol+"\t") {
		t.Errorf("Ctrl-click rows 0 and 2 copied %q", lines)
	}
	// Shift-click selects the range from the last click.
	h.mods = fyne.KeyModifierShift
	tab.table.Select(widget.TableCellID{Row: 4, Col: 0})
	h.mods = 0
	if got := tab.selectedShown(); len(got) != 3 || got[0] != 2 || got[2] != 4 {
		t.Errorf("Shift-click selected %v, want rows 2 to 4", got)
	}

	// A wheel notch scrolls three rows.
	tab.table.ScrollToTop()
	var wheel *wheelOverlay
	for _, o := range test.LaidOutObjects(tab.content) {
		if w, ok := o.(*wheelOverlay); ok {
			wheel = w
		}
	}
	wheel.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -driverNotch)})
	off, _ := tableOffset(&tab.table.Table)
	row := newTableCell().MinSize().Height + theme.Padding()
	if off.Y < 2.5*row || off.Y > 3.5*row {
		t.Errorf("a notch scrolled %v px, want about 3 rows of %v", off.Y, row)
	}

	// Ctrl+F focuses the filter; Escape clears it.
	typeShortcut(t, c, findShortcut)
	if c.Focused() != tab.filter {
		t.Errorf("Ctrl+F focused %v", c.Focused())
	}
	tab.filter.SetText("apple")
	h.waitFor("the filter", func() bool { return tab.data.query == "apple" })
	c.Unfocus()
	h.ui.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tab.filter.Text != "" || tab.data.query != "" {
		t.Errorf("Escape left the filter %q", tab.filter.Text)
	}

	// Right-click opens Copy, Copy symbol, Export.
	tab.onSecondary(1, fyne.NewPos(10, 10))
	top := c.Overlays().Top()
	if top == nil {
		t.Fatal("a right-click showed no menu")
	}
	var items []string
	for _, o := range test.LaidOutObjects(top) {
		switch l := o.(type) {
		case *widget.Label:
			items = append(items, l.Text)
		case *canvas.Text:
			items = append(items, l.Text)
		}
	}
	for _, want := range []string{"Copy", "Copy symbol", "Export CSV"} {
		if !strings.Contains(strings.Join(items, "|"), want) {
			t.Errorf("the menu has %v, not %q", items, want)
		}
	}
	top.Hide()
}

func TestSortingByAHeaderCyclesAndStartsAtTheTop(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	serverFirst := tab.data.Row(0).Symbol
	tab.table.ScrollToOffset(fyne.NewPos(0, 400))
	header := func() *widget.Button { return findButton(tab.table, "Symbol") }
	test.Tap(header())
	h.waitFor("ascending", func() bool { return tab.data.sort == sortState{col: colSymbol} })
	if off, _ := tableOffset(&tab.table.Table); off.Y != 0 {
		t.Errorf("a new sort left the table at %v", off)
	}
	if header().Icon != theme.MenuDropUpIcon() {
		t.Error("the arrow does not point up for ascending")
	}
	test.Tap(header())
	h.waitFor("descending", func() bool { return tab.data.sort.desc })
	if header().Icon != theme.MenuDropDownIcon() {
		t.Error("the arrow does not point down for descending")
	}
	test.Tap(header())
	h.waitFor("the server's order", func() bool { return tab.data.sort.col == -1 })
	if tab.data.Row(0).Symbol != serverFirst || header().Icon != nil {
		t.Errorf("the third click shows %s first with icon %v, want the server's order", tab.data.Row(0).Symbol, header().Icon)
	}
}

func TestSortFilterWidthsAndTheViewAreRemembered(t *testing.T) {
	prefs := oauth.NewMemoryPrefs()
	h := newHarness(t, harnessOptions{prefs: prefs, view: "securities"})
	h.signInToSandbox()
	tab := h.ui.securities()
	test.Tap(findButton(tab.table, "English name"))
	h.waitFor("the sort", func() bool { return tab.data.sort.col == colEnglish })
	tab.filter.SetText("bank")
	h.waitFor("the filter", func() bool { return tab.data.query == "bank" })
	tab.table.SetColumnWidth(colSymbol, 222)
	tab.saveWidths()
	h.showView("orders")
	h.ui.Close() // one window at a time, as the app has
	h.q.run()
	h.ui.loads.Wait()

	again := newHarness(t, harnessOptions{prefs: prefs})
	p := again.ui.securities()
	if p.data.sort != (sortState{col: colEnglish}) || p.filter.Text != "bank" {
		t.Errorf("the next start sorts %v and filters %q", p.data.sort, p.filter.Text)
	}
	if w := tableColumnWidths(&p.table.Table)[colSymbol]; w != 222 {
		t.Errorf("the symbol column is %v wide, want the 222 it was dragged to", w)
	}
	if v := again.ui.currentView(); v == nil || v.key() != "orders" {
		t.Errorf("the next start shows %v, want the orders", v)
	}
}

func TestTableIntrospection(t *testing.T) {
	// tableOffset and tableColumnWidths read Fyne's unexported fields; a
	// Fyne upgrade that renames them must fail here, not silently.
	tb := newDataTable()
	tb.Length = func() (int, int) { return 100, 2 }
	tb.CreateCell = func() fyne.CanvasObject { return widget.NewLabel("x") }
	tb.UpdateCell = func(widget.TableCellID, fyne.CanvasObject) {}
	tb.SetColumnWidth(1, 123)
	test.NewTempWindow(t, tb).Resize(fyne.NewSize(300, 200))
	tb.ScrollToOffset(fyne.NewPos(0, 150))
	if off, ok := tableOffset(&tb.Table); !ok || off.Y != 150 {
		t.Errorf("tableOffset = %v, %v; want y 150", off, ok)
	}
	if w := tableColumnWidths(&tb.Table); w[1] != 123 {
		t.Errorf("tableColumnWidths = %v", w)
	}
}

func TestExportAndCopyNameTheRowsOnScreen(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	v := h.ui.viewByKey("securities").(*securitiesView)
	// A reload for another market fails: the US rows stay, and everything
	// says they are the US rows.
	h.sandbox().quote.FailNext(3, 500, 500000, 0)
	v.market.SetText("HK")
	v.load()
	h.waitFor("the failure", func() bool { return tab.failed != nil && !tab.loading })
	if !strings.HasPrefix(tab.count.Text, "US · Overnight · ") {
		t.Errorf("the count says %q", tab.count.Text)
	}
	if !strings.Contains(tab.errorText.Text, "Still showing US · Overnight") {
		t.Errorf("the error strip says %q", tab.errorText.Text)
	}
	if got := tab.exportName(); got != "securities-US-·-Overnight.csv" {
		t.Errorf("export proposes %q", got)
	}
}

func TestExportTellsWhenTheFolderIsWrong(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	tab.onExport()
	top := h.ui.win.Canvas().Overlays().Top()
	entry := overlayEntry(t, top)
	entry.SetText(filepath.Join(t.TempDir(), "missing", "x.csv"))
	test.Tap(findButton(top, "Save"))
	if h.ui.win.Canvas().Overlays().Top() != top {
		t.Fatal("the dialog closed on a folder that does not exist")
	}
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == "That folder does not exist." {
			found = true
		}
	}
	if !found {
		t.Error("the dialog does not say the folder does not exist")
	}
	top.Hide()
}

func TestCSVWritesAmountsAsPlainNumbers(t *testing.T) {
	rows := []trade.AccountBalance{{Currency: "USD", NetAssets: api.NewDecimal("1234.5"), TotalCash: api.NewDecimal("-0.50")}}
	path := filepath.Join(t.TempDir(), "b.csv")
	if err := writeCSVFile(path, func(w io.Writer) error { return writeCSV(w, balanceColumns(), rows) }); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), "\nUSD,1234.5,-0.50,") {
		t.Errorf("the CSV has %q; amounts go out as the server's plain numbers", raw)
	}
}

func TestTheCannotReachStripGivesWayToTheSignInBanner(t *testing.T) {
	tr := &refusing{base: offline{http.DefaultTransport}}
	h := newHarness(t, harnessOptions{transport: tr})
	h.signInToSandbox()
	tab := h.ui.securities()
	tr.refuse.Store(true)
	tab.load()
	h.waitFor("the cannot-reach strip", func() bool { return tab.errorBar.Visible() && strings.Contains(tab.errorText.Text, "Cannot reach") })
	// The session ends for another reason: the banner says so, and the strip
	// no longer tells the user to check the network.
	h.ui.onState(oauth.State{Kind: oauth.SignInNeeded, Region: h.ui.session.Region(), Reason: oauth.ReasonGrantRefused})
	if !h.ui.banner.content.Visible() || tab.errorBar.Visible() {
		t.Errorf("banner visible %v, strip visible %v (%q)", h.ui.banner.content.Visible(), tab.errorBar.Visible(), tab.errorText.Text)
	}
}

func TestSwitchingBackToARegionUsesItsStoredSession(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	opened := h.browser.openedCount()
	h.ui.onSwitchRegion()
	p := h.ui.regionPage
	tapRadio(t, p.radios[choiceSandbox])
	h.waitFor("the sandbox to answer", func() bool { return !p.next.Disabled() })
	test.Tap(p.next)
	h.waitFor("the data again", func() bool {
		v := h.ui.currentView()
		return h.ui.session != nil && v != nil && v.loaded() && !viewBusy(v)
	})
	if n := h.browser.openedCount(); n != opened {
		t.Errorf("the browser opened %d more times; the stored sign-in should have been used", n-opened)
	}
}

// tableChecks is what every table pane must do, whatever its rows.
type tableChecks interface {
	rowCount() int
	cellText(row, col int) string
	columnCount() int
	sortBy(col int)
	sortState() sortState
	filterBy(query string)
	shownCount() int
	selectCell(row, col int)
	exportTo(path string) error
}

func (p *tablePane[R]) rowCount() int                { return len(p.data.rows) }
func (p *tablePane[R]) cellText(row, col int) string { return p.data.cell(row, col) }
func (p *tablePane[R]) columnCount() int             { return len(p.spec.cols) }
func (p *tablePane[R]) sortBy(col int)               { p.onSort(col) }
func (p *tablePane[R]) sortState() sortState         { return p.data.sort }
func (p *tablePane[R]) filterBy(q string)            { p.applyFilter(q) }
func (p *tablePane[R]) shownCount() int              { return len(p.data.shown) }
func (p *tablePane[R]) selectCell(row, col int) {
	p.table.Select(widget.TableCellID{Row: row, Col: col})
}
func (p *tablePane[R]) exportTo(path string) error {
	return writeCSVFile(path, func(w io.Writer) error { return writeCSV(w, p.spec.cols, p.data.Shown()) })
}

func TestEveryTableFiltersSortsCopiesAndExports(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	for _, key := range []string{"watchlist", "portfolio", "orders", "cashflow", "securities"} {
		v := h.showView(key)
		for name, p := range panesOf(v) {
			tc := p.(tableChecks)
			if tc.rowCount() == 0 {
				if name == "orders.fills_today" || name == "orders.today" {
					continue // the sandbox's day may have none
				}
				t.Errorf("%s: no rows", name)
				continue
			}
			// Filter by the first row's first cell: it stays in.
			first := tc.cellText(0, 0)
			tc.selectCell(0, 0)
			p.copy()
			if got := strings.Split(h.app.Clipboard().Content(), "\n"); len(got) != 2 || !strings.HasPrefix(got[1], first) {
				t.Errorf("%s: copy gave %q, want a header and the row starting %q", name, got, first)
			}
			// Sort by every column: ascending, then descending.
			for col := range tc.columnCount() {
				if tc.sortState().col == col { // the table's default order (newest first): a click goes to none
					tc.sortBy(col)
					h.waitFor(name+" in the server's order", func() bool { return tc.sortState() == sortState{col: -1} })
				}
				tc.sortBy(col)
				h.waitFor(name+" sorted", func() bool { return tc.sortState() == sortState{col: col} })
				tc.sortBy(col)
				h.waitFor(name+" reversed", func() bool { return tc.sortState() == sortState{col: col, desc: true} })
			}
			tc.filterBy("no such thing anywhere 12345")
			if tc.shownCount() != 0 {
				t.Errorf("%s: a filter nothing matches shows %d rows", name, tc.shownCount())
			}
			tc.filterBy("")
			path := filepath.Join(t.TempDir(), "x.csv")
			if err := tc.exportTo(path); err != nil {
				t.Errorf("%s: export: %v", name, err)
				continue
			}
			raw, _ := os.ReadFile(path)
			if lines := strings.Count(string(raw), "\n"); lines != tc.rowCount()+1 {
				t.Errorf("%s: the CSV has %d lines for %d rows", name, lines, tc.rowCount())
			}
		}
	}
}

// In the sandbox the copied commands carry its demo token, and they run:
// curl gets the view's data with status 0.
func TestCopyAsCurlInTheSandboxRunsWithCurl(t *testing.T) {
	needCurl(t)
	h := newHarness(t, harnessOptions{view: "portfolio"})
	h.signInToSandbox()
	h.ui.onCopyCurl()
	got := h.app.Clipboard().Content()
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 4 || lines[0] != "TOKEN="+sandboxBearer+" &&" { // the token, the balance (shared by two tables), the stocks, the funds
		t.Fatalf("copied:\n%s", got)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, `curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'X-Api-Key: `) ||
			!strings.Contains(l, h.ui.account.Region().BaseURL+"/v1/asset/") {
			t.Errorf("command %q", l)
		}
	}
	tok, _ := h.ui.session.Token(context.Background())
	if strings.Contains(got, tok.AccessToken) {
		t.Error("the copied commands hold the session's access token")
	}
	if !strings.Contains(h.ui.status.notice.Text, "demo token") {
		t.Errorf("status %q", h.ui.status.notice.Text)
	}
	out := runShell(t, got)
	if n := strings.Count(out, `"code":0`); n != 3 {
		t.Errorf("%d answers with code 0, want 3:\n%s", n, out)
	}
}

// needCurl fails the test without curl; make test installs it.
func needCurl(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed to run the copied commands (make test installs it)")
	}
}

// runShell runs script with sh and returns its output, failing the test
// when it exits non-zero.
func runShell(t *testing.T, script string) string {
	t.Helper()
	out, err := exec.Command("sh", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("the copied commands failed (%v):\n%s", err, out)
	}
	return string(out)
}

func TestAPanesReloadOfSharedDataAsksAgain(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "portfolio"})
	h.signInToSandbox()
	count := func() int { return requestsTo(h, "/v1/asset/account") }
	before := count()
	cash := panesOf(h.ui.viewByKey("portfolio"))["portfolio.cash"].(*tablePane[trade.CashInfo])
	test.Tap(cash.reloadButton)
	h.waitFor("the reload", func() bool { return count() > before && !viewBusy(h.ui.currentView()) })
	if n := count() - before; n != 1 {
		t.Errorf("the cash pane's Reload sent %d balance requests, want 1", n)
	}
}

func TestAHeaderClickDuringALoadIsKept(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	h.sandbox().quote.SetDelay(300 * time.Millisecond)
	tab.load()
	test.Tap(findButton(tab.table, "Symbol")) // while the rows are on their way
	h.waitFor("the load", func() bool { return !tab.loading })
	h.waitFor("the order the user chose", func() bool { return tab.data.sort == sortState{col: colSymbol} })
	for i := 1; i < len(tab.data.shown); i++ {
		if tab.data.Row(i).Symbol < tab.data.Row(i-1).Symbol {
			t.Fatalf("the new rows are not in the order clicked during the load (row %d)", i)
		}
	}
}

func TestExportAsksBeforeReplacingAFile(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	path := filepath.Join(t.TempDir(), "keep.csv")
	if err := os.WriteFile(path, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	tab.onExport()
	top := h.ui.win.Canvas().Overlays().Top()
	overlayEntry(t, top).SetText(path)
	test.Tap(findButton(top, "Save"))
	confirm := h.ui.win.Canvas().Overlays().Top()
	if confirm == top {
		t.Fatal("no question before replacing the file")
	}
	test.Tap(findButton(confirm, "No"))
	h.settle(50 * time.Millisecond)
	if raw, _ := os.ReadFile(path); string(raw) != "mine" {
		t.Fatal("the file was replaced although the user said no")
	}
}

// requestsTo counts the sandbox's requests to path.
func requestsTo(h *harness, path string) int { return countRequests(h.sandbox().fake, path) }
