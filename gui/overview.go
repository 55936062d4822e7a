package gui

import (
	"slices"

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
	positions                       *fyne.Container // a row of figures a currency
	rows                            map[string]*overviewRow
	order                           []string // the currencies of the rows, in order
	content                         fyne.CanvasObject
}

// figure is a caption over a value, as a broker's summary shows a number.
type figure struct {
	caption, value *widget.Label
	box            fyne.CanvasObject
}

func newFigure(caption string) *figure {
	f := &figure{caption: &widget.Label{Text: caption, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis},
		value: &widget.Label{Text: "—", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}}
	f.box = container.New(&tightVBox{}, f.caption, f.value)
	return f
}

// set changes the value, redrawing only when it changed.
func (f *figure) set(text string, imp widget.Importance) {
	if text == "" {
		text = "—"
	}
	if f.value.Text != text || f.value.Importance != imp {
		f.value.Importance = imp
		f.value.SetText(text)
	}
}

// overviewRow is the figures of the positions in one currency.
type overviewRow struct {
	label, value, pl, plPct, today *figure
}

func newOverview(u *UI) *overview {
	o := &overview{ui: u, rows: map[string]*overviewRow{},
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
	o.positions = container.NewGridWithColumns(5)
	o.content = container.NewVBox(
		container.NewGridWithColumns(5, pick, o.netAssets.box, o.cash.box, o.buyPower.box, o.risk.box),
		o.positions, widget.NewSeparator())
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
				label: newFigure(lang.X("overview.positions", "Stocks in {{.Currency}}", map[string]any{"Currency": c})),
				value: newFigure(lang.X("overview.market_value", "Market value")),
				pl:    newFigure(lang.X("overview.unrealised", "Unrealised P/L")),
				plPct: newFigure(lang.X("overview.unrealised_pct", "Unrealised P/L %")),
				today: newFigure(lang.X("overview.today", "Today's P/L")),
			}
			o.rows[c] = r
			o.positions.Add(r.label.box)
			o.positions.Add(r.value.box)
			o.positions.Add(r.pl.box)
			o.positions.Add(r.plPct.box)
			o.positions.Add(r.today.box)
		}
	}
	redUp := o.ui.live.redUp
	for _, t := range totals {
		r := o.rows[t.currency]
		r.label.set(plural("overview.count", t.total, "1 position", "{{.N}} positions", map[string]any{"N": t.total}), widget.MediumImportance)
		if t.priced == 0 {
			for _, f := range []*figure{r.value, r.pl, r.plPct} {
				f.set(lang.X("overview.no_price", "no price yet"), widget.LowImportance)
			}
		} else {
			value := priceText(t.value)
			if t.priced < t.total {
				value += " " + lang.X("portfolio.total_partial", "({{.N}} of {{.Total}} priced)", map[string]any{"N": t.priced, "Total": t.total})
			}
			r.value.set(value, widget.MediumImportance)
			r.pl.set(signedText(t.pl), toneImportance(changeTone(t.pl), redUp))
			if t.cost.IsZero() {
				r.plPct.set("", widget.MediumImportance)
			} else {
				pct := t.pl.Div(t.cost.Abs()).Mul(decimal.NewFromInt(100)).Round(2)
				r.plPct.set(signedText(pct)+"%", toneImportance(changeTone(pct), redUp))
			}
		}
		if t.todayPriced == 0 {
			r.today.set(lang.X("overview.no_price", "no price yet"), widget.LowImportance)
		} else {
			r.today.set(signedText(t.today), toneImportance(changeTone(t.today), redUp))
		}
	}
}

// clear forgets the account, as after signing out.
func (o *overview) clear() {
	o.balances = nil
	o.showAccount()
	o.setPositions(nil)
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
