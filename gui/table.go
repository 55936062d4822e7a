package gui

import (
	"bytes"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// column is one column of a table view. Everything about it lives here, in
// one place: the header, the width, how a cell reads, how it sorts, whether
// the filter looks at it, and what CSV export writes, so that a view is a
// list of columns and the table, its sorting, filtering, copy and export all
// follow from that list.
type column[R any] struct {
	key   string        // stable: preferences and tests use it
	title func() string // the header, in the UI's language
	csv   string        // the CSV header; English, so scripts find their columns
	width float32
	align fyne.TextAlign
	text  func(*R) string // the cell as shown, and as Copy copies it
	// raw is what CSV export writes, when it differs from text: a number
	// without thousands separators, a time in RFC 3339. nil: text.
	raw func(*R) string
	// compare orders two rows by this column; nil compares text with the
	// UI language's collation (pinyin, strokes, or case-insensitive).
	compare func(a, b *R) int
	search  bool              // the filter looks in this column
	tone    func(*R) cellTone // optional: how the cell is coloured
	// live marks a column that live quotes change: its cells are redrawn
	// (and flash) when the row's quote does; see live.go.
	live bool
}

// cellTone colours a cell: negative amounts, up and down.
type cellTone int

const (
	toneNormal cellTone = iota
	toneNegative
	toneMuted
	// toneUp and toneDown are a price above or below the previous close:
	// red or green by the user's market convention (chart.Colours).
	toneUp
	toneDown
)

// csvText is what CSV export writes for the column of r.
func (c *column[R]) csvText(r *R) string {
	if c.raw != nil {
		return c.raw(r)
	}
	return c.text(r)
}

// sortState is a table's order: a column (or none, the server's order) and
// a direction. A click on a header moves ascending, descending, none.
type sortState struct {
	col  int // -1: as the server sent the rows
	desc bool
}

func (s sortState) next(col int) sortState {
	switch {
	case s.col != col:
		return sortState{col: col}
	case !s.desc:
		return sortState{col: col, desc: true}
	}
	return sortState{col: -1}
}

// collatorFor compares text the way readers of the UI's language expect:
// simplified Chinese by pinyin, traditional Chinese by stroke count, other
// languages by their rules, and always ignoring case.
func collatorFor(tag string) *collate.Collator {
	t := language.English
	switch {
	case strings.HasPrefix(tag, "zh-Hant"), strings.HasPrefix(tag, "zh-TW"), strings.HasPrefix(tag, "zh-HK"):
		t = language.MustParse("zh-u-co-stroke")
	case strings.HasPrefix(tag, "zh"):
		t = language.MustParse("zh-u-co-pinyin")
	case tag != "":
		if p, err := language.Parse(tag); err == nil {
			t = p
		}
	}
	return collate.New(t, collate.IgnoreCase, collate.Loose)
}

// tableData is the rows of a table view as the table shows them: every row,
// the order the user sorted them in and the rows the filter lets through.
// It knows nothing of where the rows came from. Indexes are int32 to keep
// 100,000 rows small.
type tableData[R any] struct {
	cols  []column[R]
	rows  []R
	keys  []string // what the filter searches in, per row, lower-cased once
	order []int32  // every row, sorted
	shown []int32  // the rows of order that match query
	sort  sortState
	query string
	lang  string // the UI's language, for collation
}

// newTableData prepares rows for the table; it may run off the UI goroutine.
func newTableData[R any](cols []column[R], rows []R, s sortState, query, lang string) *tableData[R] {
	d := &tableData[R]{cols: cols, rows: rows, sort: s, query: query, lang: lang}
	d.keys = make([]string, len(rows))
	var b strings.Builder
	for i := range rows {
		b.Reset()
		for _, c := range cols {
			if c.search {
				b.WriteString(c.text(&rows[i]))
				b.WriteByte(0)
			}
		}
		d.keys[i] = strings.ToLower(b.String())
	}
	d.order = sortOrder(cols, rows, s, lang)
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

// sortOrder returns the indexes of rows ordered as s says; empty cells go
// last whichever the direction, and equal cells keep the server's order.
func sortOrder[R any](cols []column[R], rows []R, s sortState, lang string) []int32 {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	if s.col < 0 || s.col >= len(cols) {
		return order
	}
	c := cols[s.col]
	compare := c.compare
	if compare == nil {
		// A collator is not safe for concurrent use: one per sort. Keys
		// are made once per row, not once per comparison.
		coll := collatorFor(lang)
		var buf collate.Buffer
		keys := make([][]byte, len(rows))
		texts := make([]string, len(rows))
		for i := range rows {
			texts[i] = c.text(&rows[i])
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
			if s.desc {
				r = -r
			}
			return r
		})
		return order
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		r := compare(&rows[a], &rows[b])
		if s.desc {
			r = -r
		}
		return r
	})
	return order
}

// Row returns the i-th shown row.
func (d *tableData[R]) Row(i int) *R { return &d.rows[d.shown[i]] }

// Shown returns a copy of the shown rows, for export.
func (d *tableData[R]) Shown() []R {
	out := make([]R, len(d.shown))
	for i, r := range d.shown {
		out[i] = d.rows[r]
	}
	return out
}

// SetFilter shows only the rows that match query.
func (d *tableData[R]) SetFilter(query string) {
	d.query = query
	d.shown = filterRows(d.keys, d.order, query)
}

// setOrder installs an order sortOrder made for s.
func (d *tableData[R]) setOrder(s sortState, order []int32) {
	d.sort, d.order = s, order
	d.shown = filterRows(d.keys, d.order, d.query)
}

// cell is the text of shown row i in column col.
func (d *tableData[R]) cell(i, col int) string {
	if i < 0 || i >= len(d.shown) || col < 0 || col >= len(d.cols) {
		return ""
	}
	return d.cols[col].text(&d.rows[d.shown[i]])
}

// tsv is rows (indexes into shown) as tab-separated lines with a header
// row, as a spreadsheet pastes them.
func (d *tableData[R]) tsv(shown []int) string {
	var b strings.Builder
	for i, c := range d.cols {
		if i > 0 {
			b.WriteByte('\t')
		}
		b.WriteString(c.title())
	}
	for _, i := range shown {
		b.WriteByte('\n')
		for col := range d.cols {
			if col > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strings.ReplaceAll(d.cell(i, col), "\t", " "))
		}
	}
	return b.String()
}
