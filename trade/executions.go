package trade

import (
	"context"
	"time"

	"github.com/portview/portview/api"
)

// Execution is one fill of an order.
type Execution struct {
	OrderID     api.ID      `json:"order_id"`
	TradeID     string      `json:"trade_id"`
	Symbol      string      `json:"symbol"`
	TradeDoneAt api.Time    `json:"trade_done_at"`
	Quantity    api.Decimal `json:"quantity"`
	Price       api.Decimal `json:"price"`
	Side        Side        `json:"side"` // a recent field: may be ""
}

// TodayExecutions returns today's fills, of symbol or orderID alone when
// given (GET /v1/trade/execution/today, scope 10).
func (c *Client) TodayExecutions(ctx context.Context, symbol string, orderID api.ID) ([]Execution, error) {
	data, err := api.GetData[struct {
		Trades []Execution `json:"trades"`
	}](ctx, c.api, "/v1/trade/execution/today", query("symbol", symbol, "order_id", string(orderID)))
	if err != nil {
		return nil, err
	}
	return nonNil(data.Trades), nil
}

// HistoryExecutions returns the fills from start to end, of symbol alone
// when given (GET /v1/trade/execution/history, scope 10). At most 1,000
// rows come back; more says there were more, which a narrower range gets.
func (c *Client) HistoryExecutions(ctx context.Context, symbol string, start, end time.Time) (rows []Execution, more bool, err error) {
	data, err := api.GetData[struct {
		Trades  []Execution `json:"trades"`
		HasMore bool        `json:"has_more"`
	}](ctx, c.api, "/v1/trade/execution/history", query("symbol", symbol, "start_at", unix(start), "end_at", unix(end)))
	if err != nil {
		return nil, false, err
	}
	return nonNil(data.Trades), data.HasMore, nil
}
