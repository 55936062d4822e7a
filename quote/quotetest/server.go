// Package quotetest is a fake LongPort OpenAPI host, the way
// net/http/httptest fakes a server: tests, GUI tests and the offline
// sandbox start one and point the API clients at its URL. It serves the
// Quote family itself (the security list, the watchlist groups, the market
// status); package tradetest adds the Trade family's endpoints to the same
// Server with Handle, and package regiontest puts it behind the fake
// authorization server's host, as LongPort serves everything from one.
//
// What every request meets, in order:
//
//  1. Queued failures (FailNext, FailNextRaw for any path; FailPath,
//     FailPathRaw for one) answer first, as a proxy or the gateway would.
//  2. The bearer token: missing -> HTTP 401 with code 401001; refused by
//     Options.Auth -> HTTP 401 with the code Options.Classify gives
//     (default 401004). A request signed in the legacy API-key mode (it
//     carries X-Api-Signature) is checked by Options.Legacy instead, whose
//     comment lists its refusals, and skips the scope check: a legacy
//     token has every permission of its app.
//  3. The endpoint's scope (4 watchlist, 6 account, 10 orders; the security
//     list is 4, or 3 on a server like LongPort's OAuth example, which
//     grants 3 and then reads the list; quotes need none), when Options.Auth also implements
//     ScopeChecker: not granted -> HTTP 403 with code CodeMissingScope.
//     LongPort documents no code for this; the fake's is its own.
//  4. The query, as strictly as the documents allow: an unknown or
//     misspelled key (the Go SDK's start_at for cash flow), a key given
//     twice that is not an array (arrays are repeated keys), a missing
//     required key or a malformed number -> HTTP 400 with code 310011; a
//     value outside the documented set -> HTTP 400 with code 310010.
//     LongPort documents these codes for the security list only and no
//     HTTP status; the fake uses them for every endpoint.
//
// Every answer is the envelope {code, message, data} with an x-trace-id
// header; a success always carries data ({} when empty), numbers and times
// as strings; errors carry "data": null, as LongPort's do.
package quotetest

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portview/portview/internal/simmarket"
)

// TokenChecker checks a bearer token; *oauthtest.Server implements it.
type TokenChecker interface {
	CheckAccessToken(token string) error
}

// ScopeChecker gives the scopes granted to a valid token; when Options.Auth
// implements it (as *oauthtest.Server does), every endpoint's scope is
// enforced. Without it every scope is taken as granted.
type ScopeChecker interface {
	AccessTokenScopes(token string) ([]string, error)
}

// CodeMissingScope is the fake's code for a scope the token was not granted.
const CodeMissingScope = 403100

// Options configures a Server; the zero value is a working fake.
type Options struct {
	// Auth checks bearer tokens; nil accepts any non-empty token.
	Auth TokenChecker
	// Classify maps an error of Auth to a LongPort code (401003 expired,
	// 401004 invalid, 401102 verification failed); default: 401004 for any
	// error. See ClassifyExpired.
	Classify func(error) int
	// Rows is the size of the security list; default 5000, at most MaxRows.
	Rows int
	// Addr is the address to listen on; default 127.0.0.1:0.
	Addr string
	// Gzip compresses bodies for clients that send Accept-Encoding: gzip.
	Gzip bool
	// Watchlist is the user's watchlist; nil means SandboxWatchlist(time.Now()).
	Watchlist []WatchlistGroup
	// Legacy enables the API-key mode with its apps; nil refuses every
	// signed request with 403203.
	Legacy *Legacy
	// Now is the clock of the market status; default time.Now.
	Now func() time.Time
	// SocketToken, if set, makes the data of GET /v1/socket/token, after
	// the request's credentials passed like any other's: a region whose
	// quote socket is a fake of its own issues that fake's tokens. nil:
	// a random one-time password.
	SocketToken func() any
}

// ClassifyExpired returns a Classify function that gives 401003 for errors
// matching expired (errors.Is) and 401004 for any other.
func ClassifyExpired(expired error) func(error) int {
	return func(err error) int {
		if errors.Is(err, expired) {
			return 401003
		}
		return 401004
	}
}

// Bodies for FailNextRaw that a client meets in the wild.
const (
	BodyHTML      = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
	BodyEmpty     = ""
	BodyTruncated = `{"code":0,"message":"success","data":{"list":[{"symbol":"TSLA.US","name_cn":"特斯拉","name_hk":"","na`
	BodyDataNull  = `{"code":0,"message":"success","data":null}`
)

// Route is an endpoint of the fake. Serve runs once the token, the scope
// and the query have passed; it answers with WriteData or WriteError.
type Route struct {
	Path   string           // served for GET
	Scope  string           // the OAuth scope it needs, or space-separated scopes any of which will do; "" for none
	Params map[string]Param // every query key it knows
	Serve  func(w http.ResponseWriter, r *http.Request)
}

// Param is a query key an endpoint knows.
type Param struct {
	Required bool
	Repeat   bool     // an array: the key may come more than once
	Int      bool     // a whole number, such as unix seconds
	Bool     bool     // true or false
	Values   []string // the documented values; nil for any
}

// Request is a request as the fake received it.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
}

// Server is a running fake quote API.
type Server struct {
	// URL is the base URL to give the client, such as http://127.0.0.1:40123.
	URL string

	srv      *httptest.Server
	mux      *http.ServeMux
	auth     TokenChecker
	classify func(error) int
	gzip     bool

	mu          sync.Mutex
	rows        int
	body        []byte // the rendered success body for rows, built lazily
	gzBody      []byte
	faults      []fault
	delay       time.Duration
	requests    []Request
	inFlight    int
	maxInFlight int
	served      int
	watchlist   []WatchlistGroup
	legacy      *legacyAuth
	socketTok   func() any // Options.SocketToken
	now         func() time.Time
}

// fault is a queued failure answer.
type fault struct {
	path       string // "" for any
	n          int
	status     int
	body       []byte
	retryAfter time.Duration
}

// New returns a fake API host that does not listen: an http.Handler to
// mount, as regiontest does. URL is left for the caller to set.
func New(opts Options) *Server {
	if opts.Rows <= 0 {
		opts.Rows = 5000
	}
	if opts.Classify == nil {
		opts.Classify = func(error) int { return 401004 }
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Watchlist == nil {
		opts.Watchlist = SandboxWatchlist(opts.Now())
	}
	s := &Server{
		mux:       http.NewServeMux(),
		auth:      opts.Auth,
		classify:  opts.Classify,
		gzip:      opts.Gzip,
		rows:      min(opts.Rows, MaxRows),
		watchlist: opts.Watchlist,
		socketTok: opts.SocketToken,
		now:       opts.Now,
	}
	if opts.Legacy != nil {
		s.legacy = newLegacyAuth(opts.Legacy)
	}
	s.Handle(Route{Path: "/v1/quote/get_security_list", Scope: "4 3", Serve: s.handleSecurityList,
		Params: map[string]Param{"market": {}, "category": {}}})
	s.Handle(Route{Path: "/v1/watchlist/groups", Scope: "4", Serve: s.handleWatchlist})
	s.Handle(Route{Path: "/v1/quote/market-status", Serve: s.handleMarketStatus})
	s.Handle(Route{Path: "/v1/socket/token", Serve: s.handleSocketToken})
	s.Handle(Route{Path: "/v1/token/refresh", Serve: s.handleLegacyRefresh,
		Params: map[string]Param{"expired_at": {Required: true}}})
	return s
}

// NewServer starts a fake API host listening on its own; Close stops it.
func NewServer(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("quotetest: listen: %w", err)
	}
	s := New(opts)
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s}}
	s.srv.Start()
	s.URL = s.srv.URL
	return s, nil
}

// ServeHTTP answers a request to the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.record(s.mux).ServeHTTP(w, r)
}

// Close stops a server that NewServer started and waits for its requests
// to end; for a mounted one, its host's Close does.
func (s *Server) Close() {
	if s.srv == nil {
		return
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// Handle adds an endpoint. Every request to it meets the checks of the
// package comment before rt.Serve runs.
func (s *Server) Handle(rt Route) {
	s.mux.HandleFunc("GET "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
		var code int
		if r.Header.Get("X-Api-Signature") != "" {
			code = s.checkLegacy(r)
		} else {
			var token string
			token, code = s.checkToken(r.Header.Get("Authorization"))
			if code == 0 {
				code = s.checkScope(token, rt.Scope)
			}
		}
		if code == 0 {
			code = checkQuery(r.URL.Query(), rt.Params)
		}
		if code != 0 {
			WriteError(w, statusFor(code), code)
			return
		}
		rt.Serve(w, r)
	})
}

// SetRows changes the size of the security list (at most MaxRows).
func (s *Server) SetRows(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows, s.body, s.gzBody = max(0, min(n, MaxRows)), nil, nil
}

// SetDelay makes every answer wait d first, or until the client gives up.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// FailNext answers the next n requests with an envelope carrying code and
// HTTP status; status 0 means the status LongPort uses for the code (401
// for 401xxx, 429 for 429xxx, ...). A retryAfter above 0 is sent as a
// Retry-After header in whole seconds, rounded up.
func (s *Server) FailNext(n, status, code int, retryAfter time.Duration) {
	if status == 0 {
		status = statusFor(code)
	}
	s.FailPath("", n, status, code, retryAfter)
}

// FailNextRaw answers the next n requests with status and body as given,
// such as BodyHTML from a proxy or BodyTruncated.
func (s *Server) FailNextRaw(n, status int, body string) {
	s.FailPathRaw("", n, status, body)
}

// FailPath is FailNext for the requests to path alone, so one endpoint
// fails while the others answer; "" is any path.
func (s *Server) FailPath(path string, n, status, code int, retryAfter time.Duration) {
	if status == 0 {
		status = statusFor(code)
	}
	body, _ := json.Marshal(envelope{Code: code, Message: messageFor(code)})
	s.queue(fault{path: path, n: n, status: status, body: body, retryAfter: retryAfter})
}

// FailPathRaw is FailNextRaw for the requests to path alone.
func (s *Server) FailPathRaw(path string, n, status int, body string) {
	s.queue(fault{path: path, n: n, status: status, body: []byte(body)})
}

func (s *Server) queue(f fault) {
	if f.n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
}

// Requests returns the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestCount returns how many requests the server has received.
func (s *Server) RequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// ServedCount returns how many requests got a successful answer.
func (s *Server) ServedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served
}

// MaxInFlight returns the most requests the server has handled at once.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// Reset forgets the recorded requests and counters, queued failures and the delay.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.faults, s.delay = nil, nil, 0
	s.inFlight, s.maxInFlight, s.served = 0, 0, 0
}

// record keeps each request and counts requests in flight, then waits the
// delay and answers queued failures before next runs.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, Request{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(),
		})
		s.inFlight++
		s.maxInFlight = max(s.maxInFlight, s.inFlight)
		delay := s.delay
		var f *fault
		for i := range s.faults {
			if p := s.faults[i].path; p != "" && p != r.URL.Path {
				continue
			}
			f = &fault{}
			*f = s.faults[i]
			if s.faults[i].n--; s.faults[i].n == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			break
		}
		id := len(s.requests)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()

		w.Header().Set("X-Trace-Id", fmt.Sprintf("quotetest-%06d", id))
		if s.legacy != nil {
			w.Header().Set("Date", s.legacy.now().UTC().Format(http.TimeFormat))
		}
		if delay > 0 {
			t := time.NewTimer(delay)
			defer t.Stop()
			select {
			case <-t.C:
			case <-r.Context().Done():
				return
			}
		}
		if f != nil {
			if f.retryAfter > 0 {
				secs := (f.retryAfter + time.Second - 1) / time.Second
				w.Header().Set("Retry-After", strconv.Itoa(int(secs)))
			}
			contentType := "application/json; charset=utf-8"
			if bytes.HasPrefix(bytes.TrimSpace(f.body), []byte("<")) {
				contentType = "text/html; charset=utf-8"
			}
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(f.status)
			_, _ = w.Write(f.body)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleSecurityList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	market, category := q.Get("market"), q.Get("category")
	switch {
	case market == "" || category == "":
		WriteError(w, http.StatusBadRequest, 310011)
		return
	case market != "US" || category != "Overnight":
		WriteError(w, http.StatusBadRequest, 310010)
		return
	}
	gz := s.gzip && acceptsGzip(r.Header.Get("Accept-Encoding"))
	s.writeBody(w, s.listBody(gz), gz)
}

// WriteData answers with the envelope around data, gzip-compressed when
// the server was started with Gzip and the client accepts it. data must
// hold numbers and times as the API sends them: strings.
func (s *Server) WriteData(w http.ResponseWriter, r *http.Request, data any) {
	body, err := json.Marshal(envelope{Message: "success", Data: data})
	if err != nil {
		WriteError(w, http.StatusInternalServerError, 500000)
		return
	}
	gz := s.gzip && acceptsGzip(r.Header.Get("Accept-Encoding"))
	if gz {
		body = gzipBytes(body)
	}
	s.writeBody(w, body, gz)
}

func (s *Server) writeBody(w http.ResponseWriter, body []byte, gz bool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
	s.mu.Lock()
	s.served++
	s.mu.Unlock()
}

func gzipBytes(body []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	_, _ = zw.Write(body)
	_ = zw.Close()
	return b.Bytes()
}

// checkToken returns the token of an accepted Authorization header and 0,
// or the LongPort code that refuses it.
func (s *Server) checkToken(authorization string) (string, int) {
	scheme, token, _ := strings.Cut(authorization, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", 401001
	}
	if s.auth == nil {
		return token, 0
	}
	if err := s.auth.CheckAccessToken(token); err != nil {
		if code := s.classify(err); code != 0 {
			return "", code
		}
		return "", 401004
	}
	return token, 0
}

// checkLegacy returns 0 for a request the legacy API-key mode accepts, or
// the code that refuses it.
func (s *Server) checkLegacy(r *http.Request) int {
	if s.legacy == nil {
		return 403203
	}
	_, code := s.legacy.check(r)
	return code
}

// handleSocketToken serves a one-time socket password (GET
// /v1/socket/token), with limit and online, which the Rust SDK requires.
func (s *Server) handleSocketToken(w http.ResponseWriter, r *http.Request) {
	if s.socketTok != nil {
		s.WriteData(w, r, s.socketTok())
		return
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	s.WriteData(w, r, map[string]any{"otp": hex.EncodeToString(b), "limit": 10, "online": 0})
}

// handleLegacyRefresh serves GET /v1/token/refresh, for the API-key mode only.
func (s *Server) handleLegacyRefresh(w http.ResponseWriter, r *http.Request) {
	if s.legacy == nil || r.Header.Get("X-Api-Signature") == "" {
		WriteError(w, http.StatusUnauthorized, 401004)
		return
	}
	data, code := s.legacy.refresh(r.Header.Get("X-Api-Key"), r.URL.Query().Get("expired_at"))
	if code != 0 {
		WriteError(w, statusFor(code), code)
		return
	}
	s.WriteData(w, r, data)
}

// checkScope returns 0 when token was granted scope (one of its
// space-separated scopes), or CodeMissingScope.
func (s *Server) checkScope(token, scope string) int {
	sc, ok := s.auth.(ScopeChecker)
	if scope == "" || !ok {
		return 0
	}
	granted, err := sc.AccessTokenScopes(token)
	if err != nil {
		return CodeMissingScope
	}
	for _, want := range strings.Fields(scope) {
		if slices.Contains(granted, want) {
			return 0
		}
	}
	return CodeMissingScope
}

// checkQuery returns 0 for a query the endpoint takes, or the code that
// refuses it: 310011 for a malformed query, 310010 for a value outside
// the documented set.
func checkQuery(q url.Values, params map[string]Param) int {
	for key, vals := range q {
		p, known := params[key]
		switch {
		case !known, len(vals) > 1 && !p.Repeat:
			return 310011
		}
		for _, v := range vals {
			switch {
			case p.Int && !isDigits(v), p.Bool && v != "true" && v != "false":
				return 310011
			case p.Values != nil && !slices.Contains(p.Values, v):
				return 310010
			}
		}
	}
	for key, p := range params {
		if p.Required && q.Get(key) == "" {
			return 310011
		}
	}
	return 0
}

func isDigits(v string) bool {
	_, err := strconv.ParseUint(v, 10, 63)
	return err == nil
}

// listBody returns the success body for the current rows, rendered once.
func (s *Server) listBody(gz bool) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.body == nil {
		type data struct {
			List []Row `json:"list"`
		}
		s.body, _ = json.Marshal(envelope{Message: "success", Data: data{List: Rows(s.rows)}})
	}
	if !gz {
		return s.body
	}
	if s.gzBody == nil {
		s.gzBody = gzipBytes(s.body)
	}
	return s.gzBody
}

type envelope struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

// WriteError answers with an error envelope: code, its message and
// "data": null, under status.
func WriteError(w http.ResponseWriter, status, code int) {
	body, _ := json.Marshal(envelope{Code: code, Message: messageFor(code)})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// statusFor returns the HTTP status LongPort sends with code.
func statusFor(code int) int {
	switch s := code / 1000; {
	case code == 0:
		return http.StatusOK
	case s >= 400 && s <= 599:
		return s
	}
	return http.StatusBadRequest
}

func messageFor(code int) string {
	switch code {
	case 0:
		return "success"
	case 401001:
		return "token is empty"
	case 401003:
		return "token expired"
	case 401004:
		return "token invalid"
	case 401102:
		return "token verify failed"
	case 403201:
		return "signature invalid"
	case 403202:
		return "duplicate request"
	case 403203:
		return "app key illegal"
	case 403205:
		return "ip not allowed"
	case 429001:
		return "too many requests from this ip"
	case 429002:
		return "too many requests on this api"
	case 500000:
		return "internal error"
	case 310010:
		return "invalid market or category"
	case 310011:
		return "invalid parameter"
	case CodeMissingScope:
		return "permission denied: the token was not granted this api's scope"
	}
	return "error"
}

func acceptsGzip(v string) bool {
	for part := range strings.SplitSeq(v, ",") {
		enc, _, _ := strings.Cut(part, ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			return true
		}
	}
	return false
}

// handleMarketStatus answers with each market's phase at the server's
// clock, from the simulated market's sessions and holidays: closed at the
// weekend, pre- and post-market for US.
func (s *Server) handleMarketStatus(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	ts := strconv.FormatInt(now.Unix(), 10)
	type market struct {
		Market           string `json:"market"`
		TradeStatus      int    `json:"trade_status"`
		Timestamp        string `json:"timestamp"`
		DelayTradeStatus int    `json:"delay_trade_status"`
		DelayTimestamp   string `json:"delay_timestamp"`
		SubStatus        int    `json:"sub_status"`
		DelaySubStatus   int    `json:"delay_sub_status"`
	}
	list := []market{}
	for _, e := range simmarket.Exchanges() {
		code := e.StatusCode(now)
		list = append(list, market{e.Code, code, ts, code, ts, 0, 0})
	}
	s.WriteData(w, r, map[string]any{"market_time": list})
}
