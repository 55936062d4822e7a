// Package quote is LongPort's Quote API family: the security list, the
// watchlist and the market's state. Each API area is one file; the HTTP
// machinery below them (headers, limits, envelope, errors, retries) is
// package api, which the trade package shares.
package quote

import "github.com/portview/portview/api"

// Config configures a Client; see api.Config. Its Limit fields left zero
// take the quote API's documented limit, api.QuoteLimit.
type Config = api.Config

// Limit is a client-side rate limit; see api.Limit.
type Limit = api.Limit

// Client calls the Quote API. It is safe for concurrent use; all calls
// share the quote limit of 10 calls per second and 5 at once.
type Client struct {
	api *api.Client
}

// New returns a Client for cfg after checking it and filling in defaults.
func New(cfg Config) (*Client, error) {
	c, err := api.New("quote", cfg, api.QuoteLimit)
	if err != nil {
		return nil, err
	}
	return &Client{api: c}, nil
}
