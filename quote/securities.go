package quote

import (
	"context"
	"encoding/json"
	"net/url"
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
// (GET /v1/quote/get_security_list).
func (c *Client) GetSecurityList(ctx context.Context, market Market, category Category) ([]Security, error) {
	q := url.Values{"market": {string(market)}, "category": {string(category)}}
	var rows []Security
	err := c.get(ctx, "/v1/quote/get_security_list", q, func(dec *json.Decoder) (err error) {
		rows, err = decodeSecurityList(dec)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// decodeSecurityList decodes the data {"list": [...]} row by row into one
// slice. An empty or missing list is an empty result, not an error.
func decodeSecurityList(dec *json.Decoder) ([]Security, error) {
	rows := []Security{}
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if key != "list" {
			if err := skipValue(dec); err != nil {
				return nil, err
			}
			continue
		}
		if err := expectDelim(dec, '['); err == errDataNull {
			continue // "list": null
		} else if err != nil {
			return nil, err
		}
		for dec.More() {
			rows = append(rows, Security{})
			if err := dec.Decode(&rows[len(rows)-1]); err != nil {
				return nil, err
			}
		}
		if err := expectDelim(dec, ']'); err != nil {
			return nil, err
		}
	}
	return rows, expectDelim(dec, '}')
}
