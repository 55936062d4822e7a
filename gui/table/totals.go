package table

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// The footer is pinned under the rows, outside the grid: it neither sorts
// nor scrolls with them, and it is on screen whatever the table's height.

// footerLine is the widgets of a Total: its label, and a caption and a
// value for each figure.
type footerLine struct {
	label            *widget.Label
	captions, values []*widget.Label
}

// showTotals puts the footer's lines under the rows; a label's text is set
// again only when it changes, so a quiet line costs no repaint.
func (t *Table[R]) showTotals() {
	if t.cfg.Totals == nil {
		return
	}
	totals := t.cfg.Totals(t.data.rows)
	relayout := !t.footerFits(totals) || t.footer.Visible() != (len(totals) > 0)
	if !t.footerFits(totals) {
		t.buildFooter(totals)
	}
	redUp := t.redUp()
	for i, tot := range totals {
		l := t.lines[i]
		setLabel(l.label, tot.Label, widget.MediumImportance)
		for j, f := range tot.Figures {
			setLabel(l.captions[j], f.Title, widget.LowImportance)
			setLabel(l.values[j], f.Text, f.Tone.Importance(redUp))
		}
	}
	if !relayout {
		return
	}
	if len(totals) == 0 {
		t.footer.Hide()
	} else {
		t.footer.Show()
	}
	t.content.Refresh() // the border gives the grid what the footer leaves
}

// footerFits reports whether the footer's widgets have the shape of totals.
func (t *Table[R]) footerFits(totals []Total) bool {
	if len(totals) != len(t.lines) {
		return false
	}
	for i, tot := range totals {
		if len(tot.Figures) != len(t.lines[i].values) {
			return false
		}
	}
	return true
}

// buildFooter makes the footer's widgets for lines of the shape of totals.
func (t *Table[R]) buildFooter(totals []Total) {
	t.lines = t.lines[:0]
	objs := make([]fyne.CanvasObject, 0, len(totals)+1)
	objs = append(objs, widget.NewSeparator())
	for _, tot := range totals {
		l := footerLine{label: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}}
		row := container.NewHBox(l.label)
		for range tot.Figures {
			caption, value := &widget.Label{}, &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}
			l.captions, l.values = append(l.captions, caption), append(l.values, value)
			row.Add(container.NewHBox(caption, value))
		}
		t.lines = append(t.lines, l)
		objs = append(objs, row)
	}
	t.footer.Objects = objs
}

func setLabel(l *widget.Label, text string, imp widget.Importance) {
	if l.Text != text || l.Importance != imp {
		l.Importance = imp
		l.SetText(text)
	}
}

// ShownTotals are the footer's lines as shown, for tests: each line's label
// and figures, as "caption value".
func (t *Table[R]) ShownTotals() [][]string {
	if !t.footer.Visible() {
		return nil
	}
	var out [][]string
	for _, l := range t.lines {
		line := []string{l.label.Text}
		for i := range l.values {
			line = append(line, l.captions[i].Text+" "+l.values[i].Text)
		}
		out = append(out, line)
	}
	return out
}

// Footer is the totals under the rows, for tests that look where it is.
func (t *Table[R]) Footer() fyne.CanvasObject { return t.footer }
