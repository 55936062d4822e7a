package apitest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// Arrivals is a strict server for the rate limits: it notes the moment
// each request arrives, as LongPort counts calls against its limits, and
// how many it is answering at once. Every request is answered with an
// empty success after Delay.
type Arrivals struct {
	URL string

	delay func() time.Duration

	mu          sync.Mutex
	at          []Arrival
	inFlight    int
	maxInFlight int
}

// Arrival is one request as the server saw it.
type Arrival struct {
	Path string
	At   time.Time
}

// NewArrivals starts an Arrivals server, closed with t, whose answers each
// take delay (nil: none).
func NewArrivals(t testing.TB, delay func() time.Duration) *Arrivals {
	t.Helper()
	a := &Arrivals{delay: delay}
	srv := httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(srv.Close)
	a.URL = srv.URL
	return a
}

func (a *Arrivals) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	a.mu.Lock()
	a.at = append(a.at, Arrival{Path: r.URL.Path, At: now})
	a.inFlight++
	a.maxInFlight = max(a.maxInFlight, a.inFlight)
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.inFlight--
		a.mu.Unlock()
	}()
	if a.delay != nil {
		time.Sleep(a.delay())
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"code":0,"message":"success","data":{}}`))
}

// Arrived returns the requests so far, in the order they arrived.
func (a *Arrivals) Arrived() []Arrival {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := slices.Clone(a.at)
	slices.SortFunc(out, func(x, y Arrival) int { return x.At.Compare(y.At) })
	return out
}

// MaxInFlight returns the most requests the server was answering at once.
func (a *Arrivals) MaxInFlight() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.maxInFlight
}

// Jittery returns a transport for a loaded machine: each request waits a
// random time up to maxDelay before the transport takes it (a connection
// to wait for, a scheduler that runs something else), so it reaches the
// socket late by an amount no client can predict. Its idle connections are
// closed with t.
func Jittery(t testing.TB, maxDelay time.Duration) http.RoundTripper {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	t.Cleanup(tr.CloseIdleConnections)
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		time.Sleep(rand.N(maxDelay))
		return tr.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
