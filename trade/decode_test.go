package trade_test

import (
	"testing"
	"time"

	"github.com/portview/portview/api/apitest"
	"github.com/portview/portview/trade"
)

func TestTheDigestsSamplesDecode(t *testing.T) {
	f := apitest.NewFixture(t, apitest.ViewerScopes)
	ctx := t.Context()
	at := func(secs int64) time.Time { return time.Unix(secs, 0).UTC() }

	t.Run("account balance: amounts exact, risk level a string, cash by currency", func(t *testing.T) {
		got, err := sample(t, f, "/v1/asset/account", "account.json").AccountBalance(ctx, "")
		if err != nil || len(got) != 1 {
			t.Fatalf("%d balances, err %v", len(got), err)
		}
		b := got[0]
		if b.Currency != "USD" || b.NetAssets.String() != "61420.05" || !b.TotalCash.Valid || b.RiskLevel != "0" {
			t.Errorf("balance = %+v", b)
		}
		if len(b.CashInfos) != 1 || b.CashInfos[0].SettlingCash.Value.String() != "-221.77" {
			t.Errorf("cash infos = %+v, want settling cash -221.77", b.CashInfos)
		}
		if b.FrozenTransactionFees == nil {
			t.Error("frozen transaction fees are nil, want the empty list sent")
		}
	})
	t.Run("stock positions: each row marked with its account channel", func(t *testing.T) {
		got, err := sample(t, f, "/v1/asset/stock", "stock.json").StockPositions(ctx)
		if err != nil || len(got) != 1 {
			t.Fatalf("%d positions, err %v", len(got), err)
		}
		p := got[0]
		if p.AccountChannel != "lb" || p.Symbol != "MSFT.US" || p.CostPrice.String() != "402.115" || p.Quantity.Value.IntPart() != 15 {
			t.Errorf("position = %+v", p)
		}
	})
	t.Run("fund positions: net asset value day is a time", func(t *testing.T) {
		got, err := sample(t, f, "/v1/asset/fund", "fund.json").FundPositions(ctx)
		if err != nil || len(got) != 1 {
			t.Fatalf("%d funds, err %v", len(got), err)
		}
		if p := got[0]; p.Symbol != "HK0000584737" || !p.NetAssetValueDay.Time.Equal(at(1719187200)) || p.CurrentNetAssetValue.String() != "10.4821" {
			t.Errorf("fund = %+v", p)
		}
	})
	t.Run("cash flow: direction and business type are integers, symbol may be empty", func(t *testing.T) {
		got, err := sample(t, f, "/v1/asset/cashflow", "cashflow.json").CashFlowPage(ctx, trade.CashFlowOptions{Start: yearAgo, End: now})
		if err != nil || len(got) != 2 {
			t.Fatalf("%d flows, err %v", len(got), err)
		}
		if c := got[0]; c.Direction != trade.Inflow || c.BusinessType != trade.BusinessCash || c.Symbol != "KO.US" || c.Balance.String() != "12.60" {
			t.Errorf("first flow = %+v", c)
		}
		if c := got[1]; c.Symbol != "" || c.Currency != "HKD" || !c.BusinessTime.Time.Equal(at(1717574400)) {
			t.Errorf("second flow = %+v", c)
		}
	})
	t.Run("margin ratio: three factors", func(t *testing.T) {
		got, err := sample(t, f, "/v1/risk/margin-ratio", "margin_ratio.json").MarginRatio(ctx, "700.HK")
		if err != nil || got.Initial.String() != "0.25" || got.Maintenance.String() != "0.20" || got.Forced.String() != "0.15" {
			t.Errorf("margin ratio = %+v, err %v", got, err)
		}
	})
	t.Run("today's orders: empty prices are no value, trigger_at 0 is no time", func(t *testing.T) {
		got, err := sample(t, f, "/v1/trade/order/today", "order_today.json").TodayOrders(ctx, trade.OrderFilter{})
		if err != nil || len(got) != 1 {
			t.Fatalf("%d orders, err %v", len(got), err)
		}
		o := got[0]
		if o.OrderID != "1093021554481012736" || o.Status != trade.StatusPartialFilled || o.Price.String() != "372.400" ||
			o.TriggerPrice.Valid || o.TriggerAt.Valid || !o.SubmittedAt.Time.Equal(at(1718330455)) {
			t.Errorf("order = %+v", o)
		}
	})
	t.Run("history orders: executed price 0 is a valid zero, has_more read", func(t *testing.T) {
		got, more, err := sample(t, f, "/v1/trade/order/history", "order_history.json").HistoryOrders(ctx, trade.OrderFilter{}, now.AddDate(0, 0, -90), now)
		if err != nil || len(got) != 1 || more {
			t.Fatalf("%d orders, more %v, err %v", len(got), more, err)
		}
		if o := got[0]; !o.ExecutedPrice.IsZero() || o.LastDone.Valid || o.ExpireDate != "2024-06-28" || o.Status != trade.StatusCanceled {
			t.Errorf("order = %+v", o)
		}
	})
	t.Run("order detail: history and fees", func(t *testing.T) {
		d, err := sample(t, f, "/v1/trade/order", "order_detail.json").OrderDetail(ctx, "1093021554481012736")
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != trade.StatusFilled || len(d.History) != 2 || d.History[1].Status != trade.StatusPartialFilled || d.FreeAmount.Valid {
			t.Errorf("detail = %+v", d)
		}
		if d.ChargeDetail == nil || d.ChargeDetail.TotalAmount.String() != "152.31" || len(d.ChargeDetail.Items) != 2 ||
			d.ChargeDetail.Items[1].Fees[0].Amount.String() != "112.00" {
			t.Errorf("charges = %+v", d.ChargeDetail)
		}
	})
	t.Run("order detail without charge_detail: no fees, no error", func(t *testing.T) {
		// LongPort always sends it; an answer without it is still read.
		d, err := sample(t, f, "/v1/trade/order", "order_detail_no_charges.json").OrderDetail(ctx, "1093021554481012736")
		if err != nil || d.ChargeDetail != nil || d.Status != trade.StatusFilled {
			t.Errorf("detail = %+v, %v; want it read, with no charges", d, err)
		}
	})
	t.Run("history executions: trade id and side", func(t *testing.T) {
		got, more, err := sample(t, f, "/v1/trade/execution/history", "execution_history.json").HistoryExecutions(ctx, "", now.AddDate(0, 0, -90), now)
		if err != nil || len(got) != 1 || more {
			t.Fatalf("%d fills, more %v, err %v", len(got), more, err)
		}
		if x := got[0]; x.TradeID != "1093021554481012736-1718330502118" || x.Side != trade.Buy || x.Price.String() != "372.400" {
			t.Errorf("fill = %+v", x)
		}
	})
}
