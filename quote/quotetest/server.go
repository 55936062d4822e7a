// Package quotetest is a fake LongPort quote API, the way net/http/httptest
// fakes a server: tests, GUI tests and the offline sandbox start one with
// NewServer and point a quote.Client at its URL.
//
// It serves GET /v1/quote/get_security_list. What it checks, in order:
//
//  1. Queued failures (FailNext, FailNextRaw) answer first, as a proxy or
//     the gateway would, before any other check.
//  2. The bearer token: missing -> HTTP 401 with code 401001; refused by
//     Options.Auth -> HTTP 401 with the code Options.Classify gives
//     (default 401004).
//  3. The parameters: a missing market or category -> HTTP 400 with code
//     310011; one it does not know (it knows market US and category
//     Overnight) -> HTTP 400 with code 310010. LongPort documents the codes
//     but not the HTTP status of parameter errors; 400 was chosen as the
//     likelier one, and the client treats the code alike under any status.
//
// Every answer is the envelope {code, message, data} with an x-trace-id
// header; errors carry "data": null, as LongPort's do.
package quotetest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TokenChecker checks a bearer token; *oauthtest.Server implements it.
type TokenChecker interface {
	CheckAccessToken(token string) error
}

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
}

// fault is a queued failure answer.
type fault struct {
	n          int
	status     int
	body       []byte
	retryAfter time.Duration
}

// NewServer starts a fake quote API; Close stops it.
func NewServer(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Rows <= 0 {
		opts.Rows = 5000
	}
	if opts.Classify == nil {
		opts.Classify = func(error) int { return 401004 }
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("quotetest: listen: %w", err)
	}
	s := &Server{
		auth:     opts.Auth,
		classify: opts.Classify,
		gzip:     opts.Gzip,
		rows:     min(opts.Rows, MaxRows),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/quote/get_security_list", s.handleSecurityList)
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s.record(mux)}}
	s.srv.Start()
	s.URL = s.srv.URL
	return s, nil
}

// Close stops the server and waits for its requests to end.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
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
	body, _ := json.Marshal(envelope{Code: code, Message: messageFor(code)})
	s.queue(fault{n: n, status: status, body: body, retryAfter: retryAfter})
}

// FailNextRaw answers the next n requests with status and body as given,
// such as BodyHTML from a proxy or BodyTruncated.
func (s *Server) FailNextRaw(n, status int, body string) {
	s.queue(fault{n: n, status: status, body: []byte(body)})
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

// ServedCount returns how many requests got the security list.
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
		if len(s.faults) > 0 {
			f = &fault{}
			*f = s.faults[0]
			if s.faults[0].n--; s.faults[0].n == 0 {
				s.faults = s.faults[1:]
			}
		}
		id := len(s.requests)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()

		w.Header().Set("X-Trace-Id", fmt.Sprintf("quotetest-%06d", id))
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
	if code := s.checkToken(r.Header.Get("Authorization")); code != 0 {
		writeError(w, statusFor(code), code)
		return
	}
	q := r.URL.Query()
	market, category := q.Get("market"), q.Get("category")
	switch {
	case market == "" || category == "":
		writeError(w, http.StatusBadRequest, 310011)
		return
	case market != "US" || category != "Overnight":
		writeError(w, http.StatusBadRequest, 310010)
		return
	}

	gz := s.gzip && acceptsGzip(r.Header.Get("Accept-Encoding"))
	body := s.listBody(gz)
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

// checkToken returns 0 for an accepted Authorization header, or the
// LongPort code that refuses it.
func (s *Server) checkToken(authorization string) int {
	scheme, token, _ := strings.Cut(authorization, " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return 401001
	}
	if s.auth == nil {
		return 0
	}
	if err := s.auth.CheckAccessToken(strings.TrimSpace(token)); err != nil {
		if code := s.classify(err); code != 0 {
			return code
		}
		return 401004
	}
	return 0
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
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(s.body)
		_ = zw.Close()
		s.gzBody = b.Bytes()
	}
	return s.gzBody
}

type envelope struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data"`
}

func writeError(w http.ResponseWriter, status, code int) {
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
