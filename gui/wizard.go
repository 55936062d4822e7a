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
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
)

// The choices of the region page.
const (
	choiceGlobal  = "global"
	choiceChina   = "china"
	choiceCustom  = "custom"
	choiceSandbox = sandboxName
)

// choiceLabel names a choice of the region page.
func choiceLabel(choice string) string {
	switch choice {
	case choiceGlobal:
		return lang.X("region.global", "Global")
	case choiceChina:
		return lang.X("region.china", "China")
	case choiceCustom:
		return lang.X("wizard.custom", "Custom server")
	case choiceSandbox:
		return lang.X("wizard.sandbox", "Sandbox (offline demo)")
	}
	return ""
}

var choices = []string{choiceGlobal, choiceChina, choiceCustom, choiceSandbox}

// customDelay lets the user finish typing a URL before it is discovered.
const customDelay = 500 * time.Millisecond

// regionCheck is what the region page knows about one choice.
type regionCheck struct {
	region  oauth.Region
	md      *oauth.Metadata
	err     error
	pending bool
}

// regionPage is step 1 of the wizard: where to sign in, and how.
type regionPage struct {
	ui *UI

	choice  string
	radios  map[string]*widget.RadioGroup
	notes   map[string]*widget.Label
	checks  map[string]regionCheck
	custom  *widget.Entry
	checkID int // numbers the custom addresses so that a stale answer is dropped

	clientID *widget.Entry
	secret   *widget.Entry
	advanced *disclosure
	scopeBox *fyne.Container
	scopes   map[string]*widget.Check
	scopeFor string // the choice and state whose scopes are shown
	port     *widget.Entry
	portNote *widget.Label
	browser  *widget.Label // what Continue does: "Your browser will open…"
	next     *widget.Button
	problem  *widget.Label
	timer    *time.Timer
	keyForm  *apiKeyForm // "Use an API key instead (legacy)": gui/apikey.go

	// ctx ends when the page is left, cancelling its discoveries.
	ctx    context.Context
	cancel context.CancelFunc

	content fyne.CanvasObject
}

// newRegionPage builds the page and discovers the built-in regions at once.
// preselect is a region name as regionName gives it, or "".
func newRegionPage(u *UI, preselect string) *regionPage {
	p := &regionPage{
		ui:     u,
		radios: map[string]*widget.RadioGroup{},
		notes:  map[string]*widget.Label{},
		checks: map[string]regionCheck{},
		scopes: map[string]*widget.Check{},
	}
	p.ctx, p.cancel = context.WithCancel(u.ctx)
	title := &widget.Label{Text: lang.X("wizard.title", "Connect to LongPort"), SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	intro := widget.NewLabel(lang.X("wizard.intro", "Choose where your LongPort account lives. Portview signs you in through your browser; it never sees your password."))
	intro.Wrapping = fyne.TextWrapWord

	p.custom = &widget.Entry{PlaceHolder: "https://openapi.example.com"}
	p.custom.ExtendBaseWidget(p.custom)
	p.custom.OnChanged = p.onCustomChanged
	p.custom.OnSubmitted = p.onSubmit

	rows := container.New(layout.NewFormLayout())
	for _, c := range choices {
		r := &widget.RadioGroup{Options: []string{choiceLabel(c)}}
		r.ExtendBaseWidget(r)
		r.OnChanged = func(sel string) {
			if sel != "" {
				p.choose(c)
			} else if p.choice == c {
				r.SetSelected(choiceLabel(c)) // a radio button is not a toggle
			}
		}
		p.radios[c] = r
		note := &widget.Label{Wrapping: fyne.TextWrapWord}
		p.notes[c] = note
		var right fyne.CanvasObject = note
		if c == choiceCustom {
			right = container.NewBorder(nil, nil, nil, nil, container.NewVBox(p.custom, note))
		}
		rows.Add(r)
		rows.Add(right)
	}
	p.notes[choiceCustom].SetText(lang.X("wizard.custom_hint", "Enter the server's address."))
	p.notes[choiceSandbox].SetText(lang.X("wizard.sandbox_hint", "Try Portview with made-up data on this computer: no account, no network."))

	p.clientID = &widget.Entry{PlaceHolder: lang.X("wizard.client_id_hint", "Leave empty to register Portview automatically")}
	p.clientID.ExtendBaseWidget(p.clientID)
	p.clientID.OnChanged = func(string) { p.refreshPort() }
	p.clientID.OnSubmitted = p.onSubmit
	clientIDNote := &widget.Label{Text: lang.X("wizard.client_id_note", "The ID of an OAuth client you registered with LongPort yourself; it is not the App Key of the developer centre."), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	p.secret = widget.NewPasswordEntry()
	p.secret.PlaceHolder = lang.X("wizard.optional", "Optional")
	p.secret.OnSubmitted = p.onSubmit
	p.scopeBox = container.NewVBox()
	p.port = &widget.Entry{PlaceHolder: strconv.Itoa(oauth.DefaultPort)}
	p.port.ExtendBaseWidget(p.port)
	p.port.OnChanged = func(string) { p.refreshPort() }
	p.port.OnSubmitted = p.onSubmit
	p.portNote = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	form := widget.NewForm(
		widget.NewFormItem(lang.X("wizard.client_id", "Client ID"), container.NewVBox(p.clientID, clientIDNote)),
		widget.NewFormItem(lang.X("wizard.client_secret", "Client secret"), p.secret),
		widget.NewFormItem(lang.X("wizard.permissions", "Permissions"), p.scopeBox),
		widget.NewFormItem(lang.X("wizard.redirect_port", "Redirect port"), container.NewVBox(p.port, p.portNote)),
	)
	p.advanced = newDisclosure(lang.X("wizard.advanced", "Advanced"), form, p.relayout)

	p.problem = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.problem.Hide()
	p.browser = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	p.next = &widget.Button{Text: lang.X("wizard.continue", "Continue"), Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: p.onContinue}
	p.next.Disable()

	p.keyForm = newAPIKeyForm(p)
	page := container.NewVBox(title, intro, widget.NewSeparator(), rows, p.advanced.content, p.problem,
		container.NewBorder(nil, nil, nil, p.next, p.browser), widget.NewSeparator(), p.keyForm.content)
	p.content = container.NewVScroll(container.NewPadded(centredWidth(page, 760)))

	p.discoverBuiltins()
	choice := p.preselect(preselect)
	p.radios[choice].SetSelected(choiceLabel(choice))
	return p
}

// preselect returns the choice for a region name as regionName or the
// command line give it, filling in the custom address: a sign-in to
// "-region <URL>" that fails comes back with that URL, not Global.
func (p *regionPage) preselect(name string) string {
	choice := p.choiceFor(name)
	if choice == choiceCustom {
		r, _ := regionByName(name)
		p.custom.SetText(r.BaseURL)
	}
	return choice
}

func (p *regionPage) choiceFor(name string) string {
	if choiceLabel(name) != "" {
		return name
	}
	r, err := regionByName(name)
	switch {
	case err != nil:
		return choiceGlobal
	case r.ID == oauth.Global.ID || r.ID == oauth.China.ID:
		return r.ID
	}
	return choiceCustom
}

// disclosure is a section that opens under its header, as a one-item
// Accordion does, but lets the page lay itself out again when it opens or
// closes: Fyne's Accordion grows without moving what is below it.
type disclosure struct {
	header   *widget.Button
	body     fyne.CanvasObject
	changed  func()
	content  *fyne.Container
	expanded bool
}

func newDisclosure(title string, body fyne.CanvasObject, changed func()) *disclosure {
	d := &disclosure{body: body, changed: changed}
	d.header = &widget.Button{Text: title, Icon: theme.MenuExpandIcon(), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, OnTapped: d.toggle}
	body.Hide()
	d.content = container.NewVBox(d.header, body)
	return d
}

// Open shows the section.
func (d *disclosure) Open() { d.set(true) }

func (d *disclosure) toggle() { d.set(!d.expanded) }

func (d *disclosure) set(open bool) {
	d.expanded = open
	if open {
		d.header.SetIcon(theme.MenuDropDownIcon())
		d.body.Show()
	} else {
		d.header.SetIcon(theme.MenuExpandIcon())
		d.body.Hide()
	}
	d.changed()
}

// centredWidth lays o out centred, width wide or as wide as there is room
// for, and never narrower than o needs. Its height follows o at the width
// it gets, so that wrapped text and a grid that grows push what is below.
func centredWidth(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.New(&centredWidthLayout{width: width}, o)
}

type centredWidthLayout struct{ width float32 }

func (l *centredWidthLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return objects[0].MinSize()
}

func (l *centredWidthLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	o := objects[0]
	w := max(min(l.width, size.Width), o.MinSize().Width)
	o.Resize(fyne.NewSize(w, max(size.Height, o.MinSize().Height)))
	o.Move(fyne.NewPos(max((size.Width-w)/2, 0), 0))
}

// showError shows a problem under the choices, as when a stored sign-in
// could not be read.
func (p *regionPage) showError(text string) {
	p.problem.SetText(text)
	p.problem.Show()
}

// stop ends the discoveries under way, as the page is left.
func (p *regionPage) stop() {
	p.cancel()
	if p.timer != nil {
		p.timer.Stop()
	}
}

// discoverBuiltins checks the built-in regions all at once, each on its own,
// so that a region that does not answer holds up only its own row.
func (p *regionPage) discoverBuiltins() {
	for _, r := range oauth.BuiltinRegions() {
		p.discover(r.ID, r)
	}
}

// discover checks one choice's region and records the answer, unless the
// page was left or, for the custom address, the text changed meanwhile.
func (p *regionPage) discover(choice string, region oauth.Region) {
	id := p.checkID
	p.setCheck(choice, regionCheck{region: region, pending: true})
	ctx, hc := p.ctx, p.ui.cfg.HTTPClient
	go func() {
		start := time.Now()
		md, err := oauth.Discover(ctx, hc, region.BaseURL)
		latency := time.Since(start)
		p.ui.do(func() {
			if ctx.Err() != nil || choice == choiceCustom && id != p.checkID {
				return
			}
			if err != nil {
				p.ui.log.Info("discovery failed", "region", region.ID, "err", err)
			}
			p.setCheck(choice, regionCheck{region: region, md: md, err: err})
			if err == nil && choice != choiceSandbox { // the demo's latency says nothing
				p.notes[choice].SetText(reachableText(latency))
			}
		})
	}()
}

func (p *regionPage) setCheck(choice string, c regionCheck) {
	p.checks[choice] = c
	note := p.notes[choice]
	switch {
	case c.pending:
		note.Importance = widget.MediumImportance
		note.SetText(lang.X("wizard.checking", "Checking…"))
	case c.err != nil:
		note.Importance = widget.DangerImportance
		note.SetText(discoveryText(c.err))
	default:
		note.Importance = widget.SuccessImportance
		note.SetText(lang.X("wizard.reachable", "Reachable"))
	}
	if choice == p.choice {
		p.refreshChoice()
	}
}

// reachableText says a region answered discovery: "Reachable, 84 ms".
func reachableText(latency time.Duration) string {
	return lang.X("wizard.reachable_in", "Reachable, {{.Latency}}", map[string]any{"Latency": latencyText(latency)})
}

func (p *regionPage) choose(choice string) {
	p.choice = choice
	for c, r := range p.radios {
		if c != choice && r.Selected != "" {
			r.SetSelected("")
		}
	}
	p.problem.Hide()
	switch choice {
	case choiceCustom:
		p.onCustomChanged(p.custom.Text)
	case choiceSandbox:
		if _, ok := p.checks[choiceSandbox]; !ok {
			p.startSandbox()
		}
	}
	p.refreshChoice()
}

func (p *regionPage) startSandbox() {
	p.setCheck(choiceSandbox, regionCheck{pending: true})
	p.notes[choiceSandbox].SetText(lang.X("wizard.sandbox_starting", "Starting the demo servers…"))
	go func() {
		sb, err := p.ui.ensureSandbox()
		p.ui.do(func() {
			if p.ctx.Err() != nil {
				return // the page was left
			}
			if err != nil {
				p.setCheck(choiceSandbox, regionCheck{err: err})
				return
			}
			p.discover(choiceSandbox, sb.region)
		})
	}()
}

func (p *regionPage) onCustomChanged(text string) {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.checkID++ // drop an answer for the old text
	if strings.TrimSpace(text) == "" {
		delete(p.checks, choiceCustom)
		p.notes[choiceCustom].Importance = widget.MediumImportance
		p.notes[choiceCustom].SetText(lang.X("wizard.custom_hint", "Enter the server's address."))
		p.refreshChoice()
		return
	}
	if p.choice != choiceCustom {
		p.radios[choiceCustom].SetSelected(choiceLabel(choiceCustom))
		return // choose calls back here
	}
	region, err := oauth.CustomRegion(text)
	if err != nil {
		p.checks[choiceCustom] = regionCheck{err: err}
		p.notes[choiceCustom].Importance = widget.DangerImportance
		p.notes[choiceCustom].SetText(addressProblemText(err))
		p.refreshChoice()
		return
	}
	p.setCheck(choiceCustom, regionCheck{region: region, pending: true})
	p.timer = time.AfterFunc(customDelay, func() {
		p.ui.do(func() {
			if p.custom.Text == text {
				p.discover(choiceCustom, region)
			}
		})
	})
}

// refreshChoice updates Continue and the advanced settings for the chosen region.
func (p *regionPage) refreshChoice() {
	c, ok := p.checks[p.choice]
	p.browser.SetText(browserNote(p.choice == choiceSandbox))
	p.keyForm.refresh()
	p.showAdvanced(c, ok)
	p.updateContinue()
}

// updateContinue enables Continue once the chosen region answered and the
// advanced settings are usable.
func (p *regionPage) updateContinue() {
	c, ok := p.checks[p.choice]
	if ok && !c.pending && c.err == nil && c.md != nil && p.portProblem() == "" {
		p.next.Enable()
	} else {
		p.next.Disable()
	}
}

// relayout lays the page out again after a part of it changed size: Fyne
// lays out a container when it is resized, not when a child's minimum
// size grows, and without this the permissions run past the page's edge
// and Continue sits on the rows above it.
func (p *regionPage) relayout() {
	if p.content != nil {
		p.content.Refresh()
	}
}

// showAdvanced fills the permissions for the chosen region as its check
// stands, or says why they are not known yet.
func (p *regionPage) showAdvanced(c regionCheck, checked bool) {
	key := p.choice + " " + c.region.BaseURL
	switch {
	case !checked:
		key += " unchecked"
	case c.pending:
		key += " pending"
	case c.md == nil:
		key += " failed"
	}
	if key == p.scopeFor {
		return
	}
	p.scopeFor = key
	p.scopeBox.RemoveAll()
	clear(p.scopes)
	defer p.relayout()
	if c.md == nil {
		p.scopeBox.Add(&widget.Label{Text: scopesUnknownText(p.choice, c, checked), Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord})
		p.refreshPort()
		return
	}
	acc := p.ui.accountFor(c.region)
	client := acc.Client()
	chosen := client.Scopes
	if len(chosen) == 0 {
		chosen = oauth.DefaultScopes(c.md)
	}
	offered := c.md.ScopesSupported
	if len(offered) == 0 {
		offered = chosen
	}
	// "not used by Portview" only when the server lists one that is: a
	// server that lists none of them gets the old rule, all but trading.
	usesSome := slices.ContainsFunc(offered, oauth.IsUsedScope)
	for _, s := range offered {
		check := widget.NewCheck(scopeCheckLabel(s, usesSome), nil)
		if oauth.IsWriteScope(s) {
			check.Disable() // Portview never asks to trade
		} else {
			check.SetChecked(slices.Contains(chosen, s))
		}
		p.scopes[s] = check
		p.scopeBox.Add(check)
	}
	if client.ID != "" && client.UserSupplied {
		p.clientID.SetText(client.ID)
		p.port.SetText(strconv.Itoa(client.Port))
	}
	p.refreshPort()
}

// refreshPort enables the port for a client ID the user gives, says which
// redirect URI it makes, and checks it.
func (p *regionPage) refreshPort() {
	if strings.TrimSpace(p.clientID.Text) == "" {
		p.port.Disable()
		p.portNote.Importance = widget.LowImportance
		p.portNote.SetText(lang.X("wizard.port_automatic", "Portview registers http://127.0.0.1:{{.Port}}/callback itself, or another free port if that one is taken.", map[string]any{"Port": oauth.DefaultPort}))
	} else {
		p.port.Enable()
		if problem := p.portProblem(); problem != "" {
			p.portNote.Importance = widget.DangerImportance
			p.portNote.SetText(problem)
		} else {
			p.portNote.Importance = widget.LowImportance
			p.portNote.SetText(lang.X("wizard.port_user", "The redirect URI registered for your client ID must be http://127.0.0.1:{{.Port}}/callback.", map[string]any{"Port": p.chosenPort()}))
		}
	}
	p.updateContinue()
	p.relayout()
}

// Ports a user-supplied client's redirect URI may use: not the privileged
// ones, which a desktop app cannot listen on.
const (
	minRedirectPort = 1024
	maxRedirectPort = 65535
)

// chosenPort is the redirect port typed, or the default; 0 if it is not a number.
func (p *regionPage) chosenPort() int {
	text := strings.TrimSpace(p.port.Text)
	if text == "" {
		return oauth.DefaultPort
	}
	n, err := strconv.Atoi(text)
	if err != nil {
		return 0
	}
	return n
}

// portProblem says what is wrong with the redirect port, or "" when it is
// fine or not used (no client ID given).
func (p *regionPage) portProblem() string {
	if strings.TrimSpace(p.clientID.Text) == "" {
		return ""
	}
	if n := p.chosenPort(); n < minRedirectPort || n > maxRedirectPort {
		return lang.X("wizard.port_invalid", "The redirect port must be a number from {{.Min}} to {{.Max}}.", map[string]any{"Min": minRedirectPort, "Max": maxRedirectPort})
	}
	return ""
}

// options are the advanced settings as SignInOptions. A trading scope is
// never among them.
func (p *regionPage) options() oauth.SignInOptions {
	var scopes []string
	for s, c := range p.scopes {
		if c.Checked && !oauth.IsWriteScope(s) {
			scopes = append(scopes, s)
		}
	}
	slices.Sort(scopes)
	opts := oauth.SignInOptions{
		ClientID:     strings.TrimSpace(p.clientID.Text),
		ClientSecret: p.secret.Text,
		Scopes:       scopes,
	}
	if opts.ClientID != "" {
		opts.Port = p.chosenPort()
	}
	return opts
}

// onSubmit is Enter in a field of the page: Continue, when it can.
func (p *regionPage) onSubmit(string) {
	if !p.next.Disabled() {
		p.onContinue()
	}
}

func (p *regionPage) onContinue() {
	c, ok := p.checks[p.choice]
	if !ok || c.md == nil {
		return
	}
	p.stop()
	acc := p.ui.accountFor(c.region)
	acc.SetMetadata(c.md)
	choice := p.choice
	p.ui.openRegion(acc, p.options(), func() { p.ui.showWizard(regionNameForChoice(choice, c.region)) })
}

func regionNameForChoice(choice string, r oauth.Region) string {
	if choice == choiceCustom {
		return r.ID
	}
	return choice
}

// signInPage is step 2 of the wizard: the browser is out, Portview waits.
type signInPage struct {
	ui     *UI
	acc    *oauth.Account
	opts   oauth.SignInOptions
	back   func()
	si     *oauth.SignIn
	cancel context.CancelFunc
	gen    int

	title     *widget.Label
	message   *widget.Label
	activity  *widget.Activity
	waiting   *widget.Label
	link      *widget.Entry
	openAgain *widget.Button
	copyLink  *widget.Button
	cancelBtn *widget.Button
	retry     *widget.Button
	backBtn   *widget.Button

	content fyne.CanvasObject
}

func newSignInPage(u *UI, acc *oauth.Account, opts oauth.SignInOptions, back func()) *signInPage {
	p := &signInPage{ui: u, acc: acc, opts: opts, back: back}
	p.title = &widget.Label{Text: lang.X("signin.title", "Sign in to {{.Region}}", map[string]any{"Region": regionLabel(acc.Region())}), SizeName: theme.SizeNameHeadingText, TextStyle: fyne.TextStyle{Bold: true}}
	p.message = &widget.Label{Wrapping: fyne.TextWrapWord}
	p.activity = widget.NewActivity()
	p.waiting = widget.NewLabel("")
	p.link = &widget.Entry{Wrapping: fyne.TextWrapBreak, MultiLine: true}
	p.link.ExtendBaseWidget(p.link)
	p.link.Hide()
	p.openAgain = &widget.Button{Text: lang.X("signin.open_again", "Open browser again"), Icon: theme.ComputerIcon(), OnTapped: p.onOpenBrowser}
	p.copyLink = &widget.Button{Text: lang.X("signin.copy_link", "Copy link"), Icon: theme.ContentCopyIcon(), OnTapped: p.onCopyLink}
	p.cancelBtn = &widget.Button{Text: lang.X("action.cancel", "Cancel"), OnTapped: p.onBack}
	p.retry = &widget.Button{Text: lang.X("action.try_again", "Try again"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: p.start}
	p.backBtn = &widget.Button{Text: lang.X("signin.back", "Back"), Icon: theme.NavigateBackIcon(), OnTapped: p.onBack}

	page := container.NewVBox(p.title, p.message,
		container.NewHBox(p.activity, p.waiting), p.link,
		container.NewHBox(p.openAgain, p.copyLink, layout.NewSpacer(), p.backBtn, p.cancelBtn, p.retry))
	p.content = container.NewVScroll(container.NewPadded(centredWidth(page, 640)))
	return p
}

// start begins an attempt: the listener, the browser, the wait.
func (p *signInPage) start() {
	p.stop()
	ctx, cancel := context.WithCancel(p.ui.ctx)
	p.cancel = cancel
	p.gen++
	gen := p.gen
	p.si = nil
	p.message.Importance = widget.MediumImportance
	p.message.SetText(browserOpenText(isSandbox(p.acc.Region()), false))
	p.waiting.SetText(lang.X("signin.preparing", "Preparing the sign-in…"))
	p.activity.Show()
	p.activity.Start()
	p.link.Hide()
	p.openAgain.Disable()
	p.copyLink.Disable()
	p.openAgain.Show()
	p.copyLink.Show()
	p.cancelBtn.Show()
	p.retry.Hide()
	p.backBtn.Hide()

	acc, opts, ui := p.acc, p.opts, p.ui
	go func() {
		si, err := acc.StartSignIn(ctx, opts)
		if err != nil {
			ui.do(func() {
				if gen == p.gen {
					p.showError(err)
				}
			})
			return
		}
		ui.do(func() {
			if gen != p.gen {
				si.Cancel() // the user left while it started: no browser
				return
			}
			p.started(si)
			// The window says what is coming before the browser takes the
			// screen; with -region the window has only just appeared.
			time.AfterFunc(ui.cfg.browserDelay, func() {
				ui.do(func() {
					if gen == p.gen {
						p.onOpenBrowser()
					}
				})
			})
		})
		s, err := si.Wait(ctx)
		ui.do(func() {
			if gen != p.gen {
				if s != nil {
					s.Close() // returns at once; a token being saved still lands
				}
				return
			}
			p.stopCountdown()
			if err != nil {
				p.showError(err)
				return
			}
			p.cancel = nil
			ui.onSignedIn(acc, s)
		})
	}()
}

func (p *signInPage) started(si *oauth.SignIn) {
	p.si = si
	p.openAgain.Enable()
	p.copyLink.Enable()
	p.link.SetText(si.AuthURL)
	p.countdown(p.gen)
}

// countdown shows the time left before the attempt expires, once a second.
func (p *signInPage) countdown(gen int) {
	if gen != p.gen || p.si == nil {
		return
	}
	left := p.si.Deadline.Sub(p.ui.cfg.Clock.Now())
	p.waiting.SetText(lang.X("signin.waiting", "Waiting for your approval in the browser… {{.Time}} left", map[string]any{"Time": clockText(left)}))
	time.AfterFunc(time.Second, func() { p.ui.do(func() { p.countdown(gen) }) })
}

func (p *signInPage) stopCountdown() {
	p.activity.Stop()
	p.activity.Hide()
}

func (p *signInPage) browserFailed() {
	p.message.SetText(lang.X("signin.no_browser", "Your browser could not be opened. Copy this link into a browser, approve access, then come back here."))
	p.link.Show()
}

// stop ends an attempt under way.
func (p *signInPage) stop() {
	p.gen++
	p.stopCountdown() // its spinner would go on repainting the window
	if p.si != nil {
		p.si.Cancel()
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
}

func (p *signInPage) onOpenBrowser() {
	if p.si == nil {
		return
	}
	si := p.si
	gen := p.gen
	go func() {
		err := si.OpenBrowser()
		p.ui.do(func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				p.ui.log.Warn("could not open the browser", "err", err)
				p.browserFailed()
				return
			}
			p.message.SetText(browserOpenText(isSandbox(p.acc.Region()), true))
		})
	}()
}

// browserOpenText says which page the browser shows, before it opens and
// once it has: LongPort's, or the sandbox's demo page on this computer.
func browserOpenText(sandbox, opened bool) string {
	switch {
	case sandbox && opened:
		return lang.X("signin.opened_sandbox", "Your browser shows the sandbox's demo sign-in page, served by Portview on this computer (it is not LongPort's). Approve access there, then come back here.")
	case sandbox:
		return lang.X("signin.intro_sandbox", "Your browser will open in a moment at the sandbox's demo sign-in page, served by Portview on this computer (it is not LongPort's). Approve access there, then come back here.")
	case opened:
		return lang.X("signin.opened", "Your browser shows LongPort's sign-in page. Approve access there, then come back here.")
	}
	return lang.X("signin.intro", "Your browser will open LongPort's sign-in page in a moment. Approve access there, then come back here.")
}

func (p *signInPage) onCopyLink() {
	if p.si == nil {
		return
	}
	p.ui.app.Clipboard().SetContent(p.si.AuthURL)
	p.ui.status.flash(lang.X("signin.link_copied", "Link copied."))
}

// onBack ends the attempt and returns to where the user came from: Cancel
// while Portview waits, Back after a failure.
func (p *signInPage) onBack() {
	p.stop()
	p.back()
}

// showError says what went wrong in words, with a way forward.
func (p *signInPage) showError(err error) {
	p.stopCountdown()
	p.waiting.SetText("")
	p.link.Hide()
	p.openAgain.Hide()
	p.copyLink.Hide()
	p.cancelBtn.Hide()
	p.retry.Show()
	p.backBtn.Show()
	p.si = nil
	p.ui.status.setText(lang.X("status.not_signed_in", "Not signed in."))
	if errors.Is(err, oauth.ErrSignInCancelled) || errors.Is(err, context.Canceled) {
		return
	}
	p.ui.log.Warn("sign-in failed", "region", p.acc.Region().ID, "err", err)
	p.message.Importance = widget.DangerImportance
	p.message.SetText(signInErrorText(err, p.ui.cfg.LogPath))
}

// signInErrorText turns a failed sign-in into a sentence with a way forward;
// logPath is where the log is, for the failures without words of their own.
func signInErrorText(err error, logPath string) string {
	var ae *oauth.AuthorizationError
	switch {
	case errors.As(err, &ae) && ae.Code == "access_denied":
		return lang.X("signin.declined", "You declined access. Portview needs your approval to show market data: choose Try again and approve it.")
	case errors.As(err, &ae):
		return lang.X("signin.refused", "LongPort's sign-in page refused the request ({{.Code}}). Choose Try again, or Back to check the settings.", map[string]any{"Code": ae.Code})
	case errors.Is(err, oauth.ErrSignInTimeout):
		return lang.X("signin.timeout", "The sign-in was not completed within 5 minutes. Choose Try again when you are ready.")
	case errors.Is(err, oauth.ErrIssuerMismatch):
		return lang.X("signin.unverified", "The sign-in response could not be verified and was ignored. Choose Try again; if this keeps happening, check the server's address.")
	case errors.Is(err, oauth.ErrPortInUse):
		return lang.X("signin.port_in_use", "Another program is using the port Portview signs in on. Close that program, or enter another port under Advanced, then choose Try again.")
	case errors.Is(err, oauth.ErrNoRegistration):
		return lang.X("signin.no_registration", "This server does not offer automatic registration: enter your client ID under Advanced.")
	}
	var de *oauth.DiscoveryError
	if errors.As(err, &de) {
		return lang.X("signin.discovery", "{{.Problem}}. Check your connection and choose Try again.", map[string]any{"Problem": discoveryText(err)})
	}
	return lang.X("signin.failed", "The sign-in did not finish. Choose Try again; {{.Log}}.", map[string]any{"Log": logText(logPath)})
}

// scopeLabel is a permission's name for people, from the digest's scope
// table; a scope it does not name goes by its number.
func scopeLabel(scope string) string {
	switch scope {
	case "0":
		return lang.X("scope.general", "General (quotes and market data)")
	case "4":
		return lang.X("scope.watchlist", "Watchlist")
	case "6":
		return lang.X("scope.account", "Account and positions")
	case "10":
		return lang.X("scope.orders", "Order lookup")
	case "11":
		return lang.X("scope.trade", "Trade execution")
	}
	return lang.X("scope.other", "Scope {{.Scope}}", map[string]any{"Scope": scope})
}

// scopeAccess names what a scope gives access to, to fit "this server does
// not offer ... access".
func scopeAccess(scope string) string {
	switch scope {
	case "4":
		return lang.X("scope.access.watchlist", "watchlist")
	case "6":
		return lang.X("scope.access.account", "account and positions")
	case "10":
		return lang.X("scope.access.orders", "order")
	}
	return scopeLabel(scope)
}

// scopeCheckLabel is a permission's check box: its name, and whether
// Portview uses it. usesSome says the server lists a scope Portview uses;
// when it lists none, the others are not marked unused, since one of them
// may be the one that grants quotes.
func scopeCheckLabel(scope string, usesSome bool) string {
	label := scopeLabel(scope)
	switch {
	case oauth.IsWriteScope(scope):
		return lang.X("scope.never", "{{.Scope}}: never asked for, Portview does not trade", map[string]any{"Scope": label})
	case usesSome && !oauth.IsUsedScope(scope):
		return lang.X("scope.unused", "{{.Scope}}: not used by Portview", map[string]any{"Scope": label})
	}
	return label
}
