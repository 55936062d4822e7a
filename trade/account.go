package trade

import (
	"context"

	"github.com/portview/portview/api"
)

// AccountBalance is the account seen in one currency (GET /v1/asset/account).
type AccountBalance struct {
	Currency               string      `json:"currency"`
	TotalCash              api.Decimal `json:"total_cash"`
	NetAssets              api.Decimal `json:"net_assets"`
	BuyPower               api.Decimal `json:"buy_power"`
	MaxFinanceAmount       api.Decimal `json:"max_finance_amount"`
	RemainingFinanceAmount api.Decimal `json:"remaining_finance_amount"`
	// RiskLevel is "0" safe, "1" medium risk, "2" early warning, "3"
	// danger; "" reads as safe. It arrives as a JSON string.
	RiskLevel             string                 `json:"risk_level"`
	MarginCall            api.Decimal            `json:"margin_call"`
	InitMargin            api.Decimal            `json:"init_margin"`
	MaintenanceMargin     api.Decimal            `json:"maintenance_margin"`
	CashInfos             []CashInfo             `json:"cash_infos"`
	FrozenTransactionFees []FrozenTransactionFee `json:"frozen_transaction_fees"`
}

// CashInfo is the cash in one currency.
type CashInfo struct {
	Currency      string      `json:"currency"`
	WithdrawCash  api.Decimal `json:"withdraw_cash"`
	AvailableCash api.Decimal `json:"available_cash"`
	FrozenCash    api.Decimal `json:"frozen_cash"`
	SettlingCash  api.Decimal `json:"settling_cash"` // may be negative
}

// FrozenTransactionFee is a fee held back for orders not yet settled.
type FrozenTransactionFee struct {
	Currency string      `json:"currency"`
	Fee      api.Decimal `json:"frozen_transaction_fee"`
}

// AccountBalance returns the account in each currency view, or in currency
// alone ("HKD", "USD", "CNH") when it is not "" (scope 6).
func (c *Client) AccountBalance(ctx context.Context, currency string) ([]AccountBalance, error) {
	data, err := api.GetData[struct {
		List []AccountBalance `json:"list"`
	}](ctx, c.api, "/v1/asset/account", query("currency", currency))
	if err != nil {
		return nil, err
	}
	return nonNil(data.List), nil
}

// MarginRatio is the margin factors of a security (GET /v1/risk/margin-ratio).
type MarginRatio struct {
	Initial     api.Decimal `json:"im_factor"`
	Maintenance api.Decimal `json:"mm_factor"`
	Forced      api.Decimal `json:"fm_factor"` // forced liquidation
}

// MarginRatio returns the margin factors of symbol, such as "700.HK" (scope 6).
func (c *Client) MarginRatio(ctx context.Context, symbol string) (MarginRatio, error) {
	return api.GetData[MarginRatio](ctx, c.api, "/v1/risk/margin-ratio", query("symbol", symbol))
}
