package gui

import (
	"context"
	"errors"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote"
	"github.com/portview/portview/quote/socket"
	"github.com/portview/portview/trade"
)

// view is one tab of the main window: the watchlist, the portfolio, the
// orders... The frame (app.go) knows views only through this interface and
// the list below; adding a view is a file of its own and a line in views.
type view interface {
	key() string // stable: the remembered last view, preferences
	tabItem() *container.TabItem
	// load fetches the view's data, replacing a load under way; the rows
	// on screen stay until the new ones arrive.
	load()
	// loaded reports whether the view has loaded since the last clear, so
	// that a view loads when first shown.
	loaded() bool
	clear() // forget the data, as after signing out
	// invalidate stops the loads under way and marks the view not loaded,
	// its data kept on screen: the session it loaded with is gone (a new
	// sign-in, a region switch), and it loads afresh when next shown.
	invalidate()
	copy() // Ctrl+C
	focusFilter()
	clearFilter() bool // Escape; true if there was a filter to clear
	refresh()          // show the state again after the frame changed
	// requests are the URLs the view's last load asked for, for "Copy as
	// curl".
	requests() []string
	// scope is the OAuth scope the view's data needs, "" if none.
	scope() string
}

// views builds the main window's tabs, in order.
var views = []func(*UI) view{
	newWatchlistView,
	newPortfolioView,
	newOrdersView,
	newCashFlowView,
	newSecuritiesView,
}

// clients are the API clients of the signed-in session, for the views.
type clients struct {
	quote *quote.Client
	trade *trade.Client
	// socket is the quote socket, for live prices; nil for a region
	// without one, noSocket then saying why in words.
	socket   *socket.Client
	noSocket string
	// scopes are the ones the token was granted, space-separated; "" if
	// the server did not say (then every view tries).
	scopes string
	// offered are the scopes the server lists in its discovery document;
	// nil if it lists none or was not asked (API-key mode).
	offered []string
}

// loader runs a view's loads: one at a time (a new one cancels the one under
// way, and a stale result is dropped), under the app's load timeout, with
// the result handed back on the UI goroutine. A lost sign-in shows the
// banner; a session that is backing off renews by itself.
type loader struct {
	ui     *UI
	name   string // for the log
	gen    int
	cancel context.CancelFunc
}

// start runs fetch off the UI goroutine and then done on it, unless a newer
// start or a stop came in between. fetch reports progress through the
// function it is given, which may be called from any goroutine.
func (l *loader) start(fetch func(ctx context.Context, c *clients) (any, error), done func(any, error)) bool {
	c := l.ui.clients
	if c == nil {
		return false
	}
	l.stop()
	// The deadline covers the whole call: a wait for a renewal, the retries,
	// and a network that accepts the request but never answers.
	ctx, cancel := context.WithTimeout(l.ui.ctx, l.ui.cfg.loadTimeout)
	l.cancel = cancel
	gen := l.gen
	log := l.ui.log
	l.ui.loads.Add(1)
	go func() {
		defer l.ui.loads.Done()
		defer cancel()
		begin := time.Now()
		v, err := fetch(ctx, c)
		if errors.Is(ctx.Err(), context.Canceled) {
			return // replaced by a newer load, or the window closed
		}
		if err != nil {
			log.Warn("load failed", "view", l.name, "err", err)
		} else {
			log.Info("loaded", "view", l.name, "took", time.Since(begin).Round(time.Millisecond))
		}
		l.ui.do(func() {
			if gen != l.gen {
				return
			}
			l.cancel = nil
			l.ui.onLoadResult(err)
			done(v, err)
		})
	}()
	return true
}

// stop cancels the load under way; its result will be dropped.
func (l *loader) stop() {
	l.gen++
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}

// busy reports whether a load is under way.
func (l *loader) busy() bool { return l.cancel != nil }

// onLoadResult is what every view's load tells the frame: whether LongPort
// answered, and whether the sign-in is lost.
func (u *UI) onLoadResult(err error) {
	if reached, known := reachedLongPort(err); known {
		u.status.setReachable(reached)
	}
	if err == nil {
		u.restoredFromFlag = false // the session works
		return
	}
	// Only a lost sign-in asks for a new one; a session that is backing off
	// (an *oauth.RenewError) renews by itself, and the view says when.
	if errors.Is(err, oauth.ErrSignInRequired) {
		u.onSignInNeeded(u.sessionReason(err))
	}
}

// viewByKey returns the view with key, or nil.
func (u *UI) viewByKey(key string) view {
	for _, v := range u.views {
		if v.key() == key {
			return v
		}
	}
	return nil
}

// currentView is the view whose tab is selected.
func (u *UI) currentView() view {
	if u.tabs == nil {
		return nil
	}
	i := u.tabs.SelectedIndex()
	if i < 0 || i >= len(u.views) {
		return nil
	}
	return u.views[i]
}

// grantedScope reports whether the session was granted scope; a server that
// did not say what it granted counts as granting everything asked for.
func (c *clients) grantedScope(scope string) bool {
	if c == nil || c.scopes == "" {
		return true
	}
	for _, s := range splitFields(c.scopes) {
		if s == scope {
			return true
		}
	}
	return false
}

// offersScope reports whether the server offers scope at all: a server
// that lists its scopes and not this one can never grant it, so signing in
// again cannot help. One that lists none may offer anything.
func (c *clients) offersScope(scope string) bool {
	return c == nil || len(c.offered) == 0 || slices.Contains(c.offered, scope)
}

// allows reports whether v can show its data with the session's grant.
func (c *clients) allows(v view) bool {
	s := v.scope()
	return s == "" || c.grantedScope(s)
}

// focusable is what Ctrl+F focuses.
type focusable interface {
	fyne.Focusable
	fyne.CanvasObject
}
