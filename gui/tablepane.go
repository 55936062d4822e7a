package gui

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/gui/table"
	"github.com/portview/portview/oauth"
)

// Filter debounce: a search starts once typing pauses this long.
const filterDelay = 150 * time.Millisecond

// tableSpec is what a view says about one of its tables; tablePane does the
// rest, the same way for every view, and gui/table the table itself.
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
	// frozen is the key of the last column that stays put while the table
	// scrolls sideways; "": the first.
	frozen string
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
	// totals, if set, are the lines of a footer under the rows, worked out
	// again as the rows and their prices change.
	totals func(rows []R) []table.Total
}

// tablePane is a table with its toolbar (the view's own widgets, a filter,
// the row count, Reload, Copy, Export CSV) and its states (loading, empty,
// error with Retry, and an error strip above rows that stay on screen).
type tablePane[R any] struct {
	ui   *UI
	spec tableSpec[R]
	tbl  *table.Table[R]
	ld   loader

	filter       *widget.Entry
	count        *widget.Label
	busy         *widget.Activity
	reloadButton *widget.Button
	copyButton   *widget.Button
	exportButton *widget.Button

	errorText   *widget.Label
	errorBar    *fyne.Container
	placeText   *widget.Label
	placeBusy   *widget.Activity
	placeRetry  *widget.Button
	placeSignIn *widget.Button
	placeholder *fyne.Container

	hasLoad     bool
	loading     bool
	failed      error
	rowsLabel   string // the label of the rows on screen
	wantLabel   string // the label of the load under way or that failed
	progress    string
	reqs        []string // the URLs the last finished load asked for
	filterTimer *time.Timer

	content fyne.CanvasObject
}

// newTablePane builds the pane, empty until load is called; extra goes at
// the left of the toolbar.
func newTablePane[R any](u *UI, spec tableSpec[R], extra fyne.CanvasObject) *tablePane[R] {
	p := &tablePane[R]{ui: u, spec: spec, ld: loader{ui: u, name: spec.key}}
	p.copyButton = &widget.Button{Text: lang.X("securities.copy", "Copy"), Icon: theme.ContentCopyIcon(), OnTapped: p.copy}
	p.copyButton.Disable()
	cfg := table.Config[R]{
		Key: spec.key, Columns: spec.cols, Prefs: u.cfg.Prefs, Sort: spec.sort, Frozen: spec.frozen, Lang: u.lang.Tag,
		Symbol: spec.symbol, Open: u.openDetail,
		Copied: func(text, note string) {
			u.app.Clipboard().SetContent(text)
			u.status.flash(note)
		},
		Menu: func() []*fyne.MenuItem {
			return []*fyne.MenuItem{fyne.NewMenuItem(lang.X("securities.export", "Export CSV"), p.onExport),
				fyne.NewMenuItem(lang.X("menu.copy_curl", "Copy as curl"), u.onCopyCurl)}
		},
		OnSelect: func(r *R) {
			if p.tbl != nil && p.tbl.HasSelection() {
				p.copyButton.Enable()
			} else {
				p.copyButton.Disable()
			}
			if spec.onSelect != nil {
				spec.onSelect(r)
			}
		},
		Modifiers: u.modifiers,
		RedUp:     func() bool { return u.live.redUp },
		Async: func(work, done func()) {
			u.loads.Add(1)
			go func() {
				defer u.loads.Done()
				work()
				u.do(done)
			}()
		},
		Totals: spec.totals,
	}
	p.tbl = table.New(cfg)
	p.tbl.Data().SetFilter(u.cfg.Prefs.String(p.pref("filter")))

	p.filter = &widget.Entry{PlaceHolder: lang.X("table.filter", "Filter (Ctrl+F)"), Text: p.tbl.Data().Query()}
	clearFilter := &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: func() { p.clearFilter() }}
	p.filter.ActionItem = clearFilter
	p.filter.ExtendBaseWidget(p.filter)
	p.filter.OnChanged = p.onFilterChanged

	p.count = widget.NewLabel("")
	p.busy = widget.NewActivity()
	p.busy.Hide()
	p.reloadButton = &widget.Button{Text: lang.X("securities.reload", "Reload"), Icon: theme.ViewRefreshIcon(), OnTapped: p.reload}
	p.exportButton = &widget.Button{Text: lang.X("securities.export", "Export CSV"), Icon: theme.DocumentSaveIcon(), OnTapped: p.onExport}
	p.exportButton.Disable()

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
		container.NewStack(p.tbl.Object(), p.placeholder))
	p.showState()
	return p
}

func (p *tablePane[R]) pref(name string) string { return "view." + p.spec.key + "." + name }

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
	s, query, lang := p.tbl.SortWant(), p.filter.Text, p.ui.lang.Tag
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
		return table.NewData(p.spec.cols, rows, s, query, lang), nil
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
		p.install(v.(*table.Data[R]), p.wantLabel)
	})
	if !started {
		return
	}
	gen = p.ld.gen
	p.hasLoad = true
	p.loading, p.failed = true, nil
	p.showState()
}

// install shows the rows of a finished load, labelled label.
func (p *tablePane[R]) install(d *table.Data[R], label string) {
	if d.Query() != p.filter.Text {
		d.SetFilter(p.filter.Text)
	}
	p.rowsLabel, p.failed = label, nil
	p.tbl.SetData(d)
	p.showState()
	p.followLive()
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
	p.install(table.NewData(p.spec.cols, rows, p.tbl.SortWant(), p.filter.Text, p.ui.lang.Tag), label)
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
	p.tbl.SetData(table.NewData(p.spec.cols, nil, p.tbl.SortWant(), p.tbl.Data().Query(), p.ui.lang.Tag))
	p.showState()
	p.followLive()
}

// showState makes the loading, empty and error states visible: the table
// is never blank without a word.
func (p *tablePane[R]) showState() {
	d := p.tbl.Data()
	total, shown := len(d.Rows()), d.Len()
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
		p.placeText.SetText(lang.X("table.no_match", "Nothing matches “{{.Query}}”.", map[string]any{"Query": strings.TrimSpace(d.Query())}))
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
	if text == p.tbl.Data().Query() {
		return
	}
	p.tbl.SetFilter(text)
	p.showState()
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

// selected is the row the user last picked, nil when there is none.
func (p *tablePane[R]) selected() *R { return p.tbl.Selected() }

// copy puts on the clipboard what is highlighted: the selected rows with a
// header, tab-separated so they paste into a spreadsheet.
func (p *tablePane[R]) copy() { p.tbl.Copy() }

// exportName is the file name the export proposes, from the label of the
// rows on screen (not of a load that failed).
func (p *tablePane[R]) exportName() string {
	name := p.spec.key
	if p.spec.file != nil {
		name = p.spec.file(p.rowsLabel)
	}
	return safeFileName(name) + ".csv"
}

// onExport asks where to save the shown rows, in the columns shown: a path
// the user may type (absolute, or in the folder of the last export) or
// browse to.
func (p *tablePane[R]) onExport() {
	rows := p.tbl.Data().Shown()
	if len(rows) == 0 {
		return
	}
	cols := p.tbl.ExportColumns()
	showExportDialog(p.ui, p.exportName(), func(path string) error {
		return p.export(path, cols, rows)
	})
}

// export writes the rows to path off the UI goroutine and says where they
// went; errors come back to the dialog only when the path itself is wrong.
func (p *tablePane[R]) export(path string, cols []column[R], rows []R) error {
	go func() {
		err := table.WriteFile(path, func(w io.Writer) error { return table.WriteCSV(w, cols, rows) })
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

// keyModifiers reports the modifier keys held now, for Shift- and
// Ctrl-click; the test driver has none.
func keyModifiers() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}
