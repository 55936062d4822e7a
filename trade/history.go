package trade

import (
	"context"
	"fmt"
	"time"

	"github.com/portview/portview/api"
)

// HistoryOrders returns the orders submitted from start to end, both
// included, before today (GET /v1/trade/order/history, scope 10). At most
// 1,000 come back, in no order; more says the window held more. There is
// no cursor: AllHistoryOrders narrows the window until it is complete.
func (c *Client) HistoryOrders(ctx context.Context, f OrderFilter, start, end time.Time) (rows []Order, more bool, err error) {
	q := f.query()
	q.Set("start_at", unix(start))
	q.Set("end_at", unix(end))
	data, err := api.GetData[struct {
		Orders  []Order `json:"orders"`
		HasMore bool    `json:"has_more"`
	}](ctx, c.api, "/v1/trade/order/history", q)
	if err != nil {
		return nil, false, err
	}
	return nonNil(data.Orders), data.HasMore, nil
}

// AllHistoryOrders returns every order from start to end, asking window by
// window and halving a window that comes back with more, until each is
// complete; progress, when not nil, hears after every answer.
func (c *Client) AllHistoryOrders(ctx context.Context, f OrderFilter, start, end time.Time, progress func(Progress)) ([]Order, error) {
	fetch := func(ctx context.Context, s, e time.Time) ([]Order, bool, error) { return c.HistoryOrders(ctx, f, s, e) }
	return splitRange(ctx, start, end, fetch, func(o Order) string { return string(o.OrderID) }, progress)
}

// AllHistoryExecutions is AllHistoryOrders for fills.
func (c *Client) AllHistoryExecutions(ctx context.Context, symbol string, start, end time.Time, progress func(Progress)) ([]Execution, error) {
	fetch := func(ctx context.Context, s, e time.Time) ([]Execution, bool, error) {
		return c.HistoryExecutions(ctx, symbol, s, e)
	}
	return splitRange(ctx, start, end, fetch, func(x Execution) string { return x.TradeID }, progress)
}

// Progress is how far a windowed history load has come.
type Progress struct {
	Start, End time.Time // the window just answered
	Split      bool      // it held more and was halved, its rows kept
	Done       int       // windows answered complete
	Pending    int       // windows still to ask
	Rows       int       // distinct rows so far
}

// ErrWindowTooFull reports a one-second window that still holds more rows
// than one answer carries: it cannot be narrowed any further.
var ErrWindowTooFull = fmt.Errorf("trade: more than one answer's rows within one second")

// splitRange loads [start, end] window by window, oldest first. A window
// whose answer has more is split at its middle second into [s, mid] and
// [mid+1s, e]: the windows never overlap, so no window is asked twice, and
// rows are still de-duplicated by key because the server's bounds are not
// documented as inclusive.
func splitRange[T any](ctx context.Context, start, end time.Time, fetch func(ctx context.Context, s, e time.Time) ([]T, bool, error), key func(T) string, progress func(Progress)) ([]T, error) {
	type window struct{ s, e time.Time }
	start, end = start.Truncate(time.Second), end.Truncate(time.Second)
	if end.Before(start) {
		return nil, fmt.Errorf("trade: the range ends (%s) before it starts (%s)", end.Format(time.DateTime), start.Format(time.DateTime))
	}
	stack := []window{{start, end}} // the last is asked next
	seen := map[string]bool{}
	rows := []T{}
	done := 0
	for len(stack) > 0 {
		w := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		page, more, err := fetch(ctx, w.s, w.e)
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			if k := key(r); !seen[k] {
				seen[k] = true
				rows = append(rows, r)
			}
		}
		split := more
		if more {
			if !w.e.After(w.s) {
				return nil, fmt.Errorf("%w: %s", ErrWindowTooFull, w.s.Format(time.DateTime))
			}
			mid := w.s.Add(w.e.Sub(w.s) / 2).Truncate(time.Second)
			stack = append(stack, window{mid.Add(time.Second), w.e}, window{w.s, mid})
		} else {
			done++
		}
		if progress != nil {
			progress(Progress{Start: w.s, End: w.e, Split: split, Done: done, Pending: len(stack), Rows: len(rows)})
		}
	}
	return rows, nil
}
