// Package sockettest is a fake LongPort quote socket, the way
// net/http/httptest fakes a server: tests, GUI tests and the offline sandbox
// start one with NewServer and point a socket client at WSURL, with the
// one-time tokens from GET {URL}/v1/socket/token.
//
// It is as strict as the digest (shared/longport-api.md section 3.13) says
// the real server is, and answers a violation the way the real one is
// documented to:
//
//   - an upgrade without version=1, codec=1 and platform=9: HTTP 400;
//   - a text frame or a packet that does not decode (wrong header bits,
//     a length that does not match): the socket is closed (UnpackError);
//   - a packet that is not a request, has the verify bit or reuses a
//     request id: status 3 with code 301600;
//   - a first request that is not auth (cmd 2) or resume (cmd 3), a spent,
//     expired or unknown one-time token, an unknown or expired session:
//     status 5, then the socket is closed (AuthError, SessExpired);
//   - more sockets than the account's limit: status 6 with code 403;
//   - an unknown command: status 3 with code 301600;
//   - more requests of a command than its announced rate limit allows:
//     status 3 with code 301606;
//   - more than 500 symbols in one request, an unknown sub_type, a count
//     outside 1-1000, a trading-day range over a month: status 7, 301600;
//   - a subscription past the limit: status 7, 301605; a market the
//     profile has no access to: status 7, 301604; a new history symbol
//     past the monthly quota: status 7, 301607.
//
// It pings every client and closes a socket that does not answer within
// Options.PongTimeout (HeartbeatTimeout). Close codes on the wire are 4000
// plus the Close.Code number, since WebSocket reserves codes below 1000.
// Knobs (DropAll, Freeze, StallPushes, SetResponseDelay, SetGzip,
// RefuseNext, ExpireTokens, ExpireSessions, RefuseResume,
// SetOtherConnections) inject the faults clients must survive, and a push
// generator streams each subscribed symbol's quote as the simulated market
// (package simmarket) moves it, with its book (cmd 102) and its trades
// (cmd 104) when DEPTH and TRADE are subscribed. The book (cmd 14) has as
// many levels as the profile's package of the market gives (Options.LV2).
package sockettest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/portview/portview/internal/simmarket"
	"github.com/portview/portview/quote/socket/pb"
)

// TokenChecker checks a bearer token; *oauthtest.Server implements it.
type TokenChecker interface {
	CheckAccessToken(token string) error
}

// RateLimit is a per-command limit the fake announces in the quote profile
// and then applies.
type RateLimit struct {
	Cmd   uint8
	Limit int // requests per second
	Burst int
}

// DefaultRateLimits are announced when Options.RateLimits is nil.
var DefaultRateLimits = []RateLimit{
	{5, 10, 5}, {6, 10, 5}, {7, 10, 5}, {8, 5, 2}, {9, 5, 2}, {10, 10, 5},
	{11, 10, 5}, {14, 10, 5}, {17, 10, 5}, {18, 10, 5}, {19, 10, 5}, {27, 2, 2},
}

// Options configures a Server; the zero value is a working fake.
type Options struct {
	// Auth checks the bearer token of GET /v1/socket/token; nil accepts
	// any non-empty one.
	Auth TokenChecker
	// Addr to listen on; default 127.0.0.1:0. Only loopback is allowed.
	Addr string
	// SubscribeLimit is the profile's subscription limit; default 500.
	SubscribeLimit int
	// HistoryLimit is the monthly history-candlestick symbol quota;
	// default 100.
	HistoryLimit int
	// ConnectionLimit is how many sockets the account may hold; default 10.
	ConnectionLimit int
	// RateLimits are the per-command limits announced; default
	// DefaultRateLimits.
	RateLimits []RateLimit
	// TokenTTL is how long a one-time token stays usable; default 5 min.
	TokenTTL time.Duration
	// SessionTTL is a session's life for resuming; default 24 h.
	SessionTTL time.Duration
	// PingInterval is how often the fake pings each client; default 30 s.
	PingInterval time.Duration
	// PongTimeout closes a socket whose pong is this late; default 120 s.
	PongTimeout time.Duration
	// PushRate is how many quote pushes per second each socket gets,
	// spread over its subscribed symbols; 0 pushes nothing unprompted.
	PushRate float64
	// NoAccess lists markets ("US", "HK", ...) the profile has no quotes
	// for: subscribing or querying their symbols gives 301604.
	NoAccess []string
	// LV2 lists markets ("HK") where the profile has the LV2 package: ten
	// levels of depth instead of the basic package's.
	LV2 []string
	// OnPush, if set, is called as each quote push is queued, with the
	// symbol and sequence (the load test measures latency with it).
	OnPush func(symbol string, seq int64, at time.Time)
	// Market is where prices come from; default the sandbox's,
	// simmarket.New(simmarket.SandboxSeed).
	Market *simmarket.Market
	// Now is the market's clock; default time.Now. The socket's own
	// timers (tokens, sessions, pings) keep the real clock.
	Now func() time.Time
	// MarketHours makes the push generator quiet while a symbol's market
	// is not in its regular session, as LongPort's is: no prices move at
	// the weekend. Without it pushes stream at PushRate whatever the hour.
	MarketHours bool
}

// Request is a request as the fake received it.
type Request struct {
	Cmd       uint8
	RequestID uint32
	At        time.Time
	Conn      int          // which socket, counting from 1
	Symbols   []string     // of a subscribe, unsubscribe, quote, static-info, depth or trades request
	SubTypes  []pb.SubType // of a subscribe or unsubscribe
}

// Server is a running fake quote socket.
type Server struct {
	// URL is the HTTP base for GET /v1/socket/token, such as
	// http://127.0.0.1:40123.
	URL string
	// WSURL is the socket's address, such as ws://127.0.0.1:40123/v2.
	WSURL string

	opts   Options
	srv    *httptest.Server
	market *market
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	tokens    map[string]time.Time // unspent one-time tokens and their expiry
	sessions  map[string]time.Time
	conns     map[*conn]struct{}
	nextConn  int
	others    int // sockets held by "another program" of the account
	delay     time.Duration
	gzip      bool
	stalled   bool
	noResume  bool
	refusals  map[uint8][]Refusal
	history   map[string]bool // symbols spent from the monthly quota
	requests  []Request
	auths     int
	resumes   int
	issued    int
	frozenAll bool
}

// Refusal is a queued error answer for the next request of a command.
type Refusal struct {
	Status uint8
	Code   uint64
	Msg    string
}

// Refusals a caller commonly queues.
var (
	RefuseNoAccess     = Refusal{7, 301604, "no quote access"}
	RefuseHistoryQuota = Refusal{7, 301607, "history candlestick symbol count out of limit, requested:101/limit:100"}
	RefuseRateLimited  = Refusal{3, 301606, "request rate limited"}
	RefuseServerError  = Refusal{7, 301602, "server error"}
	RefuseNoQuote      = Refusal{7, 301603, "no quote for this security"}
)

// NewServer starts a fake quote socket; Close stops it.
func NewServer(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("sockettest: address %q: %w", opts.Addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("sockettest: %q is not a loopback address", opts.Addr)
	}
	if opts.SubscribeLimit <= 0 {
		opts.SubscribeLimit = 500
	}
	if opts.HistoryLimit <= 0 {
		opts.HistoryLimit = 100
	}
	if opts.ConnectionLimit <= 0 {
		opts.ConnectionLimit = 10
	}
	if opts.RateLimits == nil {
		opts.RateLimits = DefaultRateLimits
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 5 * time.Minute
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 24 * time.Hour
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 30 * time.Second
	}
	if opts.PongTimeout <= 0 {
		opts.PongTimeout = 120 * time.Second
	}
	if opts.Market == nil {
		opts.Market = simmarket.New(simmarket.SandboxSeed)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	l, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("sockettest: listen: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		opts:     opts,
		market:   newMarket(opts.Market, opts.Now),
		ctx:      ctx,
		cancel:   cancel,
		tokens:   map[string]time.Time{},
		sessions: map[string]time.Time{},
		conns:    map[*conn]struct{}{},
		refusals: map[uint8][]Refusal{},
		history:  map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/socket/token", s.serveToken)
	mux.HandleFunc("GET /v2/socket/token", s.serveToken)
	mux.HandleFunc("/v2", s.serveSocket)
	mux.HandleFunc("/", s.serveSocket)
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: mux}}
	s.srv.Start()
	s.URL = s.srv.URL
	s.WSURL = "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/v2"
	if opts.PushRate > 0 {
		s.wg.Add(1)
		go s.generate()
	}
	return s, nil
}

// Close drops every socket and stops the server.
func (s *Server) Close() {
	s.cancel()
	s.DropAll()
	s.srv.CloseClientConnections()
	s.srv.Close()
	s.wg.Wait()
}

// Token is a one-time socket token as GET /v1/socket/token returns it.
type Token struct {
	OTP    string `json:"otp"`
	Limit  int    `json:"limit"`
	Online int    `json:"online"`
}

// IssueToken issues a one-time token without HTTP.
func (s *Server) IssueToken() Token {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	otp := hex.EncodeToString(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[otp] = time.Now().Add(s.opts.TokenTTL)
	s.issued++
	return Token{OTP: otp, Limit: s.opts.ConnectionLimit, Online: s.onlineLocked()}
}

func (s *Server) onlineLocked() int {
	n := s.others
	for c := range s.conns {
		if c.authed.Load() {
			n++
		}
	}
	return n
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-trace-id", "sockettest-"+r.URL.Path)
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || bearer == "" {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"code":401001,"message":"no token","data":null}`))
		return
	}
	if s.opts.Auth != nil {
		if err := s.opts.Auth.CheckAccessToken(bearer); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"code":401004,"message":"token invalid","data":null}`))
			return
		}
	}
	data, _ := json.Marshal(s.IssueToken())
	_, _ = fmt.Fprintf(w, `{"code":0,"message":"","data":%s}`, data)
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" && r.URL.Path != "/v2" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if q.Get("version") != "1" || q.Get("codec") != "1" || q.Get("platform") != "9" {
		http.Error(w, "bad handshake: want version=1, codec=1, platform=9", http.StatusBadRequest)
		return
	}
	var c *conn
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OnPongReceived: func(context.Context, []byte) { c.lastPong.Store(time.Now().UnixNano()) },
		// A frozen link answers no ping, as a half-open TCP connection would.
		OnPingReceived: func(context.Context, []byte) bool { return !c.isFrozen() },
	})
	if err != nil {
		return
	}
	s.mu.Lock()
	s.nextConn++
	c = newConn(s, ws, s.nextConn)
	s.conns[c] = struct{}{}
	frozen := s.frozenAll
	s.mu.Unlock()
	if frozen {
		c.freeze()
	}
	c.run()
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

// The knobs.

// DropAll cuts every socket at once, with no close frame, as a network
// failure would.
func (s *Server) DropAll() {
	for _, c := range s.connList() {
		c.drop()
	}
}

// Freeze makes every open socket go silent: the fake stops reading (so it
// answers no ping), writing and pinging, as a half-open link does. The
// sockets stay open until the client gives up on them or DropAll.
// Sockets opened later are not frozen unless FreezeNew is set too.
func (s *Server) Freeze() {
	for _, c := range s.connList() {
		c.freeze()
	}
}

// FreezeNew freezes sockets as they open, until FreezeNew(false).
func (s *Server) FreezeNew(on bool) {
	s.mu.Lock()
	s.frozenAll = on
	s.mu.Unlock()
}

// CloseAll closes every socket with a close frame carrying code (a
// Close.Code) and reason.
func (s *Server) CloseAll(code pb.Close_Code, reason string) {
	for _, c := range s.connList() {
		c.close(code, reason)
	}
}

// StallPushes stops (true) or resumes (false) the push generator while the
// sockets stay healthy.
func (s *Server) StallPushes(on bool) {
	s.mu.Lock()
	s.stalled = on
	s.mu.Unlock()
}

// SetResponseDelay makes every later response wait d.
func (s *Server) SetResponseDelay(d time.Duration) {
	s.mu.Lock()
	s.delay = d
	s.mu.Unlock()
}

// SetGzip compresses (true) every later response and push body.
func (s *Server) SetGzip(on bool) {
	s.mu.Lock()
	s.gzip = on
	s.mu.Unlock()
}

// RefuseNext answers the next request of cmd with r, whatever it asks.
func (s *Server) RefuseNext(cmd uint8, r Refusal) {
	s.mu.Lock()
	s.refusals[cmd] = append(s.refusals[cmd], r)
	s.mu.Unlock()
}

// ExpireTokens makes every one-time token issued so far unusable.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// ExpireSessions makes every session unusable for resuming.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	clear(s.sessions)
	s.mu.Unlock()
}

// RefuseResume makes every resume (cmd 3) fail with status 5 while on.
func (s *Server) RefuseResume(on bool) {
	s.mu.Lock()
	s.noResume = on
	s.mu.Unlock()
}

// SetOtherConnections counts n sockets of the same account held by other
// programs against the connection limit, as a second app would.
func (s *Server) SetOtherConnections(n int) {
	s.mu.Lock()
	s.others = n
	s.mu.Unlock()
}

// SetPrice moves symbol's last price, as the market would while a client
// is away; price is a decimal string.
func (s *Server) SetPrice(symbol, price string) error {
	return s.market.setPrice(symbol, price)
}

// Push sends one quote push for symbol, with the next sequence number, to
// every socket subscribed to it; it returns how many got it.
func (s *Server) Push(symbol string) int {
	n := 0
	for _, c := range s.connList() {
		if c.subscribed(symbol) {
			c.pushQuote(s.market.tick(symbol))
			n++
		}
	}
	return n
}

// PushBook sends one depth push and the trades since the last trade push
// of symbol to every socket subscribed to its book; it returns how many
// sockets got the depth.
func (s *Server) PushBook(symbol string) int {
	n := 0
	for _, c := range s.connList() {
		if c.subscribedTo(symbol, pb.SubType_DEPTH) {
			c.pushDepth(symbol)
			n++
		}
		if c.subscribedTo(symbol, pb.SubType_TRADE) {
			c.pushTrades(symbol)
		}
	}
	return n
}

// SubscribedTo returns the sub types of symbol on the newest
// authenticated socket.
func (s *Server) SubscribedTo(symbol string) []pb.SubType {
	newest := s.newest()
	if newest == nil {
		return nil
	}
	newest.mu.Lock()
	defer newest.mu.Unlock()
	return newest.subs[symbol].list()
}

// The observations.

// Requests returns the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests of cmd were received.
func (s *Server) Count(cmd uint8) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Cmd == cmd {
			n++
		}
	}
	return n
}

// Auths and Resumes count successful cmd 2 and cmd 3 requests; Issued
// counts one-time tokens handed out.
func (s *Server) Auths() int   { s.mu.Lock(); defer s.mu.Unlock(); return s.auths }
func (s *Server) Resumes() int { s.mu.Lock(); defer s.mu.Unlock(); return s.resumes }
func (s *Server) Issued() int  { s.mu.Lock(); defer s.mu.Unlock(); return s.issued }

// Online is the number of authenticated sockets open now.
func (s *Server) Online() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.onlineLocked() - s.others
}

// Subscribed returns the symbols subscribed on the newest authenticated
// socket, sorted.
func (s *Server) Subscribed() []string {
	if newest := s.newest(); newest != nil {
		return newest.subList()
	}
	return nil
}

// newest is the newest authenticated socket; nil when there is none.
func (s *Server) newest() *conn {
	var newest *conn
	for _, c := range s.connList() {
		if c.authed.Load() && (newest == nil || c.id > newest.id) {
			newest = c
		}
	}
	return newest
}

func (s *Server) connList() []*conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		out = append(out, c)
	}
	return out
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r)
	s.mu.Unlock()
}

// takeRefusal pops a queued refusal for cmd.
func (s *Server) takeRefusal(cmd uint8) (Refusal, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.refusals[cmd]
	if len(q) == 0 {
		return Refusal{}, false
	}
	s.refusals[cmd] = q[1:]
	return q[0], true
}

// spendToken spends otp; false if it is unknown, spent or expired.
func (s *Server) spendToken(otp string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[otp]
	delete(s.tokens, otp)
	return ok && time.Now().Before(exp)
}

func (s *Server) newSessionLocked() (string, time.Time) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	exp := time.Now().Add(s.opts.SessionTTL)
	s.sessions[id] = exp
	return id, exp
}

var errRefused = errors.New("refused")

// noAccess reports whether symbol's market is one without quotes.
func (s *Server) noAccess(symbol string) bool {
	m := marketOf(symbol)
	for _, n := range s.opts.NoAccess {
		if strings.EqualFold(n, m) {
			return true
		}
	}
	return false
}

func (s *Server) generate() {
	defer s.wg.Done()
	const tick = 10 * time.Millisecond
	t := time.NewTicker(tick)
	defer t.Stop()
	carry := 0.0
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		stalled := s.stalled
		s.mu.Unlock()
		if stalled {
			continue
		}
		carry += s.opts.PushRate * tick.Seconds()
		n := int(carry)
		carry -= float64(n)
		if n == 0 {
			continue
		}
		for _, c := range s.connList() {
			c.pushSome(n)
		}
	}
}
