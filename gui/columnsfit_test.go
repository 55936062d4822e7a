package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/theme"
	"github.com/portview/portview/oauth"
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

// The Portfolio opens on the positions (the overview above says what the
// balances would), and a view with sub-tabs opens on the one shown last.
func TestAViewOpensOnThePaneShownLast(t *testing.T) {
	prefs := oauth.NewMemoryPrefs()
	h := newHarness(t, harnessOptions{view: "portfolio", prefs: prefs})
	h.signInToSandbox()
	p := h.ui.viewByKey("portfolio").(*paneView)
	if got := p.tabs.SelectedIndex(); got != 2 {
		t.Errorf("the portfolio opens on its tab %d, want 2 (Stocks)", got)
	}
	o := h.ui.viewByKey("orders").(*ordersView).paneView
	if got := o.tabs.SelectedIndex(); got != 0 {
		t.Errorf("the orders open on their tab %d, want 0 (Today)", got)
	}
	p.tabs.SelectIndex(3)
	o.tabs.SelectIndex(1)
	h.close()

	next := newHarness(t, harnessOptions{view: "portfolio", prefs: prefs})
	if got := next.ui.viewByKey("portfolio").(*paneView).tabs.SelectedIndex(); got != 3 {
		t.Errorf("after a restart the portfolio opens on its tab %d, want the last one shown, 3", got)
	}
	if got := next.ui.viewByKey("orders").(*ordersView).paneView.tabs.SelectedIndex(); got != 1 {
		t.Errorf("after a restart the orders open on their tab %d, want the last one shown, 1", got)
	}
}
