package gui

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/gui/chart"
	"github.com/portview/portview/quote/socket"
)

// The chart's preferences: the moving averages drawn ("5,10,20,60"; "-"
// for none). Its times read in the zone of the tables' Times setting.
const (
	prefChartAverages = "chart.averages"
	// prefHistoryUse is the month's history symbols this app fetched
	// (chart.QuotaUse): LongPort tells the quota, not how much is used.
	prefHistoryUse = "chart.history.used"
)

// historyPage is how many older bars one request brings, and olderAhead
// how close to the oldest bar the view comes before it is asked.
const (
	historyPage = 500
	olderAhead  = 60
)

// historyState is what the session's charts share of the history quota:
// the request rate (the account's, not a window's) and whether the month's
// quota was found spent.
type historyState struct {
	rate       *chart.RequestLimit
	spentMonth string // the month 301607 came in; "" if it has not
}

// history is the UI's history state, made on first use.
func (u *UI) history() *historyState {
	if u.hist == nil {
		u.hist = &historyState{rate: chart.HistoryRate()}
	}
	return u.hist
}

// parseAverages reads the moving averages as kept or typed: lengths of 2
// to 500 bars, separated by commas or spaces, each once, in order; false
// when something in s is not one.
func parseAverages(s string) ([]int, bool) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '、' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 2 || n > 500 {
			return nil, false
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, true
}

func averagesText(list []int) string {
	s := make([]string, len(list))
	for i, n := range list {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// averages are the moving averages the user chose, the defaults until then.
func (u *UI) averages() []int {
	s := u.cfg.Prefs.String(prefChartAverages)
	if s == "-" {
		return []int{}
	}
	if list, ok := parseAverages(s); ok && len(list) > 0 {
		return list
	}
	return chart.DefaultAverages
}

func (u *UI) setAverages(list []int) {
	if len(list) == 0 {
		u.cfg.Prefs.SetString(prefChartAverages, "-")
		return
	}
	u.cfg.Prefs.SetString(prefChartAverages, strings.ReplaceAll(averagesText(list), " ", ""))
}

// chartZone is the zone the charts' times read in: the tables' Times
// setting, one for the whole app; nil for each market's own.
func (u *UI) chartZone() *time.Location {
	if exchangeTimes.Load() {
		return nil
	}
	return time.Local
}

// showTimes shows the Times setting in the window's choice.
func (d *detailWindow) showTimes() {
	want := lang.X("chart.times_local", "Local time")
	if exchangeTimes.Load() {
		want = lang.X("chart.times_exchange", "Exchange time")
	}
	if d.times.Selected != want {
		d.times.Selected = want // not SetSelected: it would set the setting again
		d.times.Refresh()
	}
}

// chartControls are the choices beside the period: the moving averages
// and the times' zone; and the line that tells of the history quota.
func (d *detailWindow) chartControls() fyne.CanvasObject {
	d.averagesButton = &widget.Button{OnTapped: d.onAverages}
	d.showAveragesButton()
	exchange, local := lang.X("chart.times_exchange", "Exchange time"), lang.X("chart.times_local", "Local time")
	// The same choice as the tables' Times setting: a change here moves
	// the tables and the other windows too.
	d.times = widget.NewSelect([]string{exchange, local}, func(s string) {
		pref := timesPrefs[0]
		if s == exchange {
			pref = timesPrefs[1]
		}
		d.u.setTimes(pref)
	})
	d.showTimes()
	d.historyLine = &widget.Label{Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord}
	d.historyLine.Hide()
	w := max(fyne.MeasureText(exchange, theme.TextSize(), fyne.TextStyle{}).Width, fyne.MeasureText(local, theme.TextSize(), fyne.TextStyle{}).Width)
	times := container.NewGridWrap(fyne.NewSize(w+theme.IconInlineSize()+8*theme.InnerPadding(), d.times.MinSize().Height), d.times)
	return container.NewHBox(d.averagesButton, times)
}

func (d *detailWindow) showAveragesButton() {
	list := d.u.averages()
	text := lang.X("chart.averages_none", "No averages")
	if len(list) > 0 {
		text = "MA " + averagesText(list)
	}
	d.averagesButton.SetText(text)
}

// onAverages asks which moving averages to draw: the usual four to tick,
// and lengths of the user's own.
func (d *detailWindow) onAverages() {
	chosen := d.u.averages()
	usual := []string{"5", "10", "20", "60"}
	checks := widget.NewCheckGroup(usual, nil)
	checks.Horizontal = true
	var other []int
	for _, n := range chosen {
		if s := strconv.Itoa(n); slices.Contains(usual, s) {
			checks.Selected = append(checks.Selected, s)
		} else {
			other = append(other, n)
		}
	}
	typed := &widget.Entry{Text: averagesText(other), PlaceHolder: lang.X("chart.averages_hint", "for example 7, 30, 120")}
	typed.Validator = func(s string) error {
		if _, ok := parseAverages(s); !ok {
			return errors.New(lang.X("chart.averages_invalid", "Lengths of 2 to 500 bars, separated by commas"))
		}
		return nil
	}
	items := []*widget.FormItem{
		{Text: lang.X("chart.averages_usual", "Usual"), Widget: checks},
		{Text: lang.X("chart.averages_other", "Other lengths"), Widget: typed, HintText: lang.X("chart.averages_other_hint", "In bars, separated by commas")},
	}
	dialog.ShowForm(lang.X("chart.averages_title", "Moving averages"), lang.X("action.ok", "OK"), lang.X("action.cancel", "Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		list, _ := parseAverages(typed.Text + "," + strings.Join(checks.Selected, ","))
		d.chooseAverages(list)
	}, d.win)
}

// chooseAverages draws list and remembers it.
func (d *detailWindow) chooseAverages(list []int) {
	d.u.setAverages(list)
	d.showAveragesButton()
	d.showChart()
}

// sessionsOf is which sessions' bars a chart of period asks for: all of
// them on US minute charts, where pre- and post-market trade; the regular
// session elsewhere.
func sessionsOf(symbol string, p chartPeriod) socket.Sessions {
	if socket.MarketOf(symbol) == "US" && !p.chart.Daily() {
		return socket.AllSessions
	}
	return socket.RegularOnly
}

// fetchCalendar reads the market's trading days around today (cmd 9), for
// a half day's early close and the holidays of the live bars.
func fetchCalendar(ctx context.Context, c *clients, market string, extended bool, now time.Time) chart.Calendar {
	cal := chart.NewCalendar(market, extended)
	loc := chart.Location(market)
	to := now.In(loc)
	from := to.AddDate(0, 0, -20)
	days, err := c.socket.TradingDays(ctx, market, from, to)
	if err != nil {
		return cal // weekends closed: the rest as usual
	}
	cal.Closed, cal.Half = map[string]bool{}, map[string]bool{}
	open := map[string]bool{}
	for _, t := range days.Full {
		open[t.Format(time.DateOnly)] = true
	}
	for _, t := range days.Half {
		open[t.Format(time.DateOnly)] = true
		cal.Half[t.Format(time.DateOnly)] = true
	}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if k := d.Format(time.DateOnly); !open[k] {
			cal.Closed[k] = true
		}
	}
	return cal
}

// withSessions marks the intraday line's minutes with their session, which
// its lines do not carry.
func withSessions(bars []chart.Bar, cal chart.Calendar) []chart.Bar {
	for i := range bars {
		if s, ok := cal.SessionAt(bars[i].Time); ok {
			bars[i].Session = s.Kind
		}
	}
	return bars
}

// resetOlder forgets the paging back of the bars shown before.
func (d *detailWindow) resetOlder() {
	d.older.stop()
	d.back = chart.Backfill{Page: historyPage, Ahead: olderAhead}
	if d.olderTimer != nil {
		d.olderTimer.Stop()
		d.olderTimer = nil
	}
	d.showHistoryLine()
}

// onOlder fetches the page of bars before the oldest shown when the view
// nears it: one request at a time, within the account's rate (a request
// the rate holds back goes when it allows), none after the month's quota
// is spent. The intraday line has no older bars.
func (d *detailWindow) onOlder(first int) {
	p := chartPeriods[d.period]
	if p.period == 0 || len(d.bars) == 0 || d.shown != d.period {
		return
	}
	h := d.u.history()
	now := d.u.cfg.Clock.Now()
	if h.spentMonth == chart.QuotaMonth(now) && !d.back.Spent() {
		d.back.Done(0, chart.PageSpent) // another window found it spent
		d.showHistoryLine()
	}
	if !d.back.Start(first, now, h.rate) {
		if d.back.Wants(first) && d.olderTimer == nil {
			wait := h.rate.Next(now).Sub(now)
			d.olderTimer = time.AfterFunc(wait, func() {
				d.u.do(func() {
					d.olderTimer = nil
					f, _ := d.chart.View().Window(len(d.bars))
					d.onOlder(f)
				})
			})
		}
		return
	}
	sym, market := d.symbol, socket.MarketOf(d.symbol)
	oldest := d.bars[0].Time.In(chart.Location(market))
	sessions := sessionsOf(sym, p)
	fetch := func(ctx context.Context, c *clients) (any, error) {
		if c.socket == nil {
			return nil, errNoFeed
		}
		// the page ends at the oldest bar, which is loaded: one more
		candles, err := c.socket.HistoryBefore(ctx, sym, p.period, socket.ForwardAdjust, sessions, oldest, historyPage+1)
		return candleBars(candles), err
	}
	if !d.older.start(fetch, d.onOlderLoaded) {
		d.back.Done(0, chart.PageFail)
		return
	}
	d.showHistoryLine()
}

func (d *detailWindow) onOlderLoaded(v any, err error) {
	now := d.u.cfg.Clock.Now()
	var se *socket.Error
	switch {
	case errors.As(err, &se) && se.Reason() == socket.ReasonHistoryQuota:
		d.back.Done(0, chart.PageSpent)
		d.u.history().spentMonth = chart.QuotaMonth(now)
	case err != nil:
		d.back.Done(0, chart.PageFail) // the next pan tries again
	default:
		use := chart.ParseQuotaUse(d.u.cfg.Prefs.String(prefHistoryUse))
		if use.Add(d.symbol, now) {
			d.u.cfg.Prefs.SetString(prefHistoryUse, use.String())
		}
		n := len(d.bars)
		d.bars = chart.Prepend(d.bars, v.([]chart.Bar))
		d.back.Done(len(d.bars)-n, chart.PageOK)
		d.showChart()
	}
	d.showHistoryLine()
}

// showHistoryLine says that older bars are on their way, or how much of
// the month's history quota is used when that is near, or that it is
// spent; it hides when there is nothing to say.
func (d *detailWindow) showHistoryLine() {
	if d.historyLine == nil {
		return
	}
	now := d.u.cfg.Clock.Now()
	limit := 0
	if c := d.u.clients; c != nil && c.socket != nil {
		limit = c.socket.Profile().HistoryLimit
	}
	used := chart.ParseQuotaUse(d.u.cfg.Prefs.String(prefHistoryUse)).Used(now)
	spent := d.back.Spent() || d.u.history().spentMonth == chart.QuotaMonth(now)
	text := chart.QuotaText(used, limit, spent)
	if d.back.Busy() {
		text = strings.TrimSpace(lang.X("chart.loading_older", "Loading older bars…") + "   " + text)
	}
	importance := widget.MediumImportance
	if spent {
		importance = widget.WarningImportance
	}
	if text == "" {
		d.historyLine.Hide()
	} else {
		d.historyLine.Show()
	}
	if text != d.historyLine.Text || importance != d.historyLine.Importance {
		d.historyLine.Text, d.historyLine.Importance = text, importance
		d.historyLine.Refresh() // once, and only when the line reads otherwise
	}
}
