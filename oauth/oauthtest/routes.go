package oauthtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
)

// maxBody bounds request bodies; real clients send a few hundred bytes.
const maxBody = 64 << 10

// routes maps every path of the server; method mismatches get net/http's 405
// and unknown paths (including the device flow, which is advertised but not
// implemented) get 404.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET "+pathDiscovery, s.endpoint(EndpointDiscovery, s.handleDiscovery))
	mux.Handle("POST "+pathRegister, s.endpoint(EndpointRegister, s.handleRegister))
	mux.Handle("GET "+pathRegister+"/{client_id}", s.endpoint(EndpointRegister, s.handleReadClient))
	mux.Handle("DELETE "+pathRegister+"/{client_id}", s.endpoint(EndpointRegister, s.handleDeleteClient))
	mux.Handle("GET "+pathAuthorize, s.endpoint(EndpointAuthorize, s.handleAuthorize))
	mux.Handle("POST "+pathAuthorize, s.endpoint(EndpointAuthorize, s.handleConsent))
	mux.Handle("POST "+pathToken, s.endpoint(EndpointToken, s.handleToken))
	if !s.opts.DisableRevocation {
		mux.Handle("POST "+pathRevoke, s.endpoint(EndpointRevoke, s.handleRevoke))
	}
	if s.opts.API != nil {
		mux.Handle("/", s.tracked(s.opts.API))
	}
	return mux
}

// tracked runs h as a handler that Close waits for, like the endpoints.
func (s *Server) tracked(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.track(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		defer s.inflight.Done()
		h.ServeHTTP(w, r)
	})
}

// endpoint wraps a handler with what every endpoint shares, in this order:
// tracking for Close, counting, the injected delay, the injected failure.
func (s *Server) endpoint(e Endpoint, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.track(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		defer s.inflight.Done()

		w.Header().Set("X-Content-Type-Options", "nosniff")
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		s.count(e, r)
		if e == EndpointToken {
			w = &tokenRecorder{ResponseWriter: w, s: s}
		}
		delay, failure := s.injected(e)
		if !s.wait(r, delay) {
			return
		}
		if failure != nil {
			failure.write(w)
			return
		}
		h(w, r)
	})
}

// count records the arrival of a request; see Counts for what counts.
func (s *Server) count(e Endpoint, r *http.Request) {
	var grantType string
	if e == EndpointToken {
		grantType = peekForm(r).Get("grant_type")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch e {
	case EndpointDiscovery:
		s.counts.Discovery++
	case EndpointRegister:
		if r.Method == http.MethodPost {
			s.counts.Register++
		}
	case EndpointAuthorize:
		if r.Method != http.MethodPost {
			s.counts.Authorize++
		}
	case EndpointToken:
		switch grantType {
		case "authorization_code":
			s.counts.Exchange++
		case "refresh_token":
			s.counts.Refresh++
		}
	case EndpointRevoke:
		s.counts.Revoke++
	}
}

// peekForm parses a form body without consuming it, so that an injected
// failure can still be counted as an exchange or a refresh.
func peekForm(r *http.Request) url.Values {
	b, err := io.ReadAll(r.Body)
	rest := io.Reader(bytes.NewReader(b))
	if err != nil {
		rest = io.MultiReader(rest, errReader{err})
	}
	r.Body = io.NopCloser(rest)
	v, _ := url.ParseQuery(string(b))
	return v
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// tokenRecorder counts non-2xx token responses as they are written, so the
// count is already up to date when the client reads the response.
type tokenRecorder struct {
	http.ResponseWriter
	s     *Server
	wrote bool
}

func (t *tokenRecorder) WriteHeader(status int) {
	if !t.wrote {
		t.wrote = true
		if status < 200 || status > 299 {
			t.s.mu.Lock()
			t.s.counts.TokenErrors++
			t.s.mu.Unlock()
		}
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *tokenRecorder) Write(b []byte) (int, error) {
	if !t.wrote {
		t.WriteHeader(http.StatusOK)
	}
	return t.ResponseWriter.Write(b)
}

// writeJSON sends v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// oauthError is the error body of RFC 6749 section 5.2 and RFC 7591 section 3.2.2.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// writeOAuthError sends a JSON OAuth error.
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, oauthError{Error: code, Description: description})
}
