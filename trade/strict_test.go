package trade_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/portview/portview/api/apitest"
)

func TestTheFakeIsAsStrictAsTheServer(t *testing.T) {
	f := apitest.NewFixture(t, apitest.ViewerScopes)
	tok, _ := f.Session.Token(t.Context())
	start, end := strconv.FormatInt(time.Now().AddDate(0, -1, 0).Unix(), 10), strconv.FormatInt(time.Now().Unix(), 10)
	tests := []struct {
		name     string
		target   string
		wantCode int
	}{
		{"cash flow with start_time and end_time is answered", "/v1/asset/cashflow?start_time=" + start + "&end_time=" + end, 0},
		{"cash flow with the Go SDK's start_at and end_at is refused", "/v1/asset/cashflow?start_at=" + start + "&end_at=" + end, 310011},
		{"cash flow without its required range is refused", "/v1/asset/cashflow", 310011},
		{"a time that is not unix seconds is refused", "/v1/asset/cashflow?start_time=2024-06-01&end_time=" + end, 310011},
		{"statuses as repeated keys are answered", "/v1/trade/order/today?status=FilledStatus&status=NewStatus", 0},
		{"statuses joined by a comma are refused", "/v1/trade/order/today?status=FilledStatus,NewStatus", 310010},
		{"a side in the wrong case is refused", "/v1/trade/order/today?side=buy", 310010},
		{"a key given twice that is not an array is refused", "/v1/trade/order/today?side=Buy&side=Sell", 310011},
		{"a misspelled key is refused", "/v1/trade/order/history?start_time=" + start, 310011},
		{"order detail without order_id is refused", "/v1/trade/order", 310011},
		{"today's orders accept page and size and ignore them", "/v1/trade/order/today?page=1&size=10", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, f.Region.URL+tt.target, nil)
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			resp, err := f.Config.HTTPClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var env struct {
				Code int              `json:"code"`
				Data *json.RawMessage `json:"data"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
				t.Fatal(err)
			}
			if env.Code != tt.wantCode {
				t.Errorf("code %d (HTTP %d), want %d", env.Code, resp.StatusCode, tt.wantCode)
			}
			if (env.Data != nil && string(*env.Data) != "null") != (tt.wantCode == 0) {
				t.Errorf("data = %v: a success must carry data, an error null", env.Data)
			}
		})
	}
}
