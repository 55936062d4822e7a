package sockettest

import (
	"strings"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// serve answers one request of an authenticated socket.
func (c *conn) serve(p packet.Packet) {
	s := c.s
	s.mu.Lock()
	delay := s.delay
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-c.ctx.Done():
			return
		}
	}
	if l := c.limiters[p.Cmd]; l != nil && !l.Allow() {
		c.fail(p, packet.StatusBadRequest, 301606, "request rate limited")
		return
	}
	if r, ok := s.takeRefusal(p.Cmd); ok {
		c.fail(p, packet.Status(r.Status), r.Code, r.Msg)
		return
	}
	bad := func(msg string) { c.fail(p, packet.StatusServerInternalError, 301600, msg) }
	decode := func(m proto.Message) bool {
		if err := proto.Unmarshal(p.Body, m); err != nil {
			c.fail(p, packet.StatusBadRequest, 301600, "unparseable body")
			return false
		}
		return true
	}
	switch p.Cmd {
	case packet.CmdProfile:
		var req pb.UserQuoteProfileRequest
		if decode(&req) {
			c.reply(p, s.profile())
		}
	case packet.CmdSubscription:
		resp := &pb.SubscriptionResponse{}
		for _, sym := range c.subList() {
			c.mu.Lock()
			types := c.subs[sym].list()
			c.mu.Unlock()
			resp.SubList = append(resp.SubList, &pb.SubTypeList{Symbol: sym, SubType: types})
		}
		c.reply(p, resp)
	case packet.CmdSubscribe:
		var req pb.SubscribeRequest
		if !decode(&req) {
			return
		}
		if len(req.Symbol) > packet.MaxSymbols {
			c.fail(p, packet.StatusBadRequest, 301600, "too many symbols in one request")
			return
		}
		for _, t := range req.SubType {
			if t < pb.SubType_QUOTE || t > pb.SubType_TRADE {
				bad("invalid sub_type")
				return
			}
		}
		if c.refuseNoAccess(p, req.Symbol...) {
			return
		}
		c.mu.Lock()
		n := len(c.subs)
		for _, sym := range req.Symbol {
			if c.subs[sym] == 0 {
				n++
			}
		}
		if n > s.opts.SubscribeLimit {
			c.mu.Unlock()
			c.fail(p, packet.StatusServerInternalError, 301605, "too many subscriptions")
			return
		}
		types := typesOf(req.SubType)
		now := s.market.now()
		for _, sym := range req.Symbol {
			if types.has(pb.SubType_TRADE) && !c.subs[sym].has(pb.SubType_TRADE) {
				c.tapeAt[sym] = now // pushes bring the trades after this
			}
			c.subs[sym] |= types
		}
		c.mu.Unlock()
		c.reply(p, nil)
		if req.IsFirstPush {
			for _, sym := range req.Symbol {
				if types.has(pb.SubType_QUOTE) {
					c.pushQuote(s.market.tick(sym))
				}
				if types.has(pb.SubType_DEPTH) {
					c.pushDepth(sym) // not the tape: the docs leave TRADE out
				}
			}
		}
	case packet.CmdUnsubscribe:
		var req pb.UnsubscribeRequest
		if !decode(&req) {
			return
		}
		c.mu.Lock()
		if req.UnsubAll {
			clear(c.subs)
		}
		types := typesOf(req.SubType)
		if types == 0 {
			types = ^subTypes(0)
		}
		for _, sym := range req.Symbol {
			if c.subs[sym] &^= types; c.subs[sym] == 0 {
				delete(c.subs, sym)
			}
			if !c.subs[sym].has(pb.SubType_TRADE) {
				delete(c.tapeAt, sym)
			}
		}
		c.mu.Unlock()
		c.reply(p, &pb.UnsubscribeResponse{})
	case packet.CmdQuote, packet.CmdStaticInfo:
		var req pb.MultiSecurityRequest
		if !decode(&req) {
			return
		}
		if len(req.Symbol) > packet.MaxSymbols {
			bad("too many symbols in one request")
			return
		}
		if c.refuseNoAccess(p, req.Symbol...) {
			return
		}
		if p.Cmd == packet.CmdQuote {
			resp := &pb.SecurityQuoteResponse{}
			for _, sym := range req.Symbol {
				resp.SecuQuote = append(resp.SecuQuote, s.market.snapshot(sym))
			}
			c.reply(p, resp)
		} else {
			resp := &pb.SecurityStaticInfoResponse{}
			for _, sym := range req.Symbol {
				resp.SecuStaticInfo = append(resp.SecuStaticInfo, staticInfo(sym))
			}
			c.reply(p, resp)
		}
	case packet.CmdCandlestick:
		var req pb.SecurityCandlestickRequest
		if !decode(&req) {
			return
		}
		if req.Count < 1 || req.Count > 1000 || !knownPeriod(req.Period) || (req.TradeSession != 0 && req.TradeSession != 100) {
			bad("invalid parameters")
			return
		}
		if c.refuseNoAccess(p, req.Symbol) {
			return
		}
		c.reply(p, &pb.SecurityCandlestickResponse{Symbol: req.Symbol, Candlesticks: s.market.candles(req.Symbol, req.Period, int(req.Count), req.TradeSession)})
	case packet.CmdHistory:
		var req pb.SecurityHistoryCandlestickRequest
		if !decode(&req) {
			return
		}
		switch req.QueryType {
		case pb.HistoryCandlestickQueryType_QUERY_BY_OFFSET:
			if req.OffsetRequest == nil || req.OffsetRequest.Count < 1 || req.OffsetRequest.Count > 1000 {
				bad("invalid count")
				return
			}
		case pb.HistoryCandlestickQueryType_QUERY_BY_DATE:
			if req.DateRequest == nil {
				req.DateRequest = &pb.SecurityHistoryCandlestickRequest_DateQuery{}
			}
		default:
			bad("invalid query_type")
			return
		}
		if !knownPeriod(req.Period) {
			bad("invalid period")
			return
		}
		s.mu.Lock()
		spent := s.history[req.Symbol]
		if !spent && len(s.history) >= s.opts.HistoryLimit {
			s.mu.Unlock()
			c.fail(p, packet.StatusServerInternalError, 301607, "history candlestick symbol count out of limit")
			return
		}
		s.history[req.Symbol] = true
		s.mu.Unlock()
		bars, ok := s.market.history(&req)
		if !ok {
			bad("invalid date")
			return
		}
		c.reply(p, &pb.SecurityCandlestickResponse{Symbol: req.Symbol, Candlesticks: bars})
	case packet.CmdDepth:
		var req pb.SecurityRequest
		if decode(&req) && !c.refuseNoAccess(p, req.Symbol) {
			c.reply(p, s.market.depth(req.Symbol, s.depthLevels(marketOf(req.Symbol))))
		}
	case packet.CmdTrades:
		var req pb.SecurityTradeRequest
		if !decode(&req) {
			return
		}
		if req.Count < 1 || req.Count > 1000 {
			bad("invalid count")
			return
		}
		if !c.refuseNoAccess(p, req.Symbol) {
			c.reply(p, &pb.SecurityTradeResponse{Symbol: req.Symbol, Trades: s.market.trades(req.Symbol, int(req.Count))})
		}
	case packet.CmdIntraday:
		var req pb.SecurityIntradayRequest
		if decode(&req) && !c.refuseNoAccess(p, req.Symbol) {
			c.reply(p, &pb.SecurityIntradayResponse{Symbol: req.Symbol, Lines: s.market.intraday(req.Symbol)})
		}
	case packet.CmdTradePeriod:
		c.reply(p, tradePeriods())
	case packet.CmdTradeDay:
		var req pb.MarketTradeDayRequest
		if !decode(&req) {
			return
		}
		days, half, ok := tradeDays(req.Market, req.BegDay, req.EndDay, s.market.now())
		if !ok {
			bad("invalid date range")
			return
		}
		c.reply(p, &pb.MarketTradeDayResponse{TradeDay: days, HalfTradeDay: half})
	default:
		c.fail(p, packet.StatusBadRequest, 301600, "unknown command")
	}
}

func (s *Server) profile() *pb.UserQuoteProfileResponse {
	resp := &pb.UserQuoteProfileResponse{
		MemberId:                1000001,
		QuoteLevel:              "sockettest",
		SubscribeLimit:          int32(s.opts.SubscribeLimit),
		HistoryCandlestickLimit: int32(s.opts.HistoryLimit),
		QuoteLevelDetail: &pb.UserQuoteLevelDetail{
			ByPackageKey: map[string]*pb.UserQuoteLevelDetail_PackageDetail{},
			ByMarketCode: map[string]*pb.UserQuoteLevelDetail_MarketPackageDetail{},
		},
	}
	for _, l := range s.opts.RateLimits {
		resp.RateLimit = append(resp.RateLimit, &pb.RateLimit{Command: pb.Command(l.Cmd), Limit: int32(l.Limit), Burst: int32(l.Burst)})
	}
	packages := map[string]*pb.UserQuoteLevelDetail_PackageDetail{
		"US": {Key: "US_LV1", Name: "Nasdaq Basic", Description: "US real-time quotes"},
		"HK": {Key: "HK_LV1", Name: "HK LV1", Description: "HK real-time quotes"},
		"CN": {Key: "CN_LV1", Name: "CN LV1", Description: "A-share real-time quotes"},
	}
	for market := range packages {
		if s.lv2(market) {
			packages[market] = &pb.UserQuoteLevelDetail_PackageDetail{Key: market + "_LV2", Name: "LV2 Advanced - Plus (OpenAPI)", Description: market + " real-time quotes, ten levels of depth"}
		}
	}
	for market, pkg := range packages {
		d := &pb.UserQuoteLevelDetail_MarketPackageDetail{}
		if s.noAccess("X." + market) {
			d.WarningMsg = "no OpenAPI quotes for this market"
		} else {
			d.Packages = []*pb.UserQuoteLevelDetail_PackageDetail{pkg}
			resp.QuoteLevelDetail.ByPackageKey[pkg.Key] = pkg
		}
		resp.QuoteLevelDetail.ByMarketCode[market] = d
	}
	return resp
}

// lv2 reports whether the account has the LV2 package of market.
func (s *Server) lv2(market string) bool {
	for _, m := range s.opts.LV2 {
		if strings.EqualFold(m, market) {
			return true
		}
	}
	return false
}

// depthLevels is how many prices a side of the book the account's package
// of market shows. With LV2, ten (shared/longport-api.md §3.9, for HK);
// Nasdaq Basic gives the best bid and ask only (a user's report of one
// level a side, longbridge/openapi#486), and so does HK LV1 as the brokers
// of Hong Kong sell it; an A-share LV1 feed has five. Elsewhere (the
// profile names no package) the fake gives five.
func (s *Server) depthLevels(market string) int {
	switch {
	case s.lv2(market):
		return 10
	case market == "US" || market == "HK":
		return 1
	}
	return 5
}

// refuseNoAccess answers 301604 when a symbol is of a market without quotes.
func (c *conn) refuseNoAccess(p packet.Packet, symbols ...string) bool {
	for _, sym := range symbols {
		if c.s.noAccess(sym) {
			c.fail(p, packet.StatusServerInternalError, 301604, "no quote access")
			return true
		}
	}
	return false
}
