package gui

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/oauth/oauthtest"
)

// uiQueue stands in for fyne.Do: goroutines queue their UI work and the
// test runs it on its own goroutine, which plays the UI goroutine. The test
// driver's fyne.Do would run it at once on the calling goroutine, racing
// with the test.
type uiQueue struct {
	mu   sync.Mutex
	fns  []func()
	wake chan struct{}
}

func newUIQueue() *uiQueue { return &uiQueue{wake: make(chan struct{}, 1)} }

func (q *uiQueue) do(fn func()) {
	q.mu.Lock()
	q.fns = append(q.fns, fn)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run runs what is queued, including what that queues.
func (q *uiQueue) run() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, fn := range fns {
			fn()
		}
	}
}

// offline is an HTTP transport that reaches 127.0.0.1 only, so that no
// test depends on the network (the wizard discovers the real regions).
type offline struct{ base http.RoundTripper }

func (o offline) RoundTrip(r *http.Request) (*http.Response, error) {
	if !oauth.IsLoopbackHost(r.URL.Hostname()) {
		return nil, errors.New("no network in tests")
	}
	return o.base.RoundTrip(r)
}

// browser plays the user's browser: it answers the consent page as told.
type browser struct {
	mu     sync.Mutex
	answer string // "allow", "deny" or "" to leave the page open
	opened []string
	errs   chan error
	open   func(ctx context.Context, url string) error // overrides answer, e.g. Chromium
}

func (b *browser) Open(url string) error {
	b.mu.Lock()
	b.opened = append(b.opened, url)
	answer, open := b.answer, b.open
	b.mu.Unlock()
	// A real browser returns at once and the user answers later.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var err error
		switch {
		case open != nil:
			err = open(ctx, url)
		case answer == "allow":
			err = oauthtest.Approve(ctx, url)
		case answer == "deny":
			err = oauthtest.Deny(ctx, url)
		default:
			return
		}
		b.errs <- err
	}()
	return nil
}

// failures says what the browser's answers met, for a test that times out.
func (b *browser) failures() string {
	var s string
	for {
		select {
		case err := <-b.errs:
			if err != nil {
				s += "; the browser: " + err.Error()
			}
		default:
			return s
		}
	}
}

func (b *browser) setAnswer(a string) {
	b.mu.Lock()
	b.answer = a
	b.mu.Unlock()
}

func (b *browser) openedCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.opened)
}

// harness is a UI in Fyne's test driver, on a sandbox, with a fake browser.
type harness struct {
	t       testing.TB
	ui      *UI
	q       *uiQueue
	app     fyne.App
	clock   *oauthtest.ManualClock
	browser *browser
	mods    fyne.KeyModifier // what modifiers() reports: Shift or Ctrl held while tapping
}

type harnessOptions struct {
	region        string // -region
	rows          int
	tokenLifetime time.Duration
	answer        string // the browser's answer; default "allow"
	realClock     bool
	language      string            // the language setting; default: follow the system, C.UTF-8
	prefs         oauth.Prefs       // default: in memory
	store         oauth.Store       // default: in memory
	transport     http.RoundTripper // default: loopback only
	loadTimeout   time.Duration     // default: the app's
	browserDelay  time.Duration     // default: 1 ms, no wait
	logTail       func(n int) []string
	logPath       string
	screen        fyne.Size         // the screen's work area; default: none known
	view          string            // the view shown first; default the securities
	pushRate      float64           // the sandbox socket's pushes a second; default none
	env           map[string]string // the environment the UI reads; default empty
}

var testStart = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func newHarness(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	t.Setenv("LANG", "C.UTF-8")
	a := test.NewTempApp(t)
	h := &harness{t: t, q: newUIQueue(), app: a, browser: &browser{answer: "allow", errs: make(chan error, 8)}}
	if o.answer != "" {
		h.browser.answer = o.answer
	}
	if o.rows == 0 {
		o.rows = 500
	}
	var clock oauth.Clock
	var now func() time.Time
	if !o.realClock {
		h.clock = oauthtest.NewManualClock(testStart)
		clock, now = h.clock, h.clock.Now
	}
	prefs := o.prefs
	if prefs == nil {
		prefs = oauth.NewMemoryPrefs()
	}
	if o.language != "" {
		prefs.SetString(prefLanguage, o.language)
	}
	if o.view == "" {
		o.view = "securities"
	}
	if prefs.String(prefLastView) == "" {
		prefs.SetString(prefLastView, o.view)
	}
	store := o.store
	if store == nil {
		store = oauth.NewMemoryStore()
	}
	transport := o.transport
	if transport == nil {
		transport = offline{http.DefaultTransport}
	}
	logger := slog.New(slog.DiscardHandler)
	if os.Getenv("PORTVIEW_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	h.ui = New(Config{
		App:          a,
		Options:      Options{Region: o.region},
		Logger:       logger,
		Store:        store,
		Prefs:        prefs,
		HTTPClient:   &http.Client{Transport: transport},
		OpenBrowser:  h.browser.Open,
		Clock:        clock,
		Sandbox:      SandboxOptions{Rows: o.rows, TokenLifetime: o.tokenLifetime, Now: now, PushRate: cmp.Or(o.pushRate, -1)},
		do:           h.q.do,
		loadTimeout:  o.loadTimeout,
		browserDelay: cmp.Or(o.browserDelay, time.Millisecond),
		LogTail:      o.logTail,
		LogPath:      o.logPath,
		Getenv:       func(k string) string { return o.env[k] },
		modifiers:    func() fyne.KeyModifier { return h.mods },
		screen: func(fyne.Window) (fyne.Size, bool) {
			return o.screen, o.screen != fyne.Size{}
		},
	})
	h.ui.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
	t.Cleanup(func() {
		h.close()
		useLanguage("") // the next test starts in the system's language
	})
	return h
}

// close closes the window and waits for its loads: a test that starts a
// second harness (the next start) must not have the first one's loads
// reading translations while the second loads them.
func (h *harness) close() {
	h.ui.Close()
	h.q.run()
	h.ui.loads.Wait()
}

// useTestLanguage speaks code until the test ends, for tests without a harness.
func useTestLanguage(t *testing.T, code string) {
	t.Helper()
	t.Setenv("LANG", "C.UTF-8")
	t.Setenv("LANGUAGE", "")
	useLanguage(code)
	t.Cleanup(func() { useLanguage("") })
}

// waitFor runs the UI queue until cond holds, failing the test after 15 s.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		h.q.run()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; status %q%s", what, h.ui.status.text.Text, h.browser.failures())
		}
		select {
		case <-h.q.wake:
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// settle runs the UI queue for d, for things that should not happen.
func (h *harness) settle(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		h.q.run()
		time.Sleep(5 * time.Millisecond)
	}
	h.q.run()
}

// signInToSandbox walks the wizard by tapping: the sandbox, Continue, and
// the fake browser approves; it returns when the rows are on screen.
func (h *harness) signInToSandbox() {
	h.t.Helper()
	h.ui.Start()
	h.waitFor("the region page", func() bool { return h.ui.regionPage != nil })
	p := h.ui.regionPage
	tapRadio(h.t, p.radios[choiceSandbox])
	h.waitFor("the sandbox to answer discovery", func() bool { return !p.next.Disabled() })
	test.Tap(p.next)
	h.waitFor("the first view's data", func() bool {
		v := h.ui.currentView()
		return h.ui.session != nil && v != nil && v.loaded() && !viewBusy(v)
	})
}

func (h *harness) sandbox() *sandbox { return h.ui.runningSandbox() }

// startAuthServer starts a fake authorization server for a test to sign in
// to as a custom region (harnessOptions.region = its URL), where the UI uses
// the harness's store rather than the sandbox's.
func startAuthServer(t testing.TB, opts oauthtest.Options) *oauthtest.Server {
	t.Helper()
	s, err := oauthtest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// signInToServer starts the UI on the custom region of the harness, and
// the fake browser approves; it returns once the session is there.
func (h *harness) signInToServer() {
	h.t.Helper()
	h.ui.Start()
	h.waitFor("the session", func() bool { return h.ui.session != nil })
}

// gatedStore is a store in memory whose writes can be held, as a keyring
// waiting for its unlock prompt holds them, and whose deletes can fail.
type gatedStore struct {
	*oauth.MemoryStore

	mu        sync.Mutex
	gate      chan struct{} // while not nil, writes wait until it is closed
	held      int           // writes that waited
	deleteErr error
}

func newGatedStore() *gatedStore { return &gatedStore{MemoryStore: oauth.NewMemoryStore()} }

// hold makes the writes from now on wait for release.
func (s *gatedStore) hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate == nil {
		s.gate = make(chan struct{})
	}
}

// release lets the writes held through, and the next ones at once.
func (s *gatedStore) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gate != nil {
		close(s.gate)
		s.gate = nil
	}
}

// failDeletes makes every delete from now on fail with err.
func (s *gatedStore) failDeletes(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deleteErr = err
}

// holding reports whether a write has been held.
func (s *gatedStore) holding() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held > 0
}

func (s *gatedStore) Set(key, value string) error {
	s.mu.Lock()
	gate := s.gate
	if gate != nil {
		s.held++
	}
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return s.MemoryStore.Set(key, value)
}

func (s *gatedStore) Delete(key string) error {
	s.mu.Lock()
	err := s.deleteErr
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return s.MemoryStore.Delete(key)
}

// tapRadio taps the one option of a region radio.
func tapRadio(t testing.TB, r *widget.RadioGroup) {
	t.Helper()
	for _, o := range test.LaidOutObjects(r) {
		if tp, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(r) {
			test.Tap(tp)
			return
		}
	}
	t.Fatal("no tappable option in the radio group")
}

// findButton finds a visible button by its text under root.
func findButton(root fyne.CanvasObject, text string) *widget.Button {
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// overlayButton finds a button of the dialog on top of the window.
func (h *harness) overlayButton(text string) *widget.Button {
	top := h.ui.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return findButton(top, text)
}

// overlayText is the text of the labels of the dialog on top of win.
func overlayText(win fyne.Window) string {
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// typeShortcut sends a shortcut to the window's canvas as a key press would.
// The test canvas hides the handler behind an interface field.
func typeShortcut(t *testing.T, c fyne.Canvas, s fyne.Shortcut) {
	t.Helper()
	if sc, ok := c.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
		return
	}
	v := reflect.ValueOf(c)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if f := v.FieldByName("WindowlessCanvas"); f.IsValid() {
		if sc, ok := f.Interface().(fyne.Shortcutable); ok {
			sc.TypedShortcut(s)
			return
		}
	}
	t.Fatal("the canvas takes no shortcuts")
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// viewBusy reports whether any pane of v is loading.
func viewBusy(v view) bool {
	pv := paneViewOf(v)
	if pv == nil {
		return false
	}
	for _, p := range pv.panes {
		if b, ok := p.(interface{ isLoading() bool }); ok && b.isLoading() {
			return true
		}
	}
	return false
}

// paneViewOf is the paneView inside a view.
func paneViewOf(v view) *paneView {
	switch v := v.(type) {
	case *paneView:
		return v
	case interface{ base() *paneView }:
		return v.base()
	}
	return nil
}
