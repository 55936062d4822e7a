package table

import (
	"bytes"
	"slices"
	"strings"

	"golang.org/x/text/collate"
)

// Data is the rows of a table as it shows them: every row, the order the
// user sorted them in and the rows the filter lets through. It knows
// nothing of where the rows came from. Indexes are int32 to keep 100,000
// rows small.
type Data[R any] struct {
	cols  []Column[R]
	rows  []R
	keys  []string // what the filter searches in, per row, lower-cased once
	order []int32  // every row, sorted
	shown []int32  // the rows of order that match query
	sort  Sort
	query string
	lang  string // the UI's language, for collation
}

// NewData prepares rows for a table; it may run off the UI goroutine.
func NewData[R any](cols []Column[R], rows []R, s Sort, query, lang string) *Data[R] {
	d := &Data[R]{cols: cols, rows: rows, sort: s, query: query, lang: lang}
	d.keys = make([]string, len(rows))
	var b strings.Builder
	for i := range rows {
		b.Reset()
		for _, c := range cols {
			if c.Search {
				b.WriteString(c.Text(&rows[i]))
				b.WriteByte(0)
			}
		}
		d.keys[i] = strings.ToLower(b.String())
	}
	d.order = SortOrder(cols, rows, s, lang)
	d.shown = filterRows(d.keys, d.order, query)
	return d
}

// filterRows returns the rows of from whose key contains every word of
// query, ignoring case; the order of from is kept. An empty query keeps all.
func filterRows(keys []string, from []int32, query string) []int32 {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return from
	}
	out := make([]int32, 0, len(from)/8)
next:
	for _, i := range from {
		k := keys[i]
		for _, t := range terms {
			if !strings.Contains(k, t) {
				continue next
			}
		}
		out = append(out, i)
	}
	return out
}

// SortOrder returns the indexes of rows ordered as s says; empty cells go
// last whichever the direction, and equal cells keep the server's order.
func SortOrder[R any](cols []Column[R], rows []R, s Sort, lang string) []int32 {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	if s.Col < 0 || s.Col >= len(cols) {
		return order
	}
	c := cols[s.Col]
	compare := c.Compare
	if compare == nil {
		// A collator is not safe for concurrent use: one per sort. Keys
		// are made once per row, not once per comparison.
		coll := collatorFor(lang)
		var buf collate.Buffer
		keys := make([][]byte, len(rows))
		texts := make([]string, len(rows))
		for i := range rows {
			texts[i] = c.Text(&rows[i])
			keys[i] = slices.Clone(coll.KeyFromString(&buf, texts[i]))
			buf.Reset()
		}
		slices.SortStableFunc(order, func(a, b int32) int {
			if (texts[a] == "") != (texts[b] == "") {
				if texts[a] == "" {
					return 1
				}
				return -1
			}
			r := bytes.Compare(keys[a], keys[b])
			if s.Desc {
				r = -r
			}
			return r
		})
		return order
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		r := compare(&rows[a], &rows[b])
		if s.Desc {
			r = -r
		}
		return r
	})
	return order
}

// Rows are every row, in the order they came.
func (d *Data[R]) Rows() []R { return d.rows }

// Len is how many rows are shown.
func (d *Data[R]) Len() int { return len(d.shown) }

// Row returns the i-th shown row.
func (d *Data[R]) Row(i int) *R { return &d.rows[d.shown[i]] }

// Shown returns a copy of the shown rows, for export.
func (d *Data[R]) Shown() []R {
	out := make([]R, len(d.shown))
	for i, r := range d.shown {
		out[i] = d.rows[r]
	}
	return out
}

// Sort is the order the rows are in.
func (d *Data[R]) Sort() Sort { return d.sort }

// Query is what the filter looks for.
func (d *Data[R]) Query() string { return d.query }

// SetFilter shows only the rows that match query.
func (d *Data[R]) SetFilter(query string) {
	d.query = query
	d.shown = filterRows(d.keys, d.order, query)
}

// setOrder installs an order SortOrder made for s.
func (d *Data[R]) setOrder(s Sort, order []int32) {
	d.sort, d.order = s, order
	d.shown = filterRows(d.keys, d.order, d.query)
}

// Cell is the text of shown row i in column col (an index into every
// column, shown or not).
func (d *Data[R]) Cell(i, col int) string {
	if i < 0 || i >= len(d.shown) || col < 0 || col >= len(d.cols) {
		return ""
	}
	return d.cols[col].Text(&d.rows[d.shown[i]])
}

// tsv is rows (indexes into shown) in the columns cols, as tab-separated
// lines with a header row, as a spreadsheet pastes them.
func (d *Data[R]) tsv(shown, cols []int) string {
	var b strings.Builder
	for i, c := range cols {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(d.cols[c].Title())
	}
	for _, i := range shown {
		b.WriteByte('\n')
		for j, col := range cols {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strings.ReplaceAll(d.Cell(i, col), "\t", " "))
		}
	}
	return b.String()
}
