package gui

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"github.com/portview/portview/oauth"
)

// pane is one table of a view, with the verbs the frame uses.
type pane interface {
	load()
	loaded() bool
	clear()
	copy()
	focusFilter()
	clearFilter() bool
	refresh()
	invalidate()
	requests() []string
	view() fyne.CanvasObject
	scope() string
}

func (p *tablePane[R]) view() fyne.CanvasObject { return p.content }
func (p *tablePane[R]) scope() string           { return p.spec.scope }

// paneView is a view made of one or more panes: one is shown as it is,
// several as tabs of their own. All panes load together.
type paneView struct {
	k     string
	title func() string
	icon  fyne.Resource
	panes []pane
	tabs  *container.AppTabs // nil for a single pane
	item  *container.TabItem
	// onLoad, if set, runs before the panes load (a view resets the data
	// its panes share); onClear after they forget their data.
	onLoad, onClear func()
}

// namedPane is a pane with the title of its tab.
type namedPane struct {
	title string
	pane  pane
}

func newPaneView(key string, title func() string, icon fyne.Resource, panes ...namedPane) *paneView {
	v := &paneView{k: key, title: title, icon: icon}
	var content fyne.CanvasObject
	if len(panes) == 1 {
		content = panes[0].pane.view()
	} else {
		v.tabs = container.NewAppTabs()
		for _, p := range panes {
			v.tabs.Append(container.NewTabItem(p.title, p.pane.view()))
		}
		// What changed in a pane while its tab was hidden is drawn now.
		v.tabs.OnSelected = func(*container.TabItem) {
			if s, ok := v.current().(interface{ showStale() }); ok {
				s.showStale()
			}
		}
		content = v.tabs
	}
	for _, p := range panes {
		v.panes = append(v.panes, p.pane)
	}
	v.item = container.NewTabItemWithIcon(title(), icon, content)
	return v
}

func (v *paneView) key() string { return v.k }

// scope is the scope of the first pane that needs one: a view's panes all
// read with the same one.
func (v *paneView) scope() string {
	for _, p := range v.panes {
		if s := p.scope(); s != "" {
			return s
		}
	}
	return ""
}

func (v *paneView) tabItem() *container.TabItem { return v.item }

func (v *paneView) load() {
	if v.onLoad != nil {
		v.onLoad()
	}
	for _, p := range v.panes {
		p.load()
	}
}

func (v *paneView) loaded() bool {
	for _, p := range v.panes {
		if p.loaded() {
			return true
		}
	}
	return false
}

func (v *paneView) clear() {
	for _, p := range v.panes {
		p.clear()
	}
	if v.onClear != nil {
		v.onClear()
	}
}

func (v *paneView) invalidate() {
	for _, p := range v.panes {
		p.invalidate()
	}
}

// rememberPane opens the view on the pane the user showed last, else on
// first, and remembers each choice the user makes.
func (v *paneView) rememberPane(prefs oauth.Prefs, first int) {
	if v.tabs == nil {
		return
	}
	key := "view." + v.k + ".pane"
	i := first
	if n, err := strconv.Atoi(prefs.String(key)); err == nil && n >= 0 && n < len(v.panes) {
		i = n
	}
	v.tabs.SelectIndex(i)
	shown := v.tabs.OnSelected
	v.tabs.OnSelected = func(it *container.TabItem) {
		prefs.SetString(key, strconv.Itoa(v.tabs.SelectedIndex()))
		if shown != nil {
			shown(it)
		}
	}
}

// current is the pane on screen.
func (v *paneView) current() pane {
	if v.tabs == nil {
		return v.panes[0]
	}
	return v.panes[max(v.tabs.SelectedIndex(), 0)]
}

func (v *paneView) refresh() {
	for _, p := range v.panes {
		p.refresh()
	}
}

// requests are the URLs of every pane's last load, each once.
func (v *paneView) requests() []string {
	var out []string
	for _, p := range v.panes {
		for _, u := range p.requests() {
			if !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

func (v *paneView) copy()             { v.current().copy() }
func (v *paneView) focusFilter()      { v.current().focusFilter() }
func (v *paneView) clearFilter() bool { return v.current().clearFilter() }

// shared is one request whose answer several panes of a view use, so that
// it is sent once per load however many panes need it.
type shared[T any] struct {
	mu   sync.Mutex
	call *sharedCall[T]
}

type sharedCall[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// reset makes the next get send the request again.
func (s *shared[T]) reset() {
	s.mu.Lock()
	s.call = nil
	s.mu.Unlock()
}

// get returns the answer of fetch, sending it only if no other pane has
// since the last reset. A caller whose ctx ends stops waiting; one whose
// ctx is alive when the caller that sent the request was cancelled sends
// it again itself.
func (s *shared[T]) get(ctx context.Context, fetch func(context.Context) (T, error)) (T, error) {
	v, sent, err := s.once(ctx, fetch)
	if !sent && ctx.Err() == nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// The sender's context ended, not ours; a failed call is not
		// kept, so this sends the request afresh (or joins a newer one).
		v, _, err = s.once(ctx, fetch)
	}
	return v, err
}

// once is one try of get; sent reports whether this caller sent the request.
func (s *shared[T]) once(ctx context.Context, fetch func(context.Context) (T, error)) (v T, sent bool, err error) {
	s.mu.Lock()
	c := s.call
	first := c == nil
	if first {
		c = &sharedCall[T]{done: make(chan struct{})}
		s.call = c
	}
	s.mu.Unlock()
	if first {
		c.v, c.err = fetch(ctx)
		if c.err != nil {
			s.mu.Lock()
			if s.call == c {
				s.call = nil // a failure is not kept for the next try
			}
			s.mu.Unlock()
		}
		close(c.done)
		return c.v, true, c.err
	}
	select {
	case <-c.done:
		return c.v, false, c.err
	case <-ctx.Done():
		var zero T
		return zero, false, ctx.Err()
	}
}

func (v *paneView) base() *paneView { return v }

func (p *tablePane[R]) isLoading() bool { return p.loading }

func (p *tablePane[R]) paneKey() string { return p.spec.key }
