package gui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/quote"
)

// paramDelay: a new market or category loads once typing pauses this long.
const paramDelay = 600 * time.Millisecond

// securityColumns are the security list's columns.
var securityColumns = []column[quote.Security]{
	{Key: "symbol", Title: func() string { return lang.X("column.symbol", "Symbol") }, CSV: "Symbol", Width: 130,
		Text: func(s *quote.Security) string { return s.Symbol }, Search: true},
	{Key: "name_en", Title: func() string { return lang.X("column.english", "English name") }, CSV: "English name", Width: 390,
		Text: func(s *quote.Security) string { return s.NameEN }, Search: true},
	{Key: "name_cn", Title: func() string { return lang.X("column.simplified", "Simplified Chinese name") }, CSV: "Simplified Chinese name", Width: 240,
		Text: func(s *quote.Security) string { return s.NameCN }, Search: true},
	{Key: "name_hk", Title: func() string { return lang.X("column.traditional", "Traditional Chinese name") }, CSV: "Traditional Chinese name", Width: 240,
		Text: func(s *quote.Security) string { return s.NameHK }, Search: true},
}

// securitiesView is the security list of a market and category.
type securitiesView struct {
	*paneView
	pane             *tablePane[quote.Security]
	market, category *widget.SelectEntry
	paramTimer       *time.Timer
}

func newSecuritiesView(u *UI) view {
	v := &securitiesView{}
	v.market = widget.NewSelectEntry([]string{"US", "HK", "CN", "SG"})
	v.market.SetText(string(quote.MarketUS))
	v.market.OnChanged = func(string) { v.onParamsChanged(u) }
	v.category = widget.NewSelectEntry([]string{string(quote.CategoryOvernight)})
	v.category.SetText(string(quote.CategoryOvernight))
	v.category.OnChanged = func(string) { v.onParamsChanged(u) }
	extra := container.NewHBox(widget.NewLabel(lang.X("securities.market", "Market")), sized(v.market, 90),
		widget.NewLabel(lang.X("securities.category", "Category")), sized(v.category, 140))

	v.pane = newTablePane(u, tableSpec[quote.Security]{
		key:  "securities",
		cols: securityColumns,
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]quote.Security, error) {
			market, category := v.params()
			return c.quote.GetSecurityList(ctx, market, category)
		},
		label: func() string {
			market, category := v.params()
			return string(market) + " · " + string(category)
		},
		file: func(label string) string { return "securities " + label },
		symbol: func(s *quote.Security) string {
			return s.Symbol
		},
		count: func(n int) string {
			return plural("count.securities", n, "1 security", "{{.Total}} securities", map[string]any{"Total": thousands(n)})
		},
		loading: func() string { return lang.X("securities.loading", "Loading securities…") },
		empty:   func() string { return lang.X("securities.empty", "No securities in this category.") },
	}, extra)
	v.paneView = newPaneView("securities", func() string { return lang.X("securities.tab", "Securities") }, theme.ListIcon(),
		namedPane{pane: v.pane})
	return v
}

// params are the market and category the selectors ask for.
func (v *securitiesView) params() (quote.Market, quote.Category) {
	return quote.Market(strings.ToUpper(strings.TrimSpace(v.market.Text))), quote.Category(strings.TrimSpace(v.category.Text))
}

func (v *securitiesView) onParamsChanged(u *UI) {
	if v.paramTimer != nil {
		v.paramTimer.Stop()
	}
	market, category := v.market.Text, v.category.Text
	v.paramTimer = time.AfterFunc(paramDelay, func() {
		u.do(func() {
			if v.market.Text == market && v.category.Text == category {
				v.load()
			}
		})
	})
}

// securities is the security list's table, for tests and benchmarks.
func (u *UI) securities() *tablePane[quote.Security] {
	if v, ok := u.viewByKey("securities").(*securitiesView); ok {
		return v.pane
	}
	return nil
}

// toolbarLayout lays out a view's own widgets, the filter and the buttons on
// one row, the filter taking the room left. When that room is under
// minFilterWidth, as in an 800-pixel window or at 200% scale, the filter
// moves to a row of its own, and the buttons too if they still do not fit.
// Like Fyne's row-wrap layout, its height follows the last layout, and it
// lays the view out again when the number of rows changes.
type toolbarLayout struct {
	rows     int
	relayout func()
}

const minFilterWidth = 240

func (l *toolbarLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	left, filter, right := objects[0].MinSize(), objects[1].MinSize(), objects[2].MinSize()
	rows := max(l.rows, 1)
	return fyne.NewSize(max(left.Width, right.Width, filter.Width),
		float32(rows)*l.rowHeight(objects)+float32(rows-1)*theme.Padding())
}

func (l *toolbarLayout) rowHeight(objects []fyne.CanvasObject) float32 {
	return max(objects[0].MinSize().Height, objects[1].MinSize().Height, objects[2].MinSize().Height)
}

func (l *toolbarLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	left, filter, right := objects[0], objects[1], objects[2]
	pad, h := theme.Padding(), l.rowHeight(objects)
	lw, rw := left.MinSize().Width, right.MinSize().Width
	rows := 1
	switch {
	case lw+rw+minFilterWidth+2*pad <= size.Width:
		filter.Move(fyne.NewPos(lw+pad, 0))
		filter.Resize(fyne.NewSize(size.Width-lw-rw-2*pad, h))
		right.Move(fyne.NewPos(size.Width-rw, 0))
	case lw+rw+pad <= size.Width:
		rows = 2
		right.Move(fyne.NewPos(size.Width-rw, 0))
		filter.Move(fyne.NewPos(0, h+pad))
		filter.Resize(fyne.NewSize(size.Width, h))
	default:
		rows = 3
		right.Move(fyne.NewPos(0, h+pad))
		filter.Move(fyne.NewPos(0, 2*(h+pad)))
		filter.Resize(fyne.NewSize(size.Width, h))
	}
	left.Move(fyne.NewPos(0, 0))
	left.Resize(fyne.NewSize(lw, h))
	right.Resize(fyne.NewSize(rw, h))
	if rows != l.rows {
		l.rows = rows
		if l.relayout != nil {
			l.relayout()
		}
	}
}

// sized gives o a fixed width, so a select's width does not follow its text.
func sized(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.New(layout.NewGridWrapLayout(fyne.NewSize(width, o.MinSize().Height)), o)
}
