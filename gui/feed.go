package gui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/quote/socket"
)

// feedText is the quote feed's health in one line for the status bar, and
// whether all is well: live with its symbols and the time of the last
// update (a time, not an age, so that a quiet feed's line never changes
// and costs no repaint), reconnecting and why, refused and why, and in words the parts of
// a live feed that users trip on (delayed data, a market without quote
// access, the history quota, the subscription limit). markets are those of
// the symbols on screen.
func feedText(st socket.Status, p socket.Profile, markets []string, limit *socket.LimitError, now time.Time) (string, bool) {
	if st.Wanted == 0 && st.Kind != socket.Refused {
		return "", true // no prices on screen: nothing to say but a refusal
	}
	switch st.Kind {
	case socket.Connecting:
		return lang.X("feed.connecting", "Live prices: connecting…"), true
	case socket.Reconnecting:
		data := map[string]any{"Reason": feedReasonText(st.Reason)}
		if st.Reason == socket.ReasonDialFailed {
			// Not a blip of a live feed: this server's prices cannot come.
			data["Time"] = secondsText(st.RetryAt.Sub(now))
			return lang.X("feed.unreachable", "Live prices unavailable: the quote server cannot be reached; trying again in {{.Time}}", data), false
		}
		if wait := st.RetryAt.Sub(now); wait >= time.Second {
			data["Time"] = secondsText(wait)
			return lang.X("feed.reconnecting_in", "Reconnecting in {{.Time}} ({{.Reason}})", data), false
		}
		return lang.X("feed.reconnecting", "Reconnecting… ({{.Reason}})", data), false
	case socket.Refused:
		switch st.Reason {
		case socket.ReasonConnectionLimit:
			return lang.X("feed.connection_limit", "Live prices off: your account's {{.Max}} quote connections are all in use by other apps", map[string]any{"Max": st.MaxOnline}), false
		case socket.ReasonSignInNeeded:
			return lang.X("feed.sign_in", "Live prices off until you sign in again"), false
		}
		data := map[string]any{"Reason": feedReasonText(st.Reason), "Time": secondsText(st.RetryAt.Sub(now))}
		return lang.X("feed.refused", "Live prices refused ({{.Reason}}); trying again in {{.Time}}", data), false
	case socket.Closed:
		return "", true
	}

	parts := []string{lang.X("feed.live", "Live")}
	if st.Wanted > 0 {
		parts = append(parts, plural("feed.symbols", st.Symbols, "1 symbol", "{{.N}} symbols", map[string]any{"N": thousands(st.Symbols)}))
	}
	if !st.LastUpdate.IsZero() {
		parts = append(parts, lang.X("feed.updated_at", "updated {{.Time}}", map[string]any{"Time": st.LastUpdate.Local().Format("15:04:05")}))
	}
	ok := true
	for _, pr := range st.Problems {
		ok = false
		switch pr.Reason {
		case socket.ReasonNoQuoteAccess:
			parts = append(parts, lang.X("feed.no_access", "no quote access for {{.Market}}", map[string]any{"Market": marketText(pr.Market)}))
		case socket.ReasonHistoryQuota:
			parts = append(parts, lang.X("feed.history_quota", "this month's history quota is used up"))
		case socket.ReasonTooManySubscriptions:
			parts = append(parts, lang.X("feed.sub_limit", "subscription limit reached"))
		default:
			parts = append(parts, feedReasonText(pr.Reason))
		}
	}
	if limit != nil {
		ok = false
		parts = append(parts, lang.X("feed.over_limit", "over the {{.Limit}}-symbol limit, some prices are not live", map[string]any{"Limit": limit.Limit}))
	}
	for _, m := range markets {
		if a, found := p.Markets[m]; found && a.Warning != "" {
			ok = false
			parts = append(parts, lang.X("feed.delayed", "{{.Market}} prices may be delayed", map[string]any{"Market": marketText(m)}))
		}
	}
	return strings.Join(parts, " · "), ok
}

// marketText names a market code for the status line.
func marketText(code string) string {
	switch code {
	case "US":
		return lang.X("market.us", "US")
	case "HK":
		return lang.X("market.hk", "Hong Kong")
	case "CN":
		return lang.X("market.cn", "mainland China")
	case "SG":
		return lang.X("market.sg", "Singapore")
	}
	return code
}

// feedReasonText is why the feed is down, in words.
func feedReasonText(r socket.Reason) string {
	switch r {
	case socket.ReasonConnectionLost:
		return lang.X("feed.reason.lost", "connection lost")
	case socket.ReasonHeartbeatTimeout:
		return lang.X("feed.reason.heartbeat", "the server stopped answering")
	case socket.ReasonServerClosed:
		return lang.X("feed.reason.closed", "closed by the server")
	case socket.ReasonDialFailed:
		return lang.X("feed.reason.dial", "the quote server cannot be reached")
	case socket.ReasonProtocolError:
		return lang.X("feed.reason.protocol", "the server sent something unexpected")
	case socket.ReasonTokenUnavailable:
		return lang.X("feed.reason.token", "no connection token from LongPort")
	case socket.ReasonSignInNeeded:
		return lang.X("feed.reason.sign_in", "sign-in needed")
	case socket.ReasonAuthRefused:
		return lang.X("feed.reason.auth", "the server refused the sign-in")
	case socket.ReasonConnectionLimit:
		return lang.X("feed.reason.connection_limit", "all of the account's connections are in use")
	case socket.ReasonRateLimited:
		return lang.X("feed.reason.rate", "too many requests")
	case socket.ReasonNoQuoteAccess:
		return lang.X("feed.reason.no_access", "no quote access")
	case socket.ReasonHistoryQuota:
		return lang.X("feed.history_quota", "this month's history quota is used up")
	case socket.ReasonTooManySubscriptions:
		return lang.X("feed.sub_limit", "subscription limit reached")
	}
	return lang.X("feed.reason.server", "server error")
}
