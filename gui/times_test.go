package gui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/trade"
)

// Times read in the computer's zone, which the column titles name, or with
// the Times setting each in its exchange's zone, named on every row; CSV
// keeps ISO times with their offset either way.
func TestTimesReadInTheLocalZoneOrTheExchanges(t *testing.T) {
	useTestLanguage(t, "en")
	t.Cleanup(func() { exchangeTimes.Store(false) })
	at := func(s string) api.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return api.Time{Time: v.UTC(), Raw: s, Valid: true}
	}
	// 13:30 UTC on 13 March 2026: 09:30 in New York (summer time began on
	// the 8th), 21:30 in Hong Kong.
	moment := at("2026-03-13T13:30:00Z")
	local := moment.Time.In(time.Local)
	order := trade.Order{Symbol: "AAPL.US", SubmittedAt: moment}
	fill := trade.Execution{Symbol: "700.HK", TradeDoneAt: moment}
	flows := []trade.CashFlow{{Currency: "USD", BusinessTime: moment}, {Currency: "SGD", Symbol: "D05.SG", BusinessTime: moment}, {Currency: "EUR", BusinessTime: moment}}
	submitted := orderColumns()[slices.IndexFunc(orderColumns(), func(c column[trade.Order]) bool { return c.Key == "submitted_at" })]
	done := executionColumns()[slices.IndexFunc(executionColumns(), func(c column[trade.Execution]) bool { return c.Key == "done_at" })]
	flowTime := cashFlowColumns()[0]

	zone := offsetName(time.Now())
	if got, want := submitted.Title(), "Submitted ("+zone+")"; got != want {
		t.Errorf("local: the title reads %q, want %q", got, want)
	}
	if got, want := submitted.Text(&order), local.Format("2006-01-02 15:04"); got != want {
		t.Errorf("local: the order's time reads %q, want %q", got, want)
	}
	if got, want := done.Raw(&fill), local.Format(time.RFC3339); got != want {
		t.Errorf("local: the CSV time is %q, want %q", got, want)
	}

	exchangeTimes.Store(true)
	for _, c := range []struct{ what, got, want string }{
		{"the orders' title", submitted.Title(), "Submitted (exchange)"},
		{"a US order", submitted.Text(&order), "2026-03-13 09:30"},
		{"a US order in CSV", submitted.Raw(&order), "2026-03-13T09:30:00-04:00"},
		{"a Hong Kong fill", done.Text(&fill), "2026-03-13 21:30"},
		{"a Hong Kong fill in CSV", done.Raw(&fill), "2026-03-13T21:30:00+08:00"},
		{"a US dollar cash flow", flowTime.Text(&flows[0]), "2026-03-13 09:30"},
		{"a Singapore security's cash flow", flowTime.Text(&flows[1]), "2026-03-13 21:30"},
		{"a cash flow of no exchange", flowTime.Text(&flows[2]), local.Format("2006-01-02 15:04")},
		{"the order detail", orderDetailText(trade.OrderDetail{Order: order}), "Submitted: 2026-03-13 09:30 UTC-4"},
	} {
		if c.got != c.want && !strings.Contains(c.what, "detail") || !strings.Contains(c.got, c.want) {
			t.Errorf("exchange: %s reads %q, want %q", c.what, c.got, c.want)
		}
	}
	// A time that is not the exchange's stays local, and says so.
	if got := fundColumns()[5].Title(); !strings.Contains(got, zone) {
		t.Errorf("the NAV date's title %q does not name the local zone", got)
	}

	for _, c := range []struct {
		off  int
		want string
	}{{0, "UTC"}, {8 * 3600, "UTC+8"}, {-4 * 3600, "UTC-4"}, {5*3600 + 1800, "UTC+5:30"}, {-(3*3600 + 1800), "UTC-3:30"}} {
		if got := offsetName(time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", c.off))); got != c.want {
			t.Errorf("offset %d s reads %q, want %q", c.off, got, c.want)
		}
	}
}

// The Times setting is saved, applies at once and is read at the next start.
func TestTheTimesSettingIsRemembered(t *testing.T) {
	t.Cleanup(func() { exchangeTimes.Store(false) })
	prefs := oauth.NewMemoryPrefs()
	h := newHarness(t, harnessOptions{prefs: prefs})
	if exchangeTimes.Load() {
		t.Fatal("times start in the exchanges' zones")
	}
	if c := newTimesChoice(); c.Selected != c.Options[0] {
		t.Errorf("the setting shows %q first", c.Selected)
	}
	h.ui.setTimes("exchange")
	if !exchangeTimes.Load() || prefs.String(prefTimes) != "exchange" {
		t.Fatalf("after the choice: in use %v, saved %q", exchangeTimes.Load(), prefs.String(prefTimes))
	}
	if c := newTimesChoice(); c.Selected != c.Options[1] {
		t.Errorf("the setting shows %q after the choice", c.Selected)
	}
	exchangeTimes.Store(false)
	newHarness(t, harnessOptions{prefs: prefs})
	if !exchangeTimes.Load() {
		t.Error("the next start forgot the exchanges' times")
	}
	h.ui.setTimes("")
	if exchangeTimes.Load() || prefs.String(prefTimes) != "" {
		t.Errorf("back to local: in use %v, saved %q", exchangeTimes.Load(), prefs.String(prefTimes))
	}
}
