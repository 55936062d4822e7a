package quote

import (
	"context"

	"github.com/portview/portview/api"
)

// WatchlistGroup is one of the user's watchlist groups.
type WatchlistGroup struct {
	ID         api.ID            `json:"id"`
	Name       string            `json:"name"`
	Securities []WatchedSecurity `json:"securities"` // in the user's order
}

// WatchedSecurity is a security in a watchlist group.
type WatchedSecurity struct {
	Symbol string `json:"symbol"` // such as "700.HK"
	Market Market `json:"market"` // US, HK, CN, SG, Crypto, or a new one
	Name   string `json:"name"`   // in the Accept-Language language
	// WatchedPrice is the price when it was added; often "" (none).
	WatchedPrice api.Decimal `json:"watched_price"`
	WatchedAt    api.Time    `json:"watched_at"`
	IsPinned     bool        `json:"is_pinned"`
}

// Watchlist returns the user's watchlist groups (GET /v1/watchlist/groups,
// scope 4).
func (c *Client) Watchlist(ctx context.Context) ([]WatchlistGroup, error) {
	data, err := api.GetData[struct {
		Groups []WatchlistGroup `json:"groups"`
	}](ctx, c.api, "/v1/watchlist/groups", nil)
	if err != nil {
		return nil, err
	}
	return nonNil(data.Groups), nil
}

// nonNil returns rows, or an empty slice for a missing or null list: the
// caller gets "no rows", never a nil that reads as "not loaded".
func nonNil[T any](rows []T) []T {
	if rows == nil {
		return []T{}
	}
	return rows
}
