package gui

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/quote/symbolsearch"
)

// goToSymbolShortcut is Ctrl+K (Cmd+K on macOS), as in an editor's or a
// terminal's "go to" box.
var goToSymbolShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}

const (
	// gotoResults is how many matches the box lists: a screenful.
	gotoResults = 50
	// gotoProbeDelay: a typed code is looked up on LongPort once typing
	// pauses this long, so that "TSLA" asks once, not for T, TS and TSL.
	gotoProbeDelay = 250 * time.Millisecond
)

// listLanguages are the languages the security list is fetched in: it
// names a security only in the Accept-Language asked for.
var listLanguages = []string{"en", "zh-CN", "zh-HK"}

// symbolFinder is what "Go to symbol" knows of a session's securities:
// LongPort's security list in the three languages, fetched once in the
// background, and every security seen in the session with its static
// info's names. On the UI goroutine, but for the index.
type symbolFinder struct {
	index *symbolsearch.Index
	owner *clients // the session the index is for
	// listing counts the security lists on their way; listErr is why the
	// last one failed.
	listing int
	listErr error
	asked   map[string]bool // symbols whose static info was asked for
	// onChange is the box's, told when the index grew.
	onChange func()
}

// finderFor returns the finder of the session, starting its loads the
// first time: a new session starts afresh.
func (u *UI) finderFor(c *clients) *symbolFinder {
	if u.finder == nil || u.finder.owner != c {
		u.finder = &symbolFinder{index: &symbolsearch.Index{}, owner: c, asked: map[string]bool{}}
		u.finder.loadLists(u)
	}
	u.finder.learn(u, u.knownSymbols())
	return u.finder
}

// knownSymbols are the symbols the session shows: every table's and
// window's live quotes.
func (u *UI) knownSymbols() []string {
	syms := slices.Collect(maps.Keys(u.live.refs))
	for s := range u.details {
		syms = append(syms, s)
	}
	return normalizeSymbols(syms)
}

// loadLists fetches the security list in each language at once.
func (f *symbolFinder) loadLists(u *UI) {
	c := f.owner
	for _, language := range listLanguages {
		f.listing++
		u.loads.Add(1)
		go func() {
			defer u.loads.Done()
			ctx, cancel := context.WithTimeout(u.ctx, u.cfg.loadTimeout)
			defer cancel()
			rows, err := c.quote.GetSecurityList(api.WithLanguage(ctx, language), quote.MarketUS, quote.CategoryOvernight)
			entries := make([]symbolsearch.Entry, len(rows))
			for i, r := range rows {
				entries[i] = symbolsearch.Entry{Symbol: r.Symbol, NameEN: r.NameEN, NameCN: r.NameCN, NameHK: r.NameHK}
			}
			f.index.Add(entries...) // off the UI goroutine: a search goes on meanwhile
			u.do(func() {
				f.listing--
				if err != nil {
					u.log.Warn("the security list for Go to symbol did not load", "language", language, "err", err)
					f.listErr = err
				}
				f.changed()
			})
		}()
	}
}

// learn asks LongPort the names of the symbols not yet known.
func (f *symbolFinder) learn(u *UI, symbols []string) {
	var ask []string
	for _, s := range symbols {
		if _, ok := f.index.Lookup(s); !ok && !f.asked[s] {
			f.asked[s] = true
			ask = append(ask, s)
		}
	}
	if len(ask) == 0 || f.owner.socket == nil {
		return
	}
	sock := f.owner.socket
	u.loads.Add(1)
	go func() {
		defer u.loads.Done()
		ctx, cancel := context.WithTimeout(u.ctx, u.cfg.loadTimeout)
		defer cancel()
		for chunk := range slices.Chunk(ask, 500) {
			info, err := sock.StaticInfo(ctx, chunk)
			if err != nil {
				u.log.Warn("names for Go to symbol", "err", err)
				return
			}
			f.index.Found(chunk, staticEntries(info))
		}
		u.do(f.changed)
	}()
}

func (f *symbolFinder) changed() {
	if f.onChange != nil {
		f.onChange()
	}
}

// staticEntries are static info's answers as the index's entries.
func staticEntries(info []socket.StaticInfo) []symbolsearch.Entry {
	out := make([]symbolsearch.Entry, len(info))
	for i, s := range info {
		out[i] = symbolsearch.Entry{Symbol: s.Symbol, NameEN: s.NameEN, NameCN: s.NameCN, NameHK: s.NameHK}
	}
	return out
}

// entryName is the entry's name in the UI's language, else in another:
// the security list leaves some names out.
func entryName(e symbolsearch.Entry, langCode string) string {
	return cmp.Or(localName(socket.StaticInfo{NameEN: e.NameEN, NameCN: e.NameCN, NameHK: e.NameHK}, langCode), e.NameEN, e.NameCN, e.NameHK)
}

// knownName is symbol's name in the UI's language, if "Go to symbol" knows it.
func (u *UI) knownName(symbol string) string {
	if u.finder == nil {
		return ""
	}
	e, _ := u.finder.index.Lookup(symbol)
	return entryName(e, u.lang.Code)
}

// securityTitle is a security window's title: its symbol and its name.
func securityTitle(symbol, name string) string {
	if name == "" || name == symbol {
		return lang.X("security.title", "{{.Symbol}} · Portview", map[string]any{"Symbol": symbol})
	}
	return lang.X("security.title_named", "{{.Symbol}} {{.Name}} · Portview", map[string]any{"Symbol": symbol, "Name": name})
}

// gotoBox is the "Go to symbol" box: an entry, and the matches of what is
// typed, best first, updated as the user types.
type gotoBox struct {
	u      *UI
	finder *symbolFinder
	pop    *widget.PopUp
	entry  *gotoEntry
	list   *widget.List
	note   *widget.Label

	query   string
	matches []symbolsearch.Match
	sel     int // the match chosen, -1 for none: the list's selection
	// probing is the typed code being looked up on LongPort (static info),
	// "" when none; openFound opens what it finds (Enter came first).
	probing   string
	probe     *time.Timer
	probeGen  int
	openFound bool
	// took is how long the last search of the index took, for the log
	// and the benchmark.
	took time.Duration
}

// addGoToSymbolKey makes Ctrl+K in another window, a security's, bring up
// the box over the main window too.
func (u *UI) addGoToSymbolKey(w fyne.Window) {
	w.Canvas().AddShortcut(goToSymbolShortcut, func(fyne.Shortcut) {
		u.win.RequestFocus()
		u.onGoToSymbol()
	})
}

// onGoToSymbol shows the box over the main window.
func (u *UI) onGoToSymbol() {
	if u.clients == nil {
		return
	}
	if u.gotoBox != nil && u.gotoBox.pop.Visible() {
		u.win.Canvas().Focus(u.gotoBox.entry)
		return
	}
	b := newGotoBox(u, u.finderFor(u.clients))
	u.gotoBox = b
	b.show()
}

func newGotoBox(u *UI, f *symbolFinder) *gotoBox {
	b := &gotoBox{u: u, finder: f}
	b.entry = &gotoEntry{box: b}
	b.entry.PlaceHolder = lang.X("goto.placeholder", "Code or name: TSLA, 700.HK, 腾讯, Apple…")
	b.entry.OnChanged = b.search
	b.entry.ExtendBaseWidget(b.entry)
	b.note = &widget.Label{Wrapping: fyne.TextWrapWord}
	b.list = &widget.List{
		Length:     func() int { return len(b.matches) },
		CreateItem: func() fyne.CanvasObject { return newGotoRow(b) },
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) { o.(*gotoRow).show(id) },
		OnSelected: func(id widget.ListItemID) { b.sel = id },
	}
	b.list.ExtendBaseWidget(b.list)
	title := &widget.Label{Text: lang.X("goto.title", "Go to symbol"), TextStyle: fyne.TextStyle{Bold: true}}
	hint := &widget.Label{Text: lang.X("goto.keys", "Up and Down choose · Enter opens the chart · Esc closes"), Importance: widget.LowImportance, Alignment: fyne.TextAlignTrailing}
	content := container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, title, hint), b.entry), b.note, nil, nil, b.list)
	b.pop = widget.NewPopUp(content, u.win.Canvas())
	f.onChange = func() {
		if b.pop.Visible() {
			b.search(b.entry.Text)
		}
	}
	b.search("")
	return b
}

// show puts the box in the upper middle of the window, as wide as suits
// a symbol and a long name, and focuses its entry.
func (b *gotoBox) show() {
	c := b.u.win.Canvas().Size()
	size := fyne.NewSize(min(640, c.Width-2*theme.Padding()), min(460, c.Height*0.75))
	b.pop.Resize(size)
	b.pop.ShowAtPosition(fyne.NewPos((c.Width-size.Width)/2, c.Height*0.08))
	b.u.win.Canvas().Focus(b.entry)
}

func (b *gotoBox) close() {
	b.stopProbe()
	b.pop.Hide()
}

// search lists the index's matches of text; a code that the index lacks
// is looked up on LongPort once typing pauses.
func (b *gotoBox) search(text string) {
	b.query = strings.TrimSpace(text)
	b.openFound = false
	start := time.Now()
	b.matches = b.finder.index.Search(b.query, gotoResults)
	b.took = time.Since(start)
	b.list.UnselectAll()
	b.sel = -1
	b.list.Refresh()
	if len(b.matches) > 0 {
		b.list.Select(0)
		b.list.ScrollToTop()
	}
	b.stopProbe()
	if b.query != "" && !b.hasExact() {
		if cands := b.unknownCandidates(); len(cands) > 0 && b.finder.owner.socket != nil {
			b.probing = b.query
			gen := b.probeGen
			b.probe = time.AfterFunc(gotoProbeDelay, func() { b.u.do(func() { b.lookUp(gen, cands) }) })
		}
	}
	b.showNote()
}

// hasExact reports whether the matches hold the code typed.
func (b *gotoBox) hasExact() bool {
	return len(b.matches) > 0 && b.matches[0].Rank == symbolsearch.ExactCode
}

// unknownCandidates are the symbols the query can be that the index lacks
// and LongPort was not yet asked about.
func (b *gotoBox) unknownCandidates() []string {
	var out []string
	for _, s := range symbolsearch.Candidates(b.query) {
		if _, ok := b.finder.index.Lookup(s); !ok && !b.finder.asked[s] {
			out = append(out, s)
		}
	}
	return out
}

func (b *gotoBox) stopProbe() {
	b.probeGen++
	if b.probe != nil {
		b.probe.Stop()
		b.probe = nil
	}
	b.probing = ""
}

// lookUp asks LongPort's static info which of the candidates exist, off
// the UI goroutine, and lists them; LongPort leaves out the ones it does
// not list.
func (b *gotoBox) lookUp(gen int, candidates []string) {
	if gen != b.probeGen || b.finder.owner != b.u.clients {
		return
	}
	sock, u := b.finder.owner.socket, b.u
	u.loads.Add(1)
	go func() {
		defer u.loads.Done()
		ctx, cancel := context.WithTimeout(u.ctx, u.cfg.loadTimeout)
		defer cancel()
		info, err := sock.StaticInfo(ctx, candidates)
		found := b.finder.index.Found(candidates, staticEntries(info))
		u.do(func() {
			if gen != b.probeGen {
				return
			}
			b.probing = ""
			if err != nil {
				u.log.Warn("Go to symbol: looking up a code", "symbols", candidates, "err", err)
				b.note.SetText(lang.X("goto.lookup_failed", "LongPort could not be asked about “{{.Query}}”: {{.Reason}}", map[string]any{"Query": b.query, "Reason": gotoErrorText(err)}))
				return
			}
			for _, s := range candidates {
				b.finder.asked[s] = true // found, or not listed
			}
			open := b.openFound && len(found) > 0
			b.search(b.entry.Text)
			if open {
				b.open(0)
			}
		})
	}()
}

// gotoErrorText says in a few words why a lookup failed.
func gotoErrorText(err error) string {
	if errors.Is(err, socket.ErrNotConnected) || errors.Is(err, socket.ErrClosed) || errors.Is(err, context.DeadlineExceeded) {
		return lang.X("goto.not_connected", "the quote feed is not connected.")
	}
	return lang.X("goto.failed", "the request failed; the log has the details.")
}

// showNote says what the list holds, or why it holds nothing, in words.
func (b *gotoBox) showNote() {
	f := b.finder
	n := f.index.Len()
	known := map[string]any{"Query": b.query, "Total": thousands(n)}
	var text string
	switch {
	case b.query == "":
		text = lang.X("goto.hint", "Type a code (TSLA, 700.HK, 00700, 600519) or a name in English or Chinese.")
	case len(b.matches) == 0 && b.probing != "":
		text = lang.X("goto.looking_up", "Looking up “{{.Query}}” on LongPort…", known)
	case len(b.matches) == 0:
		text = plural("goto.no_match", n, "No match for “{{.Query}}” among 1 security, by code or by name in English or Chinese.",
			"No match for “{{.Query}}” among {{.Total}} securities, by code or by name in English or Chinese.", known)
	default:
		text = plural("goto.matches", len(b.matches), "1 match for “{{.Query}}”.", "{{.Count}} matches for “{{.Query}}”.",
			map[string]any{"Query": b.query, "Count": len(b.matches)})
	}
	switch {
	case f.listing > 0:
		text += " " + lang.X("goto.list_loading", "LongPort's list of securities is still loading.")
	case f.listErr != nil && b.query != "":
		text += " " + lang.X("goto.list_failed", "LongPort's list of US securities could not be loaded; codes are still looked up.")
	}
	b.note.SetText(text)
}

// move selects the match step places on, within the list.
func (b *gotoBox) move(step int) {
	if len(b.matches) == 0 {
		return
	}
	i := 0
	if sel := b.selected(); sel >= 0 {
		i = min(max(sel+step, 0), len(b.matches)-1)
	}
	b.list.Select(i)
}

// selected is the match chosen, -1 if none.
func (b *gotoBox) selected() int {
	if b.sel >= len(b.matches) {
		return -1
	}
	return b.sel
}

// submit opens the match chosen; with none yet but a code being looked
// up, it opens what the lookup finds.
func (b *gotoBox) submit() {
	if i := b.selected(); i >= 0 {
		b.open(i)
		return
	}
	if b.probing != "" {
		b.openFound = true
	}
}

// open closes the box and shows the security's window.
func (b *gotoBox) open(i int) {
	if i < 0 || i >= len(b.matches) {
		return
	}
	sym := b.matches[i].Symbol
	b.close()
	if b.finder.owner == b.u.clients { // not after signing out
		b.u.openDetail(sym)
	}
}

// gotoEntry is the box's entry: the keys that move through the list,
// open and close go to the box, the rest to the entry.
type gotoEntry struct {
	widget.Entry
	box *gotoBox
}

func (e *gotoEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyUp:
		e.box.move(-1)
	case fyne.KeyDown:
		e.box.move(1)
	case fyne.KeyPageUp:
		e.box.move(-10)
	case fyne.KeyPageDown:
		e.box.move(10)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.box.submit()
	case fyne.KeyEscape:
		e.box.close()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut closes the box on Ctrl+W, as the windows close.
func (e *gotoEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.ShortcutName() == closeShortcut.ShortcutName() {
		e.box.close()
		return
	}
	e.Entry.TypedShortcut(s)
}

// gotoRow is a match in the list: the symbol, its name in the UI's
// language, and the name the query matched when it is another. A click
// opens it.
type gotoRow struct {
	widget.BaseWidget
	box                 *gotoBox
	id                  int
	symbol, name, other *widget.Label
}

func newGotoRow(b *gotoBox) *gotoRow {
	r := &gotoRow{box: b,
		symbol: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		name:   &widget.Label{Truncation: fyne.TextTruncateEllipsis},
		other:  &widget.Label{Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis},
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *gotoRow) CreateRenderer() fyne.WidgetRenderer {
	symbol := container.NewGridWrap(fyne.NewSize(130, r.symbol.MinSize().Height), r.symbol)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, symbol, nil, container.NewGridWithColumns(2, r.name, r.other)))
}

func (r *gotoRow) show(id int) {
	r.id = id
	m := r.box.matches[id]
	name := entryName(m.Entry, r.box.u.lang.Code)
	other := ""
	if m.Name != "" && m.Name != name {
		other = m.Name
	}
	r.symbol.SetText(m.Symbol)
	r.name.SetText(name)
	r.other.SetText(other)
}

func (r *gotoRow) Tapped(*fyne.PointEvent) { r.box.open(r.id) }
