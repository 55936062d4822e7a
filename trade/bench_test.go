package trade_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"encoding/json"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/trade"
	"github.com/portview/portview/trade/tradetest"
)

// BenchmarkDecode10kHistoryOrders measures a history answer of 10,000
// orders through the client's real path: request, envelope, decoding into
// Order with its Decimal, Time and ID fields. The server is a plain
// handler with the body rendered once, so the figure is the client's.
func BenchmarkDecode10kHistoryOrders(b *testing.B) {
	end := time.Now()
	orders, _ := tradetest.Orders(10_000, end.AddDate(0, 0, -90), end)
	body, err := json.Marshal(map[string]any{"code": 0, "message": "success", "data": map[string]any{"has_more": false, "orders": orders}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c, err := trade.New(api.Config{BaseURL: srv.URL, ClientID: "bench", Tokens: &apitest.Session{}, HTTPClient: &http.Client{Transport: tr},
		Limit: api.Limit{PerSecond: 1e9, Burst: 1e6, PerPath: 1e9, Window: time.Second}})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		got, _, err := c.HistoryOrders(b.Context(), trade.OrderFilter{}, end.AddDate(0, 0, -90), end)
		if err != nil || len(got) != 10_000 {
			b.Fatalf("%d orders, err %v", len(got), err)
		}
	}
}

// BenchmarkAllHistoryOrders10k loads 10,000 orders submitted over 90 days,
// through the trade client at its documented limit (TradeLimit), from a
// server that answers at most 1,000 a window (historyServer): the
// requests, and the time they take, are the window splitter's.
func BenchmarkAllHistoryOrders10k(b *testing.B) {
	end := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(0, 0, -90)
	h := &historyServer{at: submitTimes(10_000, start, end, false)}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for b.Loop() {
		// A client of its own each time: the per-endpoint budget starts full.
		tr := &http.Transport{}
		c, err := trade.New(api.Config{BaseURL: srv.URL, ClientID: "bench", Tokens: &apitest.Session{}, HTTPClient: &http.Client{Transport: tr}})
		if err != nil {
			b.Fatal(err)
		}
		got, err := c.AllHistoryOrders(b.Context(), trade.OrderFilter{}, start, end, nil)
		tr.CloseIdleConnections()
		if err != nil || len(got) != 10_000 {
			b.Fatalf("%d orders, err %v", len(got), err)
		}
	}
	b.ReportMetric(float64(h.Requests())/float64(b.N), "requests/op")
}
