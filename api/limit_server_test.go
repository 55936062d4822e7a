package api_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
)

// hammer makes calls calls to paths from goroutines goroutines at once,
// through a client of the family's default limits over a jittery
// transport, and returns what the server saw.
func hammer(t *testing.T, family api.Limit, srv *apitest.Arrivals, calls, goroutines int, paths []string) []apitest.Arrival {
	t.Helper()
	c, err := api.New("test", api.Config{
		BaseURL:    srv.URL,
		ClientID:   "client-limits",
		Tokens:     &apitest.Session{},
		HTTPClient: &http.Client{Transport: apitest.Jittery(t, 20*time.Millisecond)},
	}, family)
	if err != nil {
		t.Fatal(err)
	}
	next := make(chan string, calls)
	for i := range calls {
		next <- paths[i%len(paths)]
	}
	close(next)
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for path := range next {
				err := c.Get(t.Context(), path, nil, func(d *json.Decoder) error { var v any; return d.Decode(&v) })
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	got := srv.Arrived()
	if len(got) != calls {
		t.Fatalf("the server saw %d requests, want %d (a 429 retried would add some)", len(got), calls)
	}
	return got
}

func TestTradeCallsArriveAtLeast20msApartUnderConcurrentLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a second or two of real time")
	}
	srv := apitest.NewArrivals(t, func() time.Duration { return rand.N(30 * time.Millisecond) })
	paths := []string{"/v1/asset/account", "/v1/asset/stock", "/v1/asset/fund", "/v1/trade/order/today",
		"/v1/trade/order/history", "/v1/trade/execution/today", "/v1/trade/execution/history", "/v1/asset/cashflow"}
	got := hammer(t, api.TradeLimit, srv, 40, 8, paths)
	closest := time.Hour
	for i := 1; i < len(got); i++ {
		gap := got[i].At.Sub(got[i-1].At)
		closest = min(closest, gap)
		if gap < 20*time.Millisecond {
			t.Errorf("%s and %s arrived %v apart; LongPort wants 20 ms between trade calls", got[i-1].Path, got[i].Path, gap)
		}
	}
	t.Logf("40 trade calls from 8 goroutines: the closest two arrived %v apart; %v from first to last",
		closest, got[len(got)-1].At.Sub(got[0].At))
}

func TestQuoteCallsArriveAtMost10ASecondAnd5AtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("takes a few seconds of real time")
	}
	// Most answers come at once, so the pace holds calls back; one in
	// four takes over a second, so the cap of 5 in flight does too.
	srv := apitest.NewArrivals(t, func() time.Duration {
		if rand.N(4) == 0 {
			return time.Second + rand.N(500*time.Millisecond)
		}
		return rand.N(20 * time.Millisecond)
	})
	got := hammer(t, api.QuoteLimit, srv, 40, 8, []string{"/v1/quote/get_security_list", "/v1/watchlist/groups"})
	most := 0
	for i := range got {
		n := 0
		for j := i; j < len(got) && got[j].At.Sub(got[i].At) < time.Second; j++ {
			n++
		}
		if n > 10 {
			t.Errorf("%d quote calls arrived in the second from %s", n, fmt.Sprint(got[i].At.Format("15:04:05.000")))
		}
		most = max(most, n)
	}
	if m := srv.MaxInFlight(); m > 5 {
		t.Errorf("the server answered %d quote calls at once; LongPort allows 5", m)
	}
	t.Logf("40 quote calls from 8 goroutines: at most %d in any second, at most %d at once", most, srv.MaxInFlight())
}
