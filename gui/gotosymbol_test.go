package gui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/quote/symbolsearch"
)

// openGoTo presses Ctrl+K and waits for the security lists of the box's
// index to load.
func openGoTo(t *testing.T, h *harness) *gotoBox {
	t.Helper()
	typeShortcut(t, h.ui.win.Canvas(), goToSymbolShortcut)
	b := h.ui.gotoBox
	if b == nil || !b.pop.Visible() {
		t.Fatal("Ctrl+K showed no Go to symbol box")
	}
	h.waitFor("the security lists", func() bool { return h.ui.finder.listing == 0 })
	return b
}

// typeQuery types text into the box's entry as a user would, a key at a
// time, and waits for a lookup on LongPort it starts.
func typeQuery(h *harness, b *gotoBox, text string) {
	b.entry.SetText("")
	test.Type(b.entry, text)
	h.waitFor("the lookup", func() bool { return b.probing == "" })
}

func matchSymbols(b *gotoBox) []string {
	out := make([]string, len(b.matches))
	for i, m := range b.matches {
		out[i] = m.Symbol
	}
	return out
}

func TestCtrlKFindsASecurityAndEnterOpensItsChart(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist", rows: 2000})
	if !h.menuItem("Go to symbol…").Disabled {
		t.Error("Go to symbol is enabled before signing in")
	}
	h.signInToSandbox()
	item := h.menuItem("Go to symbol…")
	if item.Disabled || item.Shortcut != fyne.Shortcut(goToSymbolShortcut) {
		t.Errorf("the View menu's Go to symbol: disabled %v, shortcut %v", item.Disabled, item.Shortcut)
	}
	b := openGoTo(t, h)
	c := h.ui.win.Canvas()
	if c.Focused() != b.entry {
		t.Errorf("the box opened with %v focused, not its entry", c.Focused())
	}
	if n := h.ui.finder.index.Len(); n < 2000 {
		t.Errorf("the index holds %d securities, want the security list's 2,000", n)
	}
	if !strings.Contains(b.note.Text, "Type a code") {
		t.Errorf("the empty box says %q", b.note.Text)
	}

	// Typing filters; the exact code comes first and is chosen.
	typeQuery(h, b, "aap")
	if len(b.matches) == 0 || b.matches[0].Symbol != "AAPL.US" && !strings.HasPrefix(b.matches[0].Symbol, "AAP") {
		t.Fatalf("aap found %v", matchSymbols(b))
	}
	typeQuery(h, b, "apple") // a code too, which LongPort does not list
	if len(b.matches) == 0 || b.matches[0].Symbol != "AAPL.US" || b.selected() != 0 {
		t.Fatalf("apple found %v, chosen %d", matchSymbols(b), b.selected())
	}
	if !strings.Contains(b.note.Text, "“apple”") {
		t.Errorf("the note says %q, want the query in it", b.note.Text)
	}
	row := newGotoRow(b)
	row.show(0)
	if row.symbol.Text != "AAPL.US" || row.name.Text != "Apple Inc." {
		t.Errorf("the first row reads %q %q", row.symbol.Text, row.name.Text)
	}

	// Up and Down move through the matches, within the list.
	typeQuery(h, b, "t")
	if len(b.matches) < 3 {
		t.Fatalf("t found %v", matchSymbols(b))
	}
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if b.selected() != 2 {
		t.Errorf("two Downs chose %d", b.selected())
	}
	for range 5 {
		b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	}
	if b.selected() != 0 {
		t.Errorf("Ups chose %d, want the first", b.selected())
	}
	typeQuery(h, b, "tsla")
	if len(b.matches) == 0 || b.matches[0].Symbol != "TSLA.US" || b.selected() != 0 {
		t.Fatalf("tsla found %v, chosen %d", matchSymbols(b), b.selected())
	}

	// Enter opens the window of the match chosen and closes the box.
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	d := h.ui.details["TSLA.US"]
	if d == nil {
		t.Fatalf("Enter opened no window; open: %v", h.ui.details)
	}
	if b.pop.Visible() {
		t.Error("the box stayed open over the window")
	}
	h.waitFor("the chart", func() bool { return !d.ld.busy() })
	if title := d.win.Title(); !strings.Contains(title, "TSLA.US") || !strings.Contains(title, "Tesla") {
		t.Errorf("the window's title = %q, want the symbol and the name", title)
	}
	if len(d.bars) == 0 {
		t.Errorf("the window has no chart: %q", d.message.Text)
	}

	// Ctrl+K in the security's window brings the box up too.
	typeShortcut(t, d.win.Canvas(), goToSymbolShortcut)
	if b = h.ui.gotoBox; !b.pop.Visible() {
		t.Error("Ctrl+K in the security's window showed no box")
	}
	b.close()

	// Escape closes the box, and Ctrl+K brings it back empty.
	b = openGoTo(t, h)
	typeQuery(h, b, "micro")
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if b.pop.Visible() || c.Overlays().Top() != nil {
		t.Error("Escape left the box open")
	}
	if len(h.ui.details) != 1 {
		t.Errorf("Escape opened a window: %v", h.ui.details)
	}
	b = openGoTo(t, h)
	if b.entry.Text != "" {
		t.Errorf("the box opened again with %q", b.entry.Text)
	}
	b.close()
}

func TestGoToSymbolFindsChineseNamesAndSaysWhenNothingMatches(t *testing.T) {
	for _, tt := range []struct {
		language, query, wantName, noMatch string
	}{
		{"zh-Hans", "苹果", "苹果", "没有代码或中英文名称与“没有这家公司”相符的"},
		{"zh-Hant", "蘋果", "蘋果", "沒有代碼或中英文名稱與「沒有这家公司」相符的"},
		{"en", "蘋果", "Apple Inc.", "No match for “没有这家公司”"},
	} {
		t.Run(tt.language+" "+tt.query, func(t *testing.T) {
			h := newHarness(t, harnessOptions{view: "watchlist", language: tt.language})
			h.signInToSandbox()
			b := openGoTo(t, h)
			typeQuery(h, b, tt.query)
			if len(b.matches) == 0 || b.matches[0].Symbol != "AAPL.US" {
				t.Fatalf("%s found %v", tt.query, matchSymbols(b))
			}
			row := newGotoRow(b)
			row.show(0)
			if row.name.Text != tt.wantName {
				t.Errorf("the row names AAPL.US %q, want %q in the UI's language", row.name.Text, tt.wantName)
			}
			if tt.language == "en" && row.other.Text != tt.query {
				t.Errorf("the row shows %q beside the name, want the name that matched", row.other.Text)
			}

			query := "没有这家公司"
			if tt.language == "zh-Hant" {
				query = "沒有这家公司"
			}
			typeQuery(h, b, query)
			if len(b.matches) != 0 || b.probing != "" {
				t.Fatalf("%s found %v", query, matchSymbols(b))
			}
			if !strings.Contains(b.note.Text, tt.noMatch) {
				t.Errorf("no match says %q, want %q", b.note.Text, tt.noMatch)
			}
			b.close()
		})
	}
}

func TestACodeWithoutItsMarketIsLookedUpOnLongPort(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	b := openGoTo(t, h)
	if _, ok := h.ui.finder.index.Lookup("600519.SH"); ok {
		t.Fatal("600519.SH is known before it is looked up; the test needs a code the session has not seen")
	}
	typeQuery(h, b, "600519")
	// Shanghai's and Shenzhen's codes share the form: LongPort says
	// which exist, and the sandbox's fake knows only Shanghai's.
	if got := matchSymbols(b); !slices.Equal(got, []string{"600519.SH"}) || b.matches[0].Rank != symbolsearch.ExactCode {
		t.Fatalf("600519 found %v", got)
	}
	if e, _ := h.ui.finder.index.Lookup("600519.SH"); e.NameEN != "Kweichow Moutai" {
		t.Errorf("600519.SH is named %+v, want static info's names", e)
	}

	// An HK code with its leading zeros, Enter before the lookup is back.
	b.entry.SetText("")
	test.Type(b.entry, "09988.hk")
	if b.probing == "" && len(b.matches) == 0 {
		t.Fatal("09988.hk started no lookup")
	}
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	h.waitFor("the window", func() bool { return h.ui.details["9988.HK"] != nil })
	d := h.ui.details["9988.HK"]
	if !strings.Contains(d.win.Title(), "Alibaba") {
		t.Errorf("9988.HK's window is titled %q", d.win.Title())
	}
	h.waitFor("the chart", func() bool { return !d.ld.busy() })
}

func TestTheSecurityWindowKeepsItsSize(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	h.ui.openDetail("AAPL.US")
	d := h.ui.details["AAPL.US"]
	if got := d.win.Canvas().Size(); got != defaultDetailSize {
		t.Errorf("the first window is %v, want %v", got, defaultDetailSize)
	}
	h.waitFor("the chart", func() bool { return !d.ld.busy() })
	want := defaultDetailSize.AddWidthHeight(93, 27) // any size above its least
	d.win.Resize(want)
	if d.split == nil || d.split.Offset <= 0.5 || d.split.Offset >= 1 {
		t.Fatalf("the chart and the book are split at %v", d.split)
	}
	d.split.SetOffset(0.6)
	d.win.Close()

	h.ui.openDetail("MSFT.US")
	d = h.ui.details["MSFT.US"]
	if got := d.win.Canvas().Size(); got != want {
		t.Errorf("the next window is %v, want the last one's %v", got, want)
	}
	if got := d.split.Offset; got < 0.59 || got > 0.61 {
		t.Errorf("the next window's split is at %.2f, want the last one's 0.60", got)
	}
	h.waitFor("the chart", func() bool { return !d.ld.busy() })
	d.win.Close()
}

func TestTheRowMenuOffersTheChart(t *testing.T) {
	for _, tt := range []struct{ language, want string }{
		{"en", "Open chart: "},
		{"zh-Hans", "打开图表："},
	} {
		t.Run(tt.language, func(t *testing.T) {
			h := newHarness(t, harnessOptions{view: "watchlist", language: tt.language})
			h.signInToSandbox()
			p := h.ui.currentView().(*watchlistView).pane
			sym := p.tbl.RowSymbol(0)
			p.tbl.ShowRowMenu(0, fyne.NewPos(10, 10))
			top := h.ui.win.Canvas().Overlays().Top()
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
			if !slices.Contains(items, tt.want+sym) {
				t.Errorf("the menu has %v, not %q", items, tt.want+sym)
			}
			top.Hide()
		})
	}
}

// TestGoToSymbolTimeToTheFirstChart measures, on the real path with the
// sandbox's fakes and a security list of the real one's size, the time
// from Ctrl+K to the first chart drawn in the security's window (the first
// time with the lists' load in the session); BENCHMARKS.md quotes it.
func TestGoToSymbolTimeToTheFirstChart(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist", rows: sandboxRows})
	h.signInToSandbox()
	for i, sym := range []string{"NVDA.US", "AMZN.US", "META.US", "NFLX.US", "INTC.US"} {
		start := time.Now()
		b := openGoTo(t, h)
		typeQuery(h, b, strings.TrimSuffix(sym, ".US"))
		searched := time.Since(start)
		entered := time.Now()
		b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		d := h.ui.details[sym]
		if d == nil {
			t.Fatalf("%s: Enter opened %v", sym, h.ui.details)
		}
		h.waitFor("the chart", func() bool { return !d.ld.busy() && len(d.chart.Data().Bars) > 0 })
		if img := d.win.Canvas().Capture(); img.Bounds().Dx() == 0 { // drawn, by the software painter
			t.Fatalf("%s: the window drew nothing", sym)
		}
		took, drawn := time.Since(start), time.Since(entered)
		t.Logf("%d %s: Ctrl+K to the first drawn chart %v: typed and searched in %v (the last search %v), Enter to the chart drawn %v",
			i, sym, took.Round(time.Millisecond), searched.Round(time.Microsecond), b.took.Round(time.Microsecond), drawn.Round(time.Millisecond))
		d.win.Close()
	}
}
