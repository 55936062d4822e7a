package trade

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
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
// window and cutting a window that comes back with more into as many as
// its answer says it needs, until each is complete; progress, when not
// nil, hears after every answer.
func (c *Client) AllHistoryOrders(ctx context.Context, f OrderFilter, start, end time.Time, progress func(Progress)) ([]Order, error) {
	fetch := func(ctx context.Context, s, e time.Time) ([]Order, bool, error) { return c.HistoryOrders(ctx, f, s, e) }
	return splitRange(ctx, start, end, fetch, func(o Order) (string, api.Time) { return string(o.OrderID), o.SubmittedAt }, progress)
}

// AllHistoryExecutions is AllHistoryOrders for fills.
func (c *Client) AllHistoryExecutions(ctx context.Context, symbol string, start, end time.Time, progress func(Progress)) ([]Execution, error) {
	fetch := func(ctx context.Context, s, e time.Time) ([]Execution, bool, error) {
		return c.HistoryExecutions(ctx, symbol, s, e)
	}
	return splitRange(ctx, start, end, fetch, func(x Execution) (string, api.Time) { return x.TradeID, x.TradeDoneAt }, progress)
}

// Progress is how far a windowed history load has come.
type Progress struct {
	Start, End time.Time // the window just answered
	Split      bool      // it held more and will be cut, its rows kept
	Done       int       // windows answered complete
	Pending    int       // windows still to ask, as far as can be told
	Rows       int       // distinct rows so far
}

// ErrWindowTooFull reports a one-second window that still holds more rows
// than one answer carries: it cannot be narrowed any further.
var ErrWindowTooFull = fmt.Errorf("trade: more than one answer's rows within one second")

// How a full window is cut. A history answer carries at most maxRows rows
// (longport-api.md 1.6) and says has_more when the window held more; there
// is no cursor, so a full window's rows come in narrower windows.
const (
	maxRows = 1000
	// probeRows is how many rows of a full answer the first narrower
	// window holds while nothing tells yet how many rows each stands for.
	probeRows = 70
	// overflowZ is how many standard deviations of its count a window's
	// estimate keeps below maxRows: one window in twenty overflows.
	overflowZ = 1.65
)

// windowRows is how many rows a window is cut to hold, when each sample
// row stands for perRow rows. A window that holds m sample rows holds
// about perRow·m rows, with a variance of about (perRow-1)·perRow·m: the
// rows not in the sample spread around those that are. The window is cut
// so that its estimate t is overflowZ standard deviations below maxRows:
// t + z·√((perRow-1)·t) = maxRows. With perRow 10 (10,000 rows sampled by
// 1,000) that is 855; with perRow 1 (every row in the sample) all of 1,000.
func windowRows(perRow float64) float64 {
	b := overflowZ * math.Sqrt(max(perRow-1, 0))
	x := (-b + math.Sqrt(b*b+4*maxRows)) / 2
	return x * x
}

// splitRange loads [start, end] window by window, oldest first.
//
// The rows of a full answer are a sample of its window: where their times
// crowd, so do the window's rows. A full window is therefore cut where its
// sample says, each piece holding an equal share of the sample, in as many
// pieces as the window's rows need. How many rows each sample row stands
// for is not in the answer: the first piece is small (probeRows of the
// sample) and its count tells; every piece answered complete tells more,
// and the remaining pieces are re-cut after each. A piece that is full
// after all is cut the same way with its own answer as the sample.
//
// Windows never overlap, so no window is asked twice; rows are still
// de-duplicated by key because the server's bounds are not documented as
// inclusive. A sample that tells nothing (no rows in the window, or all in
// one second at its end) falls back to halving the window.
func splitRange[T any](ctx context.Context, start, end time.Time, fetch func(ctx context.Context, s, e time.Time) ([]T, bool, error), key func(T) (string, api.Time), progress func(Progress)) ([]T, error) {
	start, end = start.Truncate(time.Second), end.Truncate(time.Second)
	if end.Before(start) {
		return nil, fmt.Errorf("trade: the range ends (%s) before it starts (%s)", end.Format(time.DateTime), start.Format(time.DateTime))
	}
	sp := &splitter[T]{ctx: ctx, fetch: fetch, key: key, progress: progress, seen: map[string]bool{}, rows: []T{}}
	page, more, err := sp.ask(start, end, 0)
	if err != nil {
		return nil, err
	}
	if !more {
		return sp.rows, nil
	}
	if err := sp.cut(start, end, page, 0, 0); err != nil {
		return nil, err
	}
	return sp.rows, nil
}

// splitter is the state of one splitRange.
type splitter[T any] struct {
	ctx      context.Context
	fetch    func(ctx context.Context, s, e time.Time) ([]T, bool, error)
	key      func(T) (string, api.Time)
	progress func(Progress)

	seen map[string]bool
	rows []T
	done int
}

// ask fetches [s, e] and keeps its new rows; pending is the windows known
// to come after it, for the progress report.
func (sp *splitter[T]) ask(s, e time.Time, pending int) ([]T, bool, error) {
	page, more, err := sp.fetch(sp.ctx, s, e)
	if err != nil {
		return nil, false, err
	}
	for _, r := range page {
		if k, _ := sp.key(r); !sp.seen[k] {
			sp.seen[k] = true
			sp.rows = append(sp.rows, r)
		}
	}
	if !more {
		sp.done++
	} else if !e.After(s) {
		return nil, false, fmt.Errorf("%w: %s", ErrWindowTooFull, s.Format(time.DateTime))
	}
	if sp.progress != nil {
		sp.progress(Progress{Start: s, End: e, Split: more, Done: sp.done, Pending: pending, Rows: len(sp.rows)})
	}
	return page, more, nil
}

// cut loads the full window [s, e], whose answer was page, in narrower
// windows. perRow is how many rows each row of page stands for, from the
// window around it (0: unknown); outside is the windows pending after this
// one, for the progress report.
func (sp *splitter[T]) cut(s, e time.Time, page []T, perRow float64, outside int) error {
	var sample []time.Time // the rows' times within [s, e], oldest first
	for _, r := range page {
		if _, at := sp.key(r); at.Valid && !at.Time.Before(s) && at.Time.Before(e.Add(time.Second)) {
			sample = append(sample, at.Time.Truncate(time.Second))
		}
	}
	slices.SortFunc(sample, func(a, b time.Time) int { return a.Compare(b) })

	// est is the estimate of rows per sample row: what the windows
	// answered so far held, over their share of the sample, with the
	// estimate from around the window counting as probeRows of them.
	est := estimate{}
	if perRow > 0 {
		est.add(perRow*probeRows, probeRows)
	}
	for cur := s; !cur.After(e); {
		rest := sample[sort.Search(len(sample), func(i int) bool { return !sample[i].Before(cur) }):]
		end, pieces := e, 1
		switch {
		case len(rest) == 0:
		case est.share == 0:
			end, pieces = cutAfter(rest, probeRows, e), 2
		default:
			perRow := est.rows / est.share
			pieces = max(1, int(math.Ceil(perRow*float64(len(rest))/windowRows(perRow))))
			end = cutAfter(rest, (len(rest)+pieces-1)/pieces, e)
		}
		if cur.Equal(s) && !end.Before(e) {
			// The whole window again: it is known to be full. Halve it.
			end, pieces = s.Add(e.Sub(s)/2).Truncate(time.Second), 2
		}
		in := sort.Search(len(rest), func(i int) bool { return rest[i].After(end) })
		page, more, err := sp.ask(cur, end, outside+pieces-1)
		if err != nil {
			return err
		}
		held := len(page)
		if more {
			childPerRow := 0.0
			if est.share > 0 && len(page) > 0 {
				childPerRow = est.rows / est.share * float64(in) / float64(len(page))
			}
			if err := sp.cut(cur, end, page, childPerRow, outside+pieces-1); err != nil {
				return err
			}
			held = sp.within(cur, end)
		}
		if in > 0 {
			est.add(float64(held), float64(in))
		}
		cur = end.Add(time.Second)
	}
	return nil
}

// within counts the rows so far submitted in [s, e].
func (sp *splitter[T]) within(s, e time.Time) int {
	n := 0
	for _, r := range sp.rows {
		if _, at := sp.key(r); at.Valid && !at.Time.Before(s) && at.Time.Before(e.Add(time.Second)) {
			n++
		}
	}
	return n
}

// estimate is how many rows each sample row of a full answer stands for:
// rows held by the windows answered so far over the sample rows in them.
type estimate struct{ rows, share float64 }

// add counts a window that held rows and share sample rows. A window
// whose ratio is off the estimate by more than a factor of 3, which the
// sampling error of a fair sample seldom gives, shows that the sample is
// not fair there (a server that answers the newest rows, say): the
// estimate starts again from that window, so that one odd window does not
// cut the rest into hundreds.
func (e *estimate) add(rows, share float64) {
	if e.share > 0 {
		r, was := rows/share, e.rows/e.share
		if r <= 3*was && r >= was/3 {
			e.rows += rows
			e.share += share
			return
		}
	}
	e.rows, e.share = rows, share
}

// cutAfter returns where a window that starts at the first of rows and
// holds n of them ends: halfway to the next row, or at end when there are
// no more than n.
func cutAfter(rows []time.Time, n int, end time.Time) time.Time {
	if n >= len(rows) {
		return end
	}
	last, next := rows[n-1], rows[n]
	return last.Add(next.Sub(last) / 2).Truncate(time.Second)
}
