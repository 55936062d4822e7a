package quotetest

import (
	"net/http"
	"strconv"
	"time"
)

// WatchlistGroup is a watchlist group as the API sends it: the id and
// every number and time a string.
type WatchlistGroup struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Securities []WatchedSecurity `json:"securities"`
}

// WatchedSecurity is a security of a watchlist group as the API sends it.
type WatchedSecurity struct {
	Symbol       string `json:"symbol"`
	Market       string `json:"market"`
	Name         string `json:"name"`
	WatchedPrice string `json:"watched_price"` // "" when unknown
	WatchedAt    string `json:"watched_at"`    // unix seconds
	IsPinned     bool   `json:"is_pinned"`
}

// SandboxWatchlist is the sandbox account's watchlist: two groups of US
// and HK securities, some pinned, one without a watched price, added over
// the months before now.
func SandboxWatchlist(now time.Time) []WatchlistGroup {
	ago := func(days int) string { return strconv.FormatInt(now.AddDate(0, 0, -days).Unix(), 10) }
	return []WatchlistGroup{
		{ID: "10482", Name: "Tech", Securities: []WatchedSecurity{
			{"NVDA.US", "US", "NVIDIA", "118.40", ago(160), false},
			{"9988.HK", "HK", "Alibaba-W", "", ago(120), true},
			{"AAPL.US", "US", "Apple", "189.25", ago(95), false},
			{"700.HK", "HK", "Tencent", "372.400", ago(60), true},
			{"MSFT.US", "US", "Microsoft", "402.10", ago(30), false},
			{"TSLA.US", "US", "Tesla", "177.90", ago(12), false},
		}},
		{ID: "10517", Name: "Dividends", Securities: []WatchedSecurity{
			{"KO.US", "US", "Coca-Cola", "60.15", ago(300), false},
			{"5.HK", "HK", "HSBC Holdings", "66.800", ago(250), true},
			{"JNJ.US", "US", "Johnson & Johnson", "148.02", ago(200), false},
			{"941.HK", "HK", "China Mobile", "71.350", ago(40), false},
		}},
	}
}

func (s *Server) handleWatchlist(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	groups := s.watchlist
	s.mu.Unlock()
	s.WriteData(w, r, map[string]any{"groups": groups})
}

// SetWatchlist replaces the watchlist the server sends.
func (s *Server) SetWatchlist(groups []WatchlistGroup) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.watchlist = groups
}

// handleMarketStatus answers with the US and HK markets, open or closed by
// the hour of the request in UTC: US regular trading 13:30 to 20:00, HK
// trading 01:30 to 08:00, roughly.
func (s *Server) handleMarketStatus(w http.ResponseWriter, r *http.Request) {
	now := time.Now().UTC()
	mins := now.Hour()*60 + now.Minute()
	us, hk := 204, 108 // closed
	if mins >= 13*60+30 && mins < 20*60 {
		us = 202
	}
	if mins >= 90 && mins < 8*60 {
		hk = 105
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	type market struct {
		Market           string `json:"market"`
		TradeStatus      int    `json:"trade_status"`
		Timestamp        string `json:"timestamp"`
		DelayTradeStatus int    `json:"delay_trade_status"`
		DelayTimestamp   string `json:"delay_timestamp"`
		SubStatus        int    `json:"sub_status"`
		DelaySubStatus   int    `json:"delay_sub_status"`
	}
	s.WriteData(w, r, map[string]any{"market_time": []market{
		{"US", us, ts, us, ts, 0, 0},
		{"HK", hk, ts, hk, ts, 0, 0},
	}})
}
