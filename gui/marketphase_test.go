package gui

import (
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/quote"
)

func TestClosedMarketsAreNotCalledLive(t *testing.T) {
	useTestLanguage(t, "en")
	var m marketPhases
	m.set([]quote.MarketTime{{Market: "US", TradeStatus: 204}, {Market: "HK", TradeStatus: 108}, {Market: "CN", TradeStatus: 105}})
	for _, tc := range []struct {
		markets []string
		want    bool
	}{{[]string{"US"}, true}, {[]string{"HK", "US"}, true}, {[]string{"CN", "US"}, false}, {[]string{"SG"}, false}, {nil, false}} {
		if got := m.closed(tc.markets); got != tc.want {
			t.Errorf("closed(%v) = %v, want %v", tc.markets, got, tc.want)
		}
	}
	if m.set([]quote.MarketTime{{Market: "US", TradeStatus: 204}, {Market: "HK", TradeStatus: 108}, {Market: "CN", TradeStatus: 105}}) {
		t.Error("the same answer counts as a change")
	}
	if !m.set([]quote.MarketTime{{Market: "US", TradeStatus: 201}, {Market: "HK", TradeStatus: 108}, {Market: "CN", TradeStatus: 105}}) {
		t.Error("the US pre-market does not count as a change")
	}
	line := "Live · 7 symbols · updated 16:00:02"
	if got := closedFeedText(line, []string{"HK", "US"}); got != "Markets closed · 7 symbols · updated 16:00:02" {
		t.Errorf("two markets: %q", got)
	}
	if got := closedFeedText(line, []string{"US"}); !strings.HasPrefix(got, "US market closed · 7 symbols") {
		t.Errorf("one market: %q", got)
	}
	if got := closedFeedText("Reconnecting in 4 s", []string{"US"}); got != "Reconnecting in 4 s" {
		t.Errorf("a feed that is not live: %q", got)
	}
}

// On a Sunday the sandbox's markets are shut, and the feed line says so
// instead of "Live".
func TestTheFeedLineSaysTheMarketsAreClosedOnASunday(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.clock.Advance(2 * 24 * time.Hour) // Friday 09:30 UTC to Sunday
	h.signInToSandbox()
	h.waitFor("the feed line", func() bool { return strings.HasPrefix(h.ui.status.feed.Text, "Markets closed · ") })
}
