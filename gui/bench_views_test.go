package gui

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/regiontest"
	"github.com/portview/portview/trade"
	"github.com/portview/portview/trade/tradetest"
)

// staticTokens hands out one access token, for clients that a benchmark
// drives without a session.
type staticTokens string

func (s staticTokens) Token(context.Context) (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: string(s), TokenType: "Bearer"}, nil
}
func (staticTokens) Invalidate(string) {}

// historyOrders10k loads 10,000 history orders over 90 days from the fake
// through the real trade client, window splitting included.
func historyOrders10k(b *testing.B) ([]trade.Order, time.Duration) {
	now := time.Now()
	acct := tradetest.Sandbox(now)
	acct.Orders, acct.Executions = tradetest.Orders(10_000, now.AddDate(0, 0, -90), acct.Today.Add(-time.Second))
	r, err := regiontest.Start(regiontest.Options{Account: acct})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(r.Close)
	id, _ := r.Auth.RegisterClient([]string{"http://127.0.0.1:1/callback"}, false)
	access, _ := r.Auth.IssueTokens(id, "4 6 10")
	c, err := trade.New(trade.Config{BaseURL: r.URL, ClientID: id, Tokens: staticTokens(access)})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	rows, err := c.AllHistoryOrders(context.Background(), trade.OrderFilter{}, now.AddDate(0, 0, -90), now, nil)
	if err != nil {
		b.Fatal(err)
	}
	return rows, time.Since(start)
}

// orderKeystrokes is a user typing into the orders' filter.
var orderKeystrokes = []string{"n", "nv", "nvd", "nvda", "", "7", "70", "700", "700.", "700.hk", "", "f", "fi", "fil", "fill", "filled", "", "腾", "腾讯", ""}

// BenchmarkHistoryOrders10k loads 10,000 history orders from the fake as
// the orders view does (requests, decoding, window splitting), prepares
// them for the table, and filters them a keystroke at a time; it reports
// each part, the filter as its 95th percentile.
func BenchmarkHistoryOrders10k(b *testing.B) {
	rows, fetch := historyOrders10k(b)
	if len(rows) != 10_000 {
		b.Fatalf("%d orders, want 10,000", len(rows))
	}
	cols := orderColumns()
	start := time.Now()
	d := table.NewData(cols, rows, table.Sort{Col: -1}, "", "en")
	prepare := time.Since(start)
	var times []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		d.SetFilter(orderKeystrokes[i%len(orderKeystrokes)])
		times = append(times, time.Since(t))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(fetch.Microseconds())/1000, "fetch-ms")
	b.ReportMetric(float64(prepare.Microseconds())/1000, "prepare-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "filter-p95-ms")
}

// requestLog records when each API request left, by path.
type requestLog struct {
	base http.RoundTripper
	mu   sync.Mutex
	at   map[string][]time.Time
}

func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.at[r.URL.Path] = append(l.at[r.URL.Path], time.Now())
	l.mu.Unlock()
	return l.base.RoundTrip(r)
}

// TestEveryViewsFirstDataFromAStoredSession starts the app on a stored
// session and shows every view in turn, as a user clicking through the
// tabs would: it reports how long until each view had its data, and fails
// if any request went twice or trade requests came closer than the trade
// API allows.
func TestEveryViewsFirstDataFromAStoredSession(t *testing.T) {
	lr := newCustomRegion(t, 300)
	store, prefs := oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	prefs.SetString(prefLastView, "watchlist")
	b := &browser{answer: "allow", errs: make(chan error, 8)}
	ui, q := startUI(t, lr.URL, store, prefs, b)
	waitUI(t, q, "the first sign-in", func() bool { return ui.session != nil && ui.currentView().loaded() && !viewBusy(ui.currentView()) })
	ui.Close()
	q.run()

	log := &requestLog{base: offline{http.DefaultTransport}, at: map[string][]time.Time{}}
	q = newUIQueue()
	start := time.Now()
	ui = New(Config{App: ui.app, Store: store, Prefs: prefs, HTTPClient: &http.Client{Transport: log}, OpenBrowser: b.Open, do: q.do, Logger: ui.log})
	t.Cleanup(func() { ui.Close(); q.run(); ui.loads.Wait() })
	ui.Start()
	var firsts []string
	for _, v := range ui.views {
		ui.tabs.Select(v.tabItem())
		waitUI(t, q, "the "+v.key()+" view", func() bool { return v.loaded() && !viewBusy(v) })
		firsts = append(firsts, v.key()+" "+time.Since(start).Round(time.Millisecond).String())
	}
	total := time.Since(start)
	log.mu.Lock()
	defer log.mu.Unlock()
	n := 0
	var trades []time.Time
	for path, at := range log.at {
		n += len(at)
		if len(at) > 1 && path != "/v1/trade/order/history" && path != "/v1/trade/execution/history" && path != "/v1/asset/cashflow" {
			t.Errorf("%s was asked %d times", path, len(at))
		}
		if len(path) > 7 && (path[:7] == "/v1/tra" || path[:7] == "/v1/ass") {
			trades = append(trades, at...)
		}
	}
	slices.SortFunc(trades, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(trades); i++ {
		// Seen at the transport, a few milliseconds after the limiter let
		// each go: scheduling moves them; a burst would be ~0 ms apart.
		if d := trades[i].Sub(trades[i-1]); d < 12*time.Millisecond {
			t.Errorf("two trade requests %v apart; the trade API wants 20 ms", d)
		}
	}
	t.Logf("every view's first data after %v, %d requests: %v", total.Round(time.Millisecond), n, firsts)
}
