package quotetest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/portview/portview/internal/simmarket"
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
// the months before now, each at the sandbox market's price of that day.
func SandboxWatchlist(now time.Time) []WatchlistGroup {
	m := simmarket.New(simmarket.SandboxSeed)
	at := func(days int) time.Time { return now.AddDate(0, 0, -days) }
	ago := func(days int) string { return strconv.FormatInt(at(days).Unix(), 10) }
	price := func(symbol string, days int) string {
		return m.PriceAt(symbol, at(days)).StringFixed(simmarket.ExchangeOf(symbol).Places())
	}
	return []WatchlistGroup{
		{ID: "10482", Name: "Tech", Securities: []WatchedSecurity{
			{"NVDA.US", "US", "NVIDIA", price("NVDA.US", 160), ago(160), false},
			{"9988.HK", "HK", "Alibaba-W", "", ago(120), true},
			{"AAPL.US", "US", "Apple", price("AAPL.US", 95), ago(95), false},
			{"700.HK", "HK", "Tencent", price("700.HK", 60), ago(60), true},
			{"MSFT.US", "US", "Microsoft", price("MSFT.US", 30), ago(30), false},
			{"TSLA.US", "US", "Tesla", price("TSLA.US", 12), ago(12), false},
		}},
		{ID: "10517", Name: "Dividends", Securities: []WatchedSecurity{
			{"KO.US", "US", "Coca-Cola", price("KO.US", 300), ago(300), false},
			{"5.HK", "HK", "HSBC Holdings", price("5.HK", 250), ago(250), true},
			{"JNJ.US", "US", "Johnson & Johnson", price("JNJ.US", 200), ago(200), false},
			{"941.HK", "HK", "China Mobile", price("941.HK", 40), ago(40), false},
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
