package gui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/trade"
)

func TestParseDate(t *testing.T) {
	for text, want := range map[string]string{
		"2026-10-01": "2026-10-01", " 2026-10-01 ": "2026-10-01", "2026-10-1": "2026-10-01", "2026/10/01": "2026-10-01",
		"2026/1/2": "2026-01-02", "2026.1.2": "2026-01-02", "20261001": "2026-10-01", "2026年10月1日": "2026-10-01",
		"07/09/2026": "", "2026-13-01": "", "2026-02-30": "", "yesterday": "", "": "",
	} {
		d, ok := parseDate(text)
		got := ""
		if ok {
			got = dateText(d)
		}
		if got != want {
			t.Errorf("parseDate(%q) = %q, want %q", text, got, want)
		}
	}
}

// A typed ISO date is taken at once and the history loads again; text that
// is no date, or a range that ends before it starts, says so in words; the
// range is remembered, an end of "today" staying today; the calendar opens
// on the day chosen.
func TestDateRangesAreTypedInISOAndRemembered(t *testing.T) {
	prefs := oauth.NewMemoryPrefs()
	h := newHarness(t, harnessOptions{view: "orders", prefs: prefs})
	h.signInToSandbox()
	v := h.ui.viewByKey("orders").(*ordersView)
	v.tabs.SelectIndex(1)
	history := panesOf(v)["orders.history"].(*tablePane[trade.Order])
	h.waitFor("the history", func() bool { return history.loaded() && !history.loading })
	r := v.historyRange

	today := h.clock.Now().In(time.Local)
	if got := r.to.entry.Text; got != dateText(today) {
		t.Errorf("To shows %q, want today %q in ISO", got, dateText(today))
	}
	from := today.AddDate(0, 0, -20)
	r.from.entry.SetText(dateText(from))
	h.waitFor("the reload", func() bool { return !history.loading && history.rowsLabel == rangeLabel(from, today) })

	r.from.entry.SetText("2026-13-01")
	if !r.problem.Visible() || !strings.Contains(r.problem.Text, "“2026-13-01” is not a date") {
		t.Errorf("a bad date says %q (shown %v)", r.problem.Text, r.problem.Visible())
	}
	r.from.entry.SetText(dateText(today.AddDate(0, 0, 1)))
	if !strings.Contains(r.problem.Text, "start is after the end") {
		t.Errorf("a backwards range says %q", r.problem.Text)
	}
	r.from.entry.SetText(dateText(from))
	if r.problem.Visible() {
		t.Errorf("a good range still says %q", r.problem.Text)
	}

	// The calendar opens on the day chosen.
	r.from.openCalendar()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no calendar")
	}
	month := from.Format("January 2006")
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, from.Month().String()) {
			found = true
		}
	}
	if !found {
		t.Errorf("the calendar does not open on %s", month)
	}
	top.Hide()

	// The next start, two days on, keeps the From picked and To today.
	h.clock.Advance(48 * time.Hour)
	h.close()
	next := newHarness(t, harnessOptions{view: "orders", prefs: prefs})
	nr := next.ui.viewByKey("orders").(*ordersView).historyRange
	if got, want := nr.from.entry.Text+" "+nr.to.entry.Text, dateText(from)+" "+dateText(next.clock.Now()); got != want {
		t.Errorf("the next start shows %q, want %q", got, want)
	}
}
