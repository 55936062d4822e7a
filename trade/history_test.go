package trade_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/trade"
	"github.com/portview/portview/trade/tradetest"
)

func TestAllHistoryOrdersSplitsTheRangeUntilEveryWindowIsComplete(t *testing.T) {
	tests := []struct {
		name        string
		orders      int
		wantSplit   bool
		wantWindows int // at least
	}{
		{"a range within one answer is one request", 400, false, 1},
		{"a range over 1,000 orders is split", 2500, true, 3},
		{"a range of 4,800 orders is split further", 4800, true, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := apitest.NewFixture(t, apitest.ViewerScopes)
			end := f.Region.Trade.Account().Today.Add(-time.Second)
			start := end.AddDate(0, 0, -90)
			acct := *f.Region.Trade.Account()
			acct.Orders, acct.Executions = tradetest.Orders(tt.orders, start, end)
			f.Region.Trade.SetAccount(&acct)
			c, err := trade.New(f.Config)
			if err != nil {
				t.Fatal(err)
			}

			var reports []trade.Progress
			got, err := c.AllHistoryOrders(t.Context(), trade.OrderFilter{}, start, end, func(p trade.Progress) { reports = append(reports, p) })
			if err != nil {
				t.Fatal(err)
			}
			ids := map[api.ID]bool{}
			for _, o := range got {
				ids[o.OrderID] = true
			}
			if len(got) != tt.orders || len(ids) != tt.orders {
				t.Errorf("%d orders, %d distinct; want %d", len(got), len(ids), tt.orders)
			}

			asked := map[string]bool{}
			for _, r := range f.Region.API.Requests() {
				key := r.Query.Get("start_at") + "-" + r.Query.Get("end_at")
				if asked[key] {
					t.Errorf("window %s asked twice", key)
				}
				asked[key] = true
			}
			if len(asked) < tt.wantWindows || len(reports) != len(asked) {
				t.Errorf("%d windows asked, %d progress reports; want at least %d, one report each", len(asked), len(reports), tt.wantWindows)
			}
			split := false
			for i, p := range reports {
				split = split || p.Split
				if i > 0 && (p.Rows < reports[i-1].Rows || p.Done < reports[i-1].Done) {
					t.Errorf("report %d went backwards: %+v after %+v", i, p, reports[i-1])
				}
			}
			last := reports[len(reports)-1]
			if split != tt.wantSplit || last.Pending != 0 || last.Rows != tt.orders {
				t.Errorf("split %v, last report %+v; want split %v, nothing pending, %d rows", split, last, tt.wantSplit, tt.orders)
			}
		})
	}
}

func TestAWindowOfOneSecondThatIsStillFullFails(t *testing.T) {
	f := apitest.NewFixture(t, apitest.ViewerScopes)
	at := f.Region.Trade.Account().Today.Add(-time.Hour)
	acct := *f.Region.Trade.Account()
	acct.Orders, _ = tradetest.Orders(1200, at, at) // 1,200 orders in one second
	f.Region.Trade.SetAccount(&acct)
	c, _ := trade.New(f.Config)
	_, err := c.AllHistoryOrders(t.Context(), trade.OrderFilter{}, at.Add(-time.Minute), at.Add(time.Minute), nil)
	if !errors.Is(err, trade.ErrWindowTooFull) {
		t.Errorf("err = %v, want ErrWindowTooFull", err)
	}
}

func TestTheSandboxAccountIsRealistic(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	a := tradetest.Sandbox(now)
	markets := map[string]int{}
	for _, s := range a.Stocks {
		markets[s.Market]++
	}
	currencies := map[string]bool{}
	for _, b := range a.Balances {
		currencies[b.Currency] = true
	}
	statuses := map[string]int{}
	oldest := now
	for _, o := range a.Orders {
		statuses[o.Status]++
		if at := time.Unix(mustInt(t, o.SubmittedAt), 0); at.Before(oldest) {
			oldest = at
		}
	}
	oldestFlow := now
	for _, c := range a.CashFlows {
		if at := time.Unix(mustInt(t, c.BusinessTime), 0); at.Before(oldestFlow) {
			oldestFlow = at
		}
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"stocks in US and HK", markets["US"] > 0 && markets["HK"] > 0},
		{"a fund", len(a.Funds) > 0},
		{"balances in USD and HKD", currencies["USD"] && currencies["HKD"]},
		{"about a hundred orders", len(a.Orders) >= 95 && len(a.Orders) <= 120},
		{"filled, partly filled, cancelled and rejected orders", statuses["FilledStatus"] > 0 && statuses["PartialFilledStatus"] > 0 && statuses["CanceledStatus"] > 0 && statuses["RejectedStatus"] > 0},
		{"orders over three months", now.Sub(oldest) > 80*24*time.Hour && now.Sub(oldest) <= 91*24*time.Hour},
		{"fills for filled orders", len(a.Executions) >= statuses["FilledStatus"]},
		{"a year of cash flow", now.Sub(oldestFlow) > 330*24*time.Hour},
		{"the same clock gives the same account", reflect.DeepEqual(tradetest.Sandbox(now), a)},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("the sandbox has not %s", c.name)
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("%q is not unix seconds", s)
	}
	return n
}
