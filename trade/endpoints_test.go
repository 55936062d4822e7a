package trade_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/trade"
	"github.com/portview/portview/trade/tradetest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// call builds a trade client from cfg and runs fn on it.
func call(fn func(ctx context.Context, c *trade.Client) error) func(context.Context, api.Config) error {
	return func(ctx context.Context, cfg api.Config) error {
		c, err := trade.New(cfg)
		if err != nil {
			return err
		}
		return fn(ctx, c)
	}
}

var yearAgo, now = time.Now().AddDate(-1, 0, 0), time.Now()

// endpoints are every trade endpoint, called as a view would.
var endpoints = []apitest.Endpoint{
	{Path: "/v1/asset/account", Scope: "6", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.AccountBalance(ctx, "")
		return err
	})},
	{Path: "/v1/asset/stock", Scope: "6", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.StockPositions(ctx)
		return err
	})},
	{Path: "/v1/asset/fund", Scope: "6", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.FundPositions(ctx)
		return err
	})},
	{Path: "/v1/asset/cashflow", Scope: "6", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.CashFlowPage(ctx, trade.CashFlowOptions{Start: yearAgo, End: now})
		return err
	})},
	{Path: "/v1/risk/margin-ratio", Scope: "6", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.MarginRatio(ctx, "700.HK")
		return err
	})},
	{Path: "/v1/trade/order/today", Scope: "10", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.TodayOrders(ctx, trade.OrderFilter{})
		return err
	})},
	{Path: "/v1/trade/order/history", Scope: "10", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, _, err := c.HistoryOrders(ctx, trade.OrderFilter{}, now.AddDate(0, 0, -90), now)
		return err
	})},
	{Path: "/v1/trade/order", Scope: "10", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.OrderDetail(ctx, api.ID(strconv.FormatInt(tradetest.FirstOrderID, 10)))
		return err
	})},
	{Path: "/v1/trade/execution/today", Scope: "10", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, err := c.TodayExecutions(ctx, "", "")
		return err
	})},
	{Path: "/v1/trade/execution/history", Scope: "10", Call: call(func(ctx context.Context, c *trade.Client) error {
		_, _, err := c.HistoryExecutions(ctx, "", now.AddDate(0, 0, -90), now)
		return err
	})},
}

func TestEveryEndpointInheritsTheFailures(t *testing.T) {
	for _, e := range endpoints {
		t.Run(e.Path, func(t *testing.T) { apitest.TestFailures(t, e) })
	}
}

// sample answers path with the digest's sample data in testdata/file, once.
func sample(t *testing.T, f *apitest.Fixture, path, file string) *trade.Client {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	// A raw answer of the fake, as the real server would send it.
	f.Region.API.FailPathRaw(path, 1, 200, `{"code":0,"message":"success","data":`+string(data)+`}`)
	c, err := trade.New(f.Config)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
