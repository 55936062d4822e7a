package sockettest

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/pb"
)

// Sandbox symbols and their opening prices; any other symbol gets a price
// derived from its name.
var seedPrices = map[string]string{
	"AAPL.US": "226.50", "TSLA.US": "248.20", "MSFT.US": "415.10", "NVDA.US": "121.40",
	"700.HK": "388.000", "9988.HK": "82.150", "600519.SH": "1520.00", "D05.SG": "36.20",
}

var names = map[string][3]string{ // en, cn, hk
	"AAPL.US": {"Apple Inc.", "苹果", "蘋果"}, "TSLA.US": {"Tesla, Inc.", "特斯拉", "特斯拉"},
	"MSFT.US": {"Microsoft Corporation", "微软", "微軟"}, "NVDA.US": {"NVIDIA Corporation", "英伟达", "英偉達"},
	"700.HK": {"Tencent Holdings", "腾讯控股", "騰訊控股"}, "9988.HK": {"Alibaba Group", "阿里巴巴", "阿里巴巴"},
	"600519.SH": {"Kweichow Moutai", "贵州茅台", "貴州茅台"}, "D05.SG": {"DBS Group", "星展集团", "星展集團"},
}

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

func places(symbol string) int32 {
	if marketOf(symbol) == "HK" {
		return 3
	}
	return 2
}

type symState struct {
	prevClose, open, high, low, last decimal.Decimal
	volume                           int64
	turnover                         decimal.Decimal
	seq                              int64
	ts                               int64
	rng                              *rand.Rand
}

type market struct {
	mu   sync.Mutex
	syms map[string]*symState
}

func newMarket() *market { return &market{syms: map[string]*symState{}} }

func (m *market) stateLocked(symbol string) *symState {
	st := m.syms[symbol]
	if st != nil {
		return st
	}
	h := fnv.New64a()
	h.Write([]byte(symbol))
	seed := h.Sum64()
	p, ok := seedPrices[symbol]
	var price decimal.Decimal
	if ok {
		price = decimal.RequireFromString(p)
	} else {
		price = decimal.NewFromInt(int64(10 + seed%490))
	}
	st = &symState{
		prevClose: price, open: price, high: price, low: price, last: price,
		turnover: decimal.Zero, ts: time.Now().Unix(),
		rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
	}
	m.syms[symbol] = st
	return st
}

// tick moves symbol's price one step of a random walk (move) or leaves it,
// and returns the push for its new state.
func (m *market) tick(symbol string, move bool) *pb.PushQuote {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.stateLocked(symbol)
	var vol int64
	var turn decimal.Decimal
	if move {
		// Steps of up to 0.2% either way, rounded to the market's tick.
		bp := st.rng.IntN(41) - 20
		step := st.last.Mul(decimal.New(int64(bp), -4)).Round(places(symbol))
		next := st.last.Add(step)
		if next.Sign() > 0 {
			st.last = next
		}
		vol = int64(1+st.rng.IntN(50)) * 100
		turn = st.last.Mul(decimal.NewFromInt(vol)).Round(2)
		st.volume += vol
		st.turnover = st.turnover.Add(turn)
		st.high = decimal.Max(st.high, st.last)
		st.low = decimal.Min(st.low, st.last)
	}
	st.seq++
	st.ts = time.Now().Unix()
	return &pb.PushQuote{
		Symbol: symbol, Sequence: st.seq, LastDone: st.last.StringFixed(places(symbol)),
		Open: st.open.StringFixed(places(symbol)), High: st.high.StringFixed(places(symbol)),
		Low: st.low.StringFixed(places(symbol)), Timestamp: st.ts, Volume: st.volume,
		Turnover: st.turnover.StringFixed(2), CurrentVolume: vol, CurrentTurnover: turn.StringFixed(2),
	}
}

func (m *market) setPrice(symbol, price string) error {
	d, err := decimal.NewFromString(price)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.stateLocked(symbol)
	st.last = d
	st.high = decimal.Max(st.high, d)
	st.low = decimal.Min(st.low, d)
	st.ts = time.Now().Unix()
	return nil
}

func (m *market) snapshot(symbol string) *pb.SecurityQuote {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.stateLocked(symbol)
	n := places(symbol)
	return &pb.SecurityQuote{
		Symbol: symbol, LastDone: st.last.StringFixed(n), PrevClose: st.prevClose.StringFixed(n),
		Open: st.open.StringFixed(n), High: st.high.StringFixed(n), Low: st.low.StringFixed(n),
		Timestamp: st.ts, Volume: st.volume, Turnover: st.turnover.StringFixed(2),
	}
}

func periodSeconds(p pb.Period) int64 {
	switch p {
	case pb.Period_ONE_MINUTE, pb.Period_TWO_MINUTE, pb.Period_THREE_MINUTE, pb.Period_FIVE_MINUTE,
		pb.Period_TEN_MINUTE, pb.Period_FIFTEEN_MINUTE, pb.Period_TWENTY_MINUTE, pb.Period_THIRTY_MINUTE,
		pb.Period_FORTY_FIVE_MINUTE, pb.Period_SIXTY_MINUTE, pb.Period_TWO_HOUR, pb.Period_THREE_HOUR,
		pb.Period_FOUR_HOUR:
		return int64(p) * 60
	case pb.Period_DAY:
		return 86400
	case pb.Period_WEEK:
		return 7 * 86400
	case pb.Period_MONTH:
		return 30 * 86400
	case pb.Period_QUARTER:
		return 91 * 86400
	case pb.Period_YEAR:
		return 365 * 86400
	}
	return 0
}

// candles returns count bars of period ending at end, walking back from
// the current price so the last bar closes where the quote stands.
func (m *market) candles(symbol string, period pb.Period, count int, end time.Time) []*pb.Candlestick {
	m.mu.Lock()
	st := m.stateLocked(symbol)
	last := st.last
	m.mu.Unlock()
	n := places(symbol)
	h := fnv.New64a()
	h.Write([]byte(symbol))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(period)))
	step := periodSeconds(period)
	t := end.Unix() - end.Unix()%step
	out := make([]*pb.Candlestick, count)
	closeP := last
	for i := count - 1; i >= 0; i-- {
		open := closeP.Sub(closeP.Mul(decimal.New(int64(rng.IntN(41)-20), -3))).Round(n)
		hi := decimal.Max(open, closeP).Add(closeP.Mul(decimal.New(int64(rng.IntN(5)), -3))).Round(n)
		lo := decimal.Min(open, closeP).Sub(closeP.Mul(decimal.New(int64(rng.IntN(5)), -3))).Round(n)
		vol := int64(1+rng.IntN(1000)) * 100
		out[i] = &pb.Candlestick{
			Close: closeP.StringFixed(n), Open: open.StringFixed(n), High: hi.StringFixed(n), Low: lo.StringFixed(n),
			Volume: vol, Turnover: closeP.Mul(decimal.NewFromInt(vol)).StringFixed(2), Timestamp: t,
		}
		t -= step
		closeP = open
	}
	return out
}

// intraday returns one line per minute of the last four hours up to now,
// each with the day's volume-weighted average price so far, as the real
// server sends it.
func (m *market) intraday(symbol string, now time.Time) []*pb.Line {
	bars := m.candles(symbol, pb.Period_ONE_MINUTE, 240, now)
	n := places(symbol)
	out := make([]*pb.Line, len(bars))
	var vol int64
	turnover := decimal.Zero
	for i, b := range bars {
		vol += b.Volume
		turnover = turnover.Add(decimal.RequireFromString(b.Turnover))
		avg := turnover.DivRound(decimal.NewFromInt(vol), n)
		out[i] = &pb.Line{Price: b.Close, Timestamp: b.Timestamp, Volume: b.Volume, Turnover: b.Turnover, AvgPrice: avg.StringFixed(n)}
	}
	return out
}

func staticInfo(symbol string) *pb.StaticInfo {
	n, ok := names[symbol]
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
		info.Exchange, info.Currency, info.Board, info.LotSize = "SEHK", "HKD", "HKEquity", 100
	case "CN":
		info.Exchange, info.Currency, info.Board, info.LotSize = "SSE", "CNY", "SHMainConnect", 100
	case "SG":
		info.Exchange, info.Currency, info.Board, info.LotSize = "SGX", "SGD", "SGMain", 100
	}
	return info
}

func tradePeriods() *pb.MarketTradePeriodResponse {
	p := func(beg, end int32, s pb.TradeSession) *pb.TradePeriod {
		return &pb.TradePeriod{BegTime: beg, EndTime: end, TradeSession: s}
	}
	return &pb.MarketTradePeriodResponse{MarketTradeSession: []*pb.MarketTradePeriod{
		{Market: "US", TradeSession: []*pb.TradePeriod{p(400, 930, pb.TradeSession_PRE_TRADE), p(930, 1600, pb.TradeSession_NORMAL_TRADE), p(1600, 2000, pb.TradeSession_POST_TRADE)}},
		{Market: "HK", TradeSession: []*pb.TradePeriod{p(930, 1200, pb.TradeSession_NORMAL_TRADE), p(1300, 1600, pb.TradeSession_NORMAL_TRADE)}},
		{Market: "CN", TradeSession: []*pb.TradePeriod{p(930, 1130, pb.TradeSession_NORMAL_TRADE), p(1300, 1500, pb.TradeSession_NORMAL_TRADE)}},
		{Market: "SG", TradeSession: []*pb.TradePeriod{p(900, 1200, pb.TradeSession_NORMAL_TRADE), p(1300, 1700, pb.TradeSession_NORMAL_TRADE)}},
	}}
}

// tradeDays lists weekdays from beg to end (YYYYMMDD); false for a range
// the server refuses: malformed, reversed, over a month or older than a year.
func tradeDays(market, beg, end string, now time.Time) (days, half []string, ok bool) {
	b, err1 := time.Parse("20060102", beg)
	e, err2 := time.Parse("20060102", end)
	if market == "" || err1 != nil || err2 != nil || e.Before(b) || e.Sub(b) > 31*24*time.Hour ||
		b.Before(now.AddDate(-1, 0, -1)) {
		return nil, nil, false
	}
	days = []string{}
	for d := b; !d.After(e); d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			days = append(days, d.Format("20060102"))
		}
	}
	return days, []string{}, true
}
