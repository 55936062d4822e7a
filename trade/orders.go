package trade

import (
	"context"
	"net/url"

	"github.com/portview/portview/api"
)

// OrderStatus is an order's state, such as FilledStatus; values not among
// the constants pass through.
type OrderStatus string

// The order states a viewer tells apart; the API has more (longport-api.md §2.7).
const (
	StatusNew           OrderStatus = "NewStatus"
	StatusPartialFilled OrderStatus = "PartialFilledStatus"
	StatusFilled        OrderStatus = "FilledStatus"
	StatusRejected      OrderStatus = "RejectedStatus"
	StatusCanceled      OrderStatus = "CanceledStatus"
	StatusExpired       OrderStatus = "ExpiredStatus"
	StatusWaitToCancel  OrderStatus = "WaitToCancel"
	StatusNotReported   OrderStatus = "NotReported"
)

// Order is an order as today's orders, history orders and order detail
// send it.
type Order struct {
	OrderID          api.ID      `json:"order_id"`
	Status           OrderStatus `json:"status"`
	StockName        string      `json:"stock_name"`
	Symbol           string      `json:"symbol"`
	Currency         string      `json:"currency"`
	Side             Side        `json:"side"`
	OrderType        string      `json:"order_type"` // LO, ELO, MO, AO, ALO, ODD, LIT, MIT, TSLPAMT, ...
	Quantity         api.Decimal `json:"quantity"`
	ExecutedQuantity api.Decimal `json:"executed_quantity"`
	Price            api.Decimal `json:"price"`          // "" for market or untriggered orders
	ExecutedPrice    api.Decimal `json:"executed_price"` // average fill; "0" when nothing filled
	LastDone         api.Decimal `json:"last_done"`
	TriggerPrice     api.Decimal `json:"trigger_price"`
	SubmittedAt      api.Time    `json:"submitted_at"`
	UpdatedAt        api.Time    `json:"updated_at"`
	TriggerAt        api.Time    `json:"trigger_at"`
	Msg              string      `json:"msg"` // the rejection text
	Remark           string      `json:"remark"`
	Tag              string      `json:"tag"`           // Normal, Gtc (docs: GTC), Grey
	TimeInForce      string      `json:"time_in_force"` // Day, GTC, GTD
	ExpireDate       string      `json:"expire_date"`   // YYYY-MM-DD or ""
	OutsideRTH       string      `json:"outside_rth"`
	TriggerStatus    string      `json:"trigger_status"`
}

// OrderFilter selects orders; empty fields select all.
type OrderFilter struct {
	Symbol   string
	Side     Side
	Market   Market
	Statuses []OrderStatus // sent as repeated status keys
}

func (f OrderFilter) query() url.Values {
	q := query("symbol", f.Symbol, "side", string(f.Side), "market", string(f.Market))
	for _, s := range f.Statuses {
		q.Add("status", string(s))
	}
	return q
}

// TodayOrders returns today's orders (GET /v1/trade/order/today, scope 10).
func (c *Client) TodayOrders(ctx context.Context, f OrderFilter) ([]Order, error) {
	data, err := api.GetData[struct {
		Orders []Order `json:"orders"`
	}](ctx, c.api, "/v1/trade/order/today", f.query())
	if err != nil {
		return nil, err
	}
	return nonNil(data.Orders), nil
}

// OrderDetail is an order with its fees and its history of states.
type OrderDetail struct {
	Order
	FreeStatus               string         `json:"free_status"`
	FreeAmount               api.Decimal    `json:"free_amount"`
	FreeCurrency             string         `json:"free_currency"`
	DeductionsStatus         string         `json:"deductions_status"`
	DeductionsAmount         api.Decimal    `json:"deductions_amount"`
	DeductionsCurrency       string         `json:"deductions_currency"`
	PlatformDeductedStatus   string         `json:"platform_deducted_status"`
	PlatformDeductedAmount   api.Decimal    `json:"platform_deducted_amount"`
	PlatformDeductedCurrency string         `json:"platform_deducted_currency"`
	History                  []OrderHistory `json:"history"`
	ChargeDetail             *ChargeDetail  `json:"charge_detail"` // nil when absent
}

// OrderHistory is one state an order went through.
type OrderHistory struct {
	Price    api.Decimal `json:"price"`
	Quantity api.Decimal `json:"quantity"`
	Status   OrderStatus `json:"status"`
	Msg      string      `json:"msg"`
	Time     api.Time    `json:"time"`
}

// ChargeDetail is an order's fees.
type ChargeDetail struct {
	TotalAmount api.Decimal  `json:"total_amount"`
	Currency    string       `json:"currency"`
	Items       []ChargeItem `json:"items"`
}

// ChargeItem is a group of fees: BROKER_FEES or THIRD_FEES.
type ChargeItem struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Fees []Fee  `json:"fees"`
}

// Fee is one fee of an order.
type Fee struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Amount   api.Decimal `json:"amount"`
	Currency string      `json:"currency"`
}

// OrderDetail returns an order with its fees and history
// (GET /v1/trade/order, scope 10).
func (c *Client) OrderDetail(ctx context.Context, orderID api.ID) (OrderDetail, error) {
	d, err := api.GetData[OrderDetail](ctx, c.api, "/v1/trade/order", query("order_id", string(orderID)))
	if err != nil {
		return OrderDetail{}, err
	}
	d.History = nonNil(d.History)
	return d, nil
}
