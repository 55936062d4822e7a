package table

import "fyne.io/fyne/v2"

// savedColumns are the columns to show: the view's default set, changed
// as the user chose.
func (t *Table[R]) savedColumns() []int {
	var out []int
	for i, c := range t.cfg.Columns {
		if !c.Hidden {
			out = append(out, i)
		}
	}
	if len(out) == 0 && len(t.cfg.Columns) > 0 {
		out = []int{0}
	}
	return out
}

// applyColumns sets the widths of the columns shown: the user's, else the
// column's own.
func (t *Table[R]) applyColumns() {
	widths := t.savedWidths()
	for at, i := range t.vis {
		c := t.cfg.Columns[i]
		w := c.Width
		if saved, ok := widths[c.Key]; ok {
			w = saved
		}
		t.grid.SetColumnWidth(at, w)
	}
}

// onHeaderSecondary follows a right-click on a header.
func (t *Table[R]) onHeaderSecondary(pos fyne.Position) {}
