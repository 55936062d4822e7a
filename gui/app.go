// Package gui is Portview's desktop interface: the connection wizard, the
// security list and the status of the sign-in. It is the only package that
// imports Fyne; it drives oauth and quote from goroutines and comes back to
// the UI through fyne.Do.
package gui

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/api"
	"github.com/portview/portview/apikey"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/trade"
)

// DocsURL is LongPort's OpenAPI documentation.
const DocsURL = "https://open.longportapp.com/docs"

// Preference keys of the window and the start-up.
const (
	prefLastRegion   = "last_region"
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
)

// Default window size.
const (
	defaultWidth  = 1100
	defaultHeight = 700
)

// Config is what the UI needs from main. Zero fields get working defaults,
// except App.
type Config struct {
	App     fyne.App
	Options Options
	// Logger receives the technical detail; tokens never reach it. Default: slog.Default().
	Logger *slog.Logger
	// Store keeps secrets; default: the OS keyring, in memory when there is none.
	Store oauth.Store
	// Prefs keeps plain settings; default: App.Preferences().
	Prefs oauth.Prefs
	// HTTPClient talks to LongPort; default: http.DefaultClient. It needs no
	// timeout of its own: oauth bounds each of its requests, and the data
	// tab bounds each load (defaultLoadTimeout).
	HTTPClient *http.Client
	// OpenBrowser opens the sign-in page; default: the system browser.
	OpenBrowser func(url string) error
	// Clock is the sessions' time; default: the wall clock.
	Clock oauth.Clock
	// Sandbox tunes the offline demo.
	Sandbox SandboxOptions
	// LogTail returns the last n lines of the log, oldest first, for
	// Help > Copy diagnostics, secrets already redacted; nil when there is
	// no log to read.
	LogTail func(n int) []string
	// LogPath is where the log file is, for the user to find it; empty when
	// the log goes to stderr only.
	LogPath string
	// Getenv reads the environment, for the SDKs' API-key variables;
	// default os.Getenv.
	Getenv func(string) string

	// do runs a function on the UI goroutine: fyne.Do, except in tests,
	// which run the queue on their own goroutine.
	do func(func())
	// loadTimeout bounds one load of the data, retries included; default
	// defaultLoadTimeout. Tests shorten it.
	loadTimeout time.Duration
	// browserDelay is how long the sign-in page shows what the browser will
	// open before opening it; default defaultBrowserDelay.
	browserDelay time.Duration
	// screen is the work area of the screen the window opens on, in screen
	// coordinates; default workArea. Tests give one.
	screen func(fyne.Window) (fyne.Size, bool)
	// modifiers reports the modifier keys held; default: the driver's.
	modifiers func() fyne.KeyModifier
}

// defaultBrowserDelay lets the sign-in page be read, and a window that
// has only just appeared be seen, before the browser covers it.
const defaultBrowserDelay = time.Second

// defaultLoadTimeout is how long a load of the data may take, waiting for a
// renewal and retries included, before the tab says it timed out. quote's
// own client would give up after as long.
const defaultLoadTimeout = 60 * time.Second

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Store == nil {
		c.Store = oauth.NewFallbackStore(&oauth.Keyring{}, c.Logger, nil)
	}
	if c.Prefs == nil {
		c.Prefs = c.App.Preferences()
	}
	if c.HTTPClient == nil {
		c.HTTPClient = http.DefaultClient
	}
	if c.Clock == nil {
		c.Clock = oauth.WallClock
	}
	if c.do == nil {
		c.do = fyne.Do
	}
	if c.loadTimeout <= 0 {
		c.loadTimeout = defaultLoadTimeout
	}
	if c.browserDelay <= 0 {
		c.browserDelay = defaultBrowserDelay
	}
	if c.screen == nil {
		c.screen = workArea
	}
	if c.Getenv == nil {
		c.Getenv = os.Getenv
	}
}

// UI is Portview's window and everything in it.
type UI struct {
	cfg  Config
	lang Language // the language of every string, chosen at start
	app  fyne.App
	win  fyne.Window
	log  *slog.Logger
	do   func(func())

	// ctx ends when the window closes, cancelling every request in flight.
	ctx  context.Context
	stop context.CancelFunc

	body     *fyne.Container
	spinner  *widget.Activity // the loading page's, stopped when the page goes
	mainView fyne.CanvasObject
	tabs     *container.AppTabs // one tab a view
	views    []view
	// choosing is set while the app, not the user, selects a tab: the
	// remembered view is the user's choice and stays.
	choosing   bool
	status     *statusBar
	banner     *banner
	regionPage *regionPage
	signInPage *signInPage

	// The signed-in region, on the UI goroutine only.
	account *oauth.Account
	session *oauth.Session
	// restoredFromFlag is set while a session restored for the region named
	// on the command line has not yet shown that it works: one the provider
	// refuses then is treated like no session, and the sign-in starts at once.
	restoredFromFlag bool
	clients          *clients // the signed-in session's API clients; nil when signed out
	live             *liveHub // live quotes for the views (live.go)
	// details are the securities' windows open, by symbol (detail.go).
	details map[string]*detailWindow
	hist    *historyState // the charts' history requests and quota (detailchart.go)
	// finder knows the session's securities for "Go to symbol", whose box
	// is gotoBox (gotosymbol.go).
	finder  *symbolFinder
	gotoBox *gotoBox
	// loads counts the goroutines loading or sorting a view's rows; they
	// word cells in the UI's language. Tests wait for them before the next
	// test picks another language.
	loads       sync.WaitGroup
	unsubscribe func()
	// keySession is the signed-in legacy API-key mode, in place of session
	// (never both): gui/apikey.go.
	keySession     *apikey.Session
	keyUnsubscribe func()

	sandboxMu  sync.Mutex
	sandbox    *sandbox
	sandboxErr error

	// The menu items that need a session.
	reloadItem, signOutItem, goToItem *fyne.MenuItem
	// restart is the command to run once the window has closed, for
	// "Restart now"; nil for a plain quit.
	restart *exec.Cmd

	// The window's fit to the screen (fitScreen): the smallest usable
	// size, the screen in Fyne's units, and the size the screen forced.
	sizer  windowSizer
	screen fyne.Size
	fitted fyne.Size
}

// New builds the window; Start chooses its first screen.
func New(cfg Config) *UI {
	cfg.setDefaults()
	u := &UI{cfg: cfg, app: cfg.App, log: cfg.Logger, do: cfg.do}
	u.lang = useLanguage(cfg.Prefs.String(prefLanguage))
	exchangeTimes.Store(cfg.Prefs.String(prefTimes) == "exchange") // as the language, one setting for the process
	u.ctx, u.stop = context.WithCancel(context.Background())

	u.win = u.app.NewWindow("Portview")
	if icon := u.app.Metadata().Icon; icon != nil {
		u.win.SetIcon(icon)
	}
	u.status = newStatusBar(cfg.Clock, u.do)
	u.live = newLiveHub(u)
	u.banner = newBanner()
	u.tabs = container.NewAppTabs()
	for _, newView := range views {
		v := newView(u)
		u.views = append(u.views, v)
		u.tabs.Append(v.tabItem())
	}
	if v := u.viewByKey(cfg.Prefs.String(prefLastView)); v != nil {
		u.tabs.Select(v.tabItem())
	}
	u.tabs.OnSelected = func(*container.TabItem) { u.onViewShown() }
	u.mainView = u.tabs
	u.body = container.NewStack()
	u.sizer.min = fyne.NewSize(minWindowWidth, minWindowHeight)
	u.win.SetContent(newWindowContent(&u.sizer, container.NewBorder(u.banner.content, u.status.content, nil, nil, u.body)))
	u.win.SetMainMenu(u.newMainMenu())
	u.updateActions()
	u.win.Canvas().AddShortcut(&fyne.ShortcutCopy{}, func(fyne.Shortcut) { u.forView(view.copy) })
	u.win.Canvas().AddShortcut(findShortcut, func(fyne.Shortcut) { u.forView(view.focusFilter) })
	u.win.Canvas().AddShortcut(reloadShortcut, func(fyne.Shortcut) { u.onReload() })
	u.win.Canvas().AddShortcut(goToSymbolShortcut, func(fyne.Shortcut) { u.onGoToSymbol() })
	u.win.Canvas().AddShortcut(quitShortcut, func(fyne.Shortcut) { u.onQuit() })
	u.win.Canvas().AddShortcut(settingsShortcut, func(fyne.Shortcut) { u.onSettings() })
	u.win.Canvas().SetOnTypedKey(u.onTypedKey)
	u.addViewShortcuts()
	u.win.SetOnClosed(u.onClosed)

	prefs := u.app.Preferences()
	u.win.Resize(fyne.NewSize(
		float32(prefs.FloatWithFallback(prefWindowWidth, defaultWidth)),
		float32(prefs.FloatWithFallback(prefWindowHeight, defaultHeight))))
	return u
}

var (
	reloadShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	quitShortcut   = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	findShortcut   = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	// Ctrl+, (Cmd+, on macOS) opens the settings, as in most desktop apps.
	settingsShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
)

// prefLastView is the view shown last, by key.
const prefLastView = "view.last"

// forView runs f on the view on screen, if the main view is.
func (u *UI) forView(f func(view)) {
	if v := u.currentView(); v != nil && u.clients != nil {
		f(v)
	}
}

// onViewShown remembers the view and loads it the first time it is shown.
func (u *UI) onViewShown() {
	v := u.currentView()
	if v == nil || u.choosing {
		return
	}
	u.cfg.Prefs.SetString(prefLastView, v.key())
	u.live.showStale() // what changed in the view while it was hidden
	if u.clients != nil && !v.loaded() {
		v.load()
	}
}

// clearViews forgets every view's data, as after signing out.
func (u *UI) clearViews() {
	for _, v := range u.views {
		v.clear()
	}
	// A security's window shows the account's region's data too.
	for _, d := range u.details {
		d.win.Close() // its onClosed lets go of its quotes
	}
}

// modifiers are the modifier keys held now, for Shift- and Ctrl-click in
// the tables; tests give their own.
func (u *UI) modifiers() fyne.KeyModifier {
	if u.cfg.modifiers != nil {
		return u.cfg.modifiers()
	}
	return keyModifiers()
}

// onQuit closes the window, which ends the app as the close button does.
func (u *UI) onQuit() { u.win.Close() }

// onTypedKey takes the keys no widget took: Enter on the region page is
// Continue, as in any dialog; Escape closes the dialog on top, or else
// clears the filter of the view.
func (u *UI) onTypedKey(e *fyne.KeyEvent) {
	switch {
	case (e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter) && u.regionPage != nil:
		u.regionPage.onSubmit("")
	case e.Name == fyne.KeyEscape && dismissTopDialog(u.win.Canvas()):
		// the dialog, and nothing behind it
	case e.Name == fyne.KeyEscape:
		u.forView(func(v view) { v.clearFilter() })
	}
}

// Window returns the main window.
func (u *UI) Window() fyne.Window { return u.win }

// ShowNotice shows a dismissable message at the top of the window, such as
// the store's word that the keyring is missing; it stays across sign-ins
// until the user dismisses it. Any goroutine may call it.
func (u *UI) ShowNotice(err error) {
	u.do(func() { u.banner.showNotice(noticeText(err), true) })
}

// noticeText is a notice in the user's language; the cause is for the log.
// The fallback store's notice wraps both ErrNoKeyring and its cause, so the
// more precise cause is asked first.
func noticeText(err error) string {
	switch {
	case errors.Is(err, oauth.ErrKeyringTimeout):
		return lang.X("notice.keyring_timeout", "The system keyring did not answer (is it locked?). Your sign-in is kept only until Portview closes.")
	case errors.Is(err, oauth.ErrNoKeyring):
		return lang.X("notice.no_keyring", "The system keyring is not available, so you will have to sign in again the next time you open Portview.")
	}
	return sentence(err.Error())
}

// ShowAndRun starts the UI and runs the app until the window closes. It
// returns the command that starts Portview again if the user asked for a
// restart, for the caller to run once it has let go of what a new copy
// needs (the single-instance lock); nil for a plain quit.
func (u *UI) ShowAndRun() (restart *exec.Cmd) {
	u.Start()
	u.win.Show()
	u.fitScreen()
	u.app.Run()
	return u.restart
}

// Start shows the first screen: the data when a sign-in for the region is
// stored, else the wizard, or the sign-in at once for a region named on the
// command line.
func (u *UI) Start() {
	go u.tickStatus()

	name := u.cfg.Options.Region
	fromFlag := name != ""
	if !fromFlag {
		name = u.cfg.Prefs.String(prefLastRegion)
	}
	region, err := regionByName(name)
	if name == "" || err != nil {
		u.showWizard("")
		return
	}
	if isSandbox(region) {
		if !fromFlag {
			u.showWizard(sandboxName) // the demo keeps nothing between runs
			return
		}
		u.showLoading(lang.X("start.sandbox", "Starting the offline demo…"))
		go func() {
			sb, err := u.ensureSandbox()
			u.do(func() {
				if err != nil {
					u.log.Error("the sandbox did not start", "err", err)
					u.showWizard(sandboxName)
					u.regionPage.showError(lang.X("start.sandbox_failed", "The offline demo could not start on this computer."))
					return
				}
				u.signIn(u.accountFor(sb.region), oauth.SignInOptions{}, func() { u.showWizard(sandboxName) })
			})
		}()
		return
	}

	if apikey.Stored(u.cfg.Prefs, region) {
		u.restoreAPIKey(region, name) // the region signs in with its API key
		return
	}
	acc := u.accountFor(region)
	u.restore(acc, func() { u.restoredFromFlag = fromFlag }, func(err error) {
		switch {
		case errors.Is(err, oauth.ErrNoSession) && fromFlag:
			u.signIn(acc, oauth.SignInOptions{}, func() { u.showWizard(name) })
		case errors.Is(err, oauth.ErrNoSession):
			u.showWizard(name)
		default:
			u.showWizard(name)
			u.regionPage.showError(lang.X("start.restore_failed", "Your stored sign-in to {{.Region}} could not be read. Sign in again.", map[string]any{"Region": regionLabel(region)}))
		}
	})
}

// restore opens acc's stored session: "Opening your session…", the keyring
// read off the UI goroutine, then on it the data and signedIn, or none with
// why there is no session (ErrNoSession, or an error reading it, logged).
func (u *UI) restore(acc *oauth.Account, signedIn func(), none func(err error)) {
	u.showLoading(lang.X("start.restore", "Opening your {{.Region}} session…", map[string]any{"Region": regionLabel(acc.Region())}))
	go func() {
		s, err := acc.Restore(u.ctx)
		u.do(func() {
			if err == nil {
				u.onSignedIn(acc, s)
				signedIn()
				return
			}
			if !errors.Is(err, oauth.ErrNoSession) {
				u.log.Warn("could not restore the session", "region", acc.Region().ID, "err", err)
			}
			none(err)
		})
	}()
}

// tickStatus recounts the token's life on the status line until the window closes.
func (u *UI) tickStatus() {
	t := time.NewTicker(statusTick)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			u.do(u.status.tick)
		case <-u.ctx.Done():
			return
		}
	}
}

// show puts o in the window's body.
func (u *UI) show(o fyne.CanvasObject) {
	if u.spinner != nil {
		u.spinner.Stop() // a spinner's animation repaints the window even where nothing shows it
		u.spinner = nil
	}
	u.body.Objects = []fyne.CanvasObject{o}
	u.body.Refresh()
}

func (u *UI) showLoading(text string) {
	a := widget.NewActivity()
	a.Start()
	u.show(container.NewCenter(container.NewVBox(container.NewCenter(a), widget.NewLabel(text))))
	u.spinner = a
	u.status.setText(text)
}

// showWizard shows the region page, the region preselect chosen.
func (u *UI) showWizard(preselect string) {
	u.leavePages()
	u.regionPage = newRegionPage(u, preselect)
	u.show(u.regionPage.content)
	if u.session == nil {
		u.status.setText(lang.X("status.not_signed_in", "Not signed in."))
	}
}

// leavePages stops the work of the wizard's pages.
func (u *UI) leavePages() {
	if u.regionPage != nil {
		u.regionPage.stop()
		u.regionPage = nil
	}
	if u.signInPage != nil {
		u.signInPage.stop()
		u.signInPage = nil
	}
}

// signIn shows the sign-in page and starts an attempt; back returns to
// where the user came from.
func (u *UI) signIn(acc *oauth.Account, opts oauth.SignInOptions, back func()) {
	opts.Locale = u.lang.Tag // the pages the browser shows after sign-in
	u.leavePages()
	u.signInPage = newSignInPage(u, acc, opts, back)
	u.show(u.signInPage.content)
	u.status.setText(lang.X("status.signing_in", "Signing in to {{.Region}}…", map[string]any{"Region": regionLabel(acc.Region())}))
	u.signInPage.start()
}

// openRegion goes to region's data: through its stored session when there
// is one and the wizard asks for nothing it lacks (another client ID, other
// permissions), else through a new sign-in. Switching back to a region
// must not cost a browser consent.
func (u *UI) openRegion(acc *oauth.Account, opts oauth.SignInOptions, back func()) {
	stored := acc.Client()
	if opts.ClientID != "" || !sameScopes(opts.Scopes, stored.Scopes) {
		u.signIn(acc, opts, back)
		return
	}
	u.restore(acc, func() {}, func(error) { u.signIn(acc, opts, back) })
}

// sameScopes reports whether the permissions asked for are those of the
// stored sign-in; none asked means as before.
func sameScopes(asked, stored []string) bool {
	if len(asked) == 0 {
		return true
	}
	a, b := slices.Clone(asked), slices.Clone(stored)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// accountFor returns the account of region; the sandbox's lives in memory.
func (u *UI) accountFor(region oauth.Region) *oauth.Account {
	env := oauth.Env{
		HTTPClient:  u.cfg.HTTPClient,
		Store:       u.cfg.Store,
		Prefs:       u.cfg.Prefs,
		Clock:       u.cfg.Clock,
		Logger:      u.log,
		OpenBrowser: u.cfg.OpenBrowser,
	}
	if isSandbox(region) {
		if sb := u.runningSandbox(); sb != nil {
			env.Store, env.Prefs = sb.store, sb.prefs
		}
		if u.cfg.Prefs.String(prefSandboxConsent) != "" {
			env.OpenBrowser = u.approveSandbox
		}
	}
	return oauth.NewAccount(env, region)
}

// ensureSandbox starts the demo servers once; it may run on any goroutine.
func (u *UI) ensureSandbox() (*sandbox, error) {
	u.sandboxMu.Lock()
	defer u.sandboxMu.Unlock()
	if u.sandbox == nil && u.ctx.Err() == nil {
		u.sandbox, u.sandboxErr = startSandbox(u.cfg.Sandbox)
		if u.sandboxErr == nil {
			u.log.Info("sandbox started", "url", u.sandbox.region.BaseURL)
		}
	}
	if u.sandbox == nil && u.sandboxErr == nil {
		return nil, context.Canceled
	}
	return u.sandbox, u.sandboxErr
}

func (u *UI) runningSandbox() *sandbox {
	u.sandboxMu.Lock()
	defer u.sandboxMu.Unlock()
	return u.sandbox
}

// onSignedIn shows the main view for a new or restored session and loads
// the view on screen; the others load when first shown.
func (u *UI) onSignedIn(acc *oauth.Account, s *oauth.Session) {
	c, err := u.newClients(acc, s)
	if err != nil {
		u.log.Error("cannot build the API clients", "err", err)
		s.Close() // returns at once; a token being saved still lands
		u.showWizard(regionName(acc.Region()))
		u.regionPage.showError(lang.X("start.client_failed", "Portview could not prepare the connection to {{.Region}}.", map[string]any{"Region": regionLabel(acc.Region())}))
		return
	}
	u.leavePages()
	u.setSession(acc, s)
	u.clients = c
	u.forgetAPIKeyOf(acc.Region()) // one way in per region
	if isSandbox(acc.Region()) {
		u.cfg.Prefs.SetString(prefSandboxConsent, "yes")
	}
	u.showSignedIn(acc.Region())
}

// showSignedIn shows the main view of a new session, whatever its mode,
// and loads the view on screen.
func (u *UI) showSignedIn(region oauth.Region) {
	u.live.attach(u.clients.socket)
	u.updateActions()
	u.cfg.Prefs.SetString(prefLastRegion, regionName(region))
	u.banner.hideForNewSession()
	u.show(u.mainView)
	if v := u.firstView(); v != nil && v != u.currentView() {
		u.choosing = true // not the user's choice: the remembered view stays
		u.tabs.Select(v.tabItem())
		u.choosing = false
	}
	if v := u.currentView(); v != nil {
		v.load()
	}
}

// firstView is the view a new session opens on: the one remembered, if the
// grant allows it, else the first in tab order that it allows, so that a
// sign-in never lands on a view it cannot show while another one can (a
// grant of LongPort's example scope 3 shows the security list).
func (u *UI) firstView() view {
	remembered := u.viewByKey(u.cfg.Prefs.String(prefLastView))
	if remembered != nil && u.clients.allows(remembered) {
		return remembered
	}
	for _, v := range u.views {
		if u.clients.allows(v) {
			return v
		}
	}
	return remembered
}

// newClients builds the Quote and Trade clients of a session.
func (u *UI) newClients(acc *oauth.Account, s *oauth.Session) (*clients, error) {
	c, err := u.buildClients(acc.Region(), api.Config{BaseURL: acc.Region().BaseURL, ClientID: s.ClientID(), Tokens: s})
	if err != nil {
		return nil, err
	}
	c.scopes = strings.Join(s.Scopes(), " ")
	if md := acc.Metadata(); md != nil {
		c.offered = md.ScopesSupported
	}
	return c, nil
}

// buildClients builds the Quote and Trade clients for cfg's base URL and
// credentials, the rest as the app sends every request, and the quote
// socket, whose one-time token comes through the same signed or Bearer
// call as every other request.
func (u *UI) buildClients(region oauth.Region, cfg api.Config) (*clients, error) {
	cfg.HTTPClient = u.cfg.HTTPClient
	cfg.UserAgent = "Portview/" + u.version()
	cfg.Language = apiLanguage(u.lang.Tag)
	cfg.Logger = u.log
	q, err := quote.New(cfg)
	if err != nil {
		return nil, err
	}
	t, err := trade.New(cfg)
	if err != nil {
		return nil, err
	}
	s, noSocket := u.newSocket(region, q)
	return &clients{quote: q, trade: t, socket: s, noSocket: noSocket}, nil
}

// apiLanguage is the Accept-Language that makes LongPort name securities in
// the UI's language.
func apiLanguage(tag string) string {
	switch {
	case strings.HasPrefix(tag, "zh-Hans"), tag == "zh", strings.HasPrefix(tag, "zh-CN"):
		return "zh-CN"
	case strings.HasPrefix(tag, "zh"):
		return "zh-HK"
	}
	return "en"
}

// setSession replaces the session; the old one's goroutines stop.
func (u *UI) setSession(acc *oauth.Account, s *oauth.Session) {
	u.dropSession()
	u.account, u.session = acc, s
	u.unsubscribe = s.Subscribe(func(st oauth.State) {
		u.do(func() {
			if u.session == s {
				u.onState(st)
			}
		})
	})
}

// dropSession forgets the session; its tokens stay stored.
func (u *UI) dropSession() {
	if u.unsubscribe != nil {
		u.unsubscribe()
		u.unsubscribe = nil
	}
	if old := u.session; old != nil {
		old.Close() // returns at once; a token being saved still lands
	}
	for _, v := range u.views {
		v.invalidate() // their loads used the session just closed
	}
	u.live.detach()
	u.dropAPIKeySession()
	u.session, u.clients = nil, nil
	u.restoredFromFlag = false
	u.updateActions()
}

func (u *UI) onState(st oauth.State) {
	u.status.setState(st)
	switch st.Kind {
	case oauth.SignInNeeded:
		if u.restoredFromFlag {
			// -region asked for this region now, and its stored session is
			// dead: as with none, the new sign-in starts at once.
			u.restoredFromFlag = false
			u.log.Info("the stored session of the region named on the command line was refused; signing in", "reason", st.Reason.String())
			u.onSignInAgain()
			return
		}
		u.onSignInNeeded(signInNeededText(st))
	case oauth.SignedIn:
		if u.banner.signIn {
			u.banner.hide()
		}
	}
}

// sessionReason is why the session can no longer be used, in words.
func (u *UI) sessionReason(err error) string {
	if u.keySession != nil {
		// A refused renewal says why; else the call that was refused does.
		problem := u.keySession.State().Refused
		if problem == nil {
			problem = err
		}
		return lang.X("apikey.refused", "LongPort no longer accepts the API key for {{.Region}}: {{.Problem}}.",
			map[string]any{"Region": regionLabel(u.keySession.Region()), "Problem": apiKeyProblemText(problem)})
	}
	if u.session != nil {
		if st := u.session.State(); st.Kind == oauth.SignInNeeded {
			return signInNeededText(st)
		}
	}
	return lang.X("session.expired", "Your session has expired. Sign in again to continue.")
}

// onSignInNeeded shows the banner; the data on screen stays.
func (u *UI) onSignInNeeded(reason string) {
	u.banner.showSignIn(reason, u.onSignInAgain)
	for _, v := range u.views {
		v.refresh() // the banner gives the reason: no error strip repeats it
	}
}

func (u *UI) onSignInAgain() {
	if u.keySession != nil {
		u.showWizard(regionName(u.keySession.Region()))
		u.regionPage.keyForm.section.Open()
		return
	}
	if u.account == nil {
		u.showWizard("")
		return
	}
	u.signIn(u.account, oauth.SignInOptions{}, func() {
		u.leavePages()
		u.show(u.mainView)
		u.onState(u.session.State())
	})
}

func (u *UI) onReload() { u.forView(view.load) }

// updateActions enables what needs a session (Reload, Sign out) only while
// there is one.
func (u *UI) updateActions() {
	signedIn := u.session != nil || u.keySession != nil
	u.reloadItem.Disabled = u.clients == nil
	u.goToItem.Disabled = u.clients == nil
	u.signOutItem.Disabled = !signedIn
	if u.win.MainMenu() != nil {
		u.win.MainMenu().Refresh()
	}
}

func (u *UI) onSignOut() {
	if u.keySession != nil {
		u.onAPIKeySignOut()
		return
	}
	if u.session == nil {
		return
	}
	region := map[string]any{"Region": regionLabel(u.session.Region())}
	d := dialog.NewConfirm(lang.X("signout.title", "Sign out of {{.Region}}?", region),
		lang.X("signout.message", "Portview will revoke its access and forget your sign-in to {{.Region}} on this computer.", region),
		func(ok bool) {
			if ok {
				u.signOut()
			}
		}, u.win)
	d.SetConfirmText(lang.X("signout.confirm", "Sign out"))
	d.SetDismissText(lang.X("action.cancel", "Cancel"))
	d.Show()
}

// signOut revokes and forgets the session's tokens, then shows the wizard.
func (u *UI) signOut() {
	s := u.session
	if s == nil {
		return
	}
	region := s.Region()
	if isSandbox(region) {
		u.cfg.Prefs.RemoveValue(prefSandboxConsent)
	}
	if u.unsubscribe != nil {
		u.unsubscribe()
		u.unsubscribe = nil
	}
	u.live.detach()
	u.session, u.clients = nil, nil
	u.updateActions()
	u.clearViews()
	u.banner.hide()
	name := map[string]any{"Region": regionLabel(region)}
	u.showLoading(lang.X("status.signing_out", "Signing out of {{.Region}}…", name))
	ctx := u.ctx
	go func() {
		err := s.SignOut(ctx)
		s.Close()
		u.do(func() {
			u.showWizard(regionName(region))
			if err != nil {
				u.log.Warn("sign-out incomplete", "region", region.ID, "err", err)
				u.banner.showNotice(signOutProblemText(err), false)
			}
			u.status.setText(lang.X("status.signed_out", "Signed out of {{.Region}}.", name))
		})
	}()
}

// signOutProblemText says what a sign-out could not do. SignOut's error
// wraps oauth.ErrRevokeFailed when only the server was not told, is any
// other error when the tokens could not be removed from the store, and joins
// the two when both failed.
func signOutProblemText(err error) string {
	notRevoked := errors.Is(err, oauth.ErrRevokeFailed)
	notForgotten := !notRevoked
	// The revocation's error holds the sentinel itself next to its cause;
	// a join of both failures holds the revocation's error and the store's.
	if j, ok := err.(interface{ Unwrap() []error }); ok && notRevoked && !slices.Contains(j.Unwrap(), oauth.ErrRevokeFailed) {
		for _, e := range j.Unwrap() {
			notForgotten = notForgotten || e != nil && !errors.Is(e, oauth.ErrRevokeFailed)
		}
	}
	if !notForgotten {
		return lang.X("signout.not_revoked", "You are signed out on this computer, but LongPort could not be told to revoke the access.")
	}
	text := lang.X("signout.not_forgotten", "You are signed out, but your sign-in could not be removed from this computer's keyring.")
	if notRevoked {
		text += " " + lang.X("signout.not_revoked_either", "LongPort could not be told to revoke the access either.")
	}
	return text
}

// onSwitchRegion drops the current view without asking: the sign-in to
// the region left stays stored, and the status line says so.
func (u *UI) onSwitchRegion() {
	preselect := ""
	var left *oauth.Region
	if u.account != nil {
		r := u.account.Region()
		preselect, left = regionName(r), &r
	}
	if u.keySession != nil {
		r := u.keySession.Region()
		preselect, left = regionName(r), &r
	}
	signedIn := u.session != nil || u.keySession != nil
	u.dropSession()
	u.account = nil
	u.clearViews()
	u.banner.hide()
	u.showWizard(preselect)
	if signedIn && left != nil {
		u.status.setText(lang.X("status.switched", "Choose a region. Your sign-in to {{.Region}} is kept.", map[string]any{"Region": regionLabel(*left)}))
	}
}

func (u *UI) version() string {
	if v := u.app.Metadata().Version; v != "" {
		return v
	}
	return "dev"
}

func (u *UI) newMainMenu() *fyne.MainMenu {
	docs, _ := url.Parse(DocsURL)
	u.reloadItem = &fyne.MenuItem{Label: lang.X("menu.reload", "Reload"), Shortcut: reloadShortcut, Icon: theme.ViewRefreshIcon(), Action: u.onReload, Disabled: true}
	u.signOutItem = &fyne.MenuItem{Label: lang.X("menu.sign_out", "Sign out…"), Icon: theme.LogoutIcon(), Action: u.onSignOut, Disabled: true}
	u.goToItem = &fyne.MenuItem{Label: lang.X("menu.go_to_symbol", "Go to symbol…"), Shortcut: goToSymbolShortcut, Icon: theme.SearchIcon(), Action: u.onGoToSymbol, Disabled: true}
	return fyne.NewMainMenu(
		// Sign out first and Quit last, a separator between, so that the
		// two never sit side by side ("登出" and "退出" in Chinese).
		fyne.NewMenu(lang.X("menu.account", "Account"),
			u.signOutItem,
			fyne.NewMenuItem(lang.X("menu.switch_region", "Switch region…"), u.onSwitchRegion),
			fyne.NewMenuItemSeparator(),
			&fyne.MenuItem{Label: lang.X("menu.quit", "Quit"), Shortcut: quitShortcut, IsQuit: true, Action: u.onQuit},
		),
		fyne.NewMenu(lang.X("menu.view", "View"),
			u.goToItem,
			u.reloadItem,
			fyne.NewMenuItem(lang.X("menu.copy_curl", "Copy as curl"), u.onCopyCurl),
			fyne.NewMenuItem(lang.X("menu.connection", "Connection…"), u.onConnection),
			fyne.NewMenuItemSeparator(),
			&fyne.MenuItem{Label: lang.X("menu.settings", "Settings…"), Icon: theme.SettingsIcon(), Shortcut: settingsShortcut, Action: u.onSettings},
		),
		fyne.NewMenu(lang.X("menu.help", "Help"),
			fyne.NewMenuItem(lang.X("menu.docs", "LongPort OpenAPI documentation"), func() {
				if err := u.app.OpenURL(docs); err != nil {
					u.log.Warn("could not open the documentation", "err", err)
				}
			}),
			fyne.NewMenuItem(lang.X("menu.diagnostics", "Copy diagnostics"), u.onCopyDiagnostics),
			fyne.NewMenuItem(lang.X("menu.about", "About Portview"), u.onAbout),
		),
	)
}

func (u *UI) onAbout() {
	docs, _ := url.Parse(DocsURL)
	md := u.app.Metadata()
	name := md.Name
	if name == "" {
		name = "Portview"
	}
	content := container.NewVBox(
		&widget.Label{Text: name, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText},
		widget.NewLabel(lang.X("about.version", "Version {{.Version}}", map[string]any{"Version": u.version()})),
		widget.NewLabel(lang.X("about.description", "A desktop client for LongPort OpenAPI.")),
		widget.NewHyperlink(lang.X("menu.docs", "LongPort OpenAPI documentation"), docs),
	)
	if md.Icon != nil {
		img := widget.NewIcon(md.Icon)
		content = container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(64, 64), img)), content)
	}
	dialog.ShowCustom(lang.X("about.title", "About {{.Name}}", map[string]any{"Name": name}), lang.X("action.close", "Close"), content, u.win)
}

// onClosed cancels what is in flight, stops the session and the sandbox,
// and remembers the window's size. Tokens were saved as they came.
func (u *UI) onClosed() {
	start := time.Now()
	u.rememberSize()
	u.Close()
	u.log.Info("window closed", "took", time.Since(start).Round(time.Millisecond))
}

// Close ends everything the UI started; the window's close calls it.
func (u *UI) Close() {
	u.stop()
	u.leavePages()
	u.dropSession()
	u.sandboxMu.Lock()
	sb := u.sandbox
	u.sandbox = nil
	u.sandboxMu.Unlock()
	if sb != nil {
		sb.Close()
	}
}
