package gui

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/portview/portview/trade"
)

func TestExportWritesTheShownRowsAsCSV(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.signInToSandbox()
	tab := h.ui.securities()
	tab.applyFilter("apple")
	shown := tab.tbl.Data().Shown()
	if len(shown) == 0 {
		t.Fatal("the filter left no rows")
	}

	// The button asks where, proposing a name that says which rows these are.
	tab.onExport()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Export CSV asked nothing")
	}
	entry := overlayEntry(t, top)
	if got := filepath.Base(entry.Text); got != "securities-US-·-Overnight.csv" {
		t.Errorf("proposed file %q", got)
	}
	// A typed absolute path without an extension gets ".csv".
	dir := t.TempDir()
	entry.SetText(filepath.Join(dir, "apple"))
	test.Tap(findButton(top, "Save"))
	path := filepath.Join(dir, "apple.csv")
	h.waitFor("the saved notice", func() bool { return strings.Contains(h.ui.status.notice.Text, "apple.csv in "+dir) })
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), "\uFEFF") {
		t.Error("the file has no byte-order mark; Excel would misread its Chinese names")
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
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
	if got := h.ui.cfg.Prefs.String(prefExportFolder); got != dir {
		t.Errorf("the next export starts in %q, want %q", got, dir)
	}
}

// overlayEntry is the text field of a dialog.
func overlayEntry(t *testing.T, top fyne.CanvasObject) *widget.Entry {
	t.Helper()
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			return e
		}
	}
	t.Fatal("the dialog has no text field")
	return nil
}

func TestExportPathsAreReadAsUsersTypeThem(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typed, want string
		err               error
	}{
		{"a name goes in the folder", "orders", filepath.Join(dir, "orders.csv"), nil},
		{"an extension is kept", "orders.txt", filepath.Join(dir, "orders.txt"), nil},
		{"an absolute path is taken as it is", filepath.Join(dir, "sub", "x.csv"), filepath.Join(dir, "sub", "x.csv"), nil},
		{"a relative path stays in the folder", filepath.Join("sub", "x"), filepath.Join(dir, "sub", "x.csv"), nil},
		{"nothing typed", "  ", "", errExportEmpty},
		{"a folder that does not exist", filepath.Join(dir, "nope", "x.csv"), "", errExportNoFolder},
		{"a folder is not a file", filepath.Join(dir, "sub"), "", errExportIsFolder},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := exportPath(tt.typed, dir)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("exportPath(%q) = %q, %v; want %q, %v", tt.typed, got, err, tt.want, tt.err)
			}
		})
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
		return len(h.ui.securities().tbl.Data().Rows()) == 120 && !h.ui.securities().loading
	})
	if got := api.RequestCount(); got != before+1 {
		t.Fatalf("%d requests for one reload, want 1", got-before)
	}
}

// Export writes the columns on screen, in their order: a column the user
// hid is not in the file, and the screen's words and currency stay.
func TestExportWritesTheColumnsShown(t *testing.T) {
	h := newHarness(t, harnessOptions{view: "orders"})
	h.signInToSandbox()
	v := h.ui.viewByKey("orders").(interface{ base() *paneView }).base()
	history := panesOf(h.ui.viewByKey("orders"))["orders.history"].(*tablePane[trade.Order])
	v.tabs.SelectIndex(1)
	h.waitFor("the history", func() bool { return history.loaded() && !history.loading && history.tbl.Data().Len() > 0 })
	history.tbl.ShowColumn("name", false)
	history.tbl.ShowColumn("side", false)

	history.onExport()
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Export CSV asked nothing")
	}
	path := filepath.Join(t.TempDir(), "history.csv")
	overlayEntry(t, top).SetText(path)
	test.Tap(findButton(top, "Save"))
	h.waitFor("the saved notice", func() bool { return strings.Contains(h.ui.status.notice.Text, "history.csv") })
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range history.tbl.Visible() {
		want = append(want, c.CSV)
	}
	// Prices are written bare, so the currency, hidden on screen (each
	// price says it there), goes at the end.
	if slices.Contains(want, "Currency") {
		t.Fatal("the orders show their currency column by default; the test wants it hidden")
	}
	want = append(want, "Currency")
	if !slices.Equal(records[0], want) || slices.Contains(records[0], "Name") || slices.Contains(records[0], "Side") {
		t.Errorf("the header is %v, want the columns shown and the currency %v", records[0], want)
	}
	if !slices.Contains(records[0], "Currency") || !slices.Contains(records[0], "Status") {
		t.Errorf("the header %v lost the status or the currency", records[0])
	}
	status := slices.Index(records[0], "Status")
	if got := records[1][status]; got != orderStatusText(history.tbl.Data().Row(0).Status) {
		t.Errorf("the first status is %q, not the screen's word", got)
	}
}
