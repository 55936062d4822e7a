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
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/table"
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
	if n := len(w.pane.tbl.Data().Rows()); n == 0 {
		t.Fatal("the first watchlist group is empty")
	}
	// Pinned first.
	seenUnpinned := false
	for _, r := range w.pane.tbl.Data().Rows() {
		if !r.IsPinned {
			seenUnpinned = true
		} else if seenUnpinned {
			t.Fatalf("a pinned security after an unpinned one: %+v", w.pane.tbl.Data().Rows())
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
	if got := len(balances.tbl.Data().Rows()); got != 2 {
		t.Errorf("%d balances, want USD and HKD", got)
	}
	if got := balances.tbl.Data().Cell(0, 1); got != "61,420.05 USD" {
		t.Errorf("USD net assets shown as %q", got)
	}
	cash := p["portfolio.cash"].(*tablePane[trade.CashInfo])
	if got := len(cash.tbl.Data().Rows()); got != 2 {
		t.Errorf("%d cash currencies, want 2 (each once)", got)
	}
	// A negative amount is marked.
	for i := range cash.tbl.Data().Len() {
		if r := cash.tbl.Data().Row(i); r.Currency == "USD" {
			if got := cash.tbl.Data().Cell(i, 4); got != "–221.77 USD" {
				t.Errorf("settling USD shown as %q", got)
			}
			if tone := cash.spec.cols[4].Tone(r); tone != toneNegative {
				t.Errorf("a negative amount is not marked")
			}
		}
	}
	if got := len(p["portfolio.stocks"].(*tablePane[trade.StockPosition]).tbl.Data().Rows()); got < 5 {
		t.Errorf("%d stock positions", got)
	}
	if got := len(p["portfolio.funds"].(*tablePane[trade.FundPosition]).tbl.Data().Rows()); got == 0 {
		t.Error("no fund position")
	}

	o := panesOf(h.showView("orders"))
	history := o["orders.history"].(*tablePane[trade.Order])
	if got := len(history.tbl.Data().Rows()); got < 50 {
		t.Errorf("%d orders in the last 90 days, want the sandbox's hundred or so", got)
	}
	statuses := map[trade.OrderStatus]bool{}
	for _, r := range history.tbl.Data().Rows() {
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
	if got := len(cf.tbl.Data().Rows()); got < 10 {
		t.Errorf("%d cash flows in a year", got)
	}
}

func TestSelectingAnOrderShowsItsDetail(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "orders"})
	h.signInToSandbox()
	v := h.ui.viewByKey("orders").(*ordersView)
	history := panesOf(v)["orders.history"].(*tablePane[trade.Order])
	row := -1
	for i := range history.tbl.Data().Len() {
		if history.tbl.Data().Row(i).Status == trade.StatusFilled {
			row = i
			break
		}
	}
	if row < 0 {
		t.Fatal("no filled order")
	}
	history.tbl.Select(row, 1)
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
	if len(p.tbl.Data().Rows()) == 0 || p.failed != nil {
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
	if !stocks.errorBar.Visible() || len(stocks.tbl.Data().Rows()) == 0 {
		t.Errorf("the positions on screen did not stay under an error strip (%d rows)", len(stocks.tbl.Data().Rows()))
	}
	if b := p["portfolio.balances"].(*tablePane[trade.AccountBalance]); b.failed != nil || len(b.tbl.Data().Rows()) == 0 {
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

func TestTheFilterTakesCtrlFAndEscape(t *testing.T) {
	// The table's own keys, selection, copy, wheel and menu are pinned in
	// gui/table; these are the app's shortcuts around it.
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	c := h.ui.win.Canvas()
	typeShortcut(t, c, findShortcut)
	if c.Focused() != tab.filter {
		t.Errorf("Ctrl+F focused %v", c.Focused())
	}
	tab.filter.SetText("apple")
	h.waitFor("the filter", func() bool { return tab.tbl.Data().Query() == "apple" })
	c.Unfocus()
	h.ui.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tab.filter.Text != "" || tab.tbl.Data().Query() != "" {
		t.Errorf("Escape left the filter %q", tab.filter.Text)
	}

	// Ctrl+C copies the selected row with its header.
	tab.tbl.Select(0, 1)
	typeShortcut(t, c, &fyne.ShortcutCopy{})
	lines := strings.Split(h.app.Clipboard().Content(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Symbol\tEnglish name") || !strings.HasPrefix(lines[1], tab.tbl.Data().Row(0).Symbol+"\t") {
		t.Errorf("Ctrl+C copied %q", lines)
	}
}

func TestSortingByAHeaderCyclesAndStartsAtTheTop(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	serverFirst := tab.tbl.Data().Row(0).Symbol
	tab.tbl.Grid().ScrollToOffset(fyne.NewPos(0, 400))
	header := func() *widget.Button { return tab.tbl.HeaderButton("Symbol") }
	test.Tap(header())
	h.waitFor("ascending", func() bool { return tab.tbl.Data().Sort() == table.Sort{Col: colSymbol} })
	if off, _ := table.Offset(tab.tbl.Grid()); off.Y != 0 {
		t.Errorf("a new sort left the table at %v", off)
	}
	if header().Icon != theme.MenuDropUpIcon() {
		t.Error("the arrow does not point up for ascending")
	}
	test.Tap(header())
	h.waitFor("descending", func() bool { return tab.tbl.Data().Sort().Desc })
	if header().Icon != theme.MenuDropDownIcon() {
		t.Error("the arrow does not point down for descending")
	}
	test.Tap(header())
	h.waitFor("the server's order", func() bool { return tab.tbl.Data().Sort().Col == -1 })
	if tab.tbl.Data().Row(0).Symbol != serverFirst || header().Icon != nil {
		t.Errorf("the third click shows %s first with icon %v, want the server's order", tab.tbl.Data().Row(0).Symbol, header().Icon)
	}
}

func TestSortFilterWidthsAndTheViewAreRemembered(t *testing.T) {
	prefs := oauth.NewMemoryPrefs()
	h := newHarness(t, harnessOptions{prefs: prefs, view: "securities"})
	h.signInToSandbox()
	tab := h.ui.securities()
	test.Tap(tab.tbl.HeaderButton("English name"))
	h.waitFor("the sort", func() bool { return tab.tbl.Data().Sort().Col == colEnglish })
	tab.filter.SetText("bank")
	h.waitFor("the filter", func() bool { return tab.tbl.Data().Query() == "bank" })
	h.showView("orders")
	h.close() // one window at a time, as the app has

	again := newHarness(t, harnessOptions{prefs: prefs})
	p := again.ui.securities()
	if p.tbl.Data().Sort() != (table.Sort{Col: colEnglish}) || p.filter.Text != "bank" {
		t.Errorf("the next start sorts %v and filters %q", p.tbl.Data().Sort(), p.filter.Text)
	}
	if v := again.ui.currentView(); v == nil || v.key() != "orders" {
		t.Errorf("the next start shows %v, want the orders", v)
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
	if err := table.WriteFile(path, func(w io.Writer) error { return table.WriteCSV(w, balanceColumns(), rows) }); err != nil {
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
	sortState() table.Sort
	filterBy(query string)
	shownCount() int
	selectCell(row, col int)
	exportTo(path string) error
}

func (p *tablePane[R]) rowCount() int                { return len(p.tbl.Data().Rows()) }
func (p *tablePane[R]) cellText(row, col int) string { return p.tbl.Data().Cell(row, col) }
func (p *tablePane[R]) columnCount() int             { return len(p.spec.cols) }
func (p *tablePane[R]) sortBy(col int)               { p.tbl.SortBy(col) }
func (p *tablePane[R]) sortState() table.Sort        { return p.tbl.Data().Sort() }
func (p *tablePane[R]) filterBy(q string)            { p.applyFilter(q) }
func (p *tablePane[R]) shownCount() int              { return p.tbl.Data().Len() }
func (p *tablePane[R]) selectCell(row, col int) {
	p.tbl.Select(row, col)
}
func (p *tablePane[R]) exportTo(path string) error {
	return table.WriteFile(path, func(w io.Writer) error { return table.WriteCSV(w, p.tbl.Visible(), p.tbl.Data().Shown()) })
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
				if tc.sortState().Col == col { // the table's default order (newest first): a click goes to none
					tc.sortBy(col)
					h.waitFor(name+" in the server's order", func() bool { return tc.sortState() == table.Sort{Col: -1} })
				}
				tc.sortBy(col)
				h.waitFor(name+" sorted", func() bool { return tc.sortState() == table.Sort{Col: col} })
				tc.sortBy(col)
				h.waitFor(name+" reversed", func() bool { return tc.sortState() == table.Sort{Col: col, Desc: true} })
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
	test.Tap(tab.tbl.HeaderButton("Symbol")) // while the rows are on their way
	h.waitFor("the load", func() bool { return !tab.loading })
	h.waitFor("the order the user chose", func() bool { return tab.tbl.Data().Sort() == table.Sort{Col: colSymbol} })
	for i := 1; i < tab.tbl.Data().Len(); i++ {
		if tab.tbl.Data().Row(i).Symbol < tab.tbl.Data().Row(i-1).Symbol {
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
