package gui

import (
	"errors"
	"image/color"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket"
)

// tapeRows is how many trades the tape keeps on screen, newest first.
const tapeRows = 200

// bookWidth is the width of the book and the tape beside the chart.
const bookWidth = 330

// bookPanel is a security's order book and its time and sales, beside the
// chart, live from the socket's depth and trade pushes. Pushes are taken in
// once a frame, as the tables' quotes are: a book that changes fifty times
// a second costs one redraw a frame, of the levels that changed.
type bookPanel struct {
	u      *UI
	symbol string
	market string
	frame  time.Duration

	// On the UI goroutine.
	client   *socket.Client
	sub      *socket.BookSubscription
	unstatus func()
	feed     socket.Status
	depth    *socket.Depth
	tape     []socket.Trade // newest first
	err      error          // why the book or the tape is missing
	levels   int            // rows a side on screen
	scale    int64          // the volume a full bar stands for
	redrawn  int            // level rows redrawn by the last flush, for tests

	state   *widget.Label // the market and its phase
	pkg     *widget.Label // the account's quote package there
	note    *widget.Label // what is missing, in words
	spread  *widget.Label
	asks    *fyne.Container // level rows, the best ask at the bottom
	bids    *fyne.Container // the best bid at the top
	tapeBox *widget.List
	object  fyne.CanvasObject

	mu      sync.Mutex
	pending bookPending
	gate    frameGate
}

// bookPending is what arrived since the last flush.
type bookPending struct {
	has    bool
	depth  *socket.Depth
	trades []socket.Trade // oldest first
	reset  bool
	err    error
	errSet bool
}

// zone is where the tape's times read: the market's, or this computer's,
// as the Times setting says (the chart beside it reads the same).
func (p *bookPanel) zone() *time.Location { return timesZone(p.market) }

func newBookPanel(u *UI, symbol string) *bookPanel {
	m := socket.MarketOf(symbol)
	p := &bookPanel{u: u, symbol: symbol, market: m, frame: liveFrame}
	p.state = &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	p.pkg = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	p.pkg.Hide()
	p.note = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	p.note.Hide()
	p.spread = &widget.Label{Alignment: fyne.TextAlignCenter}
	p.asks, p.bids = container.NewVBox(), container.NewVBox()
	p.tapeBox = &widget.List{
		Length:     func() int { return len(p.tape) },
		CreateItem: func() fyne.CanvasObject { return newTapeRow() },
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(p.tape) {
				o.(*tapeRow).set(p.tape[i], p.zone(), p.u.live.redUp)
			}
		},
	}
	p.tapeBox.ExtendBaseWidget(p.tapeBox)
	tapeTitle := &widget.Label{Text: lang.X("book.tape", "Time and sales"), TextStyle: fyne.TextStyle{Bold: true}}
	head := newTapeRow()
	head.head = true
	head.at.Text = lang.X("book.time", "Time")
	head.price.Text = lang.X("book.price", "Price")
	head.volume.Text = lang.X("column.volume", "Volume")
	top := container.NewVBox(p.state, p.pkg, p.note, p.asks, p.spread, p.bids, widget.NewSeparator(), tapeTitle, head)
	p.object = &bookFrame{inner: container.NewBorder(top, nil, nil, nil, p.tapeBox)}
	return p
}

// bookFrame keeps the panel at its width whatever the window's.
type bookFrame struct {
	widget.BaseWidget
	inner fyne.CanvasObject
}

func (f *bookFrame) CreateRenderer() fyne.WidgetRenderer {
	f.ExtendBaseWidget(f)
	return widget.NewSimpleRenderer(f.inner)
}

func (f *bookFrame) MinSize() fyne.Size {
	return fyne.NewSize(bookWidth, f.inner.MinSize().Height)
}

// addBook puts the security's book and tape at the right of the window's
// content, widens the window for it, and subscribes them.
func (d *detailWindow) addBook() {
	d.book = newBookPanel(d.u, d.symbol)
	d.book.start()
	d.split = container.NewHSplit(d.win.Content(), d.book.object)
	d.split.Offset = d.u.detailSplit()
	d.win.SetContent(d.split)
}

// start subscribes the book through the session's socket and shows the
// market's state; the window calls it once it is built.
func (p *bookPanel) start() {
	p.client = p.u.live.client
	p.showState() // and again when the phases change (liveHub.phasesChanged)
	if p.client == nil {
		p.showNote()
		return
	}
	c := p.client
	p.feed = c.Status()
	p.unstatus = c.SubscribeStatus(func(st socket.Status) {
		p.u.do(func() {
			if p.client == c {
				p.feed = st
				p.showNote()
			}
		})
	})
	sub, err := c.SubscribeBook(p.symbol, p.arrive)
	if err != nil {
		p.u.log.Warn("book not subscribed", "symbol", p.symbol, "err", err)
		p.err = err
	}
	p.sub = sub
	p.showNote()
}

// stop lets go of the book; the window calls it as it closes.
func (p *bookPanel) stop() {
	if p.unstatus != nil {
		p.unstatus()
		p.unstatus = nil
	}
	if p.sub != nil {
		p.sub.Close()
		p.sub = nil
	}
	p.client = nil
	p.mu.Lock()
	p.pending = bookPending{}
	p.mu.Unlock()
}

// arrive takes an update on the subscription's goroutine and queues a
// flush for the next frame, as liveHub.arrive does for quotes.
func (p *bookPanel) arrive(up socket.BookUpdate) {
	p.mu.Lock()
	q := &p.pending
	q.has = true
	if up.Depth != nil {
		q.depth = up.Depth
	}
	if up.Reset {
		q.trades, q.reset = up.Trades, true
	} else {
		q.trades = append(q.trades, up.Trades...)
	}
	if n := len(q.trades); n > tapeRows {
		q.trades = q.trades[n-tapeRows:]
	}
	if up.Err != nil || up.Depth != nil || len(up.Trades) > 0 {
		q.err, q.errSet = up.Err, true
	}
	queue, wait := p.gate.due(p.frame)
	p.mu.Unlock()
	if queue {
		queueFlush(p.u.do, wait, p.flush)
	}
}

// flush puts what arrived on screen: the levels that changed, the new
// trades at the top of the tape.
func (p *bookPanel) flush() {
	p.mu.Lock()
	q := p.pending
	p.pending = bookPending{}
	p.gate.took()
	p.mu.Unlock()
	if !q.has || p.client == nil {
		return // stopped: the window closed
	}
	if q.errSet {
		p.err = q.err
	}
	if q.depth != nil {
		p.depth = q.depth
		p.showDepth()
	}
	if q.reset || len(q.trades) > 0 {
		p.tape = addTrades(p.tape, q.trades, q.reset)
		p.tapeBox.Refresh()
	}
	p.showNote()
}

// addTrades puts trades (oldest first) at the top of tape (newest first),
// or in its place after a reset, keeping tapeRows.
func addTrades(tape, trades []socket.Trade, reset bool) []socket.Trade {
	fresh := slices.Clone(trades)
	slices.Reverse(fresh)
	if !reset {
		fresh = append(fresh, tape...)
	}
	if len(fresh) > tapeRows {
		fresh = fresh[:tapeRows]
	}
	return fresh
}

// showDepth writes the book into its rows, redrawing those that changed.
func (p *bookPanel) showDepth() {
	d := p.depth
	n := max(len(d.Asks), len(d.Bids))
	if n != p.levels {
		p.levels = n
		p.asks.Objects, p.bids.Objects = nil, nil
		for i := range n {
			p.asks.Objects = append(p.asks.Objects, newLevelRow(true, n-i))
			p.bids.Objects = append(p.bids.Objects, newLevelRow(false, i+1))
		}
		p.asks.Refresh()
		p.bids.Refresh()
	}
	most := int64(0)
	for _, l := range slices.Concat(d.Asks, d.Bids) {
		most = max(most, l.Volume)
	}
	// The bars' scale moves only when the largest level leaves it far
	// behind or outgrows it, so that one level's change redraws one row.
	if most > p.scale || most*3 < p.scale {
		p.scale = most * 3 / 2
	}
	p.redrawn = 0
	redUp := p.u.live.redUp
	for i := range n {
		if p.asks.Objects[i].(*levelRow).set(levelAt(d.Asks, n-1-i), p.scale, redUp) {
			p.redrawn++
		}
		if p.bids.Objects[i].(*levelRow).set(levelAt(d.Bids, i), p.scale, redUp) {
			p.redrawn++
		}
	}
	text := spreadText(d)
	if p.spread.Text != text {
		p.spread.SetText(text)
	}
}

func levelAt(ls []socket.DepthLevel, i int) *socket.DepthLevel {
	if i < len(ls) {
		return &ls[i]
	}
	return nil
}

// spreadText is "Spread 0.20 (0.09%)" for the best bid and ask, or why
// there is none.
func spreadText(d *socket.Depth) string {
	if len(d.Asks) == 0 && len(d.Bids) == 0 {
		return lang.X("book.empty", "No orders in the book")
	}
	if len(d.Asks) == 0 || len(d.Bids) == 0 {
		return lang.X("book.one_sided", "Orders on one side only")
	}
	ask, bid := d.Asks[0].Price, d.Bids[0].Price
	s := ask.Sub(bid)
	mid := ask.Add(bid).Div(decimal.NewFromInt(2))
	pct := "–"
	if mid.IsPositive() {
		// A cent on a large price is a few thousandths of a percent: three
		// places then, so that it does not read as no spread at all.
		v := s.Mul(decimal.NewFromInt(100)).Div(mid)
		places := int32(2)
		if v.LessThan(decimal.New(1, -1)) {
			places = 3
		}
		pct = v.StringFixed(places) + "%"
	}
	return lang.X("book.spread", "Spread {{.Spread}} ({{.Percent}})", map[string]any{"Spread": priceText(s), "Percent": pct})
}

// showState writes the market's phase, "Hong Kong · Open", and the
// account's quote package there, as the profile names it.
func (p *bookPanel) showState() {
	text := marketText(p.market)
	if code, ok := p.u.live.phases.phase[p.market]; ok {
		if t := phaseText(code); t != "" {
			text += " · " + t
		}
	}
	if p.state.Text != text {
		p.state.SetText(text)
	}
	var names []string
	if p.client != nil {
		for _, pk := range p.client.Profile().Markets[p.market].Packages {
			names = append(names, pk.Name)
		}
	}
	pkg := ""
	if len(names) > 0 {
		pkg = lang.X("book.package", "Quotes: {{.Package}}", map[string]any{"Package": strings.Join(names, ", ")})
	}
	if p.pkg.Text != pkg {
		p.pkg.SetText(pkg)
		p.pkg.Hidden = pkg == ""
		p.pkg.Refresh()
	}
}

// phaseText is a market-status code (longport-api.md §2.13) in a word;
// "" for a code that says nothing a trader needs here.
func phaseText(code int) string {
	switch code {
	case 105, 202, 111:
		return lang.X("phase.trading", "Open")
	case 101, 201, 206, 209:
		return lang.X("phase.pre", "Pre-market")
	case 102:
		return lang.X("phase.opening_auction", "Opening auction")
	case 103, 106, 123:
		return lang.X("phase.break", "Lunch break")
	case 107:
		return lang.X("phase.closing_auction", "Closing auction")
	case 203, 210, 120:
		return lang.X("phase.post", "Post-market")
	case 207:
		return lang.X("phase.overnight", "Overnight")
	case 108, 121, 122, 204:
		return lang.X("phase.closed", "Closed")
	case 205, 1004, 1006:
		return lang.X("phase.halted", "Halted")
	case 2001:
		return lang.X("phase.circuit_breaker", "Circuit breaker")
	}
	return ""
}

// showNote says in words what the book and the tape lack, and what still
// works.
func (p *bookPanel) showNote() {
	p.showState()
	text, warn := p.noteText()
	imp := widget.MediumImportance
	if warn {
		imp = widget.WarningImportance
	}
	if p.note.Text == text && p.note.Importance == imp {
		return
	}
	p.note.Importance = imp
	p.note.SetText(text)
	if text == "" {
		p.note.Hide()
	} else {
		p.note.Show()
	}
}

// noteText is the panel's note, and whether it is a warning.
func (p *bookPanel) noteText() (string, bool) {
	if p.client == nil {
		reason := p.u.live.none
		if reason == "" {
			reason = lang.X("book.not_signed_in", "not signed in")
		}
		return lang.X("book.no_feed", "No live book or trades: {{.Reason}}.", map[string]any{"Reason": reason}), true
	}
	var se *socket.Error
	var le *socket.LimitError
	switch {
	case errors.As(p.err, &se) && se.Reason() == socket.ReasonNoQuoteAccess:
		return lang.X("book.no_access", "Your account has no quote access for {{.Market}}, so LongPort sends no book or trades of {{.Symbol}}.",
			map[string]any{"Market": marketText(p.market), "Symbol": p.symbol}), true
	case errors.As(p.err, &le):
		return lang.X("book.limit", "No book or trades: the account's {{.Limit}} subscribed symbols are all in use. Closing other windows or views frees some.",
			map[string]any{"Limit": le.Limit}), true
	}
	switch p.feed.Kind {
	case socket.Connecting, socket.Reconnecting, socket.Refused:
		since := ""
		if !p.feed.LastUpdate.IsZero() {
			since = " " + lang.X("book.as_of", "The book and trades shown are as of {{.Time}}.", map[string]any{"Time": p.feed.LastUpdate.In(p.zone()).Format("15:04:05")})
		}
		return lang.X("book.reconnecting", "The quote feed is down ({{.Reason}}); Portview reconnects by itself. The chart still shows the bars it has.",
			map[string]any{"Reason": feedReasonText(p.feed.Reason)}) + since, true
	}
	if p.err != nil {
		return lang.X("book.failed", "The book or the trades could not be fetched; the log has the details. They come back with the next push."), true
	}
	var notes []string
	if a, ok := p.client.Profile().Markets[p.market]; ok && a.Warning != "" {
		notes = append(notes, a.Warning) // LongPort's words: no OpenAPI quotes there, delayed or missing data
	}
	if d := p.depth; d != nil && max(len(d.Asks), len(d.Bids)) == 1 {
		notes = append(notes, lang.X("book.one_level", "Your quote package shows the best bid and ask only."))
		if p.market == "HK" {
			notes = append(notes, lang.X("book.hk_lv2", "Ten levels need the LV2 Advanced - Plus (OpenAPI) package."))
		}
	}
	return strings.Join(notes, " "), false
}

// upDown are the up and down colours of the user's convention.
func upDown(redUp bool) (up, down color.Color) {
	red, green := theme.Color(theme.ColorNameError), theme.Color(theme.ColorNameSuccess)
	if redUp {
		return red, green
	}
	return green, red
}

// levelRow is one price of the book: its side and position, the price,
// the volume with a bar as long as its share of the book's scale, and
// the orders.
type levelRow struct {
	widget.BaseWidget
	ask      bool
	position int
	level    socket.DepthLevel
	empty    bool
	most     int64
	redUp    bool

	bar                         *canvas.Rectangle
	name, price, volume, orders *canvas.Text
}

func newLevelRow(ask bool, position int) *levelRow {
	r := &levelRow{ask: ask, position: position, empty: true, bar: &canvas.Rectangle{}}
	text := func(align fyne.TextAlign) *canvas.Text {
		return &canvas.Text{Alignment: align, TextSize: theme.TextSize(), TextStyle: fyne.TextStyle{Monospace: true}}
	}
	r.name, r.price, r.volume, r.orders = text(fyne.TextAlignLeading), text(fyne.TextAlignTrailing), text(fyne.TextAlignTrailing), text(fyne.TextAlignTrailing)
	r.ExtendBaseWidget(r)
	return r
}

// set shows l (nil: none at this position); it redraws the row only when
// something it shows changed, and says whether it did.
func (r *levelRow) set(l *socket.DepthLevel, most int64, redUp bool) bool {
	empty := l == nil
	if empty == r.empty && redUp == r.redUp && most == r.most && (empty || sameLevel(*l, r.level)) {
		return false
	}
	r.empty, r.most, r.redUp = empty, most, redUp
	if !empty {
		r.level = *l
	}
	r.Refresh()
	return true
}

func sameLevel(a, b socket.DepthLevel) bool {
	return a.Price.Equal(b.Price) && a.Volume == b.Volume && a.Orders == b.Orders
}

func (r *levelRow) CreateRenderer() fyne.WidgetRenderer {
	rr := &levelRenderer{r: r}
	rr.Refresh()
	return rr
}

type levelRenderer struct{ r *levelRow }

func (rr *levelRenderer) Destroy() {}

func (rr *levelRenderer) Objects() []fyne.CanvasObject {
	r := rr.r
	return []fyne.CanvasObject{r.bar, r.name, r.price, r.volume, r.orders}
}

func (rr *levelRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("0", theme.TextSize(), fyne.TextStyle{Monospace: true}).Height
	return fyne.NewSize(bookWidth-2*theme.Padding(), h+2)
}

// Layout puts the columns at fixed shares of the width: name, price,
// volume, orders.
func (rr *levelRenderer) Layout(size fyne.Size) {
	r := rr.r
	pad := theme.Padding()
	w := size.Width - 2*pad
	cols := []float32{0.18, 0.32, 0.32, 0.18}
	x := pad
	for i, t := range []*canvas.Text{r.name, r.price, r.volume, r.orders} {
		cw := w * cols[i]
		t.Move(fyne.NewPos(x, 1))
		t.Resize(fyne.NewSize(cw, size.Height-2))
		x += cw
	}
	frac := float32(0)
	if !r.empty && r.most > 0 {
		frac = float32(r.level.Volume) / float32(r.most)
	}
	bw := w * 0.5 * frac // under the volume and the orders, clear of the price
	r.bar.Move(fyne.NewPos(size.Width-pad-bw, 1))
	r.bar.Resize(fyne.NewSize(bw, size.Height-2))
}

func (rr *levelRenderer) Refresh() {
	r := rr.r
	up, down := upDown(r.redUp)
	side := up // bids stand where buyers are: the up colour
	r.name.Text = lang.X("book.bid", "Bid {{.N}}", map[string]any{"N": r.position})
	if r.ask {
		side = down
		r.name.Text = lang.X("book.ask", "Ask {{.N}}", map[string]any{"N": r.position})
	}
	fg := theme.Color(theme.ColorNameForeground)
	r.name.Color = theme.Color(theme.ColorNamePlaceHolder)
	r.price.Color, r.volume.Color, r.orders.Color = side, fg, theme.Color(theme.ColorNamePlaceHolder)
	if r.empty {
		r.price.Text, r.volume.Text, r.orders.Text = "–", "", ""
	} else {
		r.price.Text = fixedText(r.level.Price)
		r.volume.Text = thousands(int(r.level.Volume))
		r.orders.Text = ""
		if r.level.Orders > 0 {
			r.orders.Text = "(" + thousands(int(r.level.Orders)) + ")"
		}
	}
	cr, cg, cb, _ := side.RGBA()
	r.bar.FillColor = color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0x30}
	rr.Layout(r.Size())
	for _, o := range rr.Objects() {
		o.Refresh()
	}
}

// tapeRow is one trade of the tape: time, price, volume and direction,
// the price in the direction's colour.
type tapeRow struct {
	widget.BaseWidget
	head                   bool // the column titles, in the placeholder colour
	at, price, volume, dir *canvas.Text
}

func newTapeRow() *tapeRow {
	text := func(align fyne.TextAlign) *canvas.Text {
		return &canvas.Text{Alignment: align, TextSize: theme.TextSize(), TextStyle: fyne.TextStyle{Monospace: true}, Color: theme.Color(theme.ColorNameForeground)}
	}
	r := &tapeRow{at: text(fyne.TextAlignLeading), price: text(fyne.TextAlignTrailing), volume: text(fyne.TextAlignTrailing), dir: text(fyne.TextAlignCenter)}
	r.ExtendBaseWidget(r)
	return r
}

// set shows t, its time in loc.
func (r *tapeRow) set(t socket.Trade, loc *time.Location, redUp bool) {
	up, down := upDown(redUp)
	fg := theme.Color(theme.ColorNameForeground)
	r.at.Text, r.at.Color = t.Time.In(loc).Format("15:04:05"), theme.Color(theme.ColorNamePlaceHolder)
	r.price.Text = fixedText(t.Price)
	r.volume.Text, r.volume.Color = thousands(int(t.Volume)), fg
	// The arrows come from the symbol font, smaller than the digits beside
	// them; the dash is the text font's.
	r.dir.TextSize, r.dir.TextStyle = theme.TextSize()*1.3, fyne.TextStyle{Bold: true}
	switch t.Direction {
	case socket.DirectionUp:
		r.dir.Text, r.dir.Color, r.price.Color = "↑", up, up
	case socket.DirectionDown:
		r.dir.Text, r.dir.Color, r.price.Color = "↓", down, down
	default:
		r.dir.Text, r.dir.Color, r.price.Color = "–", theme.Color(theme.ColorNamePlaceHolder), fg
		r.dir.TextSize, r.dir.TextStyle = theme.TextSize(), fyne.TextStyle{Monospace: true}
	}
	for _, o := range []*canvas.Text{r.at, r.price, r.volume, r.dir} {
		o.Refresh()
	}
}

func (r *tapeRow) CreateRenderer() fyne.WidgetRenderer {
	tr := &tapeRenderer{r: r}
	tr.Refresh()
	return tr
}

type tapeRenderer struct{ r *tapeRow }

func (tr *tapeRenderer) Destroy() {}

func (tr *tapeRenderer) Objects() []fyne.CanvasObject {
	r := tr.r
	return []fyne.CanvasObject{r.at, r.price, r.volume, r.dir}
}

func (tr *tapeRenderer) MinSize() fyne.Size {
	h := fyne.MeasureText("0", theme.TextSize(), fyne.TextStyle{Monospace: true}).Height
	return fyne.NewSize(bookWidth-4*theme.Padding(), h)
}

func (tr *tapeRenderer) Layout(size fyne.Size) {
	r := tr.r
	cols := []float32{0.3, 0.3, 0.28, 0.12}
	x := float32(0)
	for i, t := range []*canvas.Text{r.at, r.price, r.volume, r.dir} {
		cw := size.Width * cols[i]
		t.Move(fyne.NewPos(x, 0))
		t.Resize(fyne.NewSize(cw, size.Height))
		x += cw
	}
}

func (tr *tapeRenderer) Refresh() {
	if tr.r.head { // the theme may have changed
		for _, t := range []*canvas.Text{tr.r.at, tr.r.price, tr.r.volume} {
			t.Color = theme.Color(theme.ColorNamePlaceHolder)
		}
	}
	for _, o := range tr.Objects() {
		o.Refresh()
	}
}
