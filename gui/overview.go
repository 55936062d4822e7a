package gui

import (
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/trade"
)

// prefOverviewCurrency is the currency the overview states the whole
// account in.
const prefOverviewCurrency = "portfolio.overview.currency"

// overview is the strip at the top of the Portfolio, above its tables: the
// whole account in one currency the user picks, as LongPort states it (the
// balance endpoint answers one view of the account per currency; Portview
// converts nothing), and the stock positions of each currency with their
// live market value, unrealised P/L and today's P/L.
type overview struct {
	ui       *UI
	currency *widget.Select
	balances []trade.AccountBalance

	netAssets, cash, buyPower, risk *figure
	positions                       *fyne.Container // a row of figures and a bar a currency
	across                          *allocationBar  // the positions across their currencies
	rows                            map[string]*overviewRow
	held                            []trade.StockPosition     // the positions followed
	values                          []heldValue               // of each of held
	bySymbol                        map[string][]int          // the rows of held of each symbol
	sums                            map[string]*positionTotal // of held, by currency
	byMarket                        bool                      // the bars group by market, not by position
	shown                           func() bool               // whether the overview is on screen
	redraws                         int                       // figures and bars redrawn, for tests and BENCHMARKS
	order                           []string                  // the currencies of the rows, in order
	content                         fyne.CanvasObject
}

// figure is a caption over a value, as a broker's summary shows a number.
type figure struct {
	caption, value *widget.Label
	box            fyne.CanvasObject
}

func newFigure(caption string) *figure {
	f := &figure{caption: &widget.Label{Text: caption, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis},
		// The value is not truncated: an ellipsis costs a text shaping at
		// each of the live redraws, and the values are short numbers (a
		// note such as "3 of 4 priced" goes in the caption).
		value: &widget.Label{Text: "—", TextStyle: fyne.TextStyle{Bold: true}}}
	f.box = container.New(&tightVBox{}, f.caption, f.value)
	return f
}

// newInlineFigure is a figure with its caption before its value on one
// line: a currency's row of positions takes half the height, so that more
// of the table under the overview shows in a small window.
func newInlineFigure(caption string) *figure {
	f := newFigure(caption)
	f.box = container.New(captionBeforeValue{}, f.caption, f.value)
	return f
}

// captionWidth is the width a caption label needs to show whole.
func captionWidth(l *widget.Label) float32 {
	return fyne.MeasureText(l.Text, theme.Size(l.SizeName), l.TextStyle).Width + 2*theme.InnerPadding() + theme.Padding() // and rounding
}

// figureRow lays inline figures side by side, each as wide as it needs to
// show whole and the room left shared between them; when the row is too
// narrow for that, each gets its least width and a share of what is left,
// so that its caption is shortened before its value.
type figureRow struct{ figures []*figure }

func (r figureRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func (r figureRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	want := make([]float32, len(objs))
	var mins, full float32
	for i, o := range objs {
		m := o.MinSize().Width
		want[i] = m
		if i < len(r.figures) {
			want[i] = max(m, captionWidth(r.figures[i].caption)+r.figures[i].value.MinSize().Width)
		}
		mins += m
		full += want[i]
	}
	x := float32(0)
	for i, o := range objs {
		w := want[i]
		gap := float32(0)
		if full <= size.Width {
			gap = (size.Width - full) / float32(len(objs))
		} else if full > mins {
			m := o.MinSize().Width
			w = m + (want[i]-m)*(size.Width-mins)/(full-mins)
		}
		o.Resize(fyne.NewSize(w, size.Height))
		o.Move(fyne.NewPos(x, 0))
		x += w + gap
	}
}

// captionBeforeValue lays a caption and its value on one line: the value
// whole, the caption at its full width when there is room, shortened with
// an ellipsis when there is not.
type captionBeforeValue struct{}

func (captionBeforeValue) MinSize(objs []fyne.CanvasObject) fyne.Size {
	c, v := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(c.Width+v.Width, max(c.Height, v.Height))
}

func (captionBeforeValue) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	caption, value := objs[0], objs[1]
	vw := value.MinSize().Width
	cw := size.Width - vw
	if l, ok := caption.(*widget.Label); ok {
		cw = min(cw, captionWidth(l))
	}
	cw = max(cw, 0)
	caption.Resize(fyne.NewSize(cw, size.Height))
	caption.Move(fyne.NewPos(0, 0))
	value.Resize(fyne.NewSize(vw, size.Height))
	value.Move(fyne.NewPos(cw-theme.InnerPadding(), 0)) // the labels' inner padding, shared
}

// set changes the value, redrawing only when it changed; it says whether
// it did.
func (f *figure) set(text string, imp widget.Importance) bool {
	if text == "" {
		text = "—"
	}
	if f.value.Text == text && f.value.Importance == imp {
		return false
	}
	f.value.Importance = imp
	f.value.SetText(text)
	return true
}

// overviewRow is the figures of the positions in one currency.
type overviewRow struct {
	label, value, pl, plPct, today *figure
	bar                            *allocationBar
}

func newOverview(u *UI) *overview {
	o := &overview{ui: u, rows: map[string]*overviewRow{}, byMarket: u.cfg.Prefs.String(prefAllocationBy) == "market",
		netAssets: newFigure(lang.X("overview.net_assets", "Net assets")),
		cash:      newFigure(lang.X("overview.cash", "Cash")),
		buyPower:  newFigure(lang.X("overview.buy_power", "Buying power")),
		risk:      newFigure(lang.X("overview.risk", "Risk level")),
	}
	o.currency = widget.NewSelect(nil, func(c string) {
		u.cfg.Prefs.SetString(prefOverviewCurrency, c)
		o.showAccount()
	})
	caption := &widget.Label{Text: lang.X("overview.account_in", "Account in"), SizeName: theme.SizeNameCaptionText}
	pick := container.New(&tightVBox{}, caption, o.currency)
	o.positions = container.NewVBox()
	o.across = newAllocationBar("", nil)
	o.across.across = true
	o.across.Hide()
	o.content = container.NewVBox(
		container.NewGridWithColumns(5, pick, o.netAssets.box, o.cash.box, o.buyPower.box, o.risk.box),
		o.across, o.positions, widget.NewSeparator())
	return o
}

// setBalances takes a new answer of the balance endpoint.
func (o *overview) setBalances(b []trade.AccountBalance) {
	o.balances = b
	var currencies []string
	for _, x := range b {
		currencies = append(currencies, x.Currency)
	}
	if !slices.Equal(currencies, o.currency.Options) {
		o.currency.Options = currencies
		o.currency.Refresh()
	}
	want := o.ui.cfg.Prefs.String(prefOverviewCurrency)
	if !slices.Contains(currencies, want) && len(currencies) > 0 {
		want = currencies[0]
	}
	if o.currency.Selected != want {
		o.currency.SetSelected(want) // shows the account through OnChanged
		return
	}
	o.showAccount()
}

// showAccount shows the balance in the chosen currency.
func (o *overview) showAccount() {
	i := slices.IndexFunc(o.balances, func(b trade.AccountBalance) bool { return b.Currency == o.currency.Selected })
	if i < 0 {
		for _, f := range []*figure{o.netAssets, o.cash, o.buyPower, o.risk} {
			f.set("", widget.MediumImportance)
		}
		return
	}
	o.showAcross()
	b := o.balances[i]
	o.netAssets.set(decimalText(b.NetAssets), widget.MediumImportance)
	o.cash.set(decimalText(b.TotalCash), toneImportance(signTone(b.TotalCash), false))
	o.buyPower.set(decimalText(b.BuyPower), widget.MediumImportance)
	risk, imp := riskLevelText(b.RiskLevel), widget.SuccessImportance
	if b.RiskLevel == "2" || b.RiskLevel == "3" {
		imp = widget.DangerImportance
		if b.MarginCall.Valid && !b.MarginCall.Value.IsZero() {
			risk = lang.X("overview.margin_call", "{{.Risk}} · margin call {{.Amount}}", map[string]any{"Risk": risk, "Amount": moneyText(b.MarginCall, b.Currency)})
		}
	}
	o.risk.set(risk, imp)
}

// follow makes the overview follow rows' prices while the Portfolio is on
// screen, whichever sub-tab is shown. The Stocks pane calls it after a
// load and after each of its live changes; the overview follows those
// changes itself, at the hub's batch, at most once a frame.
func (o *overview) follow(rows []trade.StockPosition) {
	if len(rows) == len(o.held) && (len(rows) == 0 || &rows[0] == &o.held[0]) {
		return
	}
	o.held = rows
	o.values = make([]heldValue, len(rows))
	o.bySymbol = make(map[string][]int, len(rows))
	o.sums = map[string]*positionTotal{}
	syms := make([]string, len(rows))
	for i := range rows {
		syms[i] = rows[i].Symbol
		key := strings.ToUpper(strings.TrimSpace(rows[i].Symbol))
		o.bySymbol[key] = append(o.bySymbol[key], i)
		t := o.sums[rows[i].Currency]
		if t == nil {
			t = &positionTotal{currency: rows[i].Currency}
			o.sums[rows[i].Currency] = t
		}
		t.total++
	}
	o.ui.live.want("portfolio.overview", syms, o.showPositions, o.shown)
	o.showPositions(nil)
}

// heldValue is what one position adds to its currency's totals, at the
// quote it was last valued at.
type heldValue struct {
	last, prevClose    decimal.Decimal // of that quote
	quoted             bool            // a quote came
	value, pl, today   decimal.Decimal
	valued, plOK, toOK bool // value, P/L and today's P/L are known
}

// showPositions shows the totals of the positions followed at their
// latest prices. Only the positions of the symbols that changed (nil: all)
// are valued again, and their old part of the totals taken off: a batch
// costs what changed in it, not the 500 positions.
func (o *overview) showPositions(changed map[string]bool) {
	moved := false
	revalue := func(i int) {
		r, v := &o.held[i], &o.values[i]
		q, ok := o.ui.live.quote(r.Symbol)
		if !ok || (v.quoted && q.Last.Equal(v.last) && q.PrevClose.Equal(v.prevClose)) {
			return
		}
		t := o.sums[r.Currency]
		if v.valued && v.plOK {
			t.value, t.pl, t.cost, t.priced = t.value.Sub(v.value), t.pl.Sub(v.pl), t.cost.Sub(v.value.Sub(v.pl)), t.priced-1
		}
		if v.toOK {
			t.today, t.todayPriced = t.today.Sub(v.today), t.todayPriced-1
		}
		*v = heldValue{last: q.Last, prevClose: q.PrevClose, quoted: true}
		v.value, v.valued = marketValue(r.Quantity, q)
		v.pl, v.plOK = unrealised(r.Quantity, r.CostPrice, q)
		if v.valued && v.plOK {
			t.value, t.pl, t.cost, t.priced = t.value.Add(v.value), t.pl.Add(v.pl), t.cost.Add(v.value.Sub(v.pl)), t.priced+1
		}
		if ch, ok := q.Change(); ok && r.Quantity.Valid {
			v.today, v.toOK = ch.Mul(r.Quantity.Value).Round(2), true
			t.today, t.todayPriced = t.today.Add(v.today), t.todayPriced+1
		}
		moved = true
	}
	if changed == nil {
		for i := range o.held {
			revalue(i)
		}
		moved = true // the rows themselves are new
	}
	for sym := range changed {
		for _, i := range o.bySymbol[sym] {
			revalue(i)
		}
	}
	if !moved {
		return
	}
	currencies := slices.Sorted(maps.Keys(o.sums))
	totals := make([]positionTotal, len(currencies))
	for i, c := range currencies {
		totals[i] = *o.sums[c]
	}
	o.setPositions(totals)
	o.showAcross()
}

// value is the market value of held row i at its last quote.
func (o *overview) value(i int) (decimal.Decimal, bool) { return o.values[i].value, o.values[i].valued }

// setPositions shows the stock positions' totals per currency.
func (o *overview) setPositions(totals []positionTotal) {
	var currencies []string
	for _, t := range totals {
		currencies = append(currencies, t.currency)
	}
	if !slices.Equal(currencies, o.order) {
		o.order = currencies
		o.positions.RemoveAll()
		clear(o.rows)
		for _, c := range currencies {
			r := &overviewRow{
				label: newInlineFigure(lang.X("overview.positions", "Stocks in {{.Currency}}", map[string]any{"Currency": c})),
				value: newInlineFigure(lang.X("overview.market_value", "Market value")),
				pl:    newInlineFigure(lang.X("overview.unrealised", "Unrealised P/L")),
				plPct: newInlineFigure(lang.X("overview.unrealised_pct", "Unrealised P/L %")),
				today: newInlineFigure(lang.X("overview.today", "Today's P/L")),
				bar:   newAllocationBar(c, o.switchAllocation),
			}
			o.rows[c] = r
			figures := []*figure{r.label, r.value, r.pl, r.plPct, r.today}
			o.positions.Add(container.New(figureRow{figures}, r.label.box, r.value.box, r.pl.box, r.plPct.box, r.today.box))
			o.positions.Add(r.bar)
		}
	}
	redUp := o.ui.live.redUp
	set := func(f *figure, text string, imp widget.Importance) {
		if f.set(text, imp) {
			o.redraws++
		}
	}
	for _, t := range totals {
		r := o.rows[t.currency]
		set(r.label, plural("overview.count", t.total, "1 position", "{{.N}} positions", map[string]any{"N": t.total}), widget.MediumImportance)
		if t.priced == 0 {
			for _, f := range []*figure{r.value, r.pl, r.plPct} {
				set(f, lang.X("overview.no_price", "no price yet"), widget.LowImportance)
			}
		} else {
			caption := lang.X("overview.market_value", "Market value")
			if t.priced < t.total {
				caption += " " + lang.X("portfolio.total_partial", "({{.N}} of {{.Total}} priced)", map[string]any{"N": t.priced, "Total": t.total})
			}
			if r.value.caption.Text != caption {
				r.value.caption.SetText(caption)
			}
			set(r.value, priceText(t.value), widget.MediumImportance)
			set(r.pl, signedText(t.pl), toneImportance(changeTone(t.pl), redUp))
			if t.cost.IsZero() {
				set(r.plPct, "", widget.MediumImportance)
			} else {
				pct := t.pl.Div(t.cost.Abs()).Mul(decimal.NewFromInt(100)).Round(2)
				set(r.plPct, signedText(pct)+"%", toneImportance(changeTone(pct), redUp))
			}
		}
		if t.todayPriced == 0 {
			set(r.today, lang.X("overview.no_price", "no price yet"), widget.LowImportance)
		} else {
			set(r.today, signedText(t.today), toneImportance(changeTone(t.today), redUp))
		}
		if r.bar.set(allocationParts(o.held, t.currency, o.byMarket, o.value), o.byMarket) {
			o.redraws++
		}
	}
}

// showAcross shows how the positions spread across their currencies, in
// the account's chosen currency, when they are in more than one.
func (o *overview) showAcross() {
	parts, missing := currencyParts(o.sums, o.balances, o.currency.Selected)
	if len(parts)+len(missing) < 2 {
		o.across.Hide()
		return
	}
	if o.across.currency != o.currency.Selected || !slices.Equal(o.across.missing, missing) {
		o.across.currency, o.across.missing = o.currency.Selected, missing
		o.across.parts = nil // redrawn by set
	}
	if o.across.set(parts, false) {
		o.redraws++
	}
	o.across.Show()
}

// switchAllocation groups the bars the other way: by market after by
// position, and back. The choice is remembered.
func (o *overview) switchAllocation() {
	o.byMarket = !o.byMarket
	by := ""
	if o.byMarket {
		by = "market"
	}
	o.ui.cfg.Prefs.SetString(prefAllocationBy, by)
	for _, c := range o.order {
		o.rows[c].bar.set(allocationParts(o.held, c, o.byMarket, o.value), o.byMarket)
	}
}

// clear forgets the account, as after signing out.
func (o *overview) clear() {
	o.balances = nil
	o.held, o.values, o.bySymbol, o.sums = nil, nil, nil, nil
	o.ui.live.want("portfolio.overview", nil, nil, nil)
	o.showAccount()
	o.setPositions(nil)
	o.across.Hide()
}

// toneImportance is a tone as a label's importance: negative red, muted
// low, up and down in the user's convention.
func toneImportance(t cellTone, redUp bool) widget.Importance { return t.Importance(redUp) }

// tightVBox stacks a caption on its value with no padding between them.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
	}
	s.Height -= float32(len(objs)-1) * theme.InnerPadding() // the labels' inner padding, shared
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, y))
		y += h - theme.InnerPadding()
	}
}
