package gui

import (
	"context"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/quote"
)

// phasePoll is how often the markets' phases are asked for: a session
// that opens or closes shows in the feed line within this time, at 12
// requests an hour.
const phasePoll = 5 * time.Minute

// closedPhases are the market-status codes of a market that trades no
// more today (longport-api.md §2.13): closed, US closed, half-day closed,
// not opened.
var closedPhases = []int{108, 204, 121, 122}

// marketPhases keeps the trading phase of each market, asked of the quote
// API while a socket is attached, so that the feed line does not call a
// connection to a shut market "Live".
type marketPhases struct {
	phase map[string]int // market -> trade_status; on the UI goroutine
	stop  context.CancelFunc
}

// start asks for the phases now and every phasePoll until stop, calling
// changed on the UI goroutine when one changed.
func (m *marketPhases) start(u *UI, q *quote.Client, changed func()) {
	m.halt()
	ctx, cancel := context.WithCancel(u.ctx)
	m.stop = cancel
	go func() {
		for {
			times, err := q.MarketStatus(ctx)
			if err == nil {
				u.do(func() {
					if ctx.Err() == nil && m.set(times) {
						changed()
					}
				})
			} else if ctx.Err() == nil {
				u.log.Info("market status not available", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(phasePoll):
			}
		}
	}()
}

// halt stops the polling and forgets the phases.
func (m *marketPhases) halt() {
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
	m.phase = nil
}

// set takes an answer; true if a phase changed.
func (m *marketPhases) set(times []quote.MarketTime) bool {
	next := map[string]int{}
	for _, t := range times {
		next[string(t.Market)] = t.TradeStatus
	}
	same := len(next) == len(m.phase)
	for k, v := range next {
		if old, ok := m.phase[k]; !ok || old != v {
			same = false
		}
	}
	m.phase = next
	return !same
}

// closed reports whether every one of markets is known to be shut now.
func (m *marketPhases) closed(markets []string) bool {
	if len(markets) == 0 {
		return false
	}
	for _, mk := range markets {
		p, ok := m.phase[mk]
		if !ok || !slices.Contains(closedPhases, p) {
			return false
		}
	}
	return true
}

// closedFeedText words a live feed whose markets are all shut: "Markets
// closed · 7 symbols · updated 16:00:02" rather than "Live · …".
func closedFeedText(text string, markets []string) string {
	live := lang.X("feed.live", "Live")
	if !strings.HasPrefix(text, live) {
		return text
	}
	word := lang.X("feed.markets_closed", "Markets closed")
	if len(markets) == 1 {
		word = lang.X("feed.market_closed", "{{.Market}} market closed", map[string]any{"Market": marketText(markets[0])})
	}
	return word + strings.TrimPrefix(text, live)
}
