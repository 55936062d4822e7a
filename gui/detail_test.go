package gui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/portview/portview/gui/chart"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/sockettest"
)

// openedDetail double-clicks symbol's row in the watchlist and waits for
// its window to show a chart (or say why not).
func openedDetail(t *testing.T, h *harness, p *tablePane[watchRow], symbol string) *detailWindow {
	t.Helper()
	row := rowOf(p, symbol)
	if row < 0 {
		t.Fatalf("%s is not in the watchlist", symbol)
	}
	test.DoubleTap(cellObject(t, p, row, 0).(fyne.DoubleTappable))
	d := h.ui.details[symbol]
	if d == nil {
		t.Fatalf("double-clicking %s opened no window; open: %v", symbol, h.ui.details)
	}
	h.waitFor("the chart loaded", func() bool { return !d.ld.busy() })
	return d
}

func TestDoubleClickOpensTheSecurityOfTheRow(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	row := rowOf(p, "TSLA.US")
	d := openedDetail(t, h, p, "TSLA.US")
	selRow, _, selOK := p.tbl.SelectedCell()

	if !selOK || selRow != row {
		t.Errorf("the double-clicked row is not selected: row %d", selRow)
	}
	if got := d.win.Title(); !strings.Contains(got, "TSLA.US") {
		t.Errorf("window title = %q, want the symbol", got)
	}
	if len(d.bars) == 0 || d.message.Text != "" {
		t.Fatalf("the chart has %d bars and says %q", len(d.bars), d.message.Text)
	}
	if !strings.Contains(d.name.Text, "Tesla") {
		t.Errorf("name = %q, want the security's name", d.name.Text)
	}
	if d.fields["last"].Text == "" || d.fields["prev_close"].Text == "" || d.fields["open"].Text == "" {
		t.Errorf("the quote is not shown: last %q, previous close %q, open %q", d.fields["last"].Text, d.fields["prev_close"].Text, d.fields["open"].Text)
	}

	test.DoubleTap(cellObject(t, p, row, 1).(fyne.DoubleTappable))
	if len(h.ui.details) != 1 {
		t.Errorf("a second double-click opened another window: %d open", len(h.ui.details))
	}

	// Enter opens the row selected.
	other := rowOf(p, "AAPL.US")
	test.Tap(cellObject(t, p, other, 0).(fyne.Tappable))
	p.tbl.Focusable().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if h.ui.details["AAPL.US"] == nil {
		t.Errorf("Enter on AAPL.US opened nothing; open: %v", h.ui.details)
	}
	h.waitFor("the second chart loaded", func() bool { return !h.ui.details["AAPL.US"].ld.busy() })

	d.win.Close()
	if h.ui.details["TSLA.US"] != nil || h.ui.live.owners[d.liveKey()] != nil {
		t.Error("closing the window kept it, or its subscription")
	}
}

func TestATapOnACellSelectsItWithoutOpeningAWindow(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	row := rowOf(p, "MSFT.US")
	test.Tap(cellObject(t, p, row, 2).(fyne.Tappable))
	selRow, selCol, selOK := p.tbl.SelectedCell()
	if !selOK || selRow != row || selCol != 2 {
		t.Errorf("selected = row %d column %d, want row %d column 2", selRow, selCol, row)
	}
	if p.copyButton.Disabled() {
		t.Error("Copy is not enabled for the selected cell")
	}
	if len(h.ui.details) != 0 {
		t.Errorf("a single tap opened %d windows", len(h.ui.details))
	}
}

func TestAPushMovesTheLastBarsClose(t *testing.T) {
	for _, period := range []int{0, periodIndex(chart.Day)} { // the intraday line and day candles
		t.Run(fmt.Sprintf("%s joins the push", chartPeriods[period].title()), func(t *testing.T) {
			h, p := liveWatchlist(t, harnessOptions{})
			d := openedDetail(t, h, p, "AAPL.US")
			d.selector.SetSelected(chartPeriods[period].title())
			h.waitFor("the period's chart", func() bool { return !d.ld.busy() && len(d.bars) > 0 })
			n := len(d.bars)

			sb := h.sandbox()
			if err := sb.socket.SetPrice("AAPL.US", "301.25"); err != nil {
				t.Fatal(err)
			}
			if sb.socket.Push("AAPL.US") == 0 {
				t.Fatal("the app's socket is not subscribed to AAPL.US")
			}
			h.waitFor("the push in the window", func() bool { return d.fields["last"].Text == "301.25" })
			last := d.chart.Data().Bars[len(d.chart.Data().Bars)-1]
			if last.Close.String() != "301.25" || last.High.LessThan(last.Close) {
				t.Errorf("the last bar = %+v, want it to close at 301.25", last)
			}
			if len(d.chart.Data().Bars) > n+1 {
				t.Errorf("the push added %d bars", len(d.chart.Data().Bars)-n)
			}
		})
	}
}

func TestTheValueUnderThePointerIsShown(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	d := openedDetail(t, h, p, "AAPL.US")
	d.selector.SetSelected(chartPeriods[periodIndex(chart.Day)].title())
	h.waitFor("day candles", func() bool { return !d.ld.busy() && len(d.bars) > 0 })
	w := d.chart.Size().Width
	if w <= 0 {
		t.Fatal("the chart has no width")
	}
	latest := d.bars[len(d.bars)-1]
	mid := d.bars[len(d.bars)/2]
	x := w / 2
	i := -1
	for ; x > 0 && i < 0; x -= 1 {
		d.chart.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 40)}})
		if strings.Contains(d.chart.Readout(), mid.Time.In(chart.Location("US")).Format("2006-01-02")) {
			i = len(d.bars) / 2
		}
	}
	if i < 0 {
		t.Fatalf("no point of the chart shows the middle bar; readout %q", d.chart.Readout())
	}
	for _, want := range []string{"O " + chart.PriceText(mid.Open, 2), "C " + chart.PriceText(mid.Close, 2), "Vol " + thousands(int(mid.Volume))} {
		if !strings.Contains(d.chart.Readout(), want) {
			t.Errorf("readout = %q, want %q in it", d.chart.Readout(), want)
		}
	}
	d.chart.MouseOut()
	if got, want := d.chart.Readout(), chart.Readout(d.chart.Data(), len(d.bars)-1); got != want || !strings.Contains(got, latest.Time.In(chart.Location("US")).Format("2006-01-02")) {
		t.Errorf("readout after leaving = %q, want the latest bar's %q", got, want)
	}
}

func TestChartErrorsAreInWords(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"no quote socket", errNoFeed, "Not connected to LongPort's quote feed"},
		{"a dropped link", fmt.Errorf("intraday: %w", socket.ErrNotConnected), "The quote feed is not connected"},
		{"a wait for the link that timed out", context.DeadlineExceeded, "The quote feed is not connected"},
		{"no quote access", &socket.Error{Code: socket.CodeNoQuoteAccess}, "no quote access for Hong Kong"},
		{"the history quota", &socket.Error{Code: socket.CodeHistoryQuotaExhausted}, "history quota of your account is used up (code 301607)"},
		{"another refusal", &socket.Error{Code: socket.CodeServerError}, "code 301602"},
		{"anything else", errors.New("boom"), "could not be loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is said in words", func(t *testing.T) {
			if got := chartErrorText(tt.err, "700.HK"); !strings.Contains(got, tt.want) {
				t.Errorf("text = %q, want %q in it", got, tt.want)
			}
		})
	}
}

func TestTheChartSaysWhyItHasNothing(t *testing.T) {
	tests := []struct {
		name   string
		cmd    uint8
		refuse sockettest.Refusal
		period int
		want   string
	}{
		{"a market without quote access", packet.CmdIntraday, sockettest.RefuseNoAccess, 0, "no quote access for US"},
		{"a used-up history quota", packet.CmdCandlestick, sockettest.RefuseHistoryQuota, periodIndex(chart.Day), "301607"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, p := liveWatchlist(t, harnessOptions{})
			d := openedDetail(t, h, p, "AAPL.US")
			h.sandbox().socket.RefuseNext(tt.cmd, tt.refuse)
			if tt.period == d.period {
				d.load()
			} else {
				d.selector.SetSelected(chartPeriods[tt.period].title())
			}
			h.waitFor("the refusal", func() bool { return !d.ld.busy() && d.message.Text != "" })
			if !strings.Contains(d.message.Text, tt.want) || d.retry.Hidden {
				t.Errorf("the chart says %q (retry shown: %v), want %q in it", d.message.Text, !d.retry.Hidden, tt.want)
			}
			if keep := tt.period == 0; (len(d.chart.Data().Bars) > 0) != keep {
				t.Errorf("the chart draws %d bars; want the bars of the same period kept (%v), another period's dropped", len(d.chart.Data().Bars), keep)
			}
			test.Tap(d.retry)
			h.waitFor("the retry", func() bool { return !d.ld.busy() && len(d.bars) > 0 })
			if d.message.Text != "" {
				t.Errorf("after a retry the chart says %q", d.message.Text)
			}
		})
	}

	t.Run("signed out", func(t *testing.T) {
		h, p := liveWatchlist(t, harnessOptions{})
		d := openedDetail(t, h, p, "AAPL.US")
		signedIn := h.ui.clients
		h.ui.clients = nil
		d.load()
		h.ui.clients = signedIn
		if !strings.Contains(d.message.Text, "Not connected") {
			t.Errorf("signed out, the chart says %q", d.message.Text)
		}
	})
}

func TestSwitchingRegionClosesTheSecuritiesWindows(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	openedDetail(t, h, p, "TSLA.US")
	h.ui.onSwitchRegion()
	if n := len(h.ui.details); n != 0 {
		t.Errorf("%d securities' windows stay open after leaving the region", n)
	}
}
