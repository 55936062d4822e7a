package gui

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/quote"
)

// scopeWatchlist is the OAuth scope of the watchlist.
const scopeWatchlist = "4"

// watchRow is a security of a watchlist group, with the group's name.
type watchRow struct {
	quote.WatchedSecurity
	group string
}

var watchColumns = []column[watchRow]{
	{Key: "pinned", Title: func() string { return lang.X("column.pinned", "Pinned") }, CSV: "Pinned", Width: 70,
		Text: func(r *watchRow) string {
			if r.IsPinned {
				// A pushpin from the emoji font Fyne bundles: the text
				// font lacks a star, and a system font may too.
				return "\U0001F4CC"
			}
			return ""
		},
		Raw: func(r *watchRow) string {
			if r.IsPinned {
				return "yes"
			}
			return "no"
		},
		Compare: func(a, b *watchRow) int { return boolOrder(a.IsPinned, b.IsPinned) }},
	{Key: "symbol", Title: func() string { return lang.X("column.symbol", "Symbol") }, CSV: "Symbol", Width: 110,
		Text: func(r *watchRow) string { return r.Symbol }, Search: true},
	{Key: "name", Title: func() string { return lang.X("column.name", "Name") }, CSV: "Name", Width: 200,
		Text: func(r *watchRow) string { return r.Name }, Search: true},
	{Key: "market", Title: func() string { return lang.X("column.market", "Market") }, CSV: "Market", Width: 80,
		Text: func(r *watchRow) string { return string(r.Market) }, Search: true},
	{Key: "watched_price", Title: func() string { return lang.X("column.watched_price", "Watched price") }, CSV: "Watched price", Width: 110, Align: fyne.TextAlignTrailing,
		Text:    func(r *watchRow) string { return decimalText(r.WatchedPrice) },
		Raw:     func(r *watchRow) string { return decimalRaw(r.WatchedPrice) },
		Compare: func(a, b *watchRow) int { return compareDecimals(a.WatchedPrice, b.WatchedPrice) }},
	{Key: "watched_at", Title: func() string { return zoneTitle(lang.X("column.watched_at", "Watched since")) }, CSV: "Watched since", Width: 150,
		Text:    func(r *watchRow) string { return localTimeText(r.WatchedAt) },
		Raw:     func(r *watchRow) string { return timeRaw(r.WatchedAt) },
		Compare: func(a, b *watchRow) int { return compareTimes(a.WatchedAt, b.WatchedAt) }},
}

// watchOrder is the order of the watchlist's columns.
var watchOrder = []string{"pinned", "symbol", "name", "last", "change_pct", "change", "market", "watched_price", "watched_at", "volume", "turnover"}

// boolOrder puts true first.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// watchlistView is the user's watchlist: a group chosen beside the table,
// its securities with the pinned ones first.
type watchlistView struct {
	*paneView
	pane   *tablePane[watchRow]
	groups *widget.Select
	all    []quote.WatchlistGroup // from the last load
}

func newWatchlistView(u *UI) view {
	v := &watchlistView{}
	v.groups = widget.NewSelect(nil, nil)
	v.groups.PlaceHolder = lang.X("watchlist.no_group", "No groups")
	extra := container.NewHBox(widget.NewLabel(lang.X("watchlist.group", "Group")), sized(v.groups, 180))
	v.pane = newTablePane(u, tableSpec[watchRow]{
		key: "watchlist", frozen: "symbol",
		// The live prices come after the name; what fits the default
		// window first, the day's volume and turnover after.
		// The symbol's suffix says its market; turnover is a click away.
		cols: hiddenByDefault(inOrder(slices.Concat(watchColumns, quoteColumns(u.live, func(r *watchRow) string { return r.Symbol })), watchOrder),
			"market", "turnover"),
		scope: scopeWatchlist,
		live:  true,
		fetch: func(ctx context.Context, c *clients, _ func(func() string)) ([]watchRow, error) {
			groups, err := c.quote.Watchlist(ctx)
			if err != nil {
				return nil, err
			}
			var watched []*quote.WatchedSecurity // of every group: one lookup
			for i := range groups {
				for j := range groups[i].Securities {
					watched = append(watched, &groups[i].Securities[j])
				}
			}
			localNames(ctx, c, u.lang.Code, watched,
				func(s **quote.WatchedSecurity) string { return (*s).Symbol }, func(s **quote.WatchedSecurity) *string { return &(*s).Name })
			u.do(func() { v.setGroups(groups) })
			return groupRows(groups, groupChoice(groups, u.cfg.Prefs.String(prefWatchGroup))), nil
		},
		label:  func() string { return v.groups.Selected },
		file:   func(label string) string { return "watchlist " + label },
		symbol: func(r *watchRow) string { return r.Symbol },
		count: func(n int) string {
			return plural("count.securities", n, "1 security", "{{.Total}} securities", map[string]any{"Total": thousands(n)})
		},
		loading: func() string { return lang.X("watchlist.loading", "Loading your watchlist…") },
		empty: func() string {
			if len(v.all) == 0 {
				return lang.X("watchlist.no_groups", "Your watchlist has no groups yet. Add securities to it in the LongPort app.")
			}
			return lang.X("watchlist.empty", "This group has no securities.")
		},
	}, extra)
	v.groups.OnChanged = func(name string) {
		if name == "" || name == u.cfg.Prefs.String(prefWatchGroup) && v.pane.rowsLabel == name {
			return
		}
		u.cfg.Prefs.SetString(prefWatchGroup, name)
		v.pane.setRows(groupRows(v.all, name), name)
	}
	v.paneView = newPaneView("watchlist", func() string { return lang.X("watchlist.tab", "Watchlist") }, theme.VisibilityIcon(),
		namedPane{pane: v.pane})
	return v
}

// prefWatchGroup is the watchlist group shown last.
const prefWatchGroup = "view.watchlist.group"

// setGroups fills the group selector from a load.
func (v *watchlistView) setGroups(groups []quote.WatchlistGroup) {
	v.all = groups
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	want := groupChoice(groups, v.pane.ui.cfg.Prefs.String(prefWatchGroup))
	v.groups.Options = names
	v.groups.Selected = want
	v.groups.Refresh()
	v.pane.wantLabel = want
}

// groupChoice is the group to show: the one chosen last, else the first.
func groupChoice(groups []quote.WatchlistGroup, last string) string {
	for _, g := range groups {
		if g.Name == last {
			return last
		}
	}
	if len(groups) > 0 {
		return groups[0].Name
	}
	return ""
}

// groupRows are the securities of the group named name (the first group if
// none has that name), the pinned ones first, else in the user's order.
func groupRows(groups []quote.WatchlistGroup, name string) []watchRow {
	if len(groups) == 0 {
		return nil
	}
	g := groups[0]
	for _, x := range groups {
		if x.Name == name {
			g = x
			break
		}
	}
	rows := make([]watchRow, len(g.Securities))
	for i, s := range g.Securities {
		rows[i] = watchRow{WatchedSecurity: s, group: g.Name}
	}
	slices.SortStableFunc(rows, func(a, b watchRow) int { return boolOrder(a.IsPinned, b.IsPinned) })
	return rows
}
