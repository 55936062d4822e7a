package gui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/quote/socket"
)

// connectionRows are the details of the connection page, label and value,
// read on the UI goroutine.
func (u *UI) connectionRows() [][2]string {
	none := lang.X("connection.none", "—")
	region, token := none, lang.X("status.not_signed_in", "Not signed in.")
	if u.session != nil {
		region = regionLabel(u.session.Region())
		token, _ = statusText(u.session.State(), u.status.unreachable, u.cfg.Clock.Now())
	}
	rows := [][2]string{
		{lang.X("connection.region", "Region"), region},
		{lang.X("connection.token", "Sign-in"), token},
	}
	c := u.live.client
	if c == nil {
		return append(rows, [2]string{lang.X("connection.socket", "Live prices"), lang.X("connection.no_socket", "Not connected")})
	}
	st, p := c.Status(), c.Profile()
	socketText, _ := feedText(st, p, u.live.markets(), u.live.limitRefused(), time.Now())
	if socketText == "" {
		socketText = st.Kind.String()
	}
	rows = append(rows,
		[2]string{lang.X("connection.socket", "Live prices"), socketText},
		[2]string{lang.X("connection.level", "Quote level"), cmp.Or(p.QuoteLevel, none)},
		[2]string{lang.X("connection.subscriptions", "Subscriptions"), lang.X("connection.subscriptions_used", "{{.N}} of {{.Limit}} symbols", map[string]any{"N": st.Symbols, "Limit": st.Limit})},
		[2]string{lang.X("connection.connections", "Connections of the account"), lang.X("connection.connections_used", "{{.N}} of {{.Limit}}", map[string]any{"N": st.Online, "Limit": st.MaxOnline})},
		[2]string{lang.X("connection.reconnects", "Reconnects"), reconnectsText(st)},
	)
	markets := make([]string, 0, len(p.Markets))
	for m := range p.Markets {
		markets = append(markets, m)
	}
	slices.Sort(markets)
	for _, m := range markets {
		a := p.Markets[m]
		var names []string
		for _, pkg := range a.Packages {
			names = append(names, cmp.Or(pkg.Name, pkg.Key))
		}
		text := cmp.Or(strings.Join(names, ", "), lang.X("connection.no_package", "no quote package"))
		if a.Warning != "" {
			text += " — " + a.Warning
		}
		rows = append(rows, [2]string{lang.X("connection.packages", "Quotes for {{.Market}}", map[string]any{"Market": marketText(m)}), text})
	}
	var limits []string
	for _, l := range p.RateLimits {
		limits = append(limits, lang.X("connection.rate", "command {{.Cmd}}: {{.N}}/s, burst {{.Burst}}", map[string]any{"Cmd": l.Cmd, "N": l.PerSecond, "Burst": l.Burst}))
	}
	if len(limits) > 0 {
		rows = append(rows, [2]string{lang.X("connection.limits", "Request limits"), strings.Join(limits, "\n")})
	}
	return rows
}

func reconnectsText(st socket.Status) string {
	n := fmt.Sprint(st.Reconnects)
	if st.Reconnects == 0 || st.LastLoss.At.IsZero() {
		return n
	}
	return lang.X("connection.last_loss", "{{.N}}, the last at {{.Time}} ({{.Reason}})", map[string]any{
		"N": n, "Time": st.LastLoss.At.Local().Format("15:04:05"), "Reason": feedReasonText(st.LastLoss.Reason)})
}

// onConnection shows the connection page: the region, the sign-in, and the
// quote socket's state, packages, subscriptions and limits.
func (u *UI) onConnection() {
	form := widget.NewForm()
	for _, r := range u.connectionRows() {
		form.Append(r[0], &widget.Label{Text: r[1], Wrapping: fyne.TextWrapWord})
	}
	d := dialog.NewCustom(lang.X("connection.title", "Connection"), lang.X("action.close", "Close"), container.NewVScroll(form), u.win)
	d.Resize(fyne.NewSize(640, 480))
	d.Show()
}
