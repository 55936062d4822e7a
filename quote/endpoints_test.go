package quote_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/portview/portview/api"
	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/quote"
)

func call(fn func(ctx context.Context, c *quote.Client) error) func(context.Context, api.Config) error {
	return func(ctx context.Context, cfg api.Config) error {
		c, err := quote.New(cfg)
		if err != nil {
			return err
		}
		return fn(ctx, c)
	}
}

func TestEveryEndpointInheritsTheFailures(t *testing.T) {
	for _, e := range []apitest.Endpoint{
		{Path: "/v1/quote/get_security_list", Scope: "4", Call: call(func(ctx context.Context, c *quote.Client) error {
			_, err := c.GetSecurityList(ctx, quote.MarketUS, quote.CategoryOvernight)
			return err
		})},
		{Path: "/v1/watchlist/groups", Scope: "4", Call: call(func(ctx context.Context, c *quote.Client) error {
			_, err := c.Watchlist(ctx)
			return err
		})},
		{Path: "/v1/quote/market-status", Call: call(func(ctx context.Context, c *quote.Client) error {
			_, err := c.MarketStatus(ctx)
			return err
		})},
	} {
		t.Run(e.Path, func(t *testing.T) { apitest.TestFailures(t, e) })
	}
}

func TestTheDigestsSamplesDecode(t *testing.T) {
	f := apitest.NewFixture(t, apitest.ViewerScopes)
	answer := func(path, file string) *quote.Client {
		data, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		f.Region.API.FailPathRaw(path, 1, 200, `{"code":0,"message":"success","data":`+string(data)+`}`)
		c, err := quote.New(f.Config)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("watchlist groups: an empty watched price is no value, pinned read", func(t *testing.T) {
		groups, err := answer("/v1/watchlist/groups", "watchlist_groups.json").Watchlist(t.Context())
		if err != nil || len(groups) != 1 || len(groups[0].Securities) != 2 {
			t.Fatalf("groups = %+v, err %v", groups, err)
		}
		g := groups[0]
		nvda, baba := g.Securities[0], g.Securities[1]
		if g.ID != "10482" || nvda.WatchedPrice.String() != "118.40" || !nvda.WatchedAt.Time.Equal(time.Unix(1718006400, 0)) || nvda.IsPinned {
			t.Errorf("first = %+v", nvda)
		}
		if baba.WatchedPrice.Valid || !baba.IsPinned || baba.Market != "HK" {
			t.Errorf("second = %+v", baba)
		}
	})
	t.Run("market status: integer phases, string times", func(t *testing.T) {
		markets, err := answer("/v1/quote/market-status", "market_status.json").MarketStatus(t.Context())
		if err != nil || len(markets) != 2 {
			t.Fatalf("markets = %+v, err %v", markets, err)
		}
		if m := markets[0]; m.Market != "US" || m.TradeStatus != 202 || !m.Timestamp.Valid {
			t.Errorf("US = %+v", m)
		}
	})
	t.Run("the sandbox's watchlist has two groups", func(t *testing.T) {
		c, _ := quote.New(f.Config)
		groups, err := c.Watchlist(t.Context())
		if err != nil || len(groups) != 2 {
			t.Fatalf("%d groups, err %v", len(groups), err)
		}
	})
}
