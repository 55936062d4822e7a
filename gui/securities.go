package gui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
)

// The table's columns, in order.
const (
	colSymbol = iota
	colEnglish
	colSimplified
	colTraditional
	columnCount
)

// columnTitles head the CSV export; they stay English whatever the UI's
// language, so that a script reading the file finds its columns.
var columnTitles = [columnCount]string{"Symbol", "English name", "Simplified Chinese name", "Traditional Chinese name"}

// columnTitle heads col in the table, in the UI's language.
func columnTitle(col int) string {
	switch col {
	case colSymbol:
		return lang.X("column.symbol", "Symbol")
	case colEnglish:
		return lang.X("column.english", "English name")
	case colSimplified:
		return lang.X("column.simplified", "Simplified Chinese name")
	case colTraditional:
		return lang.X("column.traditional", "Traditional Chinese name")
	}
	return ""
}

// columnWidths fit a 1100-pixel window with room to spare.
var columnWidths = [columnCount]float32{130, 390, 240, 240}

// field returns one column of a row.
func field(s *quote.Security, col int) string {
	switch col {
	case colSymbol:
		return s.Symbol
	case colEnglish:
		return s.NameEN
	case colSimplified:
		return s.NameCN
	case colTraditional:
		return s.NameHK
	}
	return ""
}

// cells returns a row in column order.
func cells(s quote.Security) []string {
	return []string{s.Symbol, s.NameEN, s.NameCN, s.NameHK}
}

// Filter debounce: a search starts once typing pauses this long.
const (
	filterDelay = 150 * time.Millisecond
	paramDelay  = 600 * time.Millisecond
)

// searchKey is what the filter looks in: the symbol and the three names,
// lower-cased once so that a keystroke costs one substring search per row.
func searchKey(s *quote.Security) string {
	return strings.ToLower(s.Symbol + "\x00" + s.NameEN + "\x00" + s.NameCN + "\x00" + s.NameHK)
}

// filterRows returns the rows of from whose key contains every word of
// query, ignoring case; the order of from is kept. An empty query keeps all.
func filterRows(keys []string, from []int32, query string) []int32 {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return from
	}
	out := make([]int32, 0, len(from)/8)
next:
	for _, i := range from {
		k := keys[i]
		for _, t := range terms {
			if !strings.Contains(k, t) {
				continue next
			}
		}
		out = append(out, i)
	}
	return out
}

// sortRows returns the indexes of rows ordered by column col; empty cells
// go last whichever the direction, and equal cells keep the server's order.
func sortRows(rows []quote.Security, col int, desc bool) []int32 {
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	if col < 0 {
		return order
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		x, y := field(&rows[a], col), field(&rows[b], col)
		if (x == "") != (y == "") {
			if x == "" {
				return 1
			}
			return -1
		}
		c := cmp.Compare(x, y)
		if desc {
			c = -c
		}
		return c
	})
	return order
}

// securityData is the security list as the table shows it: every row, the
// order the user sorted them in and the rows the filter lets through. It
// knows nothing of where the rows came from.
type securityData struct {
	rows    []quote.Security
	keys    []string
	order   []int32 // every row, sorted
	shown   []int32 // the rows of order that match query
	sortCol int     // -1: as the server sent them
	desc    bool
	query   string
}

// newSecurityData prepares rows for the table; it may run off the UI goroutine.
func newSecurityData(rows []quote.Security, sortCol int, desc bool, query string) *securityData {
	keys := make([]string, len(rows))
	for i := range rows {
		keys[i] = searchKey(&rows[i])
	}
	d := &securityData{rows: rows, keys: keys, sortCol: sortCol, desc: desc, query: query}
	d.order = sortRows(rows, sortCol, desc)
	d.shown = filterRows(keys, d.order, query)
	return d
}

// Length is the table's size: shown rows by columns.
func (d *securityData) Length() (rows, cols int) { return len(d.shown), columnCount }

// CreateItem returns a cell template.
func (d *securityData) CreateItem() fyne.CanvasObject {
	return &widget.Label{Text: "Template cell text", Truncation: fyne.TextTruncateEllipsis}
}

// UpdateItem shows the cell id in template.
func (d *securityData) UpdateItem(id widget.TableCellID, template fyne.CanvasObject) {
	l := template.(*widget.Label)
	if id.Row < 0 || id.Row >= len(d.shown) {
		l.SetText("")
		return
	}
	l.SetText(field(&d.rows[d.shown[id.Row]], id.Col))
}

// Row returns the i-th shown row.
func (d *securityData) Row(i int) quote.Security { return d.rows[d.shown[i]] }

// Shown returns a copy of the shown rows, for export.
func (d *securityData) Shown() []quote.Security {
	out := make([]quote.Security, len(d.shown))
	for i, r := range d.shown {
		out[i] = d.rows[r]
	}
	return out
}

// SetFilter shows only the rows that match query.
func (d *securityData) SetFilter(query string) {
	d.query = query
	d.shown = filterRows(d.keys, d.order, query)
}

// nextSort is the order a click on col's header asks for: by col, or
// reversed if it is already by col.
func (d *securityData) nextSort(col int) (int, bool) {
	if d.sortCol == col {
		return col, !d.desc
	}
	return col, false
}

// SortBy orders by col, or reverses the order if it is already by col.
func (d *securityData) SortBy(col int) {
	col, desc := d.nextSort(col)
	d.setOrder(col, desc, sortRows(d.rows, col, desc))
}

// setOrder installs an order sortRows made for col and desc.
func (d *securityData) setOrder(col int, desc bool, order []int32) {
	d.sortCol, d.desc, d.order = col, desc, order
	d.shown = filterRows(d.keys, d.order, d.query)
}

// securitiesTab is the security list: the selectors, the filter, the table
// and its states.
type securitiesTab struct {
	ui   *UI
	data *securityData

	market, category *widget.SelectEntry
	filter           *widget.Entry
	count            *widget.Label
	busy             *widget.Activity
	reloadButton     *widget.Button
	copyButton       *widget.Button
	exportButton     *widget.Button
	table            *widget.Table

	errorText   *widget.Label
	errorBar    *fyne.Container // an error above data that stays on screen
	placeText   *widget.Label
	placeBusy   *widget.Activity
	placeRetry  *widget.Button
	placeholder *fyne.Container // loading, empty or error with no data behind it

	selected    int // index into data.shown; -1 for none
	loading     bool
	failed      error
	loadGen     int
	sortGen     int
	cancelLoad  context.CancelFunc
	filterTimer *time.Timer
	paramTimer  *time.Timer

	content fyne.CanvasObject
}

// newSecuritiesTab builds the tab, empty until load is called.
func newSecuritiesTab(u *UI) *securitiesTab {
	t := &securitiesTab{ui: u, data: newSecurityData(nil, -1, false, ""), selected: -1}

	t.market = widget.NewSelectEntry([]string{"US", "HK", "CN", "SG"})
	t.market.SetText(string(quote.MarketUS))
	t.market.OnChanged = func(string) { t.onParamsChanged() }
	t.category = widget.NewSelectEntry([]string{string(quote.CategoryOvernight)})
	t.category.SetText(string(quote.CategoryOvernight))
	t.category.OnChanged = func(string) { t.onParamsChanged() }

	t.filter = &widget.Entry{PlaceHolder: lang.X("securities.filter", "Filter by symbol or name"), ActionItem: widget.NewIcon(theme.SearchIcon())}
	t.filter.ExtendBaseWidget(t.filter)
	t.filter.OnChanged = t.onFilterChanged

	t.count = widget.NewLabel("")
	t.busy = widget.NewActivity()
	t.busy.Hide()
	t.reloadButton = &widget.Button{Text: lang.X("securities.reload", "Reload"), Icon: theme.ViewRefreshIcon(), OnTapped: t.load}
	t.copyButton = &widget.Button{Text: lang.X("securities.copy", "Copy"), Icon: theme.ContentCopyIcon(), OnTapped: t.onCopy}
	t.copyButton.Disable()
	t.exportButton = &widget.Button{Text: lang.X("securities.export", "Export CSV"), Icon: theme.DocumentSaveIcon(), OnTapped: t.onExport}
	t.exportButton.Disable()

	t.table = widget.NewTable(
		func() (int, int) { return t.data.Length() },
		func() fyne.CanvasObject { return t.data.CreateItem() },
		func(id widget.TableCellID, o fyne.CanvasObject) { t.data.UpdateItem(id, o) },
	)
	t.table.ShowHeaderRow = true
	t.table.CreateHeader = func() fyne.CanvasObject {
		return &widget.Button{Alignment: widget.ButtonAlignLeading, IconPlacement: widget.ButtonIconTrailingText, Importance: widget.LowImportance}
	}
	t.table.UpdateHeader = t.updateHeader
	t.table.OnSelected = t.onSelected
	t.table.OnUnselected = func(widget.TableCellID) { t.selected = -1; t.copyButton.Disable() }
	for col, w := range columnWidths {
		t.table.SetColumnWidth(col, w)
	}

	t.errorText = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	t.errorBar = container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()),
		&widget.Button{Text: lang.X("securities.retry", "Retry"), OnTapped: t.load, Importance: widget.LowImportance}, t.errorText)
	t.errorBar.Hide()

	t.placeText = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	t.placeBusy = widget.NewActivity()
	t.placeRetry = &widget.Button{Text: lang.X("action.try_again", "Try again"), Icon: theme.ViewRefreshIcon(), OnTapped: t.load}
	t.placeholder = container.NewCenter(container.NewVBox(
		container.NewCenter(t.placeBusy), container.NewGridWrap(fyne.NewSize(460, t.placeText.MinSize().Height), t.placeText), container.NewCenter(t.placeRetry)))
	t.placeholder.Hide()

	toolbar := container.New(&toolbarLayout{relayout: func() {
		if t.content != nil {
			t.content.Refresh()
		}
	}},
		container.NewHBox(widget.NewLabel(lang.X("securities.market", "Market")), sized(t.market, 90), widget.NewLabel(lang.X("securities.category", "Category")), sized(t.category, 140)),
		t.filter,
		container.NewHBox(t.busy, t.count, t.reloadButton, t.copyButton, t.exportButton))
	t.content = container.NewBorder(container.NewVBox(toolbar, t.errorBar), nil, nil, nil,
		container.NewStack(t.table, t.placeholder))
	t.showState()
	return t
}

// toolbarLayout lays out the selectors, the filter and the buttons on one
// row, the filter taking the room left. When that room is under
// minFilterWidth, as in an 800-pixel window or at 200% scale, the filter
// moves to a row of its own, and the buttons too if they still do not fit.
// Like Fyne's row-wrap layout, its height follows the last layout, and it
// lays the tab out again when the number of rows changes.
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

// tabItem returns the tab for the main view.
func (t *securitiesTab) tabItem() *container.TabItem {
	return container.NewTabItemWithIcon(lang.X("securities.tab", "Securities"), theme.ListIcon(), t.content)
}

func (t *securitiesTab) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= columnCount {
		b.SetText("")
		return
	}
	col := id.Col
	b.Text = columnTitle(col)
	b.Icon = nil
	if t.data.sortCol == col {
		b.Icon = theme.MenuDropDownIcon()
		if t.data.desc {
			b.Icon = theme.MenuDropUpIcon()
		}
	}
	b.OnTapped = func() { t.onSort(col) }
	b.Refresh()
}

// load fetches the list for the chosen market and category, replacing a
// load under way. The rows on screen stay until the new ones arrive.
func (t *securitiesTab) load() {
	client := t.ui.quote
	if client == nil {
		return
	}
	if t.cancelLoad != nil {
		t.cancelLoad()
	}
	// The deadline covers the whole call: a wait for a renewal, the retries,
	// and a network that accepts the request but never answers.
	ctx, cancel := context.WithTimeout(t.ui.ctx, t.ui.cfg.loadTimeout)
	t.cancelLoad = cancel
	t.loadGen++
	gen := t.loadGen
	market := quote.Market(strings.ToUpper(strings.TrimSpace(t.market.Text)))
	category := quote.Category(strings.TrimSpace(t.category.Text))
	sortCol, desc, query := t.data.sortCol, t.data.desc, t.filter.Text
	t.loading, t.failed = true, nil
	t.showState()

	log := t.ui.log
	go func() {
		defer cancel()
		start := time.Now()
		rows, err := client.GetSecurityList(ctx, market, category)
		var d *securityData
		if err == nil {
			d = newSecurityData(rows, sortCol, desc, query)
			log.Info("security list loaded", "market", market, "category", category, "rows", len(rows), "took", time.Since(start).Round(time.Millisecond))
		} else if !errors.Is(ctx.Err(), context.Canceled) {
			log.Warn("security list failed", "market", market, "category", category, "err", err)
		}
		if errors.Is(ctx.Err(), context.Canceled) {
			return // replaced by a newer load, or the window closed
		}
		t.ui.do(func() {
			if gen == t.loadGen {
				t.onLoaded(d, err)
			}
		})
	}()
}

func (t *securitiesTab) onLoaded(d *securityData, err error) {
	t.loading = false
	if reached, known := reachedLongPort(err); known {
		t.ui.status.setReachable(reached)
	}
	if err != nil {
		t.failed = err
		// Only a lost sign-in asks for a new one; a session that is backing
		// off (an *oauth.RenewError) renews by itself, and the tab says when.
		if errors.Is(err, oauth.ErrSignInRequired) {
			t.ui.onSignInNeeded(t.ui.sessionReason())
		}
		t.showState()
		return
	}
	t.ui.restoredFromFlag = false // the session works
	if d.query != t.filter.Text {
		d.SetFilter(t.filter.Text)
	}
	t.data = d
	t.showFromTop()
}

// showFromTop shows the rows of t.data from the first, with no selection.
func (t *securitiesTab) showFromTop() {
	t.table.UnselectAll()
	t.selected = -1
	t.copyButton.Disable()
	t.table.Refresh()
	t.table.ScrollToTop()
	t.showState()
}

// clear forgets the rows, as after signing out.
func (t *securitiesTab) clear() {
	if t.cancelLoad != nil {
		t.cancelLoad()
	}
	t.loadGen++
	t.loading, t.failed = false, nil
	t.data = newSecurityData(nil, -1, false, "")
	t.showFromTop()
}

// showState makes the loading, empty and error states visible: the table
// is never blank without a word.
func (t *securitiesTab) showState() {
	total, shown := len(t.data.rows), len(t.data.shown)
	t.count.SetText(countText(shown, total))
	if total == 0 {
		t.count.SetText("")
	}
	if t.loading && total > 0 {
		t.busy.Show()
		t.busy.Start()
	} else {
		t.busy.Stop()
		t.busy.Hide()
	}
	t.exportButton.Disable()
	if shown > 0 {
		t.exportButton.Enable()
	}

	message := ""
	if t.failed != nil {
		message = quoteErrorText(t.failed, t.ui.cfg.Clock.Now(), t.ui.cfg.LogPath)
	}
	if message != "" && total > 0 {
		t.errorText.SetText(message + " " + lang.X("securities.stale", "The list below is from the last successful load."))
		t.errorBar.Show()
	} else {
		t.errorBar.Hide()
	}

	t.placeBusy.Stop()
	t.placeBusy.Hide()
	t.placeRetry.Hide()
	switch {
	case t.loading && total == 0:
		t.placeText.SetText(lang.X("securities.loading", "Loading securities…"))
		t.placeBusy.Show()
		t.placeBusy.Start()
	case message != "" && total == 0:
		t.placeText.SetText(message)
		t.placeRetry.Show()
	case t.ui.quote == nil && total == 0:
		t.placeText.SetText(lang.X("securities.signed_out", "Sign in to see securities."))
	case total == 0:
		t.placeText.SetText(lang.X("securities.empty", "No securities in this category."))
	case shown == 0:
		t.placeText.SetText(lang.X("securities.no_match", "No securities match “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(t.data.query)}))
	default:
		t.placeholder.Hide()
		return
	}
	t.placeholder.Show()
}

func (t *securitiesTab) onFilterChanged(text string) {
	if t.filterTimer != nil {
		t.filterTimer.Stop()
	}
	t.filterTimer = time.AfterFunc(filterDelay, func() {
		t.ui.do(func() {
			if t.filter.Text == text { // else a newer timer is on its way
				t.applyFilter(text)
			}
		})
	})
}

func (t *securitiesTab) applyFilter(text string) {
	if text == t.data.query {
		return
	}
	t.data.SetFilter(text)
	t.showFromTop()
}

func (t *securitiesTab) onParamsChanged() {
	if t.paramTimer != nil {
		t.paramTimer.Stop()
	}
	market, category := t.market.Text, t.category.Text
	t.paramTimer = time.AfterFunc(paramDelay, func() {
		t.ui.do(func() {
			if t.market.Text == market && t.category.Text == category {
				t.load()
			}
		})
	})
}

// onSort sorts off the UI goroutine: 100,000 rows take tens of milliseconds.
func (t *securitiesTab) onSort(col int) {
	d := t.data
	col, desc := d.nextSort(col)
	rows := d.rows
	t.sortGen++
	gen := t.sortGen
	go func() {
		order := sortRows(rows, col, desc)
		t.ui.do(func() {
			if t.data != d || gen != t.sortGen {
				return // new data or a newer click
			}
			d.setOrder(col, desc, order)
			t.table.UnselectAll()
			t.selected = -1
			t.copyButton.Disable()
			t.table.Refresh()
		})
	}()
}

func (t *securitiesTab) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(t.data.shown) {
		return
	}
	t.selected = id.Row
	t.copyButton.Enable()
}

// onCopy puts the selected row on the clipboard, tab-separated so that it
// pastes into a spreadsheet as one row.
func (t *securitiesTab) onCopy() {
	if t.selected < 0 || t.selected >= len(t.data.shown) {
		return
	}
	t.ui.app.Clipboard().SetContent(strings.Join(cells(t.data.Row(t.selected)), "\t"))
	t.ui.status.flash(lang.X("securities.copied", "Copied {{.Symbol}}.", map[string]any{"Symbol": t.data.Row(t.selected).Symbol}))
}

func (t *securitiesTab) onExport() {
	rows := t.data.Shown()
	name := fmt.Sprintf("securities-%s-%s.csv", strings.TrimSpace(t.market.Text), strings.TrimSpace(t.category.Text))
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			t.ui.log.Warn("file dialog failed", "err", err)
			dialog.ShowError(errors.New(lang.X("export.choose_failed", "The file could not be chosen.")), t.ui.win)
			return
		}
		if w == nil {
			return // cancelled
		}
		go t.export(w, rows)
	}, t.ui.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

// export writes the rows off the UI goroutine.
func (t *securitiesTab) export(w fyne.URIWriteCloser, rows []quote.Security) {
	err := writeCSV(w, rows)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	t.ui.do(func() {
		if err != nil {
			t.ui.log.Error("export failed", "file", w.URI().String(), "err", err)
			dialog.ShowError(errors.New(lang.X("export.failed", "Could not save {{.File}}; {{.Log}}.", map[string]any{"File": w.URI().Name(), "Log": logText(t.ui.cfg.LogPath)})), t.ui.win)
			return
		}
		t.ui.status.flash(plural("export.saved", len(rows), "Saved 1 row to {{.File}}.", "Saved {{.N}} rows to {{.File}}.",
			map[string]any{"N": thousands(len(rows)), "File": w.URI().Name()}))
	})
}
