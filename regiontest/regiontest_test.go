package regiontest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/oauth2"

	"github.com/portview/portview/api"
	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/regiontest"
	"github.com/portview/portview/trade/tradetest"
)

// staticTokens hands out one access token.
type staticTokens string

func (s staticTokens) Token(context.Context) (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: string(s), Expiry: time.Now().Add(time.Hour)}, nil
}
func (staticTokens) Invalidate(string) {}

// clients starts a region whose clock stands at now and returns its
// Quote API client and a quote socket on it.
func clients(t *testing.T, now time.Time) (*quote.Client, *socket.Client) {
	t.Helper()
	clock := func() time.Time { return now }
	r, err := regiontest.Start(regiontest.Options{Auth: oauthtest.Options{Now: clock}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	tok, _ := r.Auth.IssueTokens("client-regiontest", "4 6 10")
	q, err := quote.New(api.Config{
		BaseURL: r.URL, ClientID: "client-regiontest", Tokens: staticTokens(tok), HTTPClient: &http.Client{},
		UserAgent: "Portview/test", Limit: api.Limit{PerSecond: 1e6, Burst: 1000, Concurrent: 10, PerPath: 1e6, Window: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := socket.New(socket.Config{URL: r.QuoteURL, Tokens: q})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return q, s
}

func TestTheRegionsQuoteIntradayAndCandlesAgree(t *testing.T) {
	moments := []struct {
		name string
		now  time.Time
	}{
		{"a Monday in the US session", time.Date(2026, 12, 7, 15, 47, 31, 0, time.UTC)},
		{"a Tuesday in the HK session", time.Date(2026, 12, 8, 2, 15, 0, 0, time.UTC)},
		{"a Sunday", time.Date(2026, 12, 6, 21, 34, 0, 0, time.UTC)},
	}
	symbols := []string{"AAPL.US", "TSM.US", "NVDA.US", "KO.US", "700.HK", "9988.HK"}
	periods := []socket.Period{socket.Minute1, socket.Minute5, socket.Minute15, socket.Minute30, socket.Minute60, socket.Day, socket.Week, socket.Month}
	for _, m := range moments {
		t.Run(m.name, func(t *testing.T) {
			ctx := t.Context()
			_, s := clients(t, m.now)
			quotes, err := s.Quotes(ctx, symbols)
			if err != nil || len(quotes) != len(symbols) {
				t.Fatalf("quotes: %d, %v", len(quotes), err)
			}
			for _, q := range quotes {
				e := simmarket.ExchangeOf(q.Symbol)
				lines, err := s.Intraday(ctx, q.Symbol, socket.RegularOnly)
				if err != nil || len(lines) == 0 {
					t.Fatalf("%s intraday: %d lines, %v", q.Symbol, len(lines), err)
				}
				for _, l := range lines {
					if l.Price.GreaterThan(q.High) || l.Price.LessThan(q.Low) {
						t.Errorf("%s: the intraday line reaches %s at %s, the day's range is %s-%s", q.Symbol, l.Price, l.Time, q.Low, q.High)
						break
					}
				}
				if last := lines[len(lines)-1]; !last.Price.Equal(q.Last) {
					t.Errorf("%s: the intraday line ends at %s, the quote's last is %s", q.Symbol, last.Price, q.Last)
				}
				day := e.Midnight(lines[0].Time)
				for _, p := range periods {
					count := 100
					if p >= socket.Week {
						count = 30 // enough years to cross a few holidays, few enough for -race
					}
					bars, err := s.Candlesticks(ctx, q.Symbol, p, count, socket.ForwardAdjust, socket.RegularOnly)
					if err != nil || len(bars) == 0 {
						t.Fatalf("%s period %d: %d bars, %v", q.Symbol, p, len(bars), err)
					}
					for _, b := range bars {
						if !e.IsTradingDay(b.Time) {
							t.Errorf("%s period %d: a bar on %s, a closed day", q.Symbol, p, b.Time.In(e.Loc).Format("Mon 2006-01-02"))
						}
						if p < socket.Day && e.Midnight(b.Time).Equal(day) && (b.High.GreaterThan(q.High) || b.Low.LessThan(q.Low)) {
							t.Errorf("%s period %d: bar at %s spans %s-%s, the day %s-%s", q.Symbol, p, b.Time, b.Low, b.High, q.Low, q.High)
						}
						for _, x := range []decimal.Decimal{b.Open, b.High, b.Low, b.Close} {
							if !e.OnTick(x) {
								t.Errorf("%s period %d: %s is not on a tick", q.Symbol, p, x)
							}
						}
					}
					last := bars[len(bars)-1]
					if !last.Close.Equal(q.Last) {
						t.Errorf("%s period %d: the last bar closes at %s, the quote at %s", q.Symbol, p, last.Close, q.Last)
					}
					if p == socket.Day && (!last.Open.Equal(q.Open) || !last.High.Equal(q.High) || !last.Low.Equal(q.Low) || last.Volume != q.Volume) {
						t.Errorf("%s: today's daily candle %+v is not the quote %+v", q.Symbol, last, q)
					}
				}
			}
		})
	}
}

func TestTheRegionsMarketStatusFollowsTheSessions(t *testing.T) {
	tests := []struct {
		name   string
		now    time.Time
		market quote.Market
		want   int
	}{
		{"US is closed on a Sunday", time.Date(2026, 12, 6, 21, 34, 0, 0, time.UTC), "US", 204},
		{"HK is closed on a Sunday", time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC), "HK", 108},
		{"US is pre-market at 05:00 New York", time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC), "US", 201},
		{"US trades at 10:47 New York", time.Date(2026, 12, 7, 15, 47, 0, 0, time.UTC), "US", 202},
		{"US is post-market at 17:00 New York", time.Date(2026, 12, 7, 22, 0, 0, 0, time.UTC), "US", 203},
		{"HK trades at 10:15 Hong Kong", time.Date(2026, 12, 8, 2, 15, 0, 0, time.UTC), "HK", 105},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := clients(t, tt.now)
			markets, err := q.MarketStatus(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range markets {
				if m.Market == tt.market {
					if m.TradeStatus != tt.want {
						t.Errorf("%s: status %d, want %d", m.Market, m.TradeStatus, tt.want)
					}
					return
				}
			}
			t.Errorf("no %s in %+v", tt.market, markets)
		})
	}
}

func TestTheRegionsTradingDaysLeaveOutWeekendsAndHolidays(t *testing.T) {
	_, s := clients(t, time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC))
	days, err := s.TradingDays(t.Context(), "HK", time.Date(2026, 12, 19, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days.Full {
		got = append(got, d.Format("01-02"))
	}
	// 19-20 and 26-27 are weekends, 25 Christmas; 24 and 31 are half days.
	want := []string{"12-21", "12-22", "12-23", "12-28", "12-29", "12-30"}
	if len(got) != len(want) || len(days.Half) != 2 {
		t.Fatalf("HK trading days = %v, half %v; want %v and two half days", got, days.Half, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("day %d = %s, want %s", i, got[i], want[i])
		}
	}
}

// The sandbox account's holdings are securities the quote side knows: a
// name in each of LongPort's three languages (so a Chinese UI shows 美团-W,
// not Meituan-W) and a board lot its quantity is a whole number of.
func TestTheSandboxHoldingsHaveNamesAndLotsOnTheQuoteSide(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 47, 31, 0, time.UTC)
	_, s := clients(t, now)
	var symbols []string
	qty := map[string]decimal.Decimal{}
	for _, st := range tradetest.Sandbox(now).Stocks {
		symbols = append(symbols, st.Symbol)
		qty[st.Symbol] = decimal.RequireFromString(st.Quantity)
	}
	infos, err := s.StaticInfo(t.Context(), symbols)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(symbols) {
		t.Fatalf("static info for %d of %d holdings", len(infos), len(symbols))
	}
	for _, in := range infos {
		for _, name := range []string{in.NameEN, in.NameCN, in.NameHK} {
			if name == "" || name == in.Symbol {
				t.Errorf("%s is named %q/%q/%q", in.Symbol, in.NameEN, in.NameCN, in.NameHK)
				break
			}
		}
		if in.LotSize <= 0 || !qty[in.Symbol].Mod(decimal.NewFromInt(int64(in.LotSize))).IsZero() {
			t.Errorf("%s: %v held, in lots of %d", in.Symbol, qty[in.Symbol], in.LotSize)
		}
	}
}
