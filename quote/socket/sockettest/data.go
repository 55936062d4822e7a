package sockettest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/quote/quotetest"
	"github.com/portview/portview/quote/socket/pb"
)

var names = map[string][3]string{ // en, cn, hk
	"AAPL.US": {"Apple Inc.", "苹果", "蘋果"}, "TSLA.US": {"Tesla, Inc.", "特斯拉", "特斯拉"},
	"MSFT.US": {"Microsoft Corporation", "微软", "微軟"}, "NVDA.US": {"NVIDIA Corporation", "英伟达", "英偉達"},
	"700.HK": {"Tencent Holdings", "腾讯控股", "騰訊控股"}, "9988.HK": {"Alibaba Group", "阿里巴巴", "阿里巴巴"},
	"600519.SH": {"Kweichow Moutai", "贵州茅台", "貴州茅台"}, "D05.SG": {"DBS Group", "星展集团", "星展集團"},
	// The sandbox account's HK holdings (trade/tradetest); its US ones are
	// in the security list.
	"3690.HK": {"Meituan-W", "美团-W", "美團-W"}, "5.HK": {"HSBC Holdings", "汇丰控股", "滙豐控股"},
}

// lots are the board lots that differ from their market's usual one, as
// the sandbox account's trades use them.
var lots = map[string]int32{"5.HK": 400}

// SandboxSymbols are the symbols the fake knows by name.
func SandboxSymbols() []string {
	return []string{"AAPL.US", "TSLA.US", "MSFT.US", "NVDA.US", "700.HK", "9988.HK", "600519.SH", "D05.SG"}
}

func marketOf(symbol string) string {
	i := strings.LastIndexByte(symbol, '.')
	if i < 0 {
		return ""
	}
	switch m := strings.ToUpper(symbol[i+1:]); m {
	case "SH", "SZ":
		return "CN"
	default:
		return m
	}
}

func places(symbol string) int32 { return simmarket.ExchangeOf(symbol).Places() }

// market serves the simulated market's prices to the socket: quotes,
// pushes, candlesticks and the intraday line are all cut from its one
// path per symbol, at the server's clock. SetPrice's moves are laid over
// it.
type market struct {
	sim *simmarket.Market
	now func() time.Time

	mu     sync.Mutex
	seq    map[string]int64
	moved  map[string]move        // SetPrice's, newest per symbol
	pushed map[string]pushedState // what the last push of each symbol said
	// quotes holds each symbol's quote of the latest second: the path
	// moves by the second, and pushes come many times a second.
	quotes map[string]cachedQuote
}

type cachedQuote struct {
	second int64
	q      simmarket.Quote
}

type pushedState struct {
	volume   int64
	turnover decimal.Decimal
}

type move struct {
	price decimal.Decimal
	at    time.Time
}

func newMarket(sim *simmarket.Market, now func() time.Time) *market {
	return &market{sim: sim, now: now, seq: map[string]int64{}, moved: map[string]move{}, pushed: map[string]pushedState{},
		quotes: map[string]cachedQuote{}}
}

// quote returns symbol's quote now, with a SetPrice move laid over it.
func (m *market) quote(symbol string) simmarket.Quote {
	now := m.now()
	m.mu.Lock()
	c, cached := m.quotes[symbol]
	m.mu.Unlock()
	q := c.q
	// A closed day's quote stands still: it is looked at again each minute,
	// for the next open.
	still := cached && c.q.Time.Unix()+60 < c.second && now.Unix()-c.second < 60 && now.Unix() >= c.second
	if !still && (!cached || c.second != now.Unix()) {
		q = m.sim.Quote(symbol, now)
		m.mu.Lock()
		if len(m.quotes) > 5000 {
			clear(m.quotes)
		}
		m.quotes[symbol] = cachedQuote{now.Unix(), q}
		m.mu.Unlock()
	}
	m.mu.Lock()
	mv, ok := m.moved[symbol]
	m.mu.Unlock()
	if ok {
		q.Last, q.High, q.Low = mv.price, decimal.Max(q.High, mv.price), decimal.Min(q.Low, mv.price)
		if mv.at.After(q.Time) {
			q.Time = mv.at
		}
	}
	return q
}

// tick returns the push for symbol's quote now, with the next sequence
// number; the current volume and turnover are those since its last push.
func (m *market) tick(symbol string) *pb.PushQuote {
	q := m.quote(symbol)
	n := places(symbol)
	m.mu.Lock()
	m.seq[symbol]++
	seq := m.seq[symbol]
	prev, seen := m.pushed[symbol]
	m.pushed[symbol] = pushedState{q.Volume, q.Turnover}
	m.mu.Unlock()
	curVol, curTurn := int64(0), decimal.Zero
	if seen && q.Volume > prev.volume {
		curVol, curTurn = q.Volume-prev.volume, q.Turnover.Sub(prev.turnover)
	}
	return &pb.PushQuote{
		Symbol: symbol, Sequence: seq, LastDone: q.Last.StringFixed(n),
		Open: q.Open.StringFixed(n), High: q.High.StringFixed(n), Low: q.Low.StringFixed(n), Timestamp: q.Time.Unix(),
		Volume: q.Volume, Turnover: q.Turnover.StringFixed(n),
		CurrentVolume: curVol, CurrentTurnover: curTurn.StringFixed(n),
	}
}

// trading reports whether symbol's market is in its regular session, the
// only one whose prices the path moves.
func (m *market) trading(symbol string) bool {
	return simmarket.ExchangeOf(symbol).PhaseAt(m.now()) == simmarket.Trading
}

func (m *market) setPrice(symbol, price string) error {
	d, err := decimal.NewFromString(price)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.moved[symbol] = move{price: d, at: m.now()}
	return nil
}

func (m *market) snapshot(symbol string) *pb.SecurityQuote {
	q := m.quote(symbol)
	n := places(symbol)
	return &pb.SecurityQuote{
		Symbol: symbol, LastDone: q.Last.StringFixed(n), PrevClose: q.PrevClose.StringFixed(n),
		Open: q.Open.StringFixed(n), High: q.High.StringFixed(n), Low: q.Low.StringFixed(n),
		Timestamp: q.Time.Unix(), Volume: q.Volume, Turnover: q.Turnover.StringFixed(n),
	}
}

// knownPeriod reports whether the server serves bars of p.
func knownPeriod(p pb.Period) bool { _, ok := simPeriod(p); return ok }

// simPeriod is the market's period for a candlestick period; false for
// one the server does not know.
func simPeriod(p pb.Period) (simmarket.Period, bool) {
	switch p {
	case pb.Period_ONE_MINUTE, pb.Period_TWO_MINUTE, pb.Period_THREE_MINUTE, pb.Period_FIVE_MINUTE,
		pb.Period_TEN_MINUTE, pb.Period_FIFTEEN_MINUTE, pb.Period_TWENTY_MINUTE, pb.Period_THIRTY_MINUTE,
		pb.Period_FORTY_FIVE_MINUTE, pb.Period_SIXTY_MINUTE, pb.Period_TWO_HOUR, pb.Period_THREE_HOUR,
		pb.Period_FOUR_HOUR:
		return simmarket.Period(p), true
	case pb.Period_DAY:
		return simmarket.Day, true
	case pb.Period_WEEK:
		return simmarket.Week, true
	case pb.Period_MONTH:
		return simmarket.Month, true
	case pb.Period_QUARTER:
		return simmarket.Quarter, true
	case pb.Period_YEAR:
		return simmarket.Year, true
	}
	return 0, false
}

func (m *market) wire(symbol string, bars []simmarket.Bar) []*pb.Candlestick {
	n := places(symbol)
	out := make([]*pb.Candlestick, len(bars))
	for i, b := range bars {
		out[i] = &pb.Candlestick{
			Close: b.Close.StringFixed(n), Open: b.Open.StringFixed(n), High: b.High.StringFixed(n), Low: b.Low.StringFixed(n),
			Volume: b.Volume, Turnover: b.Turnover.StringFixed(n), Timestamp: b.Time.Unix(),
			TradeSession: pb.TradeSession(b.Session),
		}
	}
	// The bar the quote is in carries SetPrice's move, as the quote does.
	if len(bars) > 0 && m.isMoved(symbol) {
		q, lastBar, last := m.quote(symbol), bars[len(bars)-1], out[len(out)-1]
		if !q.Time.Before(lastBar.Time) {
			last.Close = q.Last.StringFixed(n)
			last.High = decimal.Max(lastBar.High, q.Last).StringFixed(n)
			last.Low = decimal.Min(lastBar.Low, q.Last).StringFixed(n)
		}
	}
	return out
}

func (m *market) isMoved(symbol string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.moved[symbol]
	return ok
}

// candles returns the count latest bars of period, the one now falls in
// last; with all sessions (100), US minute bars of the pre- and post-market
// among them.
func (m *market) candles(symbol string, period pb.Period, count int, sessions int32) []*pb.Candlestick {
	p, _ := simPeriod(period)
	now := m.now()
	return m.wire(symbol, m.withExtended(symbol, p, m.sim.Candles(symbol, p, count, now, now), count, now, now, sessions))
}

// withExtended adds the pre- and post-market bars to regular, the count
// bars ending at end, when all sessions were asked for: the count latest
// of both up to end.
func (m *market) withExtended(symbol string, p simmarket.Period, regular []simmarket.Bar, count int, end, now time.Time, sessions int32) []simmarket.Bar {
	if sessions != 100 || p <= 0 || len(regular) == 0 {
		return regular
	}
	ext := m.sim.ExtendedBars(symbol, p, regular[0].Time, end, now)
	if len(ext) == 0 {
		return regular
	}
	all := append(append(make([]simmarket.Bar, 0, len(regular)+len(ext)), regular...), ext...)
	slices.SortFunc(all, func(a, b simmarket.Bar) int { return a.Time.Compare(b.Time) })
	return all[max(0, len(all)-count):]
}

// history answers a history request: by offset from a day and minute
// (older or newer), or by a range of dates, as the digest's rules say;
// false for a request it cannot read.
func (m *market) history(req *pb.SecurityHistoryCandlestickRequest) ([]*pb.Candlestick, bool) {
	p, _ := simPeriod(req.Period)
	e := simmarket.ExchangeOf(req.Symbol)
	now := m.now()
	day := func(s string) (time.Time, bool) {
		t, err := time.ParseInLocation("20060102", s, e.Loc)
		return t, err == nil
	}
	endOf := func(t time.Time) time.Time { return t.AddDate(0, 0, 1).Add(-time.Second) }
	const most = 1000
	switch req.QueryType {
	case pb.HistoryCandlestickQueryType_QUERY_BY_OFFSET:
		o := req.OffsetRequest
		at := now
		if o.Date != "" {
			d, ok := day(o.Date)
			if !ok {
				return nil, false
			}
			at = endOf(d)
			if o.Minute != "" && p > 0 {
				hhmm, err := strconv.Atoi(o.Minute)
				if err != nil || len(o.Minute) != 4 {
					return nil, false
				}
				at = d.Add(time.Duration(hhmm/100)*time.Hour + time.Duration(hhmm%100)*time.Minute)
			}
		}
		if o.Direction == pb.Direction_FORWARD {
			return m.wire(req.Symbol, m.sim.CandlesFrom(req.Symbol, p, int(o.Count), at, now)), true
		}
		bars := m.sim.Candles(req.Symbol, p, int(o.Count), at, now)
		return m.wire(req.Symbol, m.withExtended(req.Symbol, p, bars, int(o.Count), at, now, req.TradeSession)), true
	case pb.HistoryCandlestickQueryType_QUERY_BY_DATE:
		q := req.DateRequest
		var start, end time.Time
		var ok bool
		if q.GetStartDate() != "" {
			if start, ok = day(q.GetStartDate()); !ok {
				return nil, false
			}
		}
		if q.GetEndDate() != "" {
			if end, ok = day(q.GetEndDate()); !ok {
				return nil, false
			}
			end = endOf(end)
		}
		switch {
		case start.IsZero() && end.IsZero():
			return m.wire(req.Symbol, m.sim.Candles(req.Symbol, p, most, now, now)), true
		case end.IsZero():
			return m.wire(req.Symbol, m.sim.CandlesFrom(req.Symbol, p, most, start, now)), true
		}
		return m.wire(req.Symbol, m.sim.CandlesBetween(req.Symbol, p, start, end, now, most)), true
	}
	return nil, false
}

// intraday returns one line per minute of the quote's trading day up to
// now, each with the day's volume-weighted average price so far, as the
// real server sends it.
func (m *market) intraday(symbol string) []*pb.Line {
	n := places(symbol)
	lines := m.sim.Intraday(symbol, m.now())
	out := make([]*pb.Line, len(lines))
	for i, l := range lines {
		out[i] = &pb.Line{Price: l.Price.StringFixed(n), Timestamp: l.Time.Unix(), Volume: l.Volume,
			Turnover: l.Turnover.StringFixed(n), AvgPrice: l.AvgPrice.StringFixed(n)}
	}
	return out
}

// listed are the names of the security list's well-known rows, for the
// symbols names does not hold: TSM.US is called by its name, not its code.
var listed = sync.OnceValue(func() map[string][3]string {
	out := map[string][3]string{}
	for _, r := range quotetest.Rows(200) {
		if r.NameEN != "" && r.NameCN != "" && r.NameHK != "" {
			out[r.Symbol] = [3]string{r.NameEN, r.NameCN, r.NameHK}
		}
	}
	return out
})

func staticInfo(symbol string) *pb.StaticInfo {
	n, ok := names[symbol]
	if !ok {
		n, ok = listed()[symbol]
	}
	if !ok {
		n = [3]string{symbol, symbol, symbol}
	}
	info := &pb.StaticInfo{
		Symbol: symbol, NameEn: n[0], NameCn: n[1], NameHk: n[2], ListingDate: "20000101",
		LotSize: 1, TotalShares: 1_000_000_000, CirculatingShares: 900_000_000,
		Eps: "1.00", EpsTtm: "1.00", Bps: "10.00", DividendYield: "0.50",
	}
	switch marketOf(symbol) {
	case "US":
		info.Exchange, info.Currency, info.Board = "NASD", "USD", "USMain"
	case "HK":
		info.Exchange, info.Currency, info.Board, info.LotSize = "SEHK", "HKD", "HKEquity", cmp.Or(lots[symbol], 100)
	case "CN":
		info.Exchange, info.Currency, info.Board, info.LotSize = "SSE", "CNY", "SHMainConnect", 100
	case "SG":
		info.Exchange, info.Currency, info.Board, info.LotSize = "SGX", "SGD", "SGMain", 100
	}
	return info
}

// tradePeriods lists each market's sessions, from the market's calendar.
func tradePeriods() *pb.MarketTradePeriodResponse {
	resp := &pb.MarketTradePeriodResponse{}
	for _, e := range simmarket.Exchanges() {
		var periods []*pb.TradePeriod
		add := func(s simmarket.Span, kind pb.TradeSession) {
			if s.End > s.Begin {
				beg, end := s.HHMM()
				periods = append(periods, &pb.TradePeriod{BegTime: beg, EndTime: end, TradeSession: kind})
			}
		}
		add(e.Pre, pb.TradeSession_PRE_TRADE)
		for _, s := range e.Regular {
			add(s, pb.TradeSession_NORMAL_TRADE)
		}
		add(e.Post, pb.TradeSession_POST_TRADE)
		resp.MarketTradeSession = append(resp.MarketTradeSession, &pb.MarketTradePeriod{Market: e.Code, TradeSession: periods})
	}
	return resp
}

// tradeDays lists the market's trading days from beg to end (YYYYMMDD),
// full and half apart; false for a range the server refuses: an unknown
// market, malformed, reversed, over a month or older than a year.
func tradeDays(market, beg, end string, now time.Time) (days, half []string, ok bool) {
	e := simmarket.ExchangeByCode(market)
	if e == nil {
		return nil, nil, false
	}
	b, err1 := time.ParseInLocation("20060102", beg, e.Loc)
	en, err2 := time.ParseInLocation("20060102", end, e.Loc)
	if err1 != nil || err2 != nil || en.Before(b) || en.Sub(b) > 31*24*time.Hour || b.Before(now.AddDate(-1, 0, -1)) {
		return nil, nil, false
	}
	full, halves := e.TradingDays(b, en)
	days, half = []string{}, []string{}
	for _, d := range full {
		days = append(days, d.Format("20060102"))
	}
	for _, d := range halves {
		half = append(half, d.Format("20060102"))
	}
	return days, half, true
}

// depth is the book of symbol now, levels prices a side.
func (m *market) depth(symbol string, levels int) *pb.SecurityDepthResponse {
	ask, bid := m.bookSides(symbol, levels)
	return &pb.SecurityDepthResponse{Symbol: symbol, Ask: ask, Bid: bid}
}

func (m *market) depthPush(symbol string, levels int) *pb.PushDepth {
	ask, bid := m.bookSides(symbol, levels)
	m.mu.Lock()
	m.seq[symbol]++
	seq := m.seq[symbol]
	m.mu.Unlock()
	return &pb.PushDepth{Symbol: symbol, Sequence: seq, Ask: ask, Bid: bid}
}

func (m *market) bookSides(symbol string, levels int) (ask, bid []*pb.Depth) {
	b := m.sim.Book(symbol, m.now(), levels)
	n := places(symbol)
	side := func(ls []simmarket.Level) []*pb.Depth {
		out := make([]*pb.Depth, len(ls))
		for i, l := range ls {
			out[i] = &pb.Depth{Position: int32(i + 1), Price: l.Price.StringFixed(n), Volume: l.Volume, OrderNum: l.Orders}
		}
		return out
	}
	return side(b.Asks), side(b.Bids)
}

// trades are symbol's latest count trades, oldest first.
func (m *market) trades(symbol string, count int) []*pb.Trade {
	return wireTrades(symbol, m.sim.Trades(symbol, m.now(), count))
}

// tradePush brings symbol's trades after from (at most 100: a socket that
// was away gets the newest).
func (m *market) tradePush(symbol string, from time.Time) *pb.PushTrade {
	list := m.sim.TradesSince(symbol, from, m.now(), 100)
	m.mu.Lock()
	m.seq[symbol]++
	seq := m.seq[symbol]
	m.mu.Unlock()
	return &pb.PushTrade{Symbol: symbol, Sequence: seq, Trade: wireTrades(symbol, list)}
}

func wireTrades(symbol string, list []simmarket.Trade) []*pb.Trade {
	n := places(symbol)
	out := make([]*pb.Trade, len(list))
	for i, t := range list {
		out[i] = &pb.Trade{Price: t.Price.StringFixed(n), Volume: t.Volume, Timestamp: t.Time.Unix(), Direction: int32(t.Direction)}
	}
	return out
}
