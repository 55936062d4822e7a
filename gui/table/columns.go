package table

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// The columns shown are the view's default set (every column not Hidden),
// changed as the user chose in the chooser: the preference "columns" keeps
// "+key" for a hidden column shown and "-key" for a column hidden, so a
// column a later version adds follows its default.

// savedColumns are the columns to show, as indexes into every column.
func (t *Table[R]) savedColumns() []int {
	changed := map[string]bool{} // key: shown
	for _, f := range strings.Fields(t.cfg.Prefs.String(t.pref("columns"))) {
		if len(f) > 1 && (f[0] == '+' || f[0] == '-') {
			changed[f[1:]] = f[0] == '+'
		}
	}
	var out []int
	for i, c := range t.cfg.Columns {
		shown, ok := changed[c.Key]
		if !ok {
			shown = !c.Hidden
		}
		if shown {
			out = append(out, i)
		}
	}
	if len(out) == 0 && len(t.cfg.Columns) > 0 {
		out = []int{0} // at least one column stays
	}
	return out
}

// saveColumns keeps the columns shown, as their changes from the default.
func (t *Table[R]) saveColumns() {
	var parts []string
	for i, c := range t.cfg.Columns {
		switch shown := slices.Contains(t.vis, i); {
		case shown && c.Hidden:
			parts = append(parts, "+"+c.Key)
		case !shown && !c.Hidden:
			parts = append(parts, "-"+c.Key)
		}
	}
	if len(parts) == 0 {
		t.cfg.Prefs.RemoveValue(t.pref("columns"))
		return
	}
	t.cfg.Prefs.SetString(t.pref("columns"), strings.Join(parts, " "))
}

// applyColumns sets the widths of the columns shown (the user's, else the
// column's own) and how many of them stay put while the table scrolls
// sideways: up to the Frozen column, or the first.
func (t *Table[R]) applyColumns() {
	widths := t.savedWidths()
	frozen := 1
	for at, i := range t.vis {
		c := t.cfg.Columns[i]
		w := c.Width
		if saved, ok := widths[c.Key]; ok {
			w = saved
		}
		t.grid.SetColumnWidth(at, w)
		if c.Key == t.cfg.Frozen && c.Key != "" {
			frozen = at + 1
		}
	}
	t.grid.StickyColumnCount = min(frozen, len(t.vis))
}

// ShowColumn shows or hides the column of key, and remembers it; the last
// column shown stays.
func (t *Table[R]) ShowColumn(key string, show bool) {
	i := slices.IndexFunc(t.cfg.Columns, func(c Column[R]) bool { return c.Key == key })
	at := slices.Index(t.vis, i)
	switch {
	case i < 0, show == (at >= 0), !show && len(t.vis) == 1:
		return
	case show:
		t.vis = append(t.vis, i)
		slices.Sort(t.vis) // the view's order
	default:
		t.vis = slices.Delete(t.vis, at, at+1)
	}
	t.saveColumns()
	t.columnsChanged()
}

// ResetColumns shows the view's default columns at their own widths.
func (t *Table[R]) ResetColumns() {
	t.cfg.Prefs.RemoveValue(t.pref("columns"))
	t.cfg.Prefs.RemoveValue(t.pref("widths"))
	t.columnsChanged()
}

// columnsChanged lays the table out again for the columns the preferences
// say: the selected cell keeps its row, in the first column.
func (t *Table[R]) columnsChanged() {
	t.vis = t.savedColumns()
	t.applyColumns()
	if t.cell != nil {
		t.cell = &widget.TableCellID{Row: t.cell.Row}
	}
	t.grid.Refresh()
}

// onHeaderSecondary opens the column chooser: every column with a check,
// and Reset columns.
func (t *Table[R]) onHeaderSecondary(pos fyne.Position) { t.popUp(t.chooser(), pos) }

// chooser is the column chooser's menu.
func (t *Table[R]) chooser() *fyne.Menu {
	items := make([]*fyne.MenuItem, 0, len(t.cfg.Columns)+2)
	for i, c := range t.cfg.Columns {
		shown := slices.Contains(t.vis, i)
		item := fyne.NewMenuItem(c.Title(), func() { t.ShowColumn(c.Key, !shown) })
		item.Checked = shown
		item.Disabled = shown && len(t.vis) == 1 // one column always stays
		items = append(items, item)
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(lang.X("table.reset_columns", "Reset columns"), t.ResetColumns))
	return fyne.NewMenu("", items...)
}
