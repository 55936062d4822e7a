package gui

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/socket"
)

// liveFrame is a frame of a 60 Hz display. A quote is put on screen on the
// next frame after it arrives, and a frame takes in every quote that came
// since the last (the latest of each symbol) in one redraw of the cells
// that changed: a flood of pushes costs at most one redraw a frame, and a
// quiet feed none.
const liveFrame = time.Second / 60

// liveHub is the views' side of the quote socket. A view asks for the
// symbols it shows (want); the hub subscribes them through the session's
// socket client, keeps the latest quote of each, and hands the changes to
// the view in batches on the UI goroutine, at most one a frame.
type liveHub struct {
	u     *UI
	frame time.Duration

	// On the UI goroutine.
	client   *socket.Client // nil while signed out, or for a region without a socket
	none     string         // why a signed-in session has no socket, in words
	owners   map[string]*liveOwner
	refs     map[string]int // symbol -> owners that want it
	status   socket.Status
	unstatus func()
	recount  *time.Timer  // shows the feed again while its line counts down
	phases   marketPhases // whether the markets on screen trade now
	redUp    bool         // the price colours: red up, green down
	redraws  int          // batches that changed what is shown, for tests and BENCHMARKS

	// onBatch, if set, sees each batch after the views took it in (the
	// benchmark measures the latency with it).
	onBatch func(map[string]socket.Quote)

	// quotes are the prices on screen, written on the UI goroutine; the
	// live columns read them from goroutines too (sorting, export, a load
	// sorted by a live column), so they have a lock of their own.
	quotesMu sync.RWMutex
	quotes   map[string]socket.Quote

	mu      sync.Mutex
	gen     int                     // the client's; quotes of an older one are dropped
	pending map[string]socket.Quote // arrived, not yet on screen
	gate    frameGate               // at most one flush a frame
}

// liveOwner is one view's (or pane's) interest in a set of symbols.
type liveOwner struct {
	symbols  []string
	set      map[string]bool
	sub      *socket.Subscription
	onChange func(changed map[string]bool)
	shown    func() bool     // whether the owner is on screen; nil: always
	stale    map[string]bool // changed while not on screen, redrawn when shown
	err      error           // why the socket would not take them (a *socket.LimitError)
}

func newLiveHub(u *UI) *liveHub {
	h := &liveHub{
		u: u, frame: liveFrame,
		owners: map[string]*liveOwner{}, refs: map[string]int{}, quotes: map[string]socket.Quote{},
		pending: map[string]socket.Quote{},
	}
	h.redUp = redUpFor(u.cfg.Prefs.String(prefPriceColours), u.lang.Code)
	// A window brought back from the task bar is usually focused: what
	// changed while it was minimised is drawn then.
	u.app.Lifecycle().SetOnEnteredForeground(func() { u.do(h.showStale) })
	return h
}

// attach starts using the session's socket client c (nil: none): every
// symbol wanted is subscribed, and the feed's status shown.
func (h *liveHub) attach(c *socket.Client) {
	h.detach()
	if c == nil {
		if h.u.clients != nil {
			h.none = h.u.clients.noSocket
			h.showFeed()
		}
		return
	}
	h.client = c
	h.mu.Lock()
	h.gen++
	gen := h.gen
	h.mu.Unlock()
	for key, o := range h.owners {
		h.subscribe(key, o, gen)
	}
	if h.u.clients != nil && h.u.clients.quote != nil {
		h.phases.start(h.u, h.u.clients.quote, h.phasesChanged)
	}
	h.unstatus = c.SubscribeStatus(func(st socket.Status) {
		h.u.do(func() {
			if h.client == c {
				h.status = st
				h.showFeed()
			}
		})
	})
}

// detach lets go of the client, which closes in the background: its Close
// waits for its goroutines, and the UI never waits.
func (h *liveHub) detach() {
	if h.none != "" {
		h.none = ""
		h.u.status.setFeed("", true)
	}
	c := h.client
	if c == nil {
		return
	}
	h.client = nil
	h.phases.halt()
	h.unstatus()
	if h.recount != nil {
		h.recount.Stop()
		h.recount = nil
	}
	h.mu.Lock()
	h.gen++
	clear(h.pending)
	h.gate.queued = false
	h.mu.Unlock()
	for _, o := range h.owners {
		o.sub, o.err, o.stale = nil, nil, nil // Close lets go of every subscription
	}
	h.quotesMu.Lock()
	clear(h.quotes)
	h.quotesMu.Unlock()
	h.status = socket.Status{}
	go c.Close()
	h.u.status.setFeed("", true)
}

// want makes owner key follow symbols (none: let go), calling onChange on
// the UI goroutine with the symbols whose quote changed. shown (nil:
// always) says whether the owner is on screen: one that is not is told of
// its changes only when it is shown again (showStale), so that a view in
// a hidden tab costs no repaint.
func (h *liveHub) want(key string, symbols []string, onChange func(changed map[string]bool), shown func() bool) {
	syms := normalizeSymbols(symbols)
	o := h.owners[key]
	if o != nil && slices.Equal(o.symbols, syms) {
		o.onChange, o.shown = onChange, shown
		return
	}
	if len(syms) == 0 {
		if o != nil {
			h.release(o)
			delete(h.owners, key)
		}
		return
	}
	next := &liveOwner{symbols: syms, set: map[string]bool{}, onChange: onChange, shown: shown}
	for _, s := range syms {
		next.set[s] = true
		h.refs[s]++
	}
	h.owners[key] = next
	if h.client != nil {
		h.mu.Lock()
		gen := h.gen
		h.mu.Unlock()
		h.subscribe(key, next, gen) // before the old one closes: shared symbols stay subscribed
	}
	if o != nil {
		h.release(o)
	}
	h.showFeed()
}

func (h *liveHub) release(o *liveOwner) {
	if o.sub != nil {
		o.sub.Close()
		o.sub = nil
	}
	for _, s := range o.symbols {
		if h.refs[s]--; h.refs[s] <= 0 {
			delete(h.refs, s)
			h.quotesMu.Lock()
			delete(h.quotes, s)
			h.quotesMu.Unlock()
		}
	}
}

func (h *liveHub) subscribe(key string, o *liveOwner, gen int) {
	sub, err := h.client.Subscribe(o.symbols, func(q socket.Quote) { h.arrive(gen, q) })
	if err != nil {
		h.u.log.Warn("live quotes: subscription refused", "view", key, "symbols", len(o.symbols), "err", err)
	}
	o.sub, o.err = sub, err
}

// arrive takes a quote on the subscription's goroutine; the latest of each
// symbol waits for the next flush. The first quote after a flush queues
// the next one: at once when a frame has passed since the last, else when
// it will have.
func (h *liveHub) arrive(gen int, q socket.Quote) {
	h.mu.Lock()
	if gen != h.gen {
		h.mu.Unlock()
		return
	}
	h.pending[q.Symbol] = q
	queue, wait := h.gate.due(h.frame)
	h.mu.Unlock()
	if queue {
		queueFlush(h.u.do, wait, h.flush)
	}
}

// flush puts the quotes that arrived on screen: each owner on screen
// redraws the rows of the symbols that changed, and nothing else.
func (h *liveHub) flush() {
	h.mu.Lock()
	batch := h.pending
	h.pending = make(map[string]socket.Quote, len(batch))
	h.gate.took()
	h.mu.Unlock()
	changed := map[string]bool{}
	h.quotesMu.Lock()
	for sym, q := range batch {
		if h.refs[sym] == 0 {
			continue
		}
		h.quotes[sym] = q
		changed[sym] = true
	}
	h.quotesMu.Unlock()
	if len(changed) > 0 {
		h.redraws++
		for _, o := range h.owners {
			mine := map[string]bool{}
			for sym := range changed {
				if o.set[sym] {
					mine[sym] = true
				}
			}
			if len(mine) > 0 {
				h.tell(o, mine)
			}
		}
	}
	if h.onBatch != nil {
		h.onBatch(batch)
	}
	if !minimised(h.u.win) { // its "updated" time would repaint the window
		h.showFeed()
	}
}

// tell hands an owner its changed symbols, or keeps them until it is shown.
func (h *liveHub) tell(o *liveOwner, changed map[string]bool) {
	if o.onChange == nil {
		return
	}
	if o.shown != nil && !o.shown() {
		if o.stale == nil {
			o.stale = map[string]bool{}
		}
		maps.Copy(o.stale, changed)
		return
	}
	if len(o.stale) > 0 {
		maps.Copy(changed, o.stale) // shown again, as when the window comes back
		o.stale = nil
	}
	o.onChange(changed)
}

// showStale redraws what changed in the owners now shown while they were
// not; the views call it when the view or pane on screen changes.
func (h *liveHub) showStale() {
	for _, o := range h.owners {
		if len(o.stale) > 0 && (o.shown == nil || o.shown()) {
			stale := o.stale
			o.stale = nil
			o.onChange(stale)
		}
	}
}

// quote is the latest quote of symbol, if one came. Any goroutine may ask.
func (h *liveHub) quote(symbol string) (socket.Quote, bool) {
	h.quotesMu.RLock()
	defer h.quotesMu.RUnlock()
	q, ok := h.quotes[symbol]
	return q, ok
}

// markets are the markets of the symbols wanted, sorted.
func (h *liveHub) markets() []string {
	seen := map[string]bool{}
	for s := range h.refs {
		if m := socket.MarketOf(s); m != "" {
			seen[m] = true
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// limitRefused reports whether a view's symbols were more than the
// subscription limit allows.
func (h *liveHub) limitRefused() *socket.LimitError {
	for _, o := range h.owners {
		var le *socket.LimitError
		if errors.As(o.err, &le) {
			return le
		}
	}
	return nil
}

// phasesChanged shows the markets' new phases: in the feed line and in the
// open security windows' books.
func (h *liveHub) phasesChanged() {
	h.showFeed()
	for _, d := range h.u.details {
		if d.book != nil {
			d.book.showState()
		}
	}
}

// showFeed puts the feed's health on the status line.
func (h *liveHub) showFeed() {
	if h.client == nil {
		if h.none != "" && len(h.refs) > 0 {
			// Prices would be live here: the empty columns need a word.
			h.u.status.setFeed(lang.X("feed.none", "Live prices unavailable: {{.Reason}}", map[string]any{"Reason": h.none}), false)
		}
		return
	}
	st := h.client.Status()
	st.Reconnects, st.LastLoss = h.status.Reconnects, h.status.LastLoss
	if h.status.Kind != st.Kind {
		st = h.status // the published state wins until it catches up
		st.LastUpdate = h.client.Status().LastUpdate
	}
	now := time.Now() // the socket keeps wall-clock times
	text, ok := feedText(st, h.client.Profile(), h.markets(), h.limitRefused(), now)
	if st.Kind == socket.Live && h.phases.closed(h.markets()) {
		text = closedFeedText(text, h.markets())
	}
	h.u.status.setFeed(text, ok)
	// A line that counts down to a retry is shown again a second later;
	// any other changes only when the feed's state does.
	countsDown := (st.Kind == socket.Reconnecting || st.Kind == socket.Refused) && st.RetryAt.After(now)
	if countsDown && h.recount == nil {
		var t *time.Timer
		t = time.AfterFunc(time.Second, func() {
			h.u.do(func() {
				if h.recount == t {
					h.recount = nil
					h.showFeed()
				}
			})
		})
		h.recount = t
	}
}

// setFeed shows the quote feed's health beside the session's.
func (s *statusBar) setFeed(text string, ok bool) {
	imp := widget.LowImportance
	if !ok {
		imp = widget.WarningImportance
	}
	if s.feed.Text != text || s.feed.Importance != imp {
		s.feed.Importance = imp
		s.feed.SetText(text)
	}
	// The feed takes a place on the line only while it says something.
	right := fyne.CanvasObject(s.notice)
	if text != "" {
		right = container.NewHBox(s.feed, s.notice)
	}
	if len(s.row.Objects) == 3 && (s.row.Objects[2] == s.notice) == (text == "") {
		return
	}
	s.row.Layout = layout.NewBorderLayout(nil, nil, s.icon, right)
	s.row.Objects = []fyne.CanvasObject{s.text, s.icon, right}
	s.row.Refresh()
}

func normalizeSymbols(symbols []string) []string {
	out := make([]string, 0, len(symbols))
	for _, s := range symbols {
		if s = strings.ToUpper(strings.TrimSpace(s)); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// quoteSocketURL is the quote socket of region: the sandbox's fake, or
// LongPort's quote host beside the API's; false when it has none known
// (a custom region).
func (u *UI) quoteSocketURL(region oauth.Region) (string, bool) {
	if isSandbox(region) {
		if sb := u.runningSandbox(); sb != nil && sb.region.ID == region.ID {
			return sb.fake.QuoteURL, true
		}
		return "", false
	}
	url, err := socket.QuoteURL(region.BaseURL)
	return url, err == nil
}

// newSocket builds the session's quote socket client; nil when the region
// has none, or it cannot be built (the tables then show no live prices),
// with why in words for the status bar.
func (u *UI) newSocket(region oauth.Region, tokens socket.TokenFetcher) (*socket.Client, string) {
	url, ok := u.quoteSocketURL(region)
	if !ok {
		u.log.Info("no quote socket for this region; prices will not be live", "region", region.ID)
		return nil, lang.X("feed.none.no_socket", "this server offers no quote socket")
	}
	c, err := socket.New(socket.Config{
		URL:        url,
		Tokens:     tokens,
		Language:   apiLanguage(u.lang.Tag),
		HTTPClient: u.cfg.HTTPClient,
		Logger:     u.log,
	})
	if err != nil {
		u.log.Error("cannot build the quote socket client", "err", err)
		return nil, lang.X("feed.none.broken", "the quote socket could not be set up; the details are in the log")
	}
	return c, ""
}

// followLive asks the hub for the symbols of the rows on screen, for a
// pane with live columns; no rows let go of them.
func (p *tablePane[R]) followLive() {
	if !p.spec.live || p.spec.symbol == nil {
		return
	}
	rows := p.tbl.Data().Rows()
	syms := make([]string, 0, len(rows))
	for i := range rows {
		syms = append(syms, p.spec.symbol(&rows[i]))
	}
	p.ui.live.want(p.spec.key, syms, p.onLiveChange, p.onScreen)
	if p.spec.onLive != nil {
		p.spec.onLive(rows)
	}
}

// onScreen reports whether the pane is shown: the window is not minimised,
// its view is the one on screen and, in a view of several panes, its tab
// is selected. A pane of no view (a benchmark's) always is.
func (p *tablePane[R]) onScreen() bool {
	if minimised(p.ui.win) {
		return false
	}
	for _, v := range p.ui.views {
		b, ok := v.(interface{ base() *paneView })
		if !ok || !slices.Contains(b.base().panes, pane(p)) {
			continue
		}
		return p.ui.currentView() == v && b.base().current() == pane(p)
	}
	return true
}

// showStale draws what changed while the pane was hidden.
func (p *tablePane[R]) showStale() { p.ui.live.showStale() }

// onLiveChange redraws the live cells of the rows whose symbol changed.
func (p *tablePane[R]) onLiveChange(changed map[string]bool) {
	p.tbl.RedrawLive(func(r *R) bool { return changed[p.spec.symbol(r)] })
	if p.spec.onLive != nil {
		p.spec.onLive(p.tbl.Data().Rows())
	}
}

// redrawAll redraws every visible cell, as after a change of the colours.
func (p *tablePane[R]) redrawAll() { p.tbl.RedrawAll() }

// frameGate lets a flush onto the UI goroutine at most once a frame. Its
// owner's lock guards it.
type frameGate struct {
	queued  bool      // a flush is on its way to the UI queue
	flushed time.Time // when the last flush took its batch
}

// due is called, under the owner's lock, as something arrives: whether a
// flush is to be queued, and in how long. The first arrival after a flush
// queues the next: at once when a frame has passed since the last, else
// when it will have.
func (g *frameGate) due(frame time.Duration) (bool, time.Duration) {
	if g.queued {
		return false, 0
	}
	g.queued = true
	return true, time.Until(g.flushed.Add(frame))
}

// took is called, under the owner's lock, as a flush takes its batch.
func (g *frameGate) took() { g.queued, g.flushed = false, time.Now() }

// queueFlush puts flush on the UI queue once wait has passed.
func queueFlush(do func(func()), wait time.Duration, flush func()) {
	if wait <= 0 {
		do(flush)
		return
	}
	time.AfterFunc(wait, func() { do(flush) })
}

// prefPriceColours is the up/down colour convention: "red_up", "green_up",
// or none for the UI language's.
const prefPriceColours = "quotes.colours"

// redUpFor says whether prices that rose are red: the convention of
// mainland China and Hong Kong, the default for a Chinese UI.
func redUpFor(pref, langCode string) bool {
	switch pref {
	case "red_up":
		return true
	case "green_up":
		return false
	}
	return strings.HasPrefix(langCode, "zh")
}

// setPriceColours keeps the convention and redraws the tables in it.
func (u *UI) setPriceColours(pref string) {
	if pref == "" {
		u.cfg.Prefs.RemoveValue(prefPriceColours)
	} else {
		u.cfg.Prefs.SetString(prefPriceColours, pref)
	}
	u.live.redUp = redUpFor(pref, u.lang.Code)
	u.redrawPanes()
}
