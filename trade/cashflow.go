package trade

import (
	"context"
	"strconv"
	"time"

	"github.com/portview/portview/api"
)

// CashFlow is one movement of cash or securities (GET /v1/asset/cashflow).
type CashFlow struct {
	Name         string       `json:"transaction_flow_name"` // the server's label, in its language
	Direction    Direction    `json:"direction"`
	BusinessType BusinessType `json:"business_type"`
	Balance      api.Decimal  `json:"balance"` // signed amount
	Currency     string       `json:"currency"`
	BusinessTime api.Time     `json:"business_time"`
	Symbol       string       `json:"symbol"` // "" when not tied to a security
	Description  string       `json:"description"`
}

// Direction says whether a cash flow goes out or comes in; other values
// are unknown and pass through.
type Direction int

// The directions.
const (
	Outflow Direction = 1
	Inflow  Direction = 2
)

// BusinessType is a cash flow's kind; other values pass through.
type BusinessType int

// The business types.
const (
	BusinessCash  BusinessType = 1
	BusinessStock BusinessType = 2
	BusinessFund  BusinessType = 3
)

// CashFlowOptions selects cash flows. Start and End are required.
type CashFlowOptions struct {
	Start, End   time.Time
	BusinessType BusinessType // 0: all
	Symbol       string
	Page         int // from 1; 0 means 1
	Size         int // rows a page, 1 to 10,000; 0 means the server's 50
}

// CashFlowPage returns one page of cash flows (scope 6). The reply has no
// has_more: a page shorter than Size is the last.
func (c *Client) CashFlowPage(ctx context.Context, opts CashFlowOptions) ([]CashFlow, error) {
	q := query("start_time", unix(opts.Start), "end_time", unix(opts.End), "symbol", opts.Symbol)
	if opts.BusinessType != 0 {
		q.Set("business_type", strconv.Itoa(int(opts.BusinessType)))
	}
	if opts.Page > 0 {
		q.Set("page", strconv.Itoa(opts.Page))
	}
	if opts.Size > 0 {
		q.Set("size", strconv.Itoa(opts.Size))
	}
	data, err := api.GetData[struct {
		List []CashFlow `json:"list"`
	}](ctx, c.api, "/v1/asset/cashflow", q)
	if err != nil {
		return nil, err
	}
	return nonNil(data.List), nil
}

// cashFlowPageSize is the page size CashFlow asks for: large enough that a
// year of an active account is a page or two.
const cashFlowPageSize = 1000

// CashFlow returns every cash flow of opts' range, page after page until
// one comes back short; opts.Page and opts.Size are ignored.
func (c *Client) CashFlow(ctx context.Context, opts CashFlowOptions) ([]CashFlow, error) {
	opts.Size = cashFlowPageSize
	rows := []CashFlow{}
	for opts.Page = 1; ; opts.Page++ {
		page, err := c.CashFlowPage(ctx, opts)
		if err != nil {
			return nil, err
		}
		rows = append(rows, page...)
		if len(page) < opts.Size {
			return rows, nil
		}
	}
}
