package gui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestExportWritesTheShownRowsAsCSV(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities
	tab.applyFilter("apple")
	shown := tab.data.Shown()
	if len(shown) == 0 {
		t.Fatal("the filter left no rows")
	}

	// The button opens the save dialog on top of the window.
	tab.onExport()
	if h.ui.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Export CSV showed no file dialog")
	}
	h.ui.win.Canvas().Overlays().Top().Hide()

	// What the dialog hands back is written with the rows on screen.
	path := filepath.Join(t.TempDir(), "out.csv")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	tab.export(w, shown)
	h.waitFor("the saved notice", func() bool { return strings.Contains(h.ui.status.notice.Text, "out.csv") })
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(shown)+1 || records[0][0] != "Symbol" {
		t.Fatalf("%d records with header %v; want a header and %d rows", len(records), records[0], len(shown))
	}
	for i, s := range shown {
		if records[i+1][0] != s.Symbol {
			t.Fatalf("row %d is %v, want %s", i, records[i+1], s.Symbol)
		}
	}
}

func TestTheWindowSizeIsRemembered(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.win.Resize(fyne.NewSize(900, 640))
	h.ui.onClosed()
	h.q.run()

	again := New(Config{App: h.app, Prefs: h.ui.cfg.Prefs, Store: h.ui.cfg.Store, do: h.q.do})
	defer again.Close()
	if got := again.win.Canvas().Size(); got.Width != 900 || got.Height != 640 {
		t.Fatalf("the next window is %v, want 900x640", got)
	}
}

func TestAboutShowsTheVersion(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.ui.onAbout()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About showed nothing")
	}
	want := "Version " + h.ui.version()
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text == want {
			return
		}
	}
	t.Fatalf("the About box does not say %q", want)
}

func TestReloadFetchesTheListAgain(t *testing.T) {
	h := newHarness(t, harnessOptions{rows: 300})
	h.signInToSandbox()
	api := h.sandbox().quote
	before := api.RequestCount()
	api.SetRows(120) // the server's list changed since the first load

	typeShortcut(t, h.ui.win.Canvas(), reloadShortcut)
	h.waitFor("the reloaded rows", func() bool {
		return len(h.ui.securities.data.rows) == 120 && !h.ui.securities.loading
	})
	if got := api.RequestCount(); got != before+1 {
		t.Fatalf("%d requests for one reload, want 1", got-before)
	}
}
