package gui

import (
	"cmp"
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/gui/chart"
	"github.com/portview/portview/quote/socket"
)

// chartBars is how many bars a chart asks for: enough to read a trend at
// a window's width. Cmd 19 returns the latest bars and spends no history
// quota.
const chartBars = 120

// chartPeriod is one choice of the chart's selector.
type chartPeriod struct {
	title  func() string
	period socket.Period // 0 for the intraday line
	chart  chart.Period
}

var chartPeriods = []chartPeriod{
	{title: func() string { return lang.X("chart.intraday", "Intraday") }, chart: chart.Intraday},
	{title: func() string { return lang.X("chart.1m", "1 min") }, period: socket.Minute1, chart: chart.Minute1},
	{title: func() string { return lang.X("chart.5m", "5 min") }, period: socket.Minute5, chart: chart.Minute5},
	{title: func() string { return lang.X("chart.15m", "15 min") }, period: socket.Minute15, chart: chart.Minute15},
	{title: func() string { return lang.X("chart.30m", "30 min") }, period: socket.Minute30, chart: chart.Minute30},
	{title: func() string { return lang.X("chart.1h", "1 h") }, period: socket.Minute60, chart: chart.Minute60},
	{title: func() string { return lang.X("chart.day", "Day") }, period: socket.Day, chart: chart.Day},
	{title: func() string { return lang.X("chart.week", "Week") }, period: socket.Week, chart: chart.Week},
	{title: func() string { return lang.X("chart.month", "Month") }, period: socket.Month, chart: chart.Month},
}

// errNoFeed: the session has no quote socket (signed out, or a region
// without one).
var errNoFeed = errors.New("no quote socket")

// detailWindow is one security's window: its quote and its chart, live.
type detailWindow struct {
	u      *UI
	symbol string
	win    fyne.Window
	ld     loader
	book   *bookPanel       // the order book and the tape (book.go)
	split  *container.Split // the chart's side and the book's

	period int // into chartPeriods
	bars   []chart.Bar
	shown  int // the period of bars: a failed reload of it keeps them
	// dayVolume is the day's volume at the last quote, so that a push adds
	// what traded since to the last bar.
	dayVolume int64
	prevClose decimal.Decimal // of the last quote, for the chart's line
	cal       chart.Calendar  // the market's sessions and days, for the live bars

	// paging back through older bars (detailchart.go)
	older      loader
	back       chart.Backfill
	olderTimer *time.Timer // a request the rate held back

	name     *widget.Label
	fields   map[string]*widget.Label // the quote's values, by key
	selector *widget.RadioGroup
	chart    *chart.Chart
	message  *widget.Label // loading, or why there is no chart
	retry    *widget.Button

	averagesButton *widget.Button
	times          *widget.Select
	historyLine    *widget.Label // older bars loading, the history quota
}

// openDetail shows symbol's window, bringing it forward if it is open.
func (u *UI) openDetail(symbol string) {
	sym := normalizeSymbols([]string{symbol})
	if len(sym) == 0 {
		return
	}
	if d := u.details[sym[0]]; d != nil {
		d.win.Show()
		d.win.RequestFocus()
		return
	}
	if u.details == nil {
		u.details = map[string]*detailWindow{}
	}
	d := newDetailWindow(u, sym[0])
	u.details[d.symbol] = d
	d.win.Show()
	d.load()
}

func newDetailWindow(u *UI, symbol string) *detailWindow {
	d := &detailWindow{u: u, symbol: symbol, fields: map[string]*widget.Label{}, ld: loader{ui: u, name: "detail " + symbol}}
	d.older = loader{ui: u, name: "older bars " + symbol}
	d.win = u.app.NewWindow(securityTitle(symbol, u.knownName(symbol)))
	d.name = &widget.Label{Text: symbol, TextStyle: fyne.TextStyle{Bold: true}}

	grid := container.NewGridWithColumns(6)
	for _, f := range quoteFields() {
		v := &widget.Label{Alignment: fyne.TextAlignTrailing}
		d.fields[f.key] = v
		grid.Add(widget.NewLabel(f.title()))
		grid.Add(v)
	}

	titles := make([]string, len(chartPeriods))
	for i, p := range chartPeriods {
		titles[i] = p.title()
	}
	d.selector = &widget.RadioGroup{Options: titles, Horizontal: true, Required: true, Selected: titles[0]}
	d.selector.OnChanged = d.onPeriod
	d.selector.ExtendBaseWidget(d.selector)

	d.chart = chart.New()
	d.chart.OnOlder = d.onOlder
	d.message = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
	d.retry = &widget.Button{Text: lang.X("action.try_again", "Try again"), Icon: theme.ViewRefreshIcon(), OnTapped: d.load}
	d.retry.Hide()
	notice := container.NewCenter(container.NewVBox(container.NewGridWrap(fyne.NewSize(420, d.message.MinSize().Height*3), d.message), container.NewCenter(d.retry)))

	// The averages and the times' zone go on a line of their own, beside the
	// history quota's words: beside the periods they made the window, with
	// its book, wider than a laptop's screen.
	top := container.NewVBox(d.name, grid, widget.NewSeparator(), container.NewHScroll(d.selector), container.NewBorder(nil, nil, nil, d.chartControls(), d.historyLine))
	d.win.SetContent(container.NewBorder(top, nil, nil, nil, container.NewStack(d.chart, notice)))
	d.win.Resize(u.detailSize())
	d.win.SetOnClosed(d.onClosed)
	closeWithKeys(d.win)
	u.addGoToSymbolKey(d.win)
	d.addBook()

	if q, ok := u.live.quote(symbol); ok {
		d.showQuote(q)
	}
	u.live.want(d.liveKey(), []string{symbol}, d.onLive, nil)
	return d
}

func (d *detailWindow) liveKey() string { return "detail:" + d.symbol }

func (d *detailWindow) onClosed() {
	d.u.rememberDetailSize(d.win, d.split)
	d.ld.stop()
	d.resetOlder()
	d.u.live.want(d.liveKey(), nil, nil, nil)
	delete(d.u.details, d.symbol)
	d.book.stop()
}

func (d *detailWindow) onPeriod(title string) {
	for i, p := range chartPeriods {
		if p.title() == title && i != d.period {
			d.period = i
			d.load()
		}
	}
}

// detailData is what a load brings: the chart's bars, and the quote and
// the name when they came.
type detailData struct {
	bars  []chart.Bar
	quote *socket.Quote
	name  string
	cal   *chart.Calendar // when it was read
}

// load fetches the chart of the period chosen (and the quote and name),
// keeping the chart on screen until the new one arrives.
func (d *detailWindow) load() {
	p := chartPeriods[d.period]
	sym := d.symbol
	nameOf := d.u.lang.Code
	sessions := sessionsOf(sym, p)
	needCal := d.cal.Market == ""
	now := d.u.cfg.Clock.Now()
	fetch := func(ctx context.Context, c *clients) (any, error) {
		if c.socket == nil {
			return nil, errNoFeed
		}
		var out detailData
		var err error
		if p.period == 0 {
			var lines []socket.IntradayLine
			lines, err = c.socket.Intraday(ctx, sym, sessions)
			out.bars = intradayBars(lines)
		} else {
			var candles []socket.Candlestick
			candles, err = c.socket.Candlesticks(ctx, sym, p.period, chartBars, socket.ForwardAdjust, sessions)
			out.bars = candleBars(candles)
		}
		if err != nil {
			return nil, err
		}
		if needCal {
			cal := fetchCalendar(ctx, c, socket.MarketOf(sym), false, now)
			out.cal = &cal
		}
		if qs, err := c.socket.Quotes(ctx, []string{sym}); err == nil && len(qs) == 1 {
			out.quote = &qs[0]
		}
		if info, err := c.socket.StaticInfo(ctx, []string{sym}); err == nil && len(info) == 1 {
			out.name = localName(info[0], nameOf)
		}
		return out, nil
	}
	d.retry.Hide()
	if d.bars == nil {
		d.message.SetText(lang.X("chart.loading", "Loading the chart…"))
	}
	if !d.ld.start(fetch, d.onLoaded) {
		d.onLoaded(nil, errNoFeed)
	}
}

func (d *detailWindow) onLoaded(v any, err error) {
	if err != nil {
		d.u.log.Warn("chart not loaded", "symbol", d.symbol, "err", err)
		if d.shown != d.period {
			d.bars = nil // another period's bars would mislead
			d.showChart()
		}
		d.message.SetText(chartErrorText(err, d.symbol))
		d.retry.Show()
		return
	}
	data := v.(detailData)
	d.message.SetText("")
	if len(data.bars) == 0 {
		d.message.SetText(lang.X("chart.empty", "LongPort has no bars of {{.Symbol}} for this period.", map[string]any{"Symbol": d.symbol}))
	}
	if data.name != "" {
		d.name.SetText(d.symbol + " · " + data.name)
		d.win.SetTitle(securityTitle(d.symbol, data.name))
	}
	if data.cal != nil {
		d.cal = *data.cal
	}
	d.cal.Extended = sessionsOf(d.symbol, chartPeriods[d.period]) == socket.AllSessions
	if d.period == 0 {
		data.bars = withSessions(data.bars, d.cal)
	}
	d.resetOlder()
	d.bars, d.shown = data.bars, d.period
	d.dayVolume = 0
	if q, ok := d.u.live.quote(d.symbol); ok {
		data.quote = &q // the hub's is as new or newer
	}
	if data.quote != nil {
		d.showQuote(*data.quote)
		d.join(*data.quote)
	}
	d.showChart()
}

// showChart draws the bars of the period shown, the quote's previous
// close with them.
func (d *detailWindow) showChart() {
	p := chartPeriods[d.period]
	data := chart.Data{Bars: d.bars, Period: p.chart, Market: socket.MarketOf(d.symbol), PrevClose: d.prevClose,
		Averages: d.u.averages(), Zone: d.u.chartZone()}
	d.chart.Set(data, p.period == 0, d.u.live.redUp)
}

// onLive takes the hub's batch: the quote changes and the last bar with it.
func (d *detailWindow) onLive(map[string]bool) {
	q, ok := d.u.live.quote(d.symbol)
	if !ok {
		return
	}
	d.showQuote(q)
	if d.join(q) {
		d.showChart()
	}
}

// join makes the latest quote part of the chart: it moves the last bar's
// close (and high, low and volume), or opens the next bar where the
// market's bar boundaries say (chart.Calendar.Apply). A price of the pre-
// or post-market stays off a chart of the regular session.
func (d *detailWindow) join(q socket.Quote) bool {
	grown := int64(0)
	if d.dayVolume > 0 && q.Volume > d.dayVolume {
		grown = q.Volume - d.dayVolume
	}
	if q.Volume > 0 {
		d.dayVolume = q.Volume
	}
	if d.cal.Market == "" || (q.Session != socket.SessionRegular && !d.cal.Extended) {
		return false
	}
	var changed bool
	d.bars, changed = d.cal.Apply(d.bars, chartPeriods[d.period].chart, chart.Trade{Time: q.Time, Price: q.Last, Volume: grown})
	return changed
}

// quoteField is one value of the quote snapshot.
type quoteField struct {
	key   string
	title func() string
}

func quoteFields() []quoteField {
	return []quoteField{
		{"last", func() string { return lang.X("column.last", "Last") }},
		{"change", func() string { return lang.X("column.change", "Change") }},
		{"change_pct", func() string { return lang.X("column.change_pct", "Change %") }},
		{"open", func() string { return lang.X("security.open", "Open") }},
		{"high", func() string { return lang.X("security.high", "High") }},
		{"low", func() string { return lang.X("security.low", "Low") }},
		{"prev_close", func() string { return lang.X("security.prev_close", "Previous close") }},
		{"volume", func() string { return lang.X("column.volume", "Volume") }},
		{"turnover", func() string { return lang.X("column.turnover", "Turnover") }},
	}
}

// showQuote puts q's values in the snapshot, the change in the up and
// down colours. Bid and ask are in the book beside the chart.
func (d *detailWindow) showQuote(q socket.Quote) {
	text := func(v decimal.Decimal) string {
		if v.IsZero() {
			return "–"
		}
		return priceText(v)
	}
	set := func(key, s string, imp widget.Importance) {
		l := d.fields[key]
		if l.Text != s || l.Importance != imp {
			l.Importance = imp
			l.SetText(s)
		}
	}
	imp := widget.MediumImportance
	change, pct := "–", "–"
	if ch, ok := q.Change(); ok {
		change = signedText(ch)
		if ch.Sign() != 0 {
			imp = widget.SuccessImportance
			if (ch.Sign() > 0) == d.u.live.redUp {
				imp = widget.DangerImportance
			}
		}
	}
	if p, ok := q.ChangePercent(); ok {
		pct = signedText(p) + "%"
	}
	set("last", text(q.Last), imp)
	set("change", change, imp)
	set("change_pct", pct, imp)
	set("open", text(q.Open), widget.MediumImportance)
	set("high", text(q.High), widget.MediumImportance)
	set("low", text(q.Low), widget.MediumImportance)
	set("prev_close", text(q.PrevClose), widget.MediumImportance)
	d.prevClose = q.PrevClose
	set("volume", text(decimal.NewFromInt(q.Volume)), widget.MediumImportance)
	set("turnover", text(q.Turnover.Round(0)), widget.MediumImportance)
}

// chartErrorText says in words why there is no chart.
func chartErrorText(err error, symbol string) string {
	var se *socket.Error
	switch {
	case errors.Is(err, errNoFeed):
		return lang.X("chart.no_feed", "Not connected to LongPort's quote feed, so there is no chart. Sign in, then try again.")
	case errors.Is(err, socket.ErrNotConnected), errors.Is(err, socket.ErrClosed), errors.Is(err, context.DeadlineExceeded):
		return lang.X("chart.not_connected", "The quote feed is not connected. Portview reconnects by itself; try again in a moment.")
	case errors.Is(err, socket.ErrTimeout):
		return lang.X("chart.timeout", "The quote feed did not answer in time. Try again.")
	case errors.As(err, &se):
		switch se.Reason() {
		case socket.ReasonNoQuoteAccess:
			return lang.X("chart.no_access", "Your account has no quote access for {{.Market}}, so LongPort sends no chart of {{.Symbol}}. A quote package for that market gives it.",
				map[string]any{"Market": marketText(socket.MarketOf(symbol)), "Symbol": symbol})
		case socket.ReasonHistoryQuota:
			return lang.X("chart.history_quota", "This month's history quota of your account is used up (code 301607), so LongPort sends no more charts of new symbols until next month.")
		case socket.ReasonRateLimited:
			return lang.X("chart.rate_limited", "LongPort asks for fewer requests. Wait a moment and try again.")
		}
		return lang.X("chart.refused", "LongPort refused the chart (code {{.Code}}). Try again later.", map[string]any{"Code": se.Code})
	}
	return lang.X("chart.failed", "The chart could not be loaded. Try again; the log has the details.")
}

// candleBars are the socket's candles as the chart's bars.
func candleBars(list []socket.Candlestick) []chart.Bar {
	out := make([]chart.Bar, len(list))
	for i, k := range list {
		out[i] = chart.Bar{Time: k.Time, Open: k.Open, High: k.High, Low: k.Low, Close: k.Close, Volume: k.Volume, Session: chart.SessionKind(k.Session)}
	}
	return out
}

// intradayBars are minutes of the line as bars whose open is the minute
// before's price, so that a volume bar shows whether the price rose.
func intradayBars(lines []socket.IntradayLine) []chart.Bar {
	out := make([]chart.Bar, len(lines))
	for i, l := range lines {
		open := l.Price
		if i > 0 {
			open = lines[i-1].Price
		}
		out[i] = chart.Bar{Time: l.Time, Open: open, High: l.Price, Low: l.Price, Close: l.Price, Average: l.Average, Volume: l.Volume}
	}
	return out
}

// localName is the security's name in the UI's language, else in English.
func localName(info socket.StaticInfo, langCode string) string {
	return cmp.Or(nameIn(info, langCode), info.NameEN)
}
