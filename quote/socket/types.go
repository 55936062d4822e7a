package socket

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/pb"
)

const defaultSubLimit = 500

// RateLimit is one command's limit from the quote profile.
type RateLimit struct {
	Cmd       uint8
	PerSecond int
	Burst     int
}

// Package is a quote package of the account.
type Package struct {
	Key, Name, Description string
	Start, End             time.Time // zero when not told
}

// MarketAccess is what the account may see of one market.
type MarketAccess struct {
	Packages []Package
	// Warning is set by the server when the account has no OpenAPI
	// quotes there (show it; data may be delayed or missing).
	Warning string
}

// Profile is the user's quote profile, read on every connection.
type Profile struct {
	MemberID       int64
	QuoteLevel     string
	SubscribeLimit int // symbols subscribed at once
	HistoryLimit   int // history-candlestick symbols per month
	RateLimits     []RateLimit
	Markets        map[string]MarketAccess // by market code: US, HK, CN, USOption...
}

func profileFrom(r *pb.UserQuoteProfileResponse) Profile {
	p := Profile{
		MemberID: r.MemberId, QuoteLevel: r.QuoteLevel,
		SubscribeLimit: int(r.SubscribeLimit), HistoryLimit: int(r.HistoryCandlestickLimit),
		Markets: map[string]MarketAccess{},
	}
	if p.SubscribeLimit <= 0 {
		p.SubscribeLimit = defaultSubLimit
	}
	for _, l := range r.RateLimit {
		p.RateLimits = append(p.RateLimits, RateLimit{Cmd: uint8(l.Command), PerSecond: int(l.Limit), Burst: int(l.Burst)})
	}
	pkg := func(d *pb.UserQuoteLevelDetail_PackageDetail) Package {
		return Package{Key: d.Key, Name: d.Name, Description: d.Description, Start: unixOrZero(d.Start), End: unixOrZero(d.End)}
	}
	for code, m := range r.GetQuoteLevelDetail().GetByMarketCode() {
		a := MarketAccess{Warning: m.WarningMsg}
		for _, d := range m.Packages {
			a.Packages = append(a.Packages, pkg(d))
		}
		p.Markets[code] = a
	}
	return p
}

func unixOrZero(s int64) time.Time {
	if s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}

// dec parses a decimal string; "" and garbage are absent.
func dec(s string) (decimal.Decimal, bool) {
	if s == "" {
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(s)
	return d, err == nil
}

// setDec overwrites dst with s unless s is absent: pushes may leave fields out.
func setDec(dst *decimal.Decimal, s string) {
	if d, ok := dec(s); ok {
		*dst = d
	}
}

func decOrZero(s string) decimal.Decimal {
	d, _ := dec(s)
	return d
}

// TradeStatus is a security's trading status.
type TradeStatus int32

// A few statuses a viewer shows; the others keep their protocol numbers.
const (
	TradeNormal   TradeStatus = 0
	TradeHalted   TradeStatus = 1
	TradeDelisted TradeStatus = 2
	TradeFuse     TradeStatus = 3
	TradeSuspend  TradeStatus = 10
)

// TradeSession is the session a price belongs to.
type TradeSession int32

// The sessions.
const (
	SessionRegular   TradeSession = 0
	SessionPre       TradeSession = 1
	SessionPost      TradeSession = 2
	SessionOvernight TradeSession = 3
)

// Quote is a symbol's latest state: the snapshot (cmd 11) with every push
// since applied on top. Decimals are zero when the server has not sent them.
type Quote struct {
	Symbol      string
	Last        decimal.Decimal
	PrevClose   decimal.Decimal // from the snapshot only; zero until it came
	Open        decimal.Decimal
	High        decimal.Decimal
	Low         decimal.Decimal
	Volume      int64
	Turnover    decimal.Decimal
	Time        time.Time // of the last price
	TradeStatus TradeStatus
	Session     TradeSession
	Sequence    int64     // of the last push applied
	Updated     time.Time // when this client last changed it
	// FromSnapshot is set when the latest change was a snapshot (after a
	// subscription or a reconnect), not a push.
	FromSnapshot bool

	pushLink int // the link whose push set the price; 0 for none
}

// Change is Last - PrevClose; false when either is unknown.
func (q Quote) Change() (decimal.Decimal, bool) {
	if q.Last.IsZero() || q.PrevClose.IsZero() {
		return decimal.Decimal{}, false
	}
	return q.Last.Sub(q.PrevClose), true
}

// ChangePercent is the change in percent of PrevClose, to 2 places.
func (q Quote) ChangePercent() (decimal.Decimal, bool) {
	ch, ok := q.Change()
	if !ok {
		return decimal.Decimal{}, false
	}
	return ch.Mul(decimal.NewFromInt(100)).DivRound(q.PrevClose, 2), true
}

// applySnapshot merges a snapshot taken on link. A push of the same link as
// new as the snapshot (times are whole seconds) wins the price fields: the
// snapshot may have been taken before it. A push of an earlier link never
// does: the snapshot after a reconnect is what catches up on what was
// missed while away.
func (q *Quote) applySnapshot(s *pb.SecurityQuote, now time.Time, link int) {
	t := time.Unix(s.Timestamp, 0)
	if d, ok := dec(s.PrevClose); ok {
		q.PrevClose = d
	}
	if !q.Time.IsZero() && (t.Before(q.Time) || q.pushLink == link && !t.After(q.Time)) {
		return
	}
	setDec(&q.Last, s.LastDone)
	setDec(&q.Open, s.Open)
	setDec(&q.High, s.High)
	setDec(&q.Low, s.Low)
	setDec(&q.Turnover, s.Turnover)
	q.Volume = s.Volume
	q.Time = t
	q.TradeStatus = TradeStatus(s.TradeStatus)
	q.Updated = now
	q.FromSnapshot = true
}

func (q *Quote) applyPush(p *pb.PushQuote, now time.Time, link int) {
	q.pushLink = link
	setDec(&q.Last, p.LastDone)
	setDec(&q.Open, p.Open)
	setDec(&q.High, p.High)
	setDec(&q.Low, p.Low)
	setDec(&q.Turnover, p.Turnover)
	if p.Volume > 0 {
		q.Volume = p.Volume
	}
	if p.Timestamp > 0 {
		q.Time = time.Unix(p.Timestamp, 0)
	}
	q.TradeStatus = TradeStatus(p.TradeStatus)
	q.Session = TradeSession(p.TradeSession)
	q.Sequence = p.Sequence
	q.Updated = now
	q.FromSnapshot = false
}

// MarketOf is the market code of a symbol as the quote profile keys its
// markets: US for AAPL.US, CN for 600519.SH and 000001.SZ.
func MarketOf(symbol string) string { return marketOf(symbol) }

// marketOf is the market code of a symbol: US for AAPL.US, CN for SH and SZ.
func marketOf(symbol string) string {
	i := strings.LastIndexByte(symbol, '.')
	if i < 0 {
		return ""
	}
	switch m := symbol[i+1:]; m {
	case "SH", "SZ":
		return "CN"
	default:
		return m
	}
}

func normalize(symbols []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(symbols))
	for _, s := range symbols {
		s = strings.ToUpper(strings.TrimSpace(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
