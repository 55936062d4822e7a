// Package table is the desktop table of Portview's views: a view describes
// its columns, and the package does the rest (sorting, filtering,
// selection, copy, CSV, the widths and order the user chose, the live
// cells). It knows nothing of the app: what it needs from it (preferences,
// the clipboard, opening a symbol) comes in its Config.
package table

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Column is one column of a table. Everything about it lives here, in one
// place: the header, the width, how a cell reads, how it sorts, whether the
// filter looks at it, and what CSV export writes, so that a view is a list
// of columns and the table, its sorting, filtering, copy and export all
// follow from that list.
type Column[R any] struct {
	Key   string        // stable: preferences and tests use it
	Title func() string // the header, in the UI's language
	CSV   string        // the CSV header; English, so scripts find their columns
	Width float32
	Align fyne.TextAlign
	Text  func(*R) string // the cell as shown, and as Copy copies it
	// Raw is what CSV export writes, when it differs from Text: a number
	// without thousands separators, a time in RFC 3339. nil: Text.
	Raw func(*R) string
	// Compare orders two rows by this column; nil compares Text with the
	// UI language's collation (pinyin, strokes, or case-insensitive).
	Compare func(a, b *R) int
	Search  bool          // the filter looks in this column
	Tone    func(*R) Tone // optional: how the cell is coloured
	// Live marks a column that live quotes change: its cells are redrawn
	// (and flash) when the row's quote does, and a sort by it is kept as
	// the values move.
	Live bool
	// Value is the number a live cell shows, so that its flash says which
	// way it moved; nil (or false): the flash is neutral.
	Value func(*R) (decimal.Decimal, bool)
	// Hidden leaves the column out until the user shows it.
	Hidden bool
	// Exported: CSV export writes the column, at the end, when it is not
	// shown, as a currency beside amounts that are written bare.
	Exported bool
}

// CSVText is what CSV export writes for the column of r.
func (c *Column[R]) CSVText(r *R) string {
	if c.Raw != nil {
		return c.Raw(r)
	}
	return c.Text(r)
}

// Tone colours a cell: negative amounts, up and down.
type Tone int

const (
	Normal Tone = iota
	Negative
	Muted
	// Up and Down are a price above or below the previous close: red or
	// green by the user's market convention.
	Up
	Down
)

// Importance is how a label shows the tone; redUp says whether a rise is
// red (mainland China and Hong Kong) or green.
func (t Tone) Importance(redUp bool) widget.Importance {
	switch {
	case t == Negative:
		return widget.DangerImportance
	case t == Muted:
		return widget.LowImportance
	case t == Up && redUp, t == Down && !redUp:
		return widget.DangerImportance
	case t == Up, t == Down:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// Sort is a table's order: a column (or none, the server's order) and a
// direction. A click on a header moves ascending, descending, none.
type Sort struct {
	Col  int // -1: as the server sent the rows
	Desc bool
}

// Next is the order after a click on col's header.
func (s Sort) Next(col int) Sort {
	switch {
	case s.Col != col:
		return Sort{Col: col}
	case !s.Desc:
		return Sort{Col: col, Desc: true}
	}
	return Sort{Col: -1}
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
