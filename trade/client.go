// Package trade is LongPort's Trade API family, read-only: account
// balances, positions, cash flow, orders and executions. Portview never
// trades, so nothing here sends an order. Each API area is one file; the
// HTTP machinery (headers, limits, envelope, errors, retries) is package
// api, which the quote package shares.
package trade

import (
	"net/url"
	"strconv"
	"time"

	"github.com/portview/portview/api"
)

// Config configures a Client; see api.Config. Its Limit fields left zero
// take the trade API's documented limit, api.TradeLimit.
type Config = api.Config

// Client calls the Trade API. It is safe for concurrent use; all calls
// share the trade limit: 30 calls per 30 s to each endpoint, at least 20 ms
// apart.
type Client struct {
	api *api.Client
}

// New returns a Client for cfg after checking it and filling in defaults.
func New(cfg Config) (*Client, error) {
	c, err := api.New("trade", cfg, api.TradeLimit)
	if err != nil {
		return nil, err
	}
	return &Client{api: c}, nil
}

// Market is a market code: US, HK, CN, SG, or a new one.
type Market string

// Side is an order's side.
type Side string

// The sides.
const (
	Buy  Side = "Buy"
	Sell Side = "Sell"
)

// query builds a query from key, value pairs, leaving out empty values, as
// the API wants unset options omitted.
func query(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Add(kv[i], kv[i+1])
		}
	}
	return q
}

// unix is t as unix seconds for a query, "" for the zero time.
func unix(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// nonNil returns rows, or an empty slice for a missing or null list: the
// caller gets "no rows", never a nil that reads as "not loaded".
func nonNil[T any](rows []T) []T {
	if rows == nil {
		return []T{}
	}
	return rows
}
