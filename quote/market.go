package quote

import (
	"context"

	"github.com/portview/portview/api"
)

// MarketTime is one market's trading phase (GET /v1/quote/market-status).
type MarketTime struct {
	Market Market `json:"market"`
	// TradeStatus is the phase code: 105 trading, 108 closed, 202 US
	// regular trading, ... (longport-api.md §2.13); unknown codes pass.
	TradeStatus      int      `json:"trade_status"`
	Timestamp        api.Time `json:"timestamp"`
	DelayTradeStatus int      `json:"delay_trade_status"`
	DelayTimestamp   api.Time `json:"delay_timestamp"`
}

// MarketStatus returns the trading phase of every market (scope 0: no
// scope needed).
func (c *Client) MarketStatus(ctx context.Context) ([]MarketTime, error) {
	data, err := api.GetData[struct {
		MarketTime []MarketTime `json:"market_time"`
	}](ctx, c.api, "/v1/quote/market-status", nil)
	if err != nil {
		return nil, err
	}
	return nonNil(data.MarketTime), nil
}
