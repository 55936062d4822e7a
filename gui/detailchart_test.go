package gui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/portview/portview/gui/chart"
	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/sockettest"
)

// periodIndex is the selector's choice of period p.
func periodIndex(p chart.Period) int {
	return slices.IndexFunc(chartPeriods, func(c chartPeriod) bool { return c.chart == p })
}

// dayChart opens symbol's window on day candles.
func dayChart(t *testing.T, h *harness, p *tablePane[watchRow], symbol string) *detailWindow {
	t.Helper()
	d := openedDetail(t, h, p, symbol)
	d.selector.SetSelected(chartPeriods[periodIndex(chart.Day)].title())
	h.waitFor("day candles", func() bool { return !d.ld.busy() && d.shown == d.period && len(d.bars) > 0 })
	return d
}

// panToOldest drags the chart until its oldest bar is on screen.
func panToOldest(d *detailWindow) {
	d.chart.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: d.chart.Size().Width * 4}})
	d.chart.DragEnd()
}

func TestTheSelectorHasEveryPeriod(t *testing.T) {
	var got []string
	for _, p := range chartPeriods {
		got = append(got, p.title())
	}
	if want := "Intraday 1 min 5 min 15 min 30 min 1 h Day Week Month"; strings.Join(got, " ") != want {
		t.Errorf("periods %q, want %q", strings.Join(got, " "), want)
	}
	h, p := liveWatchlist(t, harnessOptions{})
	d := openedDetail(t, h, p, "AAPL.US")
	for _, period := range []chart.Period{chart.Minute15, chart.Minute30, chart.Month} {
		d.selector.SetSelected(chartPeriods[periodIndex(period)].title())
		h.waitFor(fmt.Sprint("period ", period), func() bool { return !d.ld.busy() && d.shown == d.period })
		if len(d.bars) < 2 || d.chart.Data().Period != period {
			t.Fatalf("period %v: %d bars, the chart shows %v", period, len(d.bars), d.chart.Data().Period)
		}
		gap := d.bars[len(d.bars)-1].Time.Sub(d.bars[len(d.bars)-2].Time)
		if period != chart.Month && gap != period.Span() && gap < 12*time.Hour {
			t.Errorf("period %v: the last two bars are %v apart", period, gap)
		}
	}
}

func TestPanningBackLoadsOlderBarsOnePageAtATime(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	d := dayChart(t, h, p, "AAPL.US")
	srv := h.sandbox().socket
	before := srv.Count(packet.CmdHistory)
	n := len(d.bars)
	oldest := d.bars[0].Time

	panToOldest(d)
	if !d.back.Busy() || !strings.Contains(d.historyLine.Text, "Loading older bars") {
		t.Fatalf("at the oldest bar no request went (busy %v, line %q)", d.back.Busy(), d.historyLine.Text)
	}
	panToOldest(d) // while one is in flight: no second
	h.waitFor("the older page", func() bool { return !d.older.busy() && len(d.bars) > n })
	if got := srv.Count(packet.CmdHistory) - before; got != 1 {
		t.Errorf("%d history requests for one page, want 1", got)
	}
	if got := len(d.bars) - n; got != historyPage {
		t.Errorf("the page added %d bars, want %d", got, historyPage)
	}
	if i := slices.IndexFunc(d.bars, func(b chart.Bar) bool { return b.Time.Equal(oldest) }); i != historyPage {
		t.Errorf("the old first bar is at %d, want %d: the page goes before it, with no repeat", i, historyPage)
	}
	g := d.chart.View()
	if first, _ := g.Window(len(d.bars)); first != historyPage {
		t.Errorf("after the page the view starts at bar %d, want %d (where it was)", first, historyPage)
	}
	if d.historyLine.Visible() {
		t.Errorf("with the quota far, the history line says %q", d.historyLine.Text)
	}

	// the next pan to the oldest asks again
	panToOldest(d)
	h.waitFor("a second page", func() bool { return !d.older.busy() && len(d.bars) > n+historyPage })
	if got := srv.Count(packet.CmdHistory) - before; got != 2 {
		t.Errorf("%d history requests for two pages, want 2", got)
	}
}

func TestTheHistoryQuotaIsShownNearAndSaidWhenSpent(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	now := h.ui.cfg.Clock.Now()
	var syms []string
	for i := range 95 {
		syms = append(syms, fmt.Sprintf("S%d.US", i))
	}
	h.ui.cfg.Prefs.SetString(prefHistoryUse, chart.QuotaMonth(now)+"|"+strings.Join(syms, ","))
	d := dayChart(t, h, p, "AAPL.US")
	if want := "History: 95 of 100 symbols this month"; d.historyLine.Text != want || !d.historyLine.Visible() {
		t.Errorf("near the quota the line says %q (shown %v), want %q", d.historyLine.Text, d.historyLine.Visible(), want)
	}
	panToOldest(d)
	h.waitFor("the older page", func() bool { return !d.older.busy() && !d.back.Busy() })
	if want := "History: 96 of 100 symbols this month"; d.historyLine.Text != want {
		t.Errorf("after a page of a new symbol the line says %q, want %q", d.historyLine.Text, want)
	}

	other := dayChart(t, h, p, "TSLA.US")
	srv := h.sandbox().socket
	srv.RefuseNext(packet.CmdHistory, sockettest.RefuseHistoryQuota)
	n := len(other.bars)
	panToOldest(other)
	h.waitFor("the refusal", func() bool { return !other.older.busy() && !other.back.Busy() })
	if !strings.Contains(other.historyLine.Text, "history quota is used up") || len(other.bars) != n || other.message.Text != "" {
		t.Errorf("spent: the line says %q, %d bars of %d, message %q; want the words, the bars kept", other.historyLine.Text, len(other.bars), n, other.message.Text)
	}
	asked := srv.Count(packet.CmdHistory)
	panToOldest(other)
	panToOldest(d) // the other window knows it too
	if srv.Count(packet.CmdHistory) != asked || d.back.Busy() || other.back.Busy() {
		t.Error("a history request went after the quota was spent")
	}
	if !strings.Contains(d.historyLine.Text, "used up") {
		t.Errorf("the first window says %q once the quota is spent", d.historyLine.Text)
	}
}

func TestTheMovingAveragesChosenAreRemembered(t *testing.T) {
	tests := []struct {
		in   string
		want []int
		ok   bool
	}{
		{"5,10,20,60", []int{5, 10, 20, 60}, true},
		{"30, 7 ,7", []int{7, 30}, true},
		{"7，30、120", []int{7, 30, 120}, true},
		{"", nil, true},
		{"1", nil, false},
		{"10, x", nil, false},
		{"501", nil, false},
	}
	for _, tt := range tests {
		if got, ok := parseAverages(tt.in); ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("parseAverages(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}

	h, p := liveWatchlist(t, harnessOptions{})
	d := dayChart(t, h, p, "AAPL.US")
	if got := d.chart.Data().Averages; !slices.Equal(got, chart.DefaultAverages) {
		t.Errorf("before a choice the chart draws %v", got)
	}
	d.chooseAverages([]int{7, 30})
	if got := d.chart.Data().Averages; !slices.Equal(got, []int{7, 30}) || d.averagesButton.Text != "MA 7, 30" {
		t.Errorf("after choosing 7 and 30 the chart draws %v, the button says %q", got, d.averagesButton.Text)
	}
	if got := h.ui.cfg.Prefs.String(prefChartAverages); got != "7,30" {
		t.Errorf("kept as %q", got)
	}
	d.win.Close()
	d = dayChart(t, h, p, "AAPL.US")
	if got := d.chart.Data().Averages; !slices.Equal(got, []int{7, 30}) {
		t.Errorf("a new window draws %v, want the choice kept", got)
	}
	d.chooseAverages(nil)
	if got := d.chart.Data().Averages; len(got) != 0 || h.ui.cfg.Prefs.String(prefChartAverages) != "-" {
		t.Errorf("choosing none draws %v", got)
	}
}

// The chart's times read in the zone the tables' Times setting chooses,
// one setting for the app: the chart's own choice moves the tables, and
// the settings' choice moves an open chart.
func TestTimesReadInTheZoneChosen(t *testing.T) {
	h, p := liveWatchlist(t, harnessOptions{})
	d := dayChart(t, h, p, "AAPL.US")
	if d.chart.Data().Zone != time.Local || d.times.Selected != "Local time" {
		t.Errorf("with the tables in this computer's zone the chart reads %v, its choice %q", d.chart.Data().Zone, d.times.Selected)
	}
	d.times.SetSelected("Exchange time")
	if d.chart.Data().Zone != nil || h.ui.cfg.Prefs.String(prefTimes) != "exchange" || !exchangeTimes.Load() {
		t.Errorf("exchange time chosen in the chart: zone %v, the tables' setting %q", d.chart.Data().Zone, h.ui.cfg.Prefs.String(prefTimes))
	}
	if d.book.zone().String() != "America/New_York" {
		t.Errorf("exchange time chosen, the tape reads in %v", d.book.zone())
	}
	h.ui.setTimes("") // the settings dialog's first choice
	if d.chart.Data().Zone != time.Local || d.times.Selected != "Local time" {
		t.Errorf("the settings chose this computer's zone; the open chart reads %v, its choice %q", d.chart.Data().Zone, d.times.Selected)
	}
	if d.book.zone() != time.Local {
		t.Errorf("this computer's zone chosen, the tape reads in %v", d.book.zone())
	}
}
