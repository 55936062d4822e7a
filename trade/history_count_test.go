package trade_test

import (
	"cmp"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/trade"
)

// historyServer answers GET /v1/trade/order/history as longport-api.md
// 1.6 and 2.9 describe it: the orders submitted in [start_at, end_at], at
// most 1,000 of them, has_more when the window held more, in an order that
// follows no time field. With newest set, the 1,000 are the newest of the
// window (still unsorted): a server whose cut is not a fair sample.
type historyServer struct {
	at     []int64 // each order's submit time, unix seconds; its id is its index
	newest bool

	mu       sync.Mutex
	requests int
}

type wireOrder struct {
	OrderID     string `json:"order_id"`
	SubmittedAt string `json:"submitted_at"`
	Status      string `json:"status"`
	Side        string `json:"side"`
	Symbol      string `json:"symbol"`
}

func (h *historyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.requests++
	h.mu.Unlock()
	start, err1 := strconv.ParseInt(r.URL.Query().Get("start_at"), 10, 64)
	end, err2 := strconv.ParseInt(r.URL.Query().Get("end_at"), 10, 64)
	if r.URL.Path != "/v1/trade/order/history" || err1 != nil || err2 != nil {
		http.Error(w, `{"code":310011,"message":"bad request"}`, http.StatusBadRequest)
		return
	}
	var in []int
	for id, at := range h.at {
		if at >= start && at <= end {
			in = append(in, id)
		}
	}
	if h.newest {
		slices.SortFunc(in, func(a, b int) int { return int(h.at[b] - h.at[a]) })
	}
	more := len(in) > 1000
	in = in[:min(len(in), 1000)]
	// The answer's order follows neither time nor id; without newest, the
	// cut too.
	slices.SortFunc(in, func(a, b int) int { return cmp.Compare(scramble(a), scramble(b)) })
	rows := make([]wireOrder, 0, len(in))
	for _, id := range in {
		rows = append(rows, wireOrder{OrderID: strconv.Itoa(id + 1), SubmittedAt: strconv.FormatInt(h.at[id], 10),
			Status: "FilledStatus", Side: "Buy", Symbol: "700.HK"})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"code": 0, "message": "success",
		"data": map[string]any{"has_more": more, "orders": rows}})
}

func scramble(i int) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(strconv.Itoa(i)))
	return h.Sum32()
}

func (h *historyServer) Requests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.requests
}

// submitTimes are n submit times in [start, end]: spread evenly, or with
// nine in ten in the last three days when bursty.
func submitTimes(n int, start, end time.Time, bursty bool) []int64 {
	rng := rand.New(rand.NewPCG(uint64(n), 18))
	out := make([]int64, n)
	for i := range out {
		from := start
		if bursty && rng.IntN(10) != 0 {
			from = end.AddDate(0, 0, -3)
		}
		out[i] = from.Unix() + rng.Int64N(end.Unix()-from.Unix()+1)
	}
	return out
}

// loadHistory loads every order of h from start to end through the trade
// client and returns how many requests it took.
func loadHistory(t testing.TB, h *historyServer, start, end time.Time, limit api.Limit) int {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := trade.New(api.Config{BaseURL: srv.URL, ClientID: "history", Tokens: &apitest.Session{},
		HTTPClient: &http.Client{Transport: tr}, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.AllHistoryOrders(t.Context(), trade.OrderFilter{}, start, end, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[api.ID]bool{}
	for _, o := range got {
		ids[o.OrderID] = true
	}
	if len(got) != len(h.at) || len(ids) != len(h.at) {
		t.Fatalf("%d orders, %d distinct; want %d", len(got), len(ids), len(h.at))
	}
	return h.Requests()
}

var fastLimit = api.Limit{PerSecond: 1e6, Burst: 1000, Concurrent: 10, PerPath: 1e6, Window: time.Second}

// TestTenThousandOrdersOver90DaysTakeAtMost15Requests is issue 18's target:
// halving windows took 31 requests.
func TestTenThousandOrdersOver90DaysTakeAtMost15Requests(t *testing.T) {
	end := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(0, 0, -90)
	h := &historyServer{at: submitTimes(10_000, start, end, false)}
	n := loadHistory(t, h, start, end, fastLimit)
	if n > 15 {
		t.Errorf("%d requests for 10,000 orders, want at most 15", n)
	}
	t.Logf("10,000 orders over 90 days: %d requests", n)
}

// TestEveryShapeOfHistoryLoadsCompletelyInFewRequests loads histories of
// other sizes and shapes: each comes complete, in no more requests than
// halving windows took (apart from the smallest, which pays for the probe).
func TestEveryShapeOfHistoryLoadsCompletelyInFewRequests(t *testing.T) {
	end := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(0, 0, -90)
	tests := []struct {
		name   string
		orders int
		bursty bool
		newest bool
		most   int // halving took: 3, 15, 67, 39, 31
	}{
		{"1,500 orders spread evenly: one more than halving, the probe", 1500, false, false, 4},
		{"4,800 orders spread evenly", 4800, false, false, 9},
		{"30,000 orders spread evenly", 30_000, false, false, 50},
		{"10,000 orders, nine in ten in the last three days", 10_000, true, false, 16},
		{"10,000 orders from a server that answers the newest, not a fair sample", 10_000, false, true, 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &historyServer{at: submitTimes(tt.orders, start, end, tt.bursty), newest: tt.newest}
			n := loadHistory(t, h, start, end, fastLimit)
			if n > tt.most {
				t.Errorf("%d requests, want at most %d", n, tt.most)
			}
			t.Logf("%d requests", n)
		})
	}
}
