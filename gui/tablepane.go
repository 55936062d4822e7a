package gui

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
)

// Filter debounce: a search starts once typing pauses this long.
const filterDelay = 150 * time.Millisecond

// tableSpec is what a view says about one of its tables; tablePane does the
// rest, the same way for every view.
type tableSpec[R any] struct {
	key  string // stable, unique among the app's tables: preferences
	cols []column[R]
	// fetch loads the rows; progress, if called, says what it is doing
	// ("Loading orders: 3 of 5 windows"), with a function that words it on
	// the UI goroutine. fetch runs off the UI goroutine.
	fetch func(ctx context.Context, c *clients, progress func(text func() string)) ([]R, error)
	// scope is the OAuth scope the rows need, "" if none.
	scope string
	// sort is the order until the user picks one: a column's key and "asc"
	// or "desc" ("submitted_at desc": newest first); "" the server's.
	sort string
	// label names the rows a load asks for, taken on the UI goroutine when
	// the load starts ("US · Overnight", "2026-09-01 to 2026-11-30"): the
	// count, the error strip and the file name use it, so they always say
	// which rows are on screen. nil: none.
	label func() string
	// file is the CSV file name for a label, without ".csv".
	file func(label string) string
	// symbol is a row's symbol, for "Copy symbol"; nil: no such item.
	symbol func(*R) string
	// count says how many rows there are: "12 orders".
	count func(n int) string
	// Words for the states: loading, and no rows at all.
	loading, empty func() string
	// reload, if set, is what Reload, Retry and Try again do instead of
	// loading this pane alone: a pane whose data another pane shares
	// reloads its whole view, so the shared request is sent again.
	reload func()
	// onSelect, if set, is called with the row the selection moved to, or
	// nil when nothing is selected.
	onSelect func(*R)
	// live follows the rows' symbols on the quote socket while they are
	// shown and redraws the live columns as quotes change; onLive, if set,
	// runs after each change (totals). See live.go.
	live   bool
	onLive func(rows []R)
}

// tablePane is a table with its toolbar (the view's own widgets, a filter,
// the row count, Reload, Copy, Export CSV) and its states (loading, empty,
// error with Retry, and an error strip above rows that stay on screen).
type tablePane[R any] struct {
	ui   *UI
	spec tableSpec[R]
	data *tableData[R]
	ld   loader

	filter       *widget.Entry
	count        *widget.Label
	busy         *widget.Activity
	reloadButton *widget.Button
	copyButton   *widget.Button
	exportButton *widget.Button
	table        *dataTable

	errorText   *widget.Label
	errorBar    *fyne.Container
	placeText   *widget.Label
	placeBusy   *widget.Activity
	placeRetry  *widget.Button
	placeSignIn *widget.Button
	placeholder *fyne.Container

	// What is selected: a cell (Copy copies it), or rows (Copy copies them
	// with a header). Rows are indexes into data.rows, so that a sort or a
	// filter keeps them.
	cell    *widget.TableCellID
	rows    map[int32]bool
	anchor  int // the shown row a Shift-click extends from
	hasLoad bool

	loading     bool
	failed      error
	rowsLabel   string // the label of the rows on screen
	wantLabel   string // the label of the load under way or that failed
	progress    string
	sortWant    sortState // the order the user chose last: what loads and sorts aim at
	reqs        []string  // the URLs the last finished load asked for
	sortGen     int
	filterTimer *time.Timer
	live        paneLive

	content fyne.CanvasObject
}

// newTablePane builds the pane, empty until load is called; extra goes at
// the left of the toolbar.
func newTablePane[R any](u *UI, spec tableSpec[R], extra fyne.CanvasObject) *tablePane[R] {
	p := &tablePane[R]{ui: u, spec: spec, anchor: -1, ld: loader{ui: u, name: spec.key}}
	p.sortWant = p.savedSort()
	p.data = newTableData(spec.cols, nil, p.sortWant, u.cfg.Prefs.String(p.pref("filter")), u.lang.Tag)

	p.filter = &widget.Entry{PlaceHolder: lang.X("table.filter", "Filter (Ctrl+F)"), Text: p.data.query}
	clearFilter := &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: func() { p.clearFilter() }}
	p.filter.ActionItem = clearFilter
	p.filter.ExtendBaseWidget(p.filter)
	p.filter.OnChanged = p.onFilterChanged

	p.count = widget.NewLabel("")
	p.busy = widget.NewActivity()
	p.busy.Hide()
	p.reloadButton = &widget.Button{Text: lang.X("securities.reload", "Reload"), Icon: theme.ViewRefreshIcon(), OnTapped: p.reload}
	p.copyButton = &widget.Button{Text: lang.X("securities.copy", "Copy"), Icon: theme.ContentCopyIcon(), OnTapped: p.copy}
	p.copyButton.Disable()
	p.exportButton = &widget.Button{Text: lang.X("securities.export", "Export CSV"), Icon: theme.DocumentSaveIcon(), OnTapped: p.onExport}
	p.exportButton.Disable()

	p.table = newDataTable()
	p.table.Length = func() (int, int) { return len(p.data.shown), len(p.spec.cols) }
	p.table.CreateCell = func() fyne.CanvasObject {
		c := newTableCell()
		c.onSecondary = p.onSecondary
		c.onTapped, c.onDoubleTapped = p.onCellTapped, p.onOpen
		p.addCell(c)
		return c
	}
	p.table.UpdateCell = p.updateCell
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject {
		return &widget.Button{Alignment: widget.ButtonAlignLeading, IconPlacement: widget.ButtonIconTrailingText, Importance: widget.LowImportance}
	}
	p.table.UpdateHeader = p.updateHeader
	p.table.OnSelected = p.onSelected
	p.table.onKey = p.onKey
	p.table.onColumnsResized = p.saveWidths
	widths := p.savedWidths()
	for i, c := range spec.cols {
		w := c.width
		if saved, ok := widths[c.key]; ok {
			w = saved
		}
		p.table.SetColumnWidth(i, w)
	}
	wheel := newWheelOverlay(p.table, func() float32 { return newTableCell().MinSize().Height + theme.Padding() })

	p.errorText = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.errorBar = container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()),
		&widget.Button{Text: lang.X("securities.retry", "Retry"), OnTapped: p.reload, Importance: widget.LowImportance}, p.errorText)
	p.errorBar.Hide()

	p.placeText = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	p.placeBusy = widget.NewActivity()
	p.placeRetry = &widget.Button{Text: lang.X("action.try_again", "Try again"), Icon: theme.ViewRefreshIcon(), OnTapped: p.reload}
	p.placeSignIn = &widget.Button{Text: lang.X("table.grant", "Sign in again and allow it"), Icon: theme.LoginIcon(), Importance: widget.HighImportance,
		OnTapped: func() { u.onSignInForScope(p.spec.scope) }}
	p.placeholder = container.NewCenter(container.NewVBox(
		container.NewCenter(p.placeBusy), container.NewGridWrap(fyne.NewSize(460, p.placeText.MinSize().Height), p.placeText),
		container.NewCenter(container.NewHBox(p.placeRetry, p.placeSignIn))))
	p.placeholder.Hide()

	left := extra
	if left == nil {
		left = container.NewHBox()
	}
	toolbar := container.New(&toolbarLayout{relayout: func() {
		if p.content != nil {
			p.content.Refresh()
		}
	}}, left, p.filter, container.NewHBox(p.busy, p.count, p.reloadButton, p.copyButton, p.exportButton))
	p.content = container.NewBorder(container.NewVBox(toolbar, p.errorBar), nil, nil, nil,
		container.NewStack(p.table, wheel, p.placeholder))
	p.showState()
	return p
}

func (p *tablePane[R]) pref(name string) string { return "view." + p.spec.key + "." + name }

// savedSort is the order the user chose last time, by column key.
func (p *tablePane[R]) savedSort() sortState {
	saved := p.ui.cfg.Prefs.String(p.pref("sort"))
	if saved == "" {
		saved = p.spec.sort
	}
	key, dir, _ := strings.Cut(saved, " ")
	for i, c := range p.spec.cols {
		if c.key == key && key != "" {
			return sortState{col: i, desc: dir == "desc"}
		}
	}
	return sortState{col: -1}
}

func (p *tablePane[R]) saveSort(s sortState) {
	if s.col < 0 && p.spec.sort == "" {
		p.ui.cfg.Prefs.RemoveValue(p.pref("sort"))
		return
	}
	if s.col < 0 {
		p.ui.cfg.Prefs.SetString(p.pref("sort"), "none") // the server's order, not the default
		return
	}
	dir := "asc"
	if s.desc {
		dir = "desc"
	}
	p.ui.cfg.Prefs.SetString(p.pref("sort"), p.spec.cols[s.col].key+" "+dir)
}

// savedWidths are the column widths the user dragged to, by column key.
func (p *tablePane[R]) savedWidths() map[string]float32 {
	out := map[string]float32{}
	for _, kv := range strings.Fields(p.ui.cfg.Prefs.String(p.pref("widths"))) {
		k, v, _ := strings.Cut(kv, "=")
		if w, err := strconv.ParseFloat(v, 32); err == nil && w >= 20 && w <= 4000 {
			out[k] = float32(w)
		}
	}
	return out
}

func (p *tablePane[R]) saveWidths() {
	widths := tableColumnWidths(&p.table.Table)
	var parts []string
	for i, c := range p.spec.cols {
		if w, ok := widths[i]; ok && w != c.width {
			parts = append(parts, c.key+"="+strconv.FormatFloat(float64(w), 'f', 0, 32))
		}
	}
	p.ui.cfg.Prefs.SetString(p.pref("widths"), strings.Join(parts, " "))
}

func (p *tablePane[R]) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 || id.Col >= len(p.spec.cols) {
		b.SetText("")
		return
	}
	col := id.Col
	b.Text = p.spec.cols[col].title()
	b.Icon = nil
	if p.data.sort.col == col {
		// The arrow points up for ascending, as in every desktop table.
		b.Icon = theme.MenuDropUpIcon()
		if p.data.sort.desc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	b.OnTapped = func() { p.onSort(col) }
	b.Refresh()
}

func (p *tablePane[R]) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*tableCell)
	c.col, c.redUp = id.Col, p.ui.live.redUp
	if id.Row < 0 || id.Row >= len(p.data.shown) || id.Col < 0 || id.Col >= len(p.spec.cols) {
		c.show(-1, "", fyne.TextAlignLeading, toneNormal, false)
		return
	}
	col := &p.spec.cols[id.Col]
	r := p.data.Row(id.Row)
	tone := toneNormal
	if col.tone != nil {
		tone = col.tone(r)
	}
	c.show(id.Row, col.text(r), col.align, tone, p.rows[p.data.shown[id.Row]])
}

// load fetches the rows, replacing a load under way. The rows on screen
// stay until the new ones arrive.
func (p *tablePane[R]) load() {
	if p.spec.scope != "" && !p.ui.clients.grantedScope(p.spec.scope) {
		p.hasLoad = true
		p.failed = errScopeMissing
		p.showState()
		return
	}
	label := ""
	if p.spec.label != nil {
		label = p.spec.label()
	}
	p.wantLabel = label
	var gen int // this load's, set once it started; on the UI goroutine
	progress := func(text func() string) {
		p.ui.do(func() {
			if p.loading && p.ld.gen == gen { // not a load a newer one replaced
				p.progress = text()
				p.showState()
			}
		})
	}
	s, query, lang := p.sortWant, p.filter.Text, p.ui.lang.Tag
	var mu sync.Mutex
	var reqs []string
	record := func(_, url string) {
		mu.Lock()
		reqs = append(reqs, url)
		mu.Unlock()
	}
	started := p.ld.start(func(ctx context.Context, c *clients) (any, error) {
		rows, err := p.spec.fetch(api.WithRecorder(ctx, record), c, progress)
		if err != nil {
			return nil, err
		}
		return newTableData(p.spec.cols, rows, s, query, lang), nil
	}, func(v any, err error) {
		mu.Lock()
		p.reqs = slices.Clone(reqs)
		mu.Unlock()
		p.loading, p.progress = false, ""
		if err != nil {
			p.failed = err
			p.showState()
			return
		}
		// The label of the load, which its fetch may have made precise
		// (the watchlist learns its group names from the answer).
		p.install(v.(*tableData[R]), p.wantLabel)
	})
	if !started {
		return
	}
	gen = p.ld.gen
	p.hasLoad = true
	p.loading, p.failed = true, nil
	p.showState()
}

// install shows the rows of a finished load, labelled label, in the order
// the user chose meanwhile if they clicked a header while it loaded.
func (p *tablePane[R]) install(d *tableData[R], label string) {
	if d.query != p.filter.Text {
		d.SetFilter(p.filter.Text)
	}
	p.data, p.rowsLabel, p.failed = d, label, nil
	p.showFromTop()
	p.followLive()
	if d.sort != p.sortWant {
		p.sortTo(p.sortWant) // the user clicked a header while it loaded
	}
}

// reload is Reload, Retry and Try again: the pane's load, or its spec's.
func (p *tablePane[R]) reload() {
	if p.spec.reload != nil {
		p.spec.reload()
		return
	}
	p.load()
}

// setRows shows rows that need no request (another group of a list that
// was loaded whole), labelled label.
func (p *tablePane[R]) setRows(rows []R, label string) {
	p.ld.stop()
	p.loading, p.failed, p.progress = false, nil, ""
	p.wantLabel = label
	p.install(newTableData(p.spec.cols, rows, p.sortWant, p.filter.Text, p.ui.lang.Tag), label)
}

// errScopeMissing is a load the session's grant does not allow.
var errScopeMissing = errors.New("the sign-in was not granted the permission this view needs")

func (p *tablePane[R]) loaded() bool { return p.hasLoad }

func (p *tablePane[R]) requests() []string { return p.reqs }

// invalidate stops the load under way and marks the pane not loaded; the
// rows on screen stay until a load with the new session replaces them.
func (p *tablePane[R]) invalidate() {
	p.ld.stop()
	p.loading, p.hasLoad, p.progress = false, false, ""
	p.showState()
}

// refresh shows the pane's state again, after something around it changed
// (the banner).
func (p *tablePane[R]) refresh() { p.showState() }

// clear forgets the rows, as after signing out.
func (p *tablePane[R]) clear() {
	p.ld.stop()
	p.loading, p.failed, p.hasLoad, p.progress = false, nil, false, ""
	p.rowsLabel, p.wantLabel = "", ""
	p.data = newTableData(p.spec.cols, nil, p.sortWant, p.data.query, p.ui.lang.Tag)
	p.showFromTop()
	p.followLive()
}

// showFromTop shows the rows of p.data from the first, with no selection.
func (p *tablePane[R]) showFromTop() {
	p.unselect()
	p.table.Refresh()
	p.table.ScrollToTop()
	p.showState()
}

func (p *tablePane[R]) unselect() {
	hadRows := len(p.rows) > 0
	p.cell, p.rows, p.anchor = nil, nil, -1
	p.table.UnselectAll()
	p.copyButton.Disable()
	if hadRows {
		p.table.Refresh()
	}
	if p.spec.onSelect != nil {
		p.spec.onSelect(nil)
	}
}

// showState makes the loading, empty and error states visible: the table
// is never blank without a word.
func (p *tablePane[R]) showState() {
	total, shown := len(p.data.rows), len(p.data.shown)
	count := ""
	if total > 0 {
		count = p.spec.count(total)
		if shown != total {
			count = countText(shown, total)
		}
		if p.rowsLabel != "" {
			count = p.rowsLabel + " · " + count
		}
	}
	p.count.SetText(count)
	if p.loading && total > 0 {
		p.busy.Show()
		p.busy.Start()
	} else {
		p.busy.Stop()
		p.busy.Hide()
	}
	if shown > 0 {
		p.exportButton.Enable()
	} else {
		p.exportButton.Disable()
	}
	if p.ui.clients == nil {
		p.reloadButton.Disable()
	} else {
		p.reloadButton.Enable()
	}

	message := ""
	switch {
	case errors.Is(p.failed, errScopeMissing) && !p.ui.clients.offersScope(p.spec.scope):
		message = lang.X("table.scope_not_offered", "This server does not offer {{.Access}} access, so Portview cannot show this here. The other views show what it does offer.",
			map[string]any{"Access": scopeAccess(p.spec.scope)})
	case errors.Is(p.failed, errScopeMissing):
		message = lang.X("table.no_scope", "Portview was not allowed to read this when you signed in.")
	case p.failed != nil:
		message = quoteErrorText(p.failed, p.ui.cfg.Clock.Now(), p.ui.cfg.LogPath)
	}
	strip := message
	if p.ui.banner.signIn && p.ui.banner.content.Visible() {
		strip = "" // the banner above says why, and what to do
	}
	switch {
	case strip == "":
		p.errorBar.Hide()
		if p.loading && p.progress != "" && total > 0 {
			p.errorText.SetText(p.progress)
			p.errorBar.Show()
		}
	case total > 0 && p.wantLabel != p.rowsLabel:
		p.errorText.SetText(message + " " + lang.X("table.stale_other", "Still showing {{.Label}}.", map[string]any{"Label": p.rowsLabel}))
		p.errorBar.Show()
	case total > 0:
		p.errorText.SetText(message + " " + lang.X("securities.stale", "The list below is from the last successful load."))
		p.errorBar.Show()
	default:
		p.errorBar.Hide()
	}

	p.placeBusy.Stop()
	p.placeBusy.Hide()
	p.placeRetry.Hide()
	p.placeSignIn.Hide()
	switch {
	case p.loading && total == 0:
		text := p.spec.loading()
		if p.progress != "" {
			text = p.progress
		}
		p.placeText.SetText(text)
		p.placeBusy.Show()
		p.placeBusy.Start()
	case errors.Is(p.failed, errScopeMissing) && total == 0:
		p.placeText.SetText(message)
		if p.ui.clients.offersScope(p.spec.scope) {
			p.placeSignIn.Show() // else no sign-in can help
		}
	case message != "" && total == 0:
		p.placeText.SetText(message)
		p.placeRetry.Show()
	case p.ui.clients == nil && total == 0:
		p.placeText.SetText(lang.X("table.signed_out", "Sign in to see this."))
	case total == 0:
		p.placeText.SetText(p.spec.empty())
	case shown == 0:
		p.placeText.SetText(lang.X("table.no_match", "Nothing matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(p.data.query)}))
	default:
		p.placeholder.Hide()
		return
	}
	p.placeholder.Show()
}

func (p *tablePane[R]) onFilterChanged(text string) {
	if p.filterTimer != nil {
		p.filterTimer.Stop()
	}
	p.filterTimer = time.AfterFunc(filterDelay, func() {
		p.ui.do(func() {
			if p.filter.Text == text { // else a newer timer is on its way
				p.applyFilter(text)
			}
		})
	})
}

func (p *tablePane[R]) applyFilter(text string) {
	p.ui.cfg.Prefs.SetString(p.pref("filter"), text)
	if text == p.data.query {
		return
	}
	p.data.SetFilter(text)
	p.showFromTop()
}

func (p *tablePane[R]) focusFilter() { p.ui.win.Canvas().Focus(p.filter) }

// clearFilter empties the filter (Escape, the box's clear button).
func (p *tablePane[R]) clearFilter() bool {
	if p.filter.Text == "" {
		return false
	}
	p.filter.SetText("")
	p.applyFilter("")
	return true
}

// onSort follows a click on col's header: ascending, descending, then the
// server's order.
func (p *tablePane[R]) onSort(col int) {
	p.sortWant = p.sortWant.next(col)
	p.saveSort(p.sortWant)
	p.sortTo(p.sortWant)
}

// sortTo sorts off the UI goroutine: 100,000 rows take tens of milliseconds.
func (p *tablePane[R]) sortTo(s sortState) {
	d := p.data
	p.sortGen++
	gen := p.sortGen
	cols, rows, lang := p.spec.cols, d.rows, p.ui.lang.Tag
	p.ui.loads.Add(1)
	go func() {
		defer p.ui.loads.Done()
		order := sortOrder(cols, rows, s, lang)
		p.ui.do(func() {
			if p.data != d || gen != p.sortGen {
				return // new data or a newer click
			}
			d.setOrder(s, order)
			p.showFromTop() // a new order starts at the top
		})
	}()
}

// onSelected follows a click (or a key) on a cell: a plain click selects
// the cell; Ctrl (Cmd) adds or removes its row; Shift selects the rows from
// the last one clicked.
func (p *tablePane[R]) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(p.data.shown) {
		return
	}
	mods := p.ui.modifiers()
	switch {
	case mods&fyne.KeyModifierShift != 0 && p.anchor >= 0:
		p.rows = map[int32]bool{}
		lo, hi := min(p.anchor, id.Row), max(p.anchor, id.Row)
		for i := lo; i <= hi; i++ {
			p.rows[p.data.shown[i]] = true
		}
		p.cell = nil
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		if p.rows == nil {
			p.rows = map[int32]bool{}
			if p.cell != nil {
				p.rows[p.data.shown[p.cell.Row]] = true
			}
		}
		r := p.data.shown[id.Row]
		if p.rows[r] {
			delete(p.rows, r)
		} else {
			p.rows[r] = true
		}
		p.cell = nil
		p.anchor = id.Row
	default:
		p.rows = nil
		p.cell = &id
		p.anchor = id.Row
	}
	p.table.Refresh()
	if p.cell != nil || len(p.rows) > 0 {
		p.copyButton.Enable()
	} else {
		p.copyButton.Disable()
	}
	if p.spec.onSelect != nil {
		p.spec.onSelect(p.data.Row(id.Row))
	}
}

// selected is the row the user last picked (the cell's, or the only one
// selected), nil when there is none.
func (p *tablePane[R]) selected() *R {
	switch rows := p.selectedShown(); {
	case p.cell != nil && p.cell.Row < len(p.data.shown):
		return p.data.Row(p.cell.Row)
	case len(rows) == 1:
		return p.data.Row(rows[0])
	}
	return nil
}

// onKey moves the selection with the arrow keys, Page Up/Down, Home and End.
func (p *tablePane[R]) onKey(ev *fyne.KeyEvent) bool {
	n := len(p.data.shown)
	if n == 0 {
		return false
	}
	cur := widget.TableCellID{Row: -1, Col: 0}
	if p.cell != nil {
		cur = *p.cell
	} else if p.anchor >= 0 {
		cur.Row = p.anchor
	}
	page := max(int(p.table.Size().Height/(newTableCell().MinSize().Height+theme.Padding()))-1, 1)
	next := cur
	switch ev.Name {
	case fyne.KeyDown:
		next.Row++
	case fyne.KeyUp:
		next.Row--
	case fyne.KeyPageDown:
		next.Row += page
	case fyne.KeyPageUp:
		next.Row -= page
	case fyne.KeyHome:
		next.Row = 0
	case fyne.KeyEnd:
		next.Row = n - 1
	case fyne.KeyLeft:
		next.Col--
	case fyne.KeyRight:
		next.Col++
	case fyne.KeyReturn, fyne.KeyEnter:
		if cur.Row < 0 || p.spec.symbol == nil {
			return false
		}
		p.onOpen(cur.Row, cur.Col)
		return true
	default:
		return false
	}
	next.Row = min(max(next.Row, 0), n-1)
	next.Col = min(max(next.Col, 0), len(p.spec.cols)-1)
	p.rows = nil
	p.table.Select(next) // calls onSelected, and scrolls to it
	if p.cell == nil || *p.cell != next {
		p.onSelected(next) // Select ignores the cell already selected
	}
	return true
}

// selectedShown returns the selected rows as indexes into shown, in order.
func (p *tablePane[R]) selectedShown() []int {
	var out []int
	for i, r := range p.data.shown {
		if p.rows[r] {
			out = append(out, i)
		}
	}
	return out
}

// copy puts on the clipboard what is highlighted: a cell's text, or the
// selected rows with a header, tab-separated so they paste into a
// spreadsheet.
func (p *tablePane[R]) copy() {
	var rows []int
	switch {
	case len(p.rows) > 0:
		rows = p.selectedShown()
	case p.cell != nil:
		rows = []int{p.cell.Row}
	default:
		return
	}
	p.ui.app.Clipboard().SetContent(p.data.tsv(rows))
	p.ui.status.flash(plural("table.copied_rows", len(rows), "Copied 1 row.", "Copied {{.N}} rows.", map[string]any{"N": len(rows)}))
}

// copyCell puts the clicked cell's text alone on the clipboard.
func (p *tablePane[R]) copyCell() {
	if p.cell == nil {
		return
	}
	p.ui.app.Clipboard().SetContent(p.data.cell(p.cell.Row, p.cell.Col))
	p.ui.status.flash(lang.X("table.copied", "Copied."))
}

// onCellTapped selects a cell as a tap on the table would.
func (p *tablePane[R]) onCellTapped(row, col int) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.table); c != nil {
		c.Focus(p.table)
	}
	p.table.Select(widget.TableCellID{Row: row, Col: col})
}

// onOpen opens the security of a shown row in its own window (detail.go),
// for a table whose rows have symbols.
func (p *tablePane[R]) onOpen(row, _ int) {
	if sym := p.rowSymbol(row); sym != "" {
		p.ui.openDetail(sym)
	}
}

// rowSymbol is the symbol of a shown row; "" for a table without symbols
// or a row without one (a cash flow of no security).
func (p *tablePane[R]) rowSymbol(row int) string {
	if p.spec.symbol == nil || row < 0 || row >= len(p.data.shown) {
		return ""
	}
	return p.spec.symbol(p.data.Row(row))
}

// onSecondary opens the right-click menu of a row: Copy, Copy symbol,
// Export CSV. A row outside the selection is selected first.
func (p *tablePane[R]) onSecondary(row int, pos fyne.Position) {
	if row >= len(p.data.shown) {
		return
	}
	if !p.rows[p.data.shown[row]] && (p.cell == nil || p.cell.Row != row) {
		id := widget.TableCellID{Row: row, Col: 0}
		p.rows = nil
		p.table.Select(id)
	}
	items := []*fyne.MenuItem{fyne.NewMenuItem(lang.X("table.copy_row", "Copy row"), p.copy)}
	if len(p.rows) > 1 {
		items[0].Label = lang.X("table.copy_rows", "Copy rows")
	}
	if p.cell != nil && p.cell.Row == row {
		items = append(items, fyne.NewMenuItem(lang.X("table.copy_cell", "Copy cell"), p.copyCell))
	}
	if sym := p.rowSymbol(row); sym != "" {
		items = append([]*fyne.MenuItem{fyne.NewMenuItem(lang.X("table.open", "Open chart: {{.Symbol}}", map[string]any{"Symbol": sym}), func() { p.ui.openDetail(sym) }),
			fyne.NewMenuItemSeparator()}, items...)
		items = append(items, fyne.NewMenuItem(lang.X("table.copy_symbol", "Copy symbol"), func() {
			p.ui.app.Clipboard().SetContent(sym)
			p.ui.status.flash(lang.X("securities.copied", "Copied {{.Symbol}}.", map[string]any{"Symbol": sym}))
		}))
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(lang.X("securities.export", "Export CSV"), p.onExport),
		fyne.NewMenuItem(lang.X("menu.copy_curl", "Copy as curl"), p.ui.onCopyCurl))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), p.ui.win.Canvas(), pos)
}

// exportName is the file name the export proposes, from the label of the
// rows on screen (not of a load that failed).
func (p *tablePane[R]) exportName() string {
	name := p.spec.key
	if p.spec.file != nil {
		name = p.spec.file(p.rowsLabel)
	}
	return safeFileName(name) + ".csv"
}

// onExport asks where to save the shown rows: a path the user may type
// (absolute, or in the folder of the last export) or browse to.
func (p *tablePane[R]) onExport() {
	rows := p.data.Shown()
	if len(rows) == 0 {
		return
	}
	cols := p.spec.cols
	showExportDialog(p.ui, p.exportName(), func(path string) error {
		return p.export(path, cols, rows)
	})
}

// export writes the rows to path off the UI goroutine and says where they
// went; errors come back to the dialog only when the path itself is wrong.
func (p *tablePane[R]) export(path string, cols []column[R], rows []R) error {
	go func() {
		err := writeCSVFile(path, func(w io.Writer) error { return writeCSV(w, cols, rows) })
		p.ui.do(func() {
			if err != nil {
				p.ui.log.Error("export failed", "file", path, "err", err)
				dialog.ShowError(errors.New(lang.X("export.failed_path", "Could not save {{.File}}: {{.Reason}}", map[string]any{"File": path, "Reason": fileErrorText(err)})), p.ui.win)
				return
			}
			p.ui.cfg.Prefs.SetString(prefExportFolder, filepath.Dir(path))
			p.ui.status.flash(plural("export.saved_in", len(rows), "Saved 1 row to {{.File}} in {{.Folder}}.", "Saved {{.N}} rows to {{.File}} in {{.Folder}}.",
				map[string]any{"N": thousands(len(rows)), "File": filepath.Base(path), "Folder": filepath.Dir(path)}))
		})
	}()
	return nil
}

// onSignInForScope starts a sign-in that asks for scope too, for a view that
// was not granted it.
func (u *UI) onSignInForScope(scope string) {
	if u.account == nil {
		u.showWizard("")
		return
	}
	scopes := u.account.Client().Scopes
	if !slices.Contains(scopes, scope) {
		scopes = append(slices.Clone(scopes), scope)
	}
	u.signIn(u.account, oauth.SignInOptions{Scopes: scopes}, func() {
		u.leavePages()
		u.show(u.mainView)
		if u.session != nil {
			u.onState(u.session.State())
		}
	})
}

// safeFileName keeps a proposed file name to characters every system takes.
func safeFileName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ':
			return '-'
		}
		if r < 32 {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return strings.Trim(s, "-")
}
