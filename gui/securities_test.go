package gui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote"
)

var sample = []quote.Security{
	{Symbol: "TSLA.US", NameCN: "特斯拉"},
	{Symbol: "AAPL.US", NameCN: "苹果", NameHK: "蘋果", NameEN: "Apple Inc."},
	{Symbol: "MSFT.US", NameCN: "微软", NameHK: "微軟", NameEN: "Microsoft Corporation"},
	{Symbol: "APLE.US", NameCN: "苹果酒店", NameHK: "蘋果酒店", NameEN: "Apple Hospitality REIT"},
}

func shownSymbols(rows []quote.Security) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Symbol)
	}
	return out
}

// Column indexes of securityColumns, for the tests.
const (
	colSymbol = iota
	colEnglish
	colSimplified
	colTraditional
)

func TestFormats(t *testing.T) {
	useTestLanguage(t, "en")
	tests := []struct{ name, got, want string }{
		{"a filtered count", countText(1204, 11873), "1,204 of 11,873"},
		{"an unfiltered count", countText(11873, 11873), "11,873 securities"},
		{"a million", thousands(1000000), "1,000,000"},
		{"minutes", untilText(41*60e9 + 20e9), "41 min"},
		{"hours", untilText(125 * 60e9), "2 h 5 min"},
		{"seconds", untilText(20e9), "less than a minute"},
		{"a retry", secondsText(29_200e6), "30 s"},
		{"a countdown", clockText(299e9), "4:59"},
		{"a sentence", sentence("could not reach x: timeout"), "Could not reach x: timeout."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestWriteCSVHasAByteOrderMarkAHeaderRowAndUTF8(t *testing.T) {
	var b bytes.Buffer
	if err := table.WriteCSV(&b, securityColumns, sample[:2]); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFSymbol,English name,Simplified Chinese name,Traditional Chinese name\n" +
		"TSLA.US,,特斯拉,\n" +
		"AAPL.US,Apple Inc.,苹果,蘋果\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

func TestTableFiltersSortsAndCopies(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()

	if got := tab.tbl.Data().Row(0); got.Symbol != "TSLA.US" || got.NameCN != "特斯拉" {
		t.Errorf("first row = %+v, want the seed's TSLA.US", got)
	}
	if got := tab.count.Text; got != "US · Overnight · 500 securities" {
		t.Errorf("count = %q", got)
	}
	if got := tab.tbl.Data().Cell(1, colEnglish); got != "Apple Inc." {
		t.Errorf("row 1 English name = %q", got)
	}

	// Filtering, in Chinese, by typing into the box.
	test.Type(tab.filter, "特斯拉")
	h.waitFor("the filter", func() bool { return tab.tbl.Data().Query() == "特斯拉" })
	if got := shownSymbols(tab.tbl.Data().Shown()); !slices.Contains(got, "TSLA.US") || len(got) > 5 {
		t.Errorf("特斯拉 shows %v", got)
	}
	if got := tab.count.Text; got != "US · Overnight · "+countText(tab.tbl.Data().Len(), 500) {
		t.Errorf("count = %q", got)
	}
	tab.filter.SetText("MICROSOFT")
	h.waitFor("the filter", func() bool { return tab.tbl.Data().Query() == "MICROSOFT" })
	if got := shownSymbols(tab.tbl.Data().Shown()); len(got) == 0 || got[0] != "MSFT.US" {
		t.Errorf("MICROSOFT shows %v", got)
	}
	tab.filter.SetText("no such security at all")
	h.waitFor("the filter", func() bool { return tab.tbl.Data().Query() == "no such security at all" })
	if !tab.placeholder.Visible() || !contains(tab.placeText.Text, "Nothing matches") {
		t.Errorf("an empty result shows %q (visible %v)", tab.placeText.Text, tab.placeholder.Visible())
	}
	tab.filter.SetText("")
	h.waitFor("no filter", func() bool { return tab.tbl.Data().Query() == "" })

	// Sorting by tapping the header, twice.
	header := tab.tbl.HeaderButton("Symbol")
	if header == nil {
		t.Fatal("no Symbol header button")
	}
	test.Tap(header)
	h.waitFor("the sort", func() bool { return tab.tbl.Data().Sort().Col == colSymbol })
	first := tab.tbl.Data().Row(0).Symbol
	for i := 1; i < tab.tbl.Data().Len(); i++ {
		if tab.tbl.Data().Row(i).Symbol < tab.tbl.Data().Row(i-1).Symbol {
			t.Fatalf("not ascending at %d: %s after %s", i, tab.tbl.Data().Row(i).Symbol, tab.tbl.Data().Row(i-1).Symbol)
		}
	}
	test.Tap(tab.tbl.HeaderButton("Symbol"))
	h.waitFor("the reverse sort", func() bool { return tab.tbl.Data().Sort().Desc })
	if last := tab.tbl.Data().Row(tab.tbl.Data().Len() - 1).Symbol; last != first || tab.tbl.Data().Row(0).Symbol <= first {
		t.Errorf("second tap did not reverse: first %s, last %s", tab.tbl.Data().Row(0).Symbol, last)
	}

	// Copy, the button and Ctrl+C: the clicked cell's row, with a header;
	// Copy cell: the cell alone.
	tab.tbl.Select(0, 0)
	test.Tap(tab.copyButton)
	if got := strings.Split(h.app.Clipboard().Content(), "\n"); len(got) != 2 || !strings.HasPrefix(got[0], "Symbol\t") || !strings.HasPrefix(got[1], tab.tbl.Data().Row(0).Symbol+"\t") {
		t.Errorf("clipboard = %q, want the header and the row of %s", got, tab.tbl.Data().Row(0).Symbol)
	}
	h.app.Clipboard().SetContent("")
	tab.tbl.Select(2, 1)
	typeShortcut(t, h.ui.win.Canvas(), &fyne.ShortcutCopy{})
	if got, want := h.app.Clipboard().Content(), copyText(tab); got != want {
		t.Errorf("Ctrl+C put %q on the clipboard, want the row %q", got, want)
	}
	tab.tbl.CopyCell()
	if got, want := h.app.Clipboard().Content(), tab.tbl.Data().Row(2).NameEN; got != want {
		t.Errorf("Copy cell put %q on the clipboard, want the cell %q", got, want)
	}
}

func TestEmptyCategoryAndErrorsAreShownInTheTab(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	sb := h.sandbox()

	// A failing reload keeps the rows and says why above them.
	sb.quote.FailNext(3, 500, 500000, 0)
	test.Tap(tab.reloadButton)
	h.waitFor("the error", func() bool { return tab.failed != nil })
	if !tab.errorBar.Visible() || len(tab.tbl.Data().Rows()) != 500 {
		t.Errorf("error bar visible %v, rows %d", tab.errorBar.Visible(), len(tab.tbl.Data().Rows()))
	}
	if !contains(tab.errorText.Text, "LongPort had an internal error") {
		t.Errorf("error text %q", tab.errorText.Text)
	}

	// An empty category says so.
	sb.quote.SetRows(0)
	test.Tap(tab.reloadButton)
	h.waitFor("the empty list", func() bool { return !tab.loading && tab.failed == nil })
	if !tab.placeholder.Visible() || tab.placeText.Text != "No securities in this category." {
		t.Errorf("placeholder %v %q", tab.placeholder.Visible(), tab.placeText.Text)
	}

	// An unknown category is an error in the tab, with no rows behind it.
	h.ui.viewByKey("securities").(*securitiesView).category.SetText("Daytime")
	h.waitFor("the error for Daytime", func() bool { return tab.failed != nil })
	if !tab.placeholder.Visible() || tab.placeText.Text != "This market or category is not supported." || !tab.placeRetry.Visible() {
		t.Errorf("placeholder %v %q", tab.placeholder.Visible(), tab.placeText.Text)
	}
}

func TestALoadThatGetsNoAnswerTimesOut(t *testing.T) {
	h := newHarness(t, harnessOptions{loadTimeout: 2 * time.Second})
	h.signInToSandbox()
	tab := h.ui.securities()

	// The server takes the request and never answers.
	h.sandbox().quote.SetDelay(time.Hour)
	test.Tap(tab.reloadButton)
	h.waitFor("the timeout", func() bool { return !tab.loading })
	if tab.busy.Visible() {
		t.Error("the tab still spins")
	}
	if got, want := tab.errorText.Text, "LongPort took too long to answer. Try again."; !strings.HasPrefix(got, want) {
		t.Errorf("error text %q, want it to start with %q", got, want)
	}
	if got := len(tab.tbl.Data().Rows()); got != 500 {
		t.Errorf("%d rows, want the 500 on screen to stay", got)
	}
}

func TestALoadWhileRenewalBacksOffSaysWhenItRetries(t *testing.T) {
	h := newHarness(t, harnessOptions{tokenLifetime: 10 * time.Minute})
	h.signInToSandbox()
	tab := h.ui.securities()

	// The renewal fails and the token runs out meanwhile: the session backs
	// off, and a load in between gets its *oauth.RenewError.
	h.sandbox().auth.FailNext(oauthtest.EndpointToken, 1, oauthtest.Failure{Status: 503})
	h.clock.Advance(11 * time.Minute)
	h.waitFor("the back-off", func() bool { return h.ui.session.State().Kind == oauth.BackingOff })
	retryIn := secondsText(h.ui.session.State().RetryAt.Sub(h.clock.Now()))
	test.Tap(tab.reloadButton)
	h.waitFor("the error", func() bool { return tab.failed != nil })
	want := "Could not renew access (server error), retrying in " + retryIn + "."
	if got := tab.errorText.Text; !strings.HasPrefix(got, want) {
		t.Errorf("error text %q, want it to start with %q", got, want)
	}
	if h.ui.banner.content.Visible() {
		t.Errorf("a banner while the session renews by itself: %q", h.ui.banner.text.Text)
	}
}

// copyText is what Copy copies from the pane now.
func copyText[R any](p *tablePane[R]) string {
	text, _ := p.tbl.CopyText()
	return text
}
