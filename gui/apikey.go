package gui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/apikey"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
)

// The legacy API-key mode: a section of the region page, the sign-in with
// a key, and what the status line and the banner say about it. A region
// signs in one way only: a stored API key is used instead of OAuth, and an
// OAuth sign-in forgets the region's API key.

// apiKeyCheckTimeout bounds the check of a new API key.
const apiKeyCheckTimeout = 20 * time.Second

// apiKeyForm is the region page's "Use an API key instead (legacy)".
type apiKeyForm struct {
	page *regionPage

	appKey, secret, token, expiry *widget.Entry
	env                           *fyne.Container // the offer of the environment's key
	demo                          *fyne.Container // the sandbox's demo key
	problem                       *widget.Label
	signIn                        *widget.Button
	section                       *disclosure
	fromEnv                       bool

	content fyne.CanvasObject
}

func newAPIKeyForm(p *regionPage) *apiKeyForm {
	f := &apiKeyForm{page: p}
	why := &widget.Label{Text: lang.X("apikey.why_oauth", "OAuth is recommended: LongPort keeps your password, access renews itself every hour and you can revoke it; an API key is a long-lived secret you copy by hand."), Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}
	f.appKey = &widget.Entry{PlaceHolder: lang.X("apikey.app_key_hint", "From the developer centre")}
	f.appKey.ExtendBaseWidget(f.appKey)
	f.secret = widget.NewPasswordEntry()
	f.token = widget.NewPasswordEntry()
	f.expiry = &widget.Entry{PlaceHolder: lang.X("apikey.expiry_hint", "YYYY-MM-DD, as the developer centre shows it (optional)")}
	f.expiry.ExtendBaseWidget(f.expiry)
	for _, e := range []*widget.Entry{f.appKey, f.secret, f.token, f.expiry} {
		e.OnChanged = func(string) { f.fromEnv = false; f.problem.Hide() }
	}
	f.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	f.problem.Hide()
	f.signIn = &widget.Button{Text: lang.X("apikey.sign_in", "Sign in with the API key"), Icon: theme.LoginIcon(), OnTapped: f.onSignIn}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("apikey.app_key", "App Key"), f.appKey),
		widget.NewFormItem(lang.X("apikey.app_secret", "App Secret"), f.secret),
		widget.NewFormItem(lang.X("apikey.access_token", "Access Token"), f.token),
		widget.NewFormItem(lang.X("apikey.expiry", "Token expires on"), f.expiry),
	)
	f.env = container.NewVBox()
	f.demo = container.NewVBox()
	body := container.NewVBox(why, f.env, f.demo, form, f.problem, container.NewBorder(nil, nil, nil, f.signIn))
	f.section = newDisclosure(lang.X("apikey.title", "Use an API key instead (legacy)"), body, p.relayout)
	f.content = f.section.content
	f.offerEnv()
	return f
}

// offerEnv offers the SDKs' variables when they are set.
func (f *apiKeyForm) offerEnv() {
	c, names, ok := apikey.FromEnv(f.page.ui.cfg.Getenv)
	f.env.RemoveAll()
	if !ok {
		return
	}
	note := &widget.Label{Text: lang.X("apikey.env_found", "An API key is set in this computer's environment ({{.Names}}).", map[string]any{"Names": strings.Join(names, ", ")}), Wrapping: fyne.TextWrapWord}
	use := &widget.Button{Text: lang.X("apikey.env_use", "Use it"), OnTapped: func() {
		f.fill(c)
		f.fromEnv = true
	}}
	f.env.Add(container.NewBorder(nil, nil, nil, use, note))
}

// refresh follows the page's choice: the sandbox shows its demo key.
func (f *apiKeyForm) refresh() {
	f.demo.RemoveAll()
	if f.page.choice == choiceSandbox {
		note := &widget.Label{Text: lang.X("apikey.demo", "The demo accepts App Key {{.Key}}, App Secret {{.Secret}} and Access Token {{.Token}}.", map[string]any{"Key": sandboxAppKey, "Secret": sandboxAppSecret, "Token": sandboxToken}), Wrapping: fyne.TextWrapWord}
		fill := &widget.Button{Text: lang.X("apikey.demo_fill", "Fill in"), OnTapped: func() {
			f.fill(apikey.Credentials{AppKey: sandboxAppKey, AppSecret: sandboxAppSecret, AccessToken: sandboxToken,
				Expiry: f.page.ui.cfg.Clock.Now().Add(apikey.Lifetime)})
		}}
		f.demo.Add(container.NewBorder(nil, nil, nil, fill, note))
	}
	f.page.relayout()
}

func (f *apiKeyForm) fill(c apikey.Credentials) {
	f.appKey.SetText(c.AppKey)
	f.secret.SetText(c.AppSecret)
	f.token.SetText(c.AccessToken)
	if c.Expiry.IsZero() {
		f.expiry.SetText("")
	} else {
		f.expiry.SetText(c.Expiry.Local().Format(time.DateOnly))
	}
}

func (f *apiKeyForm) showProblem(text string) {
	f.problem.SetText(text)
	f.problem.Show()
	f.page.relayout()
}

// region is where the key signs in: the page's chosen region.
func (f *apiKeyForm) region() (oauth.Region, bool) {
	p := f.page
	switch p.choice {
	case choiceSandbox:
		c, ok := p.checks[choiceSandbox]
		return c.region, ok && c.region.BaseURL != ""
	case choiceCustom:
		r, err := oauth.CustomRegion(p.custom.Text)
		return r, err == nil
	}
	r, err := regionByName(p.choice)
	return r, err == nil
}

// credentials are the form's values; a date it cannot read is an error.
func (f *apiKeyForm) credentials() (apikey.Credentials, error) {
	c := apikey.Credentials{AppKey: f.appKey.Text, AppSecret: f.secret.Text, AccessToken: f.token.Text, FromEnv: f.fromEnv}
	if text := strings.TrimSpace(f.expiry.Text); text != "" {
		d, err := time.ParseInLocation(time.DateOnly, text, time.Local)
		if err != nil {
			return c, errBadDate
		}
		c.Expiry = d
	} else {
		c.Expiry = apikey.TokenExpiry(strings.TrimSpace(c.AccessToken))
	}
	return c, c.Check()
}

var errBadDate = errors.New("the expiry is not a date")

// onSignIn checks the key with one call, then keeps it and shows the data.
func (f *apiKeyForm) onSignIn() {
	u := f.page.ui
	c, err := f.credentials()
	switch {
	case errors.Is(err, errBadDate):
		f.showProblem(lang.X("apikey.bad_date", "Write the date as year-month-day, such as 2026-05-31, or leave it empty."))
		return
	case err != nil:
		f.showProblem(lang.X("apikey.incomplete", "Enter the App Key, the App Secret and the Access Token from the developer centre."))
		return
	}
	region, ok := f.region()
	if !ok {
		f.showProblem(lang.X("apikey.no_region", "Choose a region above first."))
		return
	}
	f.signIn.Disable()
	f.problem.Importance = widget.MediumImportance
	f.showProblem(lang.X("apikey.checking", "Checking the API key with {{.Region}}…", map[string]any{"Region": regionLabel(region)}))
	ctx := f.page.ctx
	go func() {
		s, err := u.checkAndSaveAPIKey(ctx, region, c)
		u.do(func() {
			f.problem.Importance = widget.DangerImportance
			f.signIn.Enable()
			switch {
			case ctx.Err() != nil:
				if s != nil {
					s.Close()
				}
			case err != nil:
				u.log.Info("the API key was not accepted", "region", region.ID, "err", err)
				f.showProblem(apiKeyErrorText(err, u.cfg.LogPath))
			default:
				u.onAPIKeySignedIn(s)
			}
		})
	}()
}

// apiKeyConfig is the apikey configuration of region; the sandbox keeps
// its key in memory, as it does its sign-ins.
func (u *UI) apiKeyConfig(region oauth.Region) apikey.Config {
	cfg := apikey.Config{
		Region: region, Store: u.cfg.Store, Prefs: u.cfg.Prefs, Clock: u.cfg.Clock,
		HTTPClient: u.cfg.HTTPClient, Logger: u.log, UserAgent: "Portview/" + u.version(),
	}
	if isSandbox(region) {
		if sb := u.runningSandbox(); sb != nil {
			cfg.Store, cfg.Prefs = sb.store, sb.prefs
		}
	}
	return cfg
}

// checkAndSaveAPIKey tries c with one call, kept in memory, and only then
// saves it; it runs off the UI goroutine (the network and the keyring).
func (u *UI) checkAndSaveAPIKey(ctx context.Context, region oauth.Region, c apikey.Credentials) (*apikey.Session, error) {
	trial := u.apiKeyConfig(region)
	trial.Store, trial.Prefs = oauth.NewMemoryStore(), oauth.NewMemoryPrefs()
	probe, err := apikey.Save(trial, c)
	if err != nil {
		return nil, err
	}
	q, err := quote.New(quote.Config{BaseURL: region.BaseURL, Auth: probe.Authorizer(), HTTPClient: u.cfg.HTTPClient, Logger: u.log, Now: u.cfg.Clock.Now})
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, apiKeyCheckTimeout)
		_, err = q.MarketStatus(ctx)
		cancel()
	}
	probe.Close()
	if err != nil {
		return nil, err
	}
	return apikey.Save(u.apiKeyConfig(region), c)
}

// restoreAPIKey opens the region's stored API key at start.
func (u *UI) restoreAPIKey(region oauth.Region, name string) {
	u.showLoading(lang.X("start.restore", "Opening your {{.Region}} session…", map[string]any{"Region": regionLabel(region)}))
	cfg := u.apiKeyConfig(region)
	go func() {
		s, err := apikey.Restore(cfg)
		u.do(func() {
			if err != nil {
				u.log.Warn("could not restore the API key", "region", region.ID, "err", err)
				u.showWizard(name)
				u.regionPage.showError(lang.X("apikey.restore_failed", "Your stored API key for {{.Region}} could not be read from the keyring. Enter it again.", map[string]any{"Region": regionLabel(region)}))
				u.regionPage.keyForm.section.Open()
				return
			}
			u.onAPIKeySignedIn(s)
		})
	}()
}

// onAPIKeySignedIn shows the main view for an API-key session: the same
// quote and trade clients as OAuth's, signed with the key.
func (u *UI) onAPIKeySignedIn(s *apikey.Session) {
	region := s.Region()
	c, err := u.buildClients(region, api.Config{BaseURL: region.BaseURL, Auth: s.Authorizer()})
	if err != nil {
		u.log.Error("cannot build the API clients", "err", err)
		s.Close()
		u.showWizard(regionName(region))
		u.regionPage.showError(lang.X("start.client_failed", "Portview could not prepare the connection to {{.Region}}.", map[string]any{"Region": regionLabel(region)}))
		return
	}
	u.leavePages()
	u.dropSession()
	u.account = nil
	u.keySession = s
	u.keyUnsubscribe = s.Subscribe(func(st apikey.State) {
		u.do(func() {
			if u.keySession == s {
				u.onAPIKeyState(st)
			}
		})
	})
	u.clients = c
	u.onAPIKeyState(s.State())
	u.showSignedIn(region)
}

// onAPIKeyState shows the key's state; a refused renewal asks the user to act.
func (u *UI) onAPIKeyState(st apikey.State) {
	u.status.setAPIKeyState(st)
	if st.Refused != nil {
		u.banner.showSignIn(apiKeyRenewRefusedText(st), u.onSignInAgain)
	}
}

// dropAPIKeySession forgets the API-key session; its key stays stored.
func (u *UI) dropAPIKeySession() {
	if u.keyUnsubscribe != nil {
		u.keyUnsubscribe()
		u.keyUnsubscribe = nil
	}
	if u.keySession != nil {
		u.keySession.Close()
		u.keySession = nil
	}
}

// onAPIKeySignOut asks, then forgets the region's API key.
func (u *UI) onAPIKeySignOut() {
	s := u.keySession
	region := map[string]any{"Region": regionLabel(s.Region())}
	d := dialog.NewConfirm(lang.X("apikey.signout_title", "Forget the API key for {{.Region}}?", region),
		lang.X("apikey.signout_message", "Portview will remove the App Secret and the Access Token from this computer's keyring. The key stays valid in LongPort's developer centre.", region),
		func(ok bool) {
			if !ok || u.keySession != s {
				return
			}
			cfg := u.apiKeyConfig(s.Region())
			u.dropSession()
			u.clearViews()
			u.banner.hide()
			u.showWizard(regionName(s.Region()))
			go func() {
				err := apikey.Forget(cfg)
				u.do(func() {
					if err != nil {
						u.log.Warn("could not forget the API key", "region", s.Region().ID, "err", err)
						u.banner.showNotice(lang.X("signout.not_forgotten", "You are signed out, but your sign-in could not be removed from this computer's keyring."), false)
					}
					u.status.setText(lang.X("status.signed_out", "Signed out of {{.Region}}.", region))
				})
			}()
		}, u.win)
	d.SetConfirmText(lang.X("signout.confirm", "Sign out"))
	d.SetDismissText(lang.X("action.cancel", "Cancel"))
	d.Show()
}

// forgetAPIKeyOf removes the API key of the region an OAuth sign-in just
// reached, so that the two modes never mix; off the UI goroutine.
func (u *UI) forgetAPIKeyOf(region oauth.Region) {
	cfg := u.apiKeyConfig(region)
	if !apikey.Stored(cfg.Prefs, region) {
		return
	}
	go func() {
		if err := apikey.Forget(cfg); err != nil {
			u.log.Warn("could not forget the API key replaced by OAuth", "region", region.ID, "err", err)
		}
	}()
}

// apiKeyStatusText is the status line of an API-key session.
func apiKeyStatusText(st apikey.State, unreachable, now time.Time) (text string, ok bool) {
	data := map[string]any{"Region": regionLabel(st.Region)}
	if !st.Expiry.IsZero() {
		data["Time"] = daysText(st.Expiry.Sub(now))
		data["Date"] = st.RenewAt.Local().Format(time.DateOnly)
	}
	switch {
	case st.Refused != nil:
		return lang.X("apikey.status_refused", "API key access to {{.Region}} could not be renewed.", data), false
	case !unreachable.IsZero():
		data["Since"] = unreachable.Local().Format("15:04")
		return lang.X("apikey.status_unreachable", "Signed in to {{.Region}} with an API key, but LongPort cannot be reached (since {{.Since}}).", data), false
	case st.Renewing:
		return lang.X("apikey.status_renewing", "Renewing the API key access to {{.Region}}…", data), true
	case st.FromEnv && !st.Expiry.IsZero() && st.Expiry.After(now):
		// Not renewed here: the scripts that share the variable would keep
		// a token the renewal ended.
		return lang.X("apikey.status_env", "API key access (from LONGPORT_ACCESS_TOKEN) expires in {{.Time}}. Portview does not renew a token your scripts share: renew it in the developer centre and update the variable.", data), st.Expiry.Sub(now) > apikey.RenewBefore
	case st.Expiry.IsZero():
		return lang.X("apikey.status_no_expiry", "Signed in to {{.Region}} with an API key. Its expiry date is not known, so Portview does not renew it.", data), true
	case !st.Expiry.After(now):
		return lang.X("apikey.status_expired", "The API key access to {{.Region}} has expired.", data), false
	case !st.RetryAt.IsZero():
		data["At"] = st.RetryAt.Local().Format("15:04")
		return lang.X("apikey.status_retrying", "API key access expires in {{.Time}}. The renewal failed; Portview tries again at {{.At}}.", data), false
	case !st.Renewed.IsZero() && now.Sub(st.Renewed) < 24*time.Hour:
		return lang.X("apikey.status_renewed", "API key access renewed; it now expires in {{.Time}}.", data), true
	case !st.RenewAt.After(now):
		return lang.X("apikey.status_renews_now", "API key access expires in {{.Time}}; Portview is renewing it.", data), true
	}
	return lang.X("apikey.status", "API key access expires in {{.Time}}; Portview renews it by itself from {{.Date}}.", data), true
}

// daysText is a time left in days, or in hours and minutes under a day.
func daysText(d time.Duration) string {
	if d < 24*time.Hour {
		return untilText(d)
	}
	n := int(d / (24 * time.Hour))
	return plural("duration.days", n, "1 day", "{{.N}} days", map[string]any{"N": n})
}

// apiKeyRenewRefusedText says what to do when LongPort refused a renewal.
func apiKeyRenewRefusedText(st apikey.State) string {
	data := map[string]any{"Region": regionLabel(st.Region), "Problem": apiKeyProblemText(st.Refused)}
	return lang.X("apikey.renew_refused", "LongPort refused to renew the API key for {{.Region}} ({{.Problem}}). In the developer centre, create a new Access Token for this app, then sign in with it.", data)
}

// apiKeyProblemText names an API-key refusal in a few words.
func apiKeyProblemText(err error) string {
	p := apikey.Classify(err)
	if p == nil {
		return lang.X("renew.unexpected", "unexpected answer from LongPort")
	}
	switch p.Problem {
	case apikey.SignatureInvalid:
		return lang.X("apikey.p_signature", "the signature does not match: check the App Secret")
	case apikey.DuplicateRequest:
		if p.SkewKnown && p.Skew.Abs() >= 2*time.Second {
			return lang.X("apikey.p_clock", "this computer's clock is off by {{.N}} seconds: set it right", map[string]any{"N": int(p.Skew.Abs() / time.Second)})
		}
		return lang.X("apikey.p_duplicate", "LongPort took it for a repeated request: check this computer's clock")
	case apikey.AppKeyIllegal:
		return lang.X("apikey.p_app_key", "LongPort does not know this App Key: check it in the developer centre")
	case apikey.IPNotAllowed:
		return lang.X("apikey.p_ip", "this computer's IP address is not in the app's IP allow-list in the developer centre")
	case apikey.TokenExpired:
		return lang.X("apikey.p_expired", "the Access Token has expired: create a new one in the developer centre")
	}
	return lang.X("apikey.p_invalid", "LongPort does not accept this Access Token: copy it again from the developer centre")
}

// apiKeyErrorText is why a new API key was not accepted, in a sentence.
func apiKeyErrorText(err error, logPath string) string {
	if apikey.Classify(err) != nil {
		return sentence(apiKeyProblemText(err))
	}
	return quoteErrorText(err, time.Now(), logPath)
}
