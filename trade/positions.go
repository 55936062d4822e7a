package trade

import (
	"context"
	"net/url"

	"github.com/portview/portview/api"
)

// StockPosition is a holding of a stock in one account channel
// (GET /v1/asset/stock).
type StockPosition struct {
	AccountChannel    string      `json:"-"` // lb, lb_papertrading, ...; from the enclosing list
	Symbol            string      `json:"symbol"`
	SymbolName        string      `json:"symbol_name"`
	Currency          string      `json:"currency"`
	Market            Market      `json:"market"`
	Quantity          api.Decimal `json:"quantity"`
	AvailableQuantity api.Decimal `json:"available_quantity"` // can be negative
	CostPrice         api.Decimal `json:"cost_price"`
	InitQuantity      api.Decimal `json:"init_quantity"` // at the start of the day; may be ""
}

// StockPositions returns the stock holdings of every account channel, or
// of symbols alone (scope 6).
func (c *Client) StockPositions(ctx context.Context, symbols ...string) ([]StockPosition, error) {
	return positions(ctx, c, "/v1/asset/stock", symbols, func(p *StockPosition, ch string) { p.AccountChannel = ch })
}

// FundPosition is a holding of a fund (GET /v1/asset/fund).
type FundPosition struct {
	AccountChannel       string      `json:"-"`
	Symbol               string      `json:"symbol"` // an ISIN, such as HK0000584737
	SymbolName           string      `json:"symbol_name"`
	Currency             string      `json:"currency"`
	HoldingUnits         api.Decimal `json:"holding_units"`
	CurrentNetAssetValue api.Decimal `json:"current_net_asset_value"`
	CostNetAssetValue    api.Decimal `json:"cost_net_asset_value"`
	NetAssetValueDay     api.Time    `json:"net_asset_value_day"`
}

// FundPositions returns the fund holdings of every account channel, or of
// symbols alone (scope 6).
func (c *Client) FundPositions(ctx context.Context, symbols ...string) ([]FundPosition, error) {
	return positions(ctx, c, "/v1/asset/fund", symbols, func(p *FundPosition, ch string) { p.AccountChannel = ch })
}

// positions reads {"list": [{"account_channel", "stock_info" or
// "fund_info": [...]}]} into one list, each row marked with its channel.
func positions[T any](ctx context.Context, c *Client, path string, symbols []string, setChannel func(*T, string)) ([]T, error) {
	data, err := api.GetData[struct {
		List []struct {
			AccountChannel string `json:"account_channel"`
			StockInfo      []T    `json:"stock_info"`
			FundInfo       []T    `json:"fund_info"`
		} `json:"list"`
	}](ctx, c.api, path, url.Values{"symbol": symbols})
	if err != nil {
		return nil, err
	}
	rows := []T{}
	for _, ch := range data.List {
		for _, p := range append(ch.StockInfo, ch.FundInfo...) {
			setChannel(&p, ch.AccountChannel)
			rows = append(rows, p)
		}
	}
	return rows, nil
}
