package gui

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/apikey"
	"github.com/portview/portview/oauth"
)

// statusTick is how often the status line recounts its times, so that a
// countdown in seconds never shows a moment that has passed.
const statusTick = time.Second

// statusText describes a session's state in one line, and whether all is
// well: signed in and working; signed in, but LongPort cannot be reached
// (unreachable is since when, zero if it can); access that expired while
// renewals fail; a sign-in that ended.
func statusText(st oauth.State, unreachable, now time.Time) (text string, ok bool) {
	data := map[string]any{"Region": regionLabel(st.Region)}
	switch st.Kind {
	case oauth.SignedIn, oauth.Refreshing:
		if !unreachable.IsZero() {
			data["Since"] = unreachable.Local().Format("15:04")
			return lang.X("status.unreachable", "Signed in to {{.Region}}, but LongPort cannot be reached (since {{.Since}}).", data), false
		}
		if st.Kind == oauth.Refreshing || (!st.NextRefresh.IsZero() && !st.NextRefresh.After(now)) {
			return lang.X("status.renewing", "Signed in to {{.Region}}. Renewing access…", data), true
		}
		if st.NextRefresh.IsZero() {
			return lang.X("status.signed_in", "Signed in to {{.Region}}.", data), true
		}
		data["Time"] = untilText(st.NextRefresh.Sub(now))
		return lang.X("status.renews_in", "Signed in to {{.Region}}. Access renews in {{.Time}}.", data), true
	case oauth.BackingOff:
		data["Renewal"] = renewRetryText(st.Reason, st.RetryAt.Sub(now), st.RetryCapped)
		if !st.Expiry.IsZero() && !st.Expiry.After(now) {
			return lang.X("status.expired_backing_off", "Access to {{.Region}} has expired. {{.Renewal}}", data), false
		}
		return lang.X("status.backing_off", "Signed in to {{.Region}}. {{.Renewal}}", data), false
	case oauth.SignInNeeded:
		return lang.X("status.sign_in_needed", "Signed out of {{.Region}}. Sign in again to continue.", data), false
	}
	return lang.X("status.signed_out", "Signed out of {{.Region}}.", data), false
}

// statusBar is the line at the bottom of the window: where the user is
// signed in and how long the access lasts, updated live and quietly.
type statusBar struct {
	clock oauth.Clock
	do    func(func())

	icon   *widget.Icon
	text   *widget.Label
	feed   *widget.Label // the quote feed's health (live.go)
	notice *widget.Label
	row    *fyne.Container // icon, text, notice; the feed joins it when it has something to say

	state       oauth.State
	hasState    bool
	keyState    *apikey.State // an API-key session's, in place of state
	unreachable time.Time     // since when API calls find no server; zero while they do
	noticeGen   int

	content fyne.CanvasObject
}

func newStatusBar(clock oauth.Clock, do func(func())) *statusBar {
	s := &statusBar{
		clock:  clock,
		do:     do,
		icon:   widget.NewIcon(theme.InfoIcon()),
		text:   &widget.Label{Text: lang.X("status.not_signed_in", "Not signed in."), Truncation: fyne.TextTruncateEllipsis},
		feed:   &widget.Label{Importance: widget.LowImportance},
		notice: &widget.Label{Importance: widget.LowImportance},
	}
	s.row = container.NewBorder(nil, nil, s.icon, s.notice, s.text)
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
	s.content = container.NewStack(bg, container.NewVBox(widget.NewSeparator(),
		s.row))
	return s
}

// setState shows a session's state.
func (s *statusBar) setState(st oauth.State) {
	if st.Region.ID != s.state.Region.ID {
		s.unreachable = time.Time{} // that was another region's server
	}
	s.state, s.hasState, s.keyState = st, true, nil
	s.tick()
}

// setAPIKeyState shows an API-key session's state.
func (s *statusBar) setAPIKeyState(st apikey.State) {
	if st.Region.ID != s.state.Region.ID {
		s.unreachable = time.Time{}
	}
	s.state = oauth.State{Region: st.Region}
	s.keyState, s.hasState = &st, true
	s.tick()
}

// setText shows a line that is not about a session, such as "Signing in…".
func (s *statusBar) setText(text string) {
	s.hasState = false
	s.icon.SetResource(theme.InfoIcon())
	s.text.SetText(text)
}

// setReachable records whether the last API call reached LongPort: a call
// that found no server starts the "cannot be reached" line (kept from its
// first failure on), and any answer ends it.
func (s *statusBar) setReachable(reached bool) {
	switch {
	case reached:
		s.unreachable = time.Time{}
	case s.unreachable.IsZero():
		s.unreachable = s.clock.Now()
	}
	s.tick()
}

// tick recounts the times shown; the ticker and every change call it.
func (s *statusBar) tick() {
	if !s.hasState {
		return
	}
	text, ok := statusText(s.state, s.unreachable, s.clock.Now())
	if s.keyState != nil {
		text, ok = apiKeyStatusText(*s.keyState, s.unreachable, s.clock.Now())
	}
	icon := theme.ConfirmIcon()
	switch {
	case s.keyState != nil && s.keyState.Refused != nil,
		s.keyState == nil && (s.state.Kind == oauth.SignInNeeded || s.state.Kind == oauth.SignedOut):
		icon = theme.ErrorIcon()
	case !ok:
		icon = theme.WarningIcon()
	}
	if s.icon.Resource != icon {
		s.icon.SetResource(icon)
	}
	if s.text.Text != text {
		s.text.SetText(text)
	}
}

// flash shows a short confirmation on the right for a few seconds.
func (s *statusBar) flash(text string) {
	s.noticeGen++
	gen := s.noticeGen
	s.notice.SetText(text)
	time.AfterFunc(4*time.Second, func() {
		s.do(func() {
			if gen == s.noticeGen {
				s.notice.SetText("")
			}
		})
	})
}

// banner is the strip at the top of the window for what needs the user:
// a sign-in that ended, or a keyring that is missing.
type banner struct {
	bg      *canvas.Rectangle
	icon    *widget.Icon
	text    *widget.Label
	action  *widget.Button
	dismiss *widget.Button
	signIn  bool // showing a sign-in request, which only a sign-in clears
	lasting bool // showing a notice about the whole run, which only the user dismisses

	content *fyne.Container
}

func newBanner() *banner {
	b := &banner{
		bg:     canvas.NewRectangle(color.Transparent),
		icon:   widget.NewIcon(theme.WarningIcon()),
		text:   &widget.Label{Wrapping: fyne.TextWrapWord},
		action: &widget.Button{Text: lang.X("banner.sign_in", "Sign in"), Icon: theme.LoginIcon(), Importance: widget.HighImportance},
	}
	b.dismiss = &widget.Button{Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: b.hide}
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.content = container.NewPadded(container.NewStack(b.bg, container.NewPadded(
		container.NewBorder(nil, nil, b.icon, container.NewHBox(b.action, b.dismiss), b.text))))
	b.content.Hide()
	return b
}

// showSignIn says why the session ended and offers a new sign-in; the data
// on screen stays.
func (b *banner) showSignIn(reason string, onSignIn func()) {
	b.signIn, b.lasting = true, false
	b.show(theme.ColorNameWarning, theme.WarningIcon(), reason)
	b.action.OnTapped = onSignIn
	b.action.Show()
	b.dismiss.Hide()
}

// showNotice shows information the user can dismiss. A lasting notice,
// such as a missing keyring, holds for the whole run: a new session does
// not hide it.
func (b *banner) showNotice(text string, lasting bool) {
	if b.signIn && b.content.Visible() {
		return // the sign-in request matters more
	}
	b.signIn, b.lasting = false, lasting
	b.show(theme.ColorNamePrimary, theme.InfoIcon(), text)
	b.action.Hide()
	b.dismiss.Show()
}

func (b *banner) show(c fyne.ThemeColorName, icon fyne.Resource, text string) {
	r, g, bl, _ := theme.Color(c).RGBA()
	b.bg.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 0x40}
	b.bg.Refresh()
	b.icon.SetResource(icon)
	b.text.SetText(text)
	b.content.Show()
}

func (b *banner) hide() {
	b.signIn, b.lasting = false, false
	b.content.Hide()
}

// hideForNewSession hides what a new session answers: a sign-in request,
// or a notice about the session before.
func (b *banner) hideForNewSession() {
	if !b.lasting {
		b.hide()
	}
}
