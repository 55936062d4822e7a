package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
)

// fit is how wide a pane's columns are, and how wide its table is on screen.
func (p *tablePane[R]) fit() (need, have float32, shown []string) {
	pad := theme.Padding() // the table's separator between two columns
	for _, c := range p.tbl.Visible() {
		need += c.Width + pad
		shown = append(shown, fmt.Sprintf("%s %.0f", c.Key, c.Width))
	}
	return need - pad, p.tbl.Grid().Size().Width, shown
}

// Issue 15: each table's default columns fit the default window, the most
// important first; the others are one right-click away, in the chooser.
func TestEachTablesDefaultColumnsFitTheDefaultWindow(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "watchlist"})
	h.signInToSandbox()
	for _, v := range h.ui.views {
		pv, ok := v.(interface{ paneViewOf() *paneView })
		if !ok {
			continue
		}
		p := pv.paneViewOf()
		h.ui.tabs.Select(v.tabItem())
		h.waitFor(p.k, func() bool { return v.loaded() && !viewBusy(v) })
		for i, pn := range p.panes {
			if p.tabs != nil {
				p.tabs.SelectIndex(i)
			}
			h.ui.win.Resize(h.ui.win.Canvas().Size()) // lay out what is shown
			f, ok := pn.(interface {
				fit() (float32, float32, []string)
			})
			if !ok {
				continue
			}
			need, have, shown := f.fit()
			t.Logf("%s pane %d: %.0f of %.0f px: %s", p.k, i, need, have, strings.Join(shown, ", "))
			if have == 0 {
				t.Errorf("%s pane %d was not laid out", p.k, i)
			} else if need > have {
				t.Errorf("%s pane %d: its default columns need %.0f px, the table is %.0f at %vx%v: %s",
					p.k, i, need, have, defaultWidth, defaultHeight, strings.Join(shown, ", "))
			}
		}
	}
}

func (v *paneView) paneViewOf() *paneView { return v }
