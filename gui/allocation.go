package gui

import (
	"cmp"
	"image/color"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/portview/portview/trade"
)

// prefAllocationBy is how the allocation groups the positions: "" by
// position, "market" by market.
const prefAllocationBy = "portfolio.allocation.by"

// allocationSlices is how many parts a bar names; the rest is "Other".
const allocationSlices = 5

// allocationPart is one part of a currency's stock positions: a security
// or a market, with its share of their market value in tenths of a percent
// (a share, not money: it only sizes the bar and rounds for its legend).
type allocationPart struct {
	name     string
	permille int64
}

// allocationParts splits the market value of the positions priced in
// currency into parts, largest first; the parts past allocationSlices are
// one "Other". value is the market value of row i, if known. Positions
// worth nothing or less (short) are left out: a share of a bar cannot be
// negative.
func allocationParts(rows []trade.StockPosition, currency string, byMarket bool, value func(i int) (decimal.Decimal, bool)) []allocationPart {
	values := map[string]decimal.Decimal{}
	var names []string
	var total decimal.Decimal
	for i := range rows {
		r := &rows[i]
		if r.Currency != currency {
			continue
		}
		v, ok := value(i)
		if !ok || !v.IsPositive() {
			continue
		}
		name := r.Symbol
		if byMarket {
			name = marketText(string(r.Market))
		}
		if _, seen := values[name]; !seen {
			names = append(names, name)
		}
		values[name] = values[name].Add(v)
		total = total.Add(v)
	}
	if total.IsZero() {
		return nil
	}
	// The largest parts, in order: a selection, not a sort of the
	// hundreds of positions, as it runs at every batch of prices.
	before := func(a, b string) bool {
		if c := values[a].Cmp(values[b]); c != 0 {
			return c > 0
		}
		return a < b
	}
	top := make([]string, 0, allocationSlices+1)
	for _, n := range names {
		if len(top) == allocationSlices && !before(n, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && before(n, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, n)
		if len(top) > allocationSlices {
			top = top[:allocationSlices]
		}
	}
	thousand := decimal.NewFromInt(1000)
	share := func(v decimal.Decimal) int64 { return v.Mul(thousand).Div(total).Round(0).IntPart() }
	parts := make([]allocationPart, 0, len(top)+1)
	other := total
	for _, n := range top {
		parts = append(parts, allocationPart{name: n, permille: share(values[n])})
		other = other.Sub(values[n])
	}
	if len(names) > len(top) {
		parts = append(parts, allocationPart{name: lang.X("allocation.other", "Other"), permille: share(other)})
	}
	return parts
}

// currencyParts splits the positions' market value across their
// currencies, each converted into the account's currency into at the rate
// LongPort itself states: the balance endpoint answers the same account in
// each currency, so its net assets in into and in c give c's rate. A
// currency with positions but no such pair (no balance in it, or net
// assets of zero) is not converted: it is named in missing, never guessed.
func currencyParts(sums map[string]*positionTotal, balances []trade.AccountBalance, into string) (parts []allocationPart, missing []string) {
	net := map[string]decimal.Decimal{}
	for _, b := range balances {
		if b.NetAssets.Valid {
			net[b.Currency] = b.NetAssets.Value
		}
	}
	values := map[string]decimal.Decimal{}
	var total decimal.Decimal
	for _, c := range slices.Sorted(maps.Keys(sums)) {
		v := sums[c].value
		if sums[c].priced == 0 || !v.IsPositive() {
			continue
		}
		to, from := net[into], net[c]
		if c != into && (!to.IsPositive() || !from.IsPositive()) {
			missing = append(missing, c)
			continue
		}
		if c != into {
			v = v.Mul(to).Div(from)
		}
		values[c] = v
		total = total.Add(v)
	}
	if total.IsZero() {
		return nil, missing
	}
	thousand := decimal.NewFromInt(1000)
	for _, c := range slices.Sorted(maps.Keys(values)) {
		parts = append(parts, allocationPart{name: c, permille: values[c].Mul(thousand).Div(total).Round(0).IntPart()})
	}
	slices.SortStableFunc(parts, func(a, b allocationPart) int { return cmp.Compare(b.permille, a.permille) })
	return parts, missing
}

// percentText is a share for the legend: "38%", "0.4%" under one percent.
func percentText(permille int64) string {
	if permille < 10 {
		return strconv.FormatFloat(float64(permille)/10, 'f', -1, 64) + "%"
	}
	return strconv.FormatInt((permille+5)/10, 10) + "%"
}

// allocationColors tell the parts apart; none is the up or down red or
// green, which mean a price's direction here.
var allocationColors = []color.NRGBA{
	{0x42, 0x85, 0xf4, 0xff}, // blue
	{0xf2, 0x99, 0x1e, 0xff}, // orange
	{0x26, 0xb5, 0xc4, 0xff}, // teal
	{0x9c, 0x6a, 0xde, 0xff}, // purple
	{0xe8, 0xc5, 0x2a, 0xff}, // yellow
}

// otherColor is the "Other" part's: grey, the colour of the unnamed rest.
var otherColor = color.NRGBA{0x80, 0x80, 0x80, 0xff}

// allocationBar is one currency's stacked bar, its legend beside it: "USD
// by position ▮▮▮▮ AAPL 38% · NVDA 21% …". A tap switches between by
// position and by market.
type allocationBar struct {
	widget.BaseWidget
	currency string
	byMarket bool
	// across is the bar of the currencies, converted into currency; missing
	// are those it could not convert.
	across   bool
	missing  []string
	parts    []allocationPart
	onTapped func()
}

func newAllocationBar(currency string, onTapped func()) *allocationBar {
	b := &allocationBar{currency: currency, onTapped: onTapped}
	b.ExtendBaseWidget(b)
	return b
}

// set shows parts, redrawing only when what is drawn changed; it says
// whether it did.
func (b *allocationBar) set(parts []allocationPart, byMarket bool) bool {
	if b.byMarket == byMarket && slices.Equal(b.parts, parts) {
		return false
	}
	b.parts, b.byMarket = parts, byMarket
	b.Refresh()
	return true
}

func (b *allocationBar) Tapped(*fyne.PointEvent) {
	if b.onTapped != nil {
		b.onTapped()
	}
}

// Cursor is a hand: the bar is a switch.
func (b *allocationBar) Cursor() desktop.Cursor { return desktop.PointerCursor }

// lead is the bar's caption: which currency and how it is grouped.
func (b *allocationBar) lead() string {
	data := map[string]any{"Currency": b.currency}
	if b.across {
		lead := lang.X("allocation.across", "Across currencies, in {{.Currency}} at LongPort's rates", data)
		if len(b.missing) > 0 {
			lead += " · " + lang.X("allocation.not_converted", "{{.Currencies}} not converted: LongPort states no rate", map[string]any{"Currencies": strings.Join(b.missing, ", ")})
		}
		return lead
	}
	if b.byMarket {
		return lang.X("allocation.by_market", "Within {{.Currency}}, by market", data)
	}
	return lang.X("allocation.by_position", "Within {{.Currency}}, by position", data)
}

// legend is the parts in words, for the legend and for tests.
func (b *allocationBar) legend() []string {
	out := make([]string, len(b.parts))
	whole := wholePercents(b.parts)
	for i, p := range b.parts {
		if whole != nil {
			out[i] = p.name + " " + strconv.FormatInt(whole[i], 10) + "%"
		} else {
			out[i] = p.name + " " + percentText(p.permille)
		}
	}
	return out
}

// wholePercents rounds parts' shares to whole percents that add up to
// 100, as a reader adds them (62.5% and 37.5% read 63% and 37%, not 63%
// and 38%): each share's whole percents, and the percents left over go to
// the largest remainders. Nil when a part is under one percent, which
// keeps its decimal, or when the shares do not make a whole.
func wholePercents(parts []allocationPart) []int64 {
	var sum int64
	for _, p := range parts {
		if p.permille < 10 {
			return nil
		}
		sum += p.permille
	}
	if sum != 1000 {
		return nil
	}
	out := make([]int64, len(parts))
	left := int64(100)
	for i, p := range parts {
		out[i] = p.permille / 10
		left -= out[i]
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(parts[b].permille%10, parts[a].permille%10) })
	for _, i := range order[:left] {
		out[i]++
	}
	return out
}

func (b *allocationBar) CreateRenderer() fyne.WidgetRenderer {
	r := &allocationRenderer{b: b, lead: canvas.NewText("", theme.Color(theme.ColorNamePrimary)),
		empty: canvas.NewText("", theme.Color(theme.ColorNameDisabled)),
		track: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))}
	r.update()
	return r
}

type allocationRenderer struct {
	b            *allocationBar
	lead, empty  *canvas.Text
	track        *canvas.Rectangle
	segs, swatch []*canvas.Rectangle
	texts        []*canvas.Text
	objects      []fyne.CanvasObject
}

func (r *allocationRenderer) textSize() float32 { return theme.Size(theme.SizeNameCaptionText) }

// update makes the objects match the parts.
func (r *allocationRenderer) update() {
	size := r.textSize()
	r.lead.Text, r.lead.TextSize = r.b.lead(), size
	r.lead.Color = theme.Color(theme.ColorNamePrimary)
	r.empty.Text, r.empty.TextSize = "", size
	if len(r.b.parts) == 0 {
		r.empty.Text = lang.X("overview.no_price", "no price yet")
	}
	r.empty.Color = theme.Color(theme.ColorNameDisabled)
	r.track.FillColor = theme.Color(theme.ColorNameInputBackground)
	for len(r.segs) < len(r.b.parts) {
		r.segs = append(r.segs, canvas.NewRectangle(nil))
		r.swatch = append(r.swatch, canvas.NewRectangle(nil))
		r.texts = append(r.texts, canvas.NewText("", nil))
	}
	r.segs, r.swatch, r.texts = r.segs[:len(r.b.parts)], r.swatch[:len(r.b.parts)], r.texts[:len(r.b.parts)]
	legend := r.b.legend()
	for i := range r.b.parts {
		c := otherColor
		if i < allocationSlices {
			c = allocationColors[i]
		}
		r.segs[i].FillColor, r.swatch[i].FillColor = c, c
		r.texts[i].Text, r.texts[i].TextSize, r.texts[i].Color = legend[i], size, theme.Color(theme.ColorNameForeground)
	}
	r.objects = append(r.objects[:0], r.lead, r.track, r.empty)
	for i := range r.segs {
		r.objects = append(r.objects, r.segs[i], r.swatch[i], r.texts[i])
	}
}

// barShare is the part of the width the bar takes; the legend has the rest.
const barShare = 0.35

func (r *allocationRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	h := size.Height
	x := pad
	lead := r.lead.MinSize()
	r.lead.Move(fyne.NewPos(x, (h-lead.Height)/2))
	r.lead.Resize(lead)
	x += max(lead.Width, 130) + pad
	barW := max((size.Width-x)*barShare, 60)
	barH := min(h*0.5, 10)
	y := (h - barH) / 2
	r.track.Move(fyne.NewPos(x, y))
	r.track.Resize(fyne.NewSize(barW, barH))
	sx := x
	for i, p := range r.b.parts {
		w := barW * float32(p.permille) / 1000
		if i == len(r.b.parts)-1 {
			w = x + barW - sx // rounding leaves no gap at the end
		}
		r.segs[i].Move(fyne.NewPos(sx, y))
		r.segs[i].Resize(fyne.NewSize(max(w, 0), barH))
		sx += w
	}
	x += barW + 2*pad
	e := r.empty.MinSize()
	r.empty.Move(fyne.NewPos(x, (h-e.Height)/2))
	r.empty.Resize(e)
	// The legend takes the parts in order while they fit; the rest are
	// in the bar only.
	sw := r.textSize() * 0.7
	for i := range r.b.parts {
		t := r.texts[i].MinSize()
		fits := x+sw+pad+t.Width <= size.Width
		r.swatch[i].Hidden, r.texts[i].Hidden = !fits, !fits
		if !fits {
			continue
		}
		r.swatch[i].Move(fyne.NewPos(x, (h-sw)/2))
		r.swatch[i].Resize(fyne.NewSize(sw, sw))
		x += sw + pad
		r.texts[i].Move(fyne.NewPos(x, (h-t.Height)/2))
		r.texts[i].Resize(t)
		x += t.Width + 3*pad
	}
}

func (r *allocationRenderer) MinSize() fyne.Size {
	return fyne.NewSize(200, r.lead.MinSize().Height+theme.Padding())
}

func (r *allocationRenderer) Refresh() {
	r.update()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *allocationRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *allocationRenderer) Destroy()                     {}
