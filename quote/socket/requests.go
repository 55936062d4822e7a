package socket

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// Each request waits for a live link and its command's rate limit within
// ctx. Server refusals are *Error (errors.As), with Reason saying what kind.

// Quotes returns snapshots of up to 500 symbols (cmd 11).
func (c *Client) Quotes(ctx context.Context, symbols []string) ([]Quote, error) {
	syms := normalize(symbols)
	if len(syms) > packet.MaxSymbols {
		return nil, fmt.Errorf("quotes: %d symbols, at most %d per request", len(syms), packet.MaxSymbols)
	}
	var resp pb.SecurityQuoteResponse
	if err := c.request(ctx, packet.CmdQuote, &pb.MultiSecurityRequest{Symbol: syms}, &resp); err != nil {
		return nil, fmt.Errorf("quotes: %w", err)
	}
	now := time.Now()
	out := make([]Quote, len(resp.SecuQuote))
	for i, sq := range resp.SecuQuote {
		out[i] = Quote{Symbol: sq.Symbol}
		out[i].applySnapshot(sq, now, 0)
	}
	return out, nil
}

// StaticInfo is what rarely changes about a security.
type StaticInfo struct {
	Symbol            string
	NameEN            string
	NameCN            string // simplified Chinese
	NameHK            string // traditional Chinese
	Exchange          string
	Currency          string
	LotSize           int
	TotalShares       int64
	CirculatingShares int64
	EPS, EPSTTM, BPS  decimal.Decimal
	// DividendPerShare is the field LongPort calls dividend_yield: it is
	// the dividend per share, not a ratio.
	DividendPerShare decimal.Decimal
	Board            string
}

// StaticInfo returns names, lot sizes and currencies of up to 500 symbols
// (cmd 10).
func (c *Client) StaticInfo(ctx context.Context, symbols []string) ([]StaticInfo, error) {
	syms := normalize(symbols)
	if len(syms) > packet.MaxSymbols {
		return nil, fmt.Errorf("static info: %d symbols, at most %d per request", len(syms), packet.MaxSymbols)
	}
	var resp pb.SecurityStaticInfoResponse
	if err := c.request(ctx, packet.CmdStaticInfo, &pb.MultiSecurityRequest{Symbol: syms}, &resp); err != nil {
		return nil, fmt.Errorf("static info: %w", err)
	}
	out := make([]StaticInfo, len(resp.SecuStaticInfo))
	for i, s := range resp.SecuStaticInfo {
		out[i] = StaticInfo{
			Symbol: s.Symbol, NameEN: s.NameEn, NameCN: s.NameCn, NameHK: s.NameHk,
			Exchange: s.Exchange, Currency: s.Currency, LotSize: int(s.LotSize),
			TotalShares: s.TotalShares, CirculatingShares: s.CirculatingShares,
			EPS: decOrZero(s.Eps), EPSTTM: decOrZero(s.EpsTtm), BPS: decOrZero(s.Bps),
			DividendPerShare: decOrZero(s.DividendYield), Board: s.Board,
		}
	}
	return out, nil
}

// Period is a candlestick's length; the values are the protocol's.
type Period int32

// The periods a chart offers.
const (
	Minute1   Period = 1
	Minute5   Period = 5
	Minute15  Period = 15
	Minute30  Period = 30
	Minute60  Period = 60
	Day       Period = 1000
	Week      Period = 2000
	Month     Period = 3000
	Quarter   Period = 3500
	Year      Period = 4000
	periodMin        = 1
)

// Adjust says whether prices are adjusted for splits and dividends.
type Adjust int32

// The adjustments.
const (
	NoAdjust      Adjust = 0
	ForwardAdjust Adjust = 1
)

// Sessions says which sessions' bars to include.
type Sessions int32

// The session choices of candlestick and intraday requests.
const (
	RegularOnly Sessions = 0
	AllSessions Sessions = 100
)

// Candlestick is one bar.
type Candlestick struct {
	Time                   time.Time // start of the bar
	Open, High, Low, Close decimal.Decimal
	Volume                 int64
	Turnover               decimal.Decimal
	Session                TradeSession
}

func candlesFrom(list []*pb.Candlestick) []Candlestick {
	out := make([]Candlestick, len(list))
	for i, k := range list {
		out[i] = Candlestick{
			Time: time.Unix(k.Timestamp, 0), Open: decOrZero(k.Open), High: decOrZero(k.High),
			Low: decOrZero(k.Low), Close: decOrZero(k.Close), Volume: k.Volume,
			Turnover: decOrZero(k.Turnover), Session: TradeSession(k.TradeSession),
		}
	}
	return out
}

// Candlesticks returns the latest count (1-1000) bars of symbol (cmd 19),
// which spends no history quota.
func (c *Client) Candlesticks(ctx context.Context, symbol string, period Period, count int, adjust Adjust, sessions Sessions) ([]Candlestick, error) {
	if count < 1 || count > 1000 {
		return nil, fmt.Errorf("candlesticks: count %d is outside 1-1000", count)
	}
	if period < periodMin {
		return nil, fmt.Errorf("candlesticks: no period")
	}
	var resp pb.SecurityCandlestickResponse
	err := c.request(ctx, packet.CmdCandlestick, &pb.SecurityCandlestickRequest{
		Symbol: normalize([]string{symbol})[0], Period: pb.Period(period), Count: int32(count),
		AdjustType: pb.AdjustType(adjust), TradeSession: int32(sessions),
	}, &resp)
	if err != nil {
		return nil, fmt.Errorf("candlesticks: %w", err)
	}
	return candlesFrom(resp.Candlesticks), nil
}

// HistoryCandlesticks returns bars of symbol between two dates (cmd 27,
// at most 1000, the nearest to `to` first when more). Each new symbol in a
// month spends one of the profile's HistoryLimit; when they are used up the
// error's Reason is ReasonHistoryQuota and the status lists the problem.
func (c *Client) HistoryCandlesticks(ctx context.Context, symbol string, period Period, adjust Adjust, sessions Sessions, from, to time.Time) ([]Candlestick, error) {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("20060102")
	}
	return c.history(ctx, &pb.SecurityHistoryCandlestickRequest{
		Symbol: normalize([]string{symbol})[0], Period: pb.Period(period), AdjustType: pb.AdjustType(adjust),
		QueryType:    pb.HistoryCandlestickQueryType_QUERY_BY_DATE,
		DateRequest:  &pb.SecurityHistoryCandlestickRequest_DateQuery{StartDate: day(from), EndDate: day(to)},
		TradeSession: int32(sessions),
	})
}

// HistoryBefore returns the count (1-1000) bars of symbol that start at or
// before at, the newest last (cmd 27 by offset, toward older bars). The
// server reads at's date and, for minute periods, its hour and minute as
// the market's own time, so at must be in the market's zone. It spends
// the history quota as HistoryCandlesticks does.
func (c *Client) HistoryBefore(ctx context.Context, symbol string, period Period, adjust Adjust, sessions Sessions, at time.Time, count int) ([]Candlestick, error) {
	if count < 1 || count > 1000 {
		return nil, fmt.Errorf("history candlesticks: count %d is outside 1-1000", count)
	}
	q := &pb.SecurityHistoryCandlestickRequest_OffsetQuery{Direction: pb.Direction_BACKWARD, Date: at.Format("20060102"), Count: int32(count)}
	if period < Day {
		q.Minute = at.Format("1504")
	}
	return c.history(ctx, &pb.SecurityHistoryCandlestickRequest{
		Symbol: normalize([]string{symbol})[0], Period: pb.Period(period), AdjustType: pb.AdjustType(adjust),
		QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_OFFSET, OffsetRequest: q, TradeSession: int32(sessions),
	})
}

// history sends a cmd 27 request, and keeps the quota problem in the
// status while the quota is spent.
func (c *Client) history(ctx context.Context, req *pb.SecurityHistoryCandlestickRequest) ([]Candlestick, error) {
	var resp pb.SecurityCandlestickResponse
	err := c.request(ctx, packet.CmdHistory, req, &resp)
	var se *Error
	quota := errors.As(err, &se) && se.Reason() == ReasonHistoryQuota
	c.mu.Lock()
	if _, had := c.problems[historyProblem]; quota || (had && err == nil) {
		if quota {
			c.problems[historyProblem] = Problem{Reason: ReasonHistoryQuota, Symbols: []string{req.Symbol}, Err: err}
		} else {
			delete(c.problems, historyProblem)
		}
		c.statuses.Changed()
	}
	c.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("history candlesticks: %w", err)
	}
	return candlesFrom(resp.Candlesticks), nil
}

// historyProblem keys the quota problem among the per-symbol ones.
const historyProblem = "\x00history"

// IntradayLine is one minute of the day's price line.
type IntradayLine struct {
	Time     time.Time // start of the minute
	Price    decimal.Decimal
	Average  decimal.Decimal
	Volume   int64
	Turnover decimal.Decimal
}

// Intraday returns today's minute line of symbol (cmd 18).
func (c *Client) Intraday(ctx context.Context, symbol string, sessions Sessions) ([]IntradayLine, error) {
	var resp pb.SecurityIntradayResponse
	err := c.request(ctx, packet.CmdIntraday, &pb.SecurityIntradayRequest{Symbol: normalize([]string{symbol})[0], TradeSession: int32(sessions)}, &resp)
	if err != nil {
		return nil, fmt.Errorf("intraday: %w", err)
	}
	out := make([]IntradayLine, len(resp.Lines))
	for i, l := range resp.Lines {
		out[i] = IntradayLine{Time: time.Unix(l.Timestamp, 0), Price: decOrZero(l.Price), Average: decOrZero(l.AvgPrice), Volume: l.Volume, Turnover: decOrZero(l.Turnover)}
	}
	return out, nil
}

// TradingPeriod is one session of a market's day, in the market's time.
type TradingPeriod struct {
	Begin, End int // hhmm, such as 930 and 1600
	Session    TradeSession
}

// TradingSessions returns each market's sessions (cmd 8), by market code.
func (c *Client) TradingSessions(ctx context.Context) (map[string][]TradingPeriod, error) {
	var resp pb.MarketTradePeriodResponse
	if err := c.request(ctx, packet.CmdTradePeriod, &pb.SubscriptionRequest{}, &resp); err != nil {
		return nil, fmt.Errorf("trading sessions: %w", err)
	}
	out := map[string][]TradingPeriod{}
	for _, m := range resp.MarketTradeSession {
		for _, p := range m.TradeSession {
			out[m.Market] = append(out[m.Market], TradingPeriod{Begin: int(p.BegTime), End: int(p.EndTime), Session: TradeSession(p.TradeSession)})
		}
	}
	return out, nil
}

// TradingDays are a market's trading days in a range.
type TradingDays struct {
	Full, Half []time.Time // dates at midnight UTC
}

// TradingDays returns market's trading days from one date to another, at
// most a month apart and within the last year (cmd 9).
func (c *Client) TradingDays(ctx context.Context, market string, from, to time.Time) (TradingDays, error) {
	if to.Before(from) || to.Sub(from) > 31*24*time.Hour {
		return TradingDays{}, fmt.Errorf("trading days: the range %s to %s is not within one month", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	var resp pb.MarketTradeDayResponse
	err := c.request(ctx, packet.CmdTradeDay, &pb.MarketTradeDayRequest{Market: market, BegDay: from.Format("20060102"), EndDay: to.Format("20060102")}, &resp)
	if err != nil {
		return TradingDays{}, fmt.Errorf("trading days: %w", err)
	}
	parse := func(in []string) []time.Time {
		out := make([]time.Time, 0, len(in))
		for _, s := range in {
			if t, err := time.Parse("20060102", s); err == nil {
				out = append(out, t)
			}
		}
		slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
		return out
	}
	return TradingDays{Full: parse(resp.TradeDay), Half: parse(resp.HalfTradeDay)}, nil
}
