package quote

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/portview/portview/api"
)

// Market is a market code of the API. Values other than the constants pass
// through unchanged, since the API grows.
type Market string

// MarketUS is the US market, the documented value for the security list.
const MarketUS Market = "US"

// Category is a security-list category. Values other than the constants
// pass through unchanged.
type Category string

// CategoryOvernight is the overnight-trading category, the documented value.
const CategoryOvernight Category = "Overnight"

// Security is a row of the security list; any of the names may be empty.
type Security struct {
	Symbol string `json:"symbol"`  // such as "TSLA.US"
	NameCN string `json:"name_cn"` // simplified Chinese
	NameHK string `json:"name_hk"` // traditional Chinese
	NameEN string `json:"name_en"` // English
}

// GetSecurityList returns the securities of market in category
// (GET /v1/quote/get_security_list, scope 4). The list is long (about
// 12,000 rows for US Overnight), so it is decoded row by row.
func (c *Client) GetSecurityList(ctx context.Context, market Market, category Category) ([]Security, error) {
	q := url.Values{"market": {string(market)}, "category": {string(category)}}
	var rows []Security
	err := c.api.Get(ctx, "/v1/quote/get_security_list", q, func(dec *json.Decoder) (err error) {
		rows, err = api.DecodeRows[Security](dec, "list")
		return err
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}
