// Package socket is the client of LongPort's quote socket: one connection
// per app, shared by every view, that keeps itself alive.
//
// New connects in the background, in the order the protocol asks:
//
//  1. Fetch a one-time token (Config.Tokens, GET /v1/socket/token); give up
//     for now when the account has all its connections open already.
//  2. Open the WebSocket at Config.URL with version=1&codec=1&platform=9.
//  3. Authenticate with the token (cmd 2), or resume the last session
//     (cmd 3) when it has one that has not expired; a refused resume falls
//     back to a fresh token.
//  4. Read the quote profile (cmd 4): the subscription limit, the history
//     quota and each command's rate limit, which every later request obeys.
//  5. Subscribe to every symbol some owner wants and take a snapshot of each
//     (cmd 11), and of a book wanted its depth and trades (cmd 14 and 17),
//     so nothing missed while away is shown stale.
//
// The link is watched: a ping every PingInterval must be answered within
// PongTimeout, and a link silent for IdleTimeout is dead. A lost link is
// redialled at once, then with back-off from MinBackoff doubling to
// MaxBackoff. Subscribe, the request methods and Status are safe for
// concurrent use; nothing of it blocks on the network except the request
// methods, which wait for a live link within their context.
package socket

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/internal/publish"
	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// Config configures a Client. Fields without a stated default are required.
type Config struct {
	// URL is the quote socket, such as wss://openapi-quote.longportapp.com/v2
	// (see QuoteURL); its query is replaced by the handshake's.
	URL string
	// Tokens fetches one-time socket tokens.
	Tokens TokenFetcher
	// Language is sent as accept-language and asks the profile's texts in
	// it: en, zh-CN or zh-HK; default en.
	Language string
	// Overnight asks for overnight US quotes (need_over_night_quote).
	Overnight bool
	// HTTPClient dials the WebSocket; default http.DefaultClient.
	HTTPClient *http.Client
	// Logger receives connection events; default: discard.
	Logger *slog.Logger
	// ConnectTimeout bounds the WebSocket handshake; default 5 s.
	ConnectTimeout time.Duration
	// RequestTimeout bounds each request; default 10 s.
	RequestTimeout time.Duration
	// PingInterval is how often the client pings; default 10 s, so a dead
	// link is noticed within PingInterval + PongTimeout.
	PingInterval time.Duration
	// PongTimeout is how long a ping may wait for its pong; default 5 s.
	PongTimeout time.Duration
	// IdleTimeout drops a link that sent no frame at all for this long;
	// default 120 s, the SDKs' limit for the server's pings.
	IdleTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait between failed tries;
	// default 1 s and 30 s.
	MinBackoff, MaxBackoff time.Duration
}

func (cfg *Config) validateAndSetDefaults() error {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return fmt.Errorf("socket: URL %q is not a ws:// or wss:// address", cfg.URL)
	}
	if u.Scheme == "ws" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("socket: plain ws:// is only for a loopback host, not %q", u.Host)
	}
	if cfg.Tokens == nil {
		return errors.New("socket: no token fetcher")
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if cfg.Language == "" {
		cfg.Language = "en"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	def(&cfg.ConnectTimeout, 5*time.Second)
	def(&cfg.RequestTimeout, 10*time.Second)
	def(&cfg.PingInterval, 10*time.Second)
	def(&cfg.PongTimeout, 5*time.Second)
	def(&cfg.IdleTimeout, 120*time.Second)
	def(&cfg.MinBackoff, time.Second)
	def(&cfg.MaxBackoff, 30*time.Second)
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1"
}

// QuoteURL returns the quote socket of a region's API base URL: the host
// openapi.X becomes openapi-quote.X, https becomes wss, the path /v2.
func QuoteURL(baseURL string) (string, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" || !strings.HasPrefix(u.Host, "openapi.") {
		return "", fmt.Errorf("socket: no known quote host for %q", baseURL)
	}
	return "wss://openapi-quote." + strings.TrimPrefix(u.Host, "openapi.") + "/v2", nil
}

// Client is the app's one quote socket.
type Client struct {
	cfg    Config
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	limits limits
	slots  chan struct{} // requests in flight, at most 5 as documented

	statuses   *publish.Latest[Status]
	kick       chan struct{} // subscriptions changed
	lastUpdate atomic.Int64  // unix ns

	mu      sync.Mutex
	link    *link
	ready   chan struct{} // closed while a link is live
	status  Status
	profile Profile
	session string
	expires time.Time
	refs    map[string]int                        // symbol -> owners
	owners  map[string]map[*Subscription]struct{} // symbol -> its subscriptions
	quotes  map[string]*Quote                     // merged snapshot and pushes
	// The book and the tape, wanted apart from the quote (book.go).
	bookRefs   map[string]int
	bookOwners map[string]map[*BookSubscription]struct{}
	depths     map[string]*Depth
	tapes      map[string][]Trade // the latest tapeKeep, oldest first
	linkGen    int                // counts links made; pushes and snapshots carry it
	onWire     int                // symbols subscribed on the live link
	problems   map[string]Problem // by symbol (subscriptions) or "history"
	closed     bool
}

// New checks cfg and starts connecting in the background; Close stops it.
func New(cfg Config) (*Client, error) {
	if err := cfg.validateAndSetDefaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Client{
		cfg:      cfg,
		log:      cfg.Logger,
		ctx:      ctx,
		cancel:   cancel,
		limits:   limits{m: map[uint8]*rate.Limiter{}},
		slots:    make(chan struct{}, 5),
		kick:     make(chan struct{}, 1),
		ready:    make(chan struct{}),
		refs:     map[string]int{},
		owners:   map[string]map[*Subscription]struct{}{},
		quotes:   map[string]*Quote{},
		bookRefs: map[string]int{}, bookOwners: map[string]map[*BookSubscription]struct{}{},
		depths: map[string]*Depth{}, tapes: map[string][]Trade{},
		problems: map[string]Problem{},
		profile:  Profile{SubscribeLimit: 500},
	}
	c.status = Status{Kind: Connecting, Limit: 500}
	c.statuses = publish.New(c.Status)
	c.wg.Add(1)
	go c.run()
	c.wg.Go(func() { c.statuses.Run(c.ctx) })
	return c, nil
}

// Close closes the socket and stops every delivery; calls in flight fail
// with ErrClosed.
func (c *Client) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	var stops []func()
	for _, set := range c.owners {
		for s := range set {
			stops = append(stops, s.stop)
		}
	}
	for _, set := range c.bookOwners {
		for s := range set {
			stops = append(stops, s.stop)
		}
	}
	c.mu.Unlock()
	c.cancel()
	c.wg.Wait()
	for _, stop := range stops {
		stop()
	}
}

// Status returns the feed's current status, with LastUpdate read fresh.
func (c *Client) Status() Status {
	c.mu.Lock()
	st := c.statusLocked()
	c.mu.Unlock()
	return st
}

func (c *Client) statusLocked() Status {
	st := c.status
	if ns := c.lastUpdate.Load(); ns != 0 {
		st.LastUpdate = time.Unix(0, ns)
	}
	st.Wanted = c.wantedLocked()
	st.Limit = c.profile.SubscribeLimit
	if st.Kind == Live {
		st.Symbols = c.onWire
		st.Problems = groupProblems(c.problems)
	}
	return st
}

// wantedLocked counts the symbols some owner wants, of quotes or of the
// book: the server counts a symbol once whatever it is subscribed for.
func (c *Client) wantedLocked() int {
	n := len(c.refs)
	for sym := range c.bookRefs {
		if c.refs[sym] == 0 {
			n++
		}
	}
	return n
}

// SubscribeStatus calls fn with the current status and then after every
// change of kind, reason, symbol count or problems (not after every push:
// read Status for a fresh LastUpdate), from a goroutine of the client's; a
// slow fn sees the latest status rather than a backlog. The returned
// function stops the calls.
func (c *Client) SubscribeStatus(fn func(Status)) (cancel func()) {
	return c.statuses.Subscribe(fn)
}

func (c *Client) poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (c *Client) setStatusLocked(st Status) {
	st.Reconnects, st.LastLoss = c.status.Reconnects, c.status.LastLoss
	st.Online, st.MaxOnline = c.status.Online, c.status.MaxOnline
	c.status = st
	c.statuses.Changed()
}

// Profile returns the quote profile of the last connection; before the
// first, SubscribeLimit is the documented 500 and the rest is empty.
func (c *Client) Profile() Profile {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.profile
}

// run keeps a link up until Close.
func (c *Client) run() {
	defer c.wg.Done()
	backoff := time.Duration(0)
	authRefusals := 0
	for c.ctx.Err() == nil {
		l, err := c.connect()
		if err != nil {
			var le *linkError
			if !errors.As(err, &le) {
				le = &linkError{ReasonConnectionLost, 0, err}
			}
			if c.ctx.Err() != nil {
				break
			}
			kind := Reconnecting
			switch le.reason {
			case ReasonAuthRefused:
				authRefusals++
				if authRefusals >= 3 {
					kind = Refused
				}
			case ReasonSignInNeeded, ReasonConnectionLimit:
				kind = Refused
			}
			backoff = min(max(backoff*2, c.cfg.MinBackoff), c.cfg.MaxBackoff)
			if kind == Refused {
				backoff = c.cfg.MaxBackoff
			}
			retry := time.Now().Add(backoff)
			c.log.Info("quote socket: connect failed", "reason", le.reason, "retry_in", backoff, "error", le.err)
			c.mu.Lock()
			c.setStatusLocked(Status{Kind: kind, Reason: le.reason, Err: le.err, CloseCode: le.closeCode, RetryAt: retry})
			c.mu.Unlock()
			t := time.NewTimer(backoff)
			select {
			case <-c.ctx.Done():
				t.Stop()
			case <-t.C:
			}
			continue
		}
		backoff, authRefusals = 0, 0
		c.mu.Lock()
		c.linkGen++
		c.mu.Unlock()
		c.serve(l)
		if c.ctx.Err() != nil {
			l.close()
			break
		}
		e := l.endErr
		c.log.Info("quote socket: link lost", "reason", e.reason, "error", e.err)
		c.mu.Lock()
		c.status.Reconnects++
		c.status.LastLoss = Loss{Reason: e.reason, Err: e.err, CloseCode: e.closeCode, At: time.Now()}
		c.setStatusLocked(Status{Kind: Reconnecting, Reason: e.reason, Err: e.err, CloseCode: e.closeCode, RetryAt: time.Now()})
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.setStatusLocked(Status{Kind: Closed})
	c.mu.Unlock()
}

// connect makes one live, authenticated link with a fresh profile.
func (c *Client) connect() (*link, error) {
	meta := map[string]string{"accept-language": c.cfg.Language}
	if c.cfg.Overnight {
		meta["need_over_night_quote"] = "true"
	}
	authTimeout := 5 * time.Second
	c.mu.Lock()
	session, expires := c.session, c.expires
	c.mu.Unlock()
	var l *link
	if session != "" && time.Until(expires) > 10*time.Second {
		var err error
		if l, err = dial(c.ctx, &c.cfg, c.onPush); err != nil {
			return nil, err
		}
		body, err := l.call(c.ctx, packet.CmdReconnect, &pb.ReconnectRequest{SessionId: session, Metadata: meta}, authTimeout)
		var resp pb.ReconnectResponse
		if err == nil && proto.Unmarshal(body, &resp) == nil {
			c.adoptSession(resp.SessionId, resp.Expires, resp.Limit, resp.Online)
		} else {
			c.log.Info("quote socket: resume refused; authenticating afresh", "error", err)
			l.end(&linkError{ReasonAuthRefused, 0, errors.New("resume refused")})
			l = nil
			if !isAnswer(err) {
				return nil, &linkError{ReasonConnectionLost, 0, err} // the session may still be good
			}
			c.mu.Lock()
			c.session = ""
			c.mu.Unlock()
		}
	}
	if l == nil {
		tctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
		tok, err := c.cfg.Tokens.SocketToken(tctx)
		cancel()
		switch {
		case errors.Is(err, oauth.ErrSignInRequired):
			return nil, &linkError{ReasonSignInNeeded, 0, err}
		case err != nil:
			return nil, &linkError{ReasonTokenUnavailable, 0, err}
		case tok.Limit > 0 && tok.Online >= tok.Limit:
			c.mu.Lock()
			c.status.Online, c.status.MaxOnline = tok.Online, tok.Limit
			c.mu.Unlock()
			return nil, &linkError{ReasonConnectionLimit, 0, fmt.Errorf("%d of %d connections open", tok.Online, tok.Limit)}
		}
		if l, err = dial(c.ctx, &c.cfg, c.onPush); err != nil {
			return nil, err
		}
		body, err := l.call(c.ctx, packet.CmdAuth, &pb.AuthRequest{Token: tok.OTP, Metadata: meta}, authTimeout)
		var resp pb.AuthResponse
		if err == nil {
			err = proto.Unmarshal(body, &resp)
		}
		if err != nil {
			l.end(&linkError{ReasonAuthRefused, 0, err})
			var se *Error
			if errors.As(err, &se) {
				return nil, &linkError{se.Reason(), 0, err}
			}
			return nil, &linkError{ReasonConnectionLost, 0, err}
		}
		c.adoptSession(resp.SessionId, resp.Expires, resp.Limit, resp.Online)
	}
	body, err := l.call(c.ctx, packet.CmdProfile, &pb.UserQuoteProfileRequest{Language: c.cfg.Language}, c.cfg.RequestTimeout)
	var resp pb.UserQuoteProfileResponse
	if err == nil {
		err = proto.Unmarshal(body, &resp)
	}
	if err != nil {
		l.end(&linkError{ReasonServerError, 0, err})
		return nil, &linkError{ReasonServerError, 0, fmt.Errorf("quote profile: %w", err)}
	}
	p := profileFrom(&resp)
	c.limits.apply(p.RateLimits)
	c.mu.Lock()
	c.profile = p
	c.mu.Unlock()
	return l, nil
}

// isAnswer reports whether err is the server's refusal rather than a link
// that failed under the request.
func isAnswer(err error) bool {
	var se *Error
	return errors.As(err, &se)
}

func (c *Client) adoptSession(id string, expiresMS int64, limit, online uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session, c.expires = id, time.UnixMilli(expiresMS)
	c.status.Online, c.status.MaxOnline = int(online), int(limit)
}

// serve publishes l as live, keeps the server's subscriptions in step with
// the owners' until l ends, then takes it down.
func (c *Client) serve(l *link) {
	c.mu.Lock()
	c.link = l
	close(c.ready)
	c.onWire = 0
	clear(c.problems)
	c.setStatusLocked(Status{Kind: Live})
	c.mu.Unlock()
	c.log.Info("quote socket: live")

	c.syncSubscriptions(l)

	c.mu.Lock()
	c.link = nil
	c.ready = make(chan struct{})
	c.onWire = 0
	c.mu.Unlock()
}

// liveLink waits for a live link.
func (c *Client) liveLink(ctx context.Context) (*link, error) {
	for {
		c.mu.Lock()
		l, ready, closed := c.link, c.ready, c.closed
		c.mu.Unlock()
		if closed {
			return nil, ErrClosed
		}
		if l != nil {
			return l, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-c.ctx.Done():
			return nil, ErrClosed
		}
	}
}

// request runs one request under its command's rate limit and the limit
// on requests in flight, and decodes the answer into resp.
func (c *Client) request(ctx context.Context, cmd uint8, req, resp proto.Message) error {
	// The link comes first: callers queued while offline must not spend
	// their rate tokens early and then all go out at once.
	if _, err := c.liveLink(ctx); err != nil {
		return err
	}
	if err := c.limits.wait(ctx, cmd); err != nil {
		return err
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.slots }()
	l, err := c.liveLink(ctx)
	if err != nil {
		return err
	}
	body, err := l.call(ctx, cmd, req, c.cfg.RequestTimeout)
	if err != nil {
		if c.ctx.Err() != nil {
			return ErrClosed
		}
		return err
	}
	if err := proto.Unmarshal(body, resp); err != nil {
		return fmt.Errorf("quote socket cmd %d: decode answer: %w", cmd, err)
	}
	return nil
}

// limits holds one rate limiter per command. Until the profile says
// otherwise a command gets the documented 10 per second, one at a time.
type limits struct {
	mu sync.Mutex
	m  map[uint8]*rate.Limiter
}

func (ls *limits) get(cmd uint8) *rate.Limiter {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	l := ls.m[cmd]
	if l == nil {
		l = rate.NewLimiter(10, 1)
		ls.m[cmd] = l
	}
	return l
}

// apply adopts the profile's limits. The limiters outlive links, so a
// reconnect never hands out a fresh burst.
func (ls *limits) apply(rl []RateLimit) {
	for _, r := range rl {
		if r.PerSecond <= 0 || r.Burst <= 0 {
			continue
		}
		l := ls.get(r.Cmd)
		l.SetLimit(rate.Limit(r.PerSecond))
		l.SetBurst(r.Burst)
	}
}

func (ls *limits) wait(ctx context.Context, cmd uint8) error {
	if err := ls.get(cmd).Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("rate limit of cmd %d: %w", cmd, context.DeadlineExceeded)
	}
	return nil
}

// groupProblems merges the per-symbol problems into one per reason and
// market, in a stable order.
func groupProblems(m map[string]Problem) []Problem {
	if len(m) == 0 {
		return nil
	}
	type key struct {
		r      Reason
		market string
	}
	idx := map[key]int{}
	var out []Problem
	syms := make([]string, 0, len(m))
	for sym := range m {
		syms = append(syms, sym)
	}
	slices.Sort(syms)
	for _, sym := range syms {
		p := m[sym]
		k := key{p.Reason, p.Market}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Problem{Reason: p.Reason, Market: p.Market, Err: p.Err})
		}
		out[i].Symbols = append(out[i].Symbols, p.Symbols...)
	}
	return out
}
