package oauthtest

import (
	"net/http"
	"strconv"
	"time"
)

// Endpoint names one endpoint of the server, for the failure and delay knobs.
type Endpoint string

// The endpoints a test can make fail or slow down.
const (
	EndpointDiscovery Endpoint = "discovery"
	EndpointRegister  Endpoint = "register"  // registration and RFC 7592 client management
	EndpointAuthorize Endpoint = "authorize" // authorization requests and consent submissions
	EndpointToken     Endpoint = "token"
	EndpointRevoke    Endpoint = "revoke"
)

// Failure is an injected error response.
//
// Status zero means 400 when OAuthError is set and 500 otherwise. Body, when
// set, wins over OAuthError.
type Failure struct {
	Status int
	// RetryAfter is sent as whole seconds, rounded up, when > 0.
	RetryAfter time.Duration
	// OAuthError, e.g. "invalid_grant", sends a JSON {error, error_description} body.
	OAuthError string
	// Body is sent raw instead, e.g. an HTML page of a misbehaving proxy.
	Body string
	// Header holds response headers sent as they are, after the others:
	// a Retry-After of "0" or a date, a Content-Type for Body.
	Header http.Header
}

type failNext struct {
	n int
	f Failure
}

type failUntil struct {
	until time.Time
	f     Failure
}

// FailNext makes the next n requests to e fail with f, replacing any earlier
// FailNext for e; n <= 0 clears it. It is checked before FailUntil.
func (s *Server) FailNext(e Endpoint, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.failNext, e)
		return
	}
	s.failNext[e] = failNext{n: n, f: f}
}

// FailUntil makes requests to e fail with f until Now() >= until, replacing
// any earlier FailUntil for e; the zero time clears it.
func (s *Server) FailUntil(e Endpoint, until time.Time, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if until.IsZero() {
		delete(s.failUntil, e)
		return
	}
	s.failUntil[e] = failUntil{until: until, f: f}
}

// SetDelay makes every response of e wait d of real time first; the wait ends
// early, with no response, when the request is cancelled or the server
// closes. Zero removes the delay.
func (s *Server) SetDelay(e Endpoint, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.delays, e)
		return
	}
	s.delays[e] = d
}

// injected returns the delay and the failure, if any, for the request now
// arriving at e, consuming one FailNext.
func (s *Server) injected(e Endpoint) (time.Duration, *Failure) {
	now := s.now() // outside mu: the injected clock may take locks of its own
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.delays[e]
	if fn, ok := s.failNext[e]; ok {
		fn.n--
		if fn.n <= 0 {
			delete(s.failNext, e)
		} else {
			s.failNext[e] = fn
		}
		return d, &fn.f
	}
	if fu, ok := s.failUntil[e]; ok && now.Before(fu.until) {
		return d, &fu.f
	}
	return d, nil
}

// wait sleeps d unless the request is cancelled or the server closes first;
// it reports whether the full delay passed.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

// write sends the failure.
func (f *Failure) write(w http.ResponseWriter) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
		if f.OAuthError != "" {
			status = http.StatusBadRequest
		}
	}
	if f.RetryAfter > 0 {
		secs := int64((f.RetryAfter + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	for k, v := range f.Header {
		w.Header()[k] = v
	}
	switch {
	case f.Body != "":
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType([]byte(f.Body)))
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(f.Body))
	case f.OAuthError != "":
		writeOAuthError(w, status, f.OAuthError, "injected failure")
	default:
		http.Error(w, http.StatusText(status), status)
	}
}
