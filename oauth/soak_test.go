package oauth

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
	"golang.org/x/oauth2"
)

// soakResult is what a soak measured.
type soakResult struct {
	refreshes int64 // token requests with grant_type=refresh_token
	blocked   int64 // renewals that a caller had to wait for
	short     int64 // tokens handed out with less than their margin left (30 s, or 20% of a short life)
	errors    int64
	calls     int64
}

func (r soakResult) report(b *testing.B) {
	b.ReportMetric(float64(r.refreshes), "refreshes")
	b.ReportMetric(float64(r.blocked), "blocking-refreshes")
	b.ReportMetric(float64(r.short), "short-tokens")
	b.ReportMetric(float64(r.errors), "errors")
	b.ReportMetric(float64(r.calls), "token-calls")
}

// soakSession runs a Session for span of simulated time with tokens of
// life on a manual clock, moved in steps of step, with 20 goroutines asking
// for tokens all the time.
func soakSession(t testing.TB, life, span, step time.Duration) soakResult {
	f := newFixture(t, oauthtest.Options{TokenLifetime: life})
	margin := min(MinTokenLife, life/5)
	s := f.signIn(SignInOptions{})
	var res soakResult
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for ctx.Err() == nil {
				// Measured from the moment of the call: the soak moves the
				// clock while callers run.
				asked := f.clock.Now()
				tok, err := s.Token(ctx)
				atomic.AddInt64(&res.calls, 1)
				switch {
				case err != nil:
					if ctx.Err() == nil {
						atomic.AddInt64(&res.errors, 1)
					}
				case tok.Expiry.Sub(asked) < margin:
					atomic.AddInt64(&res.short, 1)
				}
			}
		})
	}
	end := f.clock.Now().Add(span)
	for f.clock.Now().Before(end) {
		settle(t, s, f.clock)
		f.clock.Advance(step)
	}
	settle(t, s, f.clock)
	stop()
	wg.Wait()
	s.mu.Lock()
	res.blocked = int64(s.blocked)
	s.mu.Unlock()
	res.refreshes = int64(f.srv.Counts().Refresh)
	return res
}

func TestSessionSoakEightHours(t *testing.T) {
	if testing.Short() {
		t.Skip("soak")
	}
	res := soakSession(t, time.Hour, 8*time.Hour, 10*time.Second)
	t.Logf("session soak: %+v", res)
	if res.refreshes < 9 || res.refreshes > 11 {
		t.Errorf("%d renewals in 8 hours of 1-hour tokens, want 10 ± 1", res.refreshes)
	}
	if res.blocked != 0 || res.short != 0 || res.errors != 0 {
		t.Errorf("blocked callers %d, short tokens %d, errors %d; want none", res.blocked, res.short, res.errors)
	}
}

// BenchmarkSoakSession is the soak above, for BENCHMARKS.md.
func BenchmarkSoakSession(b *testing.B) {
	for b.Loop() {
		soakSession(b, time.Hour, 8*time.Hour, 10*time.Second).report(b)
	}
}

// BenchmarkSoakSession20s is the same 8 hours with 20-second tokens, the
// clock moved in half-second steps.
func BenchmarkSoakSession20s(b *testing.B) {
	for b.Loop() {
		soakSession(b, 20*time.Second, 8*time.Hour, 500*time.Millisecond).report(b)
	}
}

// BenchmarkSoakReuseTokenSource runs x/oauth2's ReuseTokenSource through the
// same soak. x/oauth2 reads the real clock, so time is scaled: one simulated
// hour is one real second (tokens of expires_in=1), its 10 s early expiry and
// the 30 s threshold are scaled alike, and the run takes 8 real seconds.
func BenchmarkSoakReuseTokenSource(b *testing.B) {
	for b.Loop() {
		soakReuseTokenSource(b, time.Hour, 8*time.Second, MinTokenLife).report(b)
	}
}

// BenchmarkSoakReuseTokenSource20s is the same with 20-second tokens: one
// real second is 20 simulated seconds, and the run takes 60 real seconds
// (20 simulated minutes, not 8 hours: that would take 24 real minutes).
func BenchmarkSoakReuseTokenSource20s(b *testing.B) {
	for b.Loop() {
		soakReuseTokenSource(b, 20*time.Second, 60*time.Second, 4*time.Second).report(b)
	}
}

// soakReuseTokenSource runs ReuseTokenSource for run of real time on tokens
// of expires_in=1, each standing for a token of life; margin is the
// simulated life left under which a token counts as short.
func soakReuseTokenSource(b *testing.B, life, run, margin time.Duration) soakResult {
	scale := life / time.Second // simulated per real
	srv := oauthtest.NewServer(oauthtest.Options{TokenLifetime: time.Second})
	defer srv.Close()
	id, _ := srv.RegisterClient([]string{"http://127.0.0.1:1/callback"}, false)
	_, refresh := srv.IssueTokens(id, "4")
	md, err := Discover(context.Background(), http.DefaultClient, srv.URL)
	if err != nil {
		b.Fatal(err)
	}
	cfg := oauthConfig(md, id, "", "", nil)
	base := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: refresh})
	var blocked atomic.Int64
	counting := tokenSourceFunc(func() (*oauth2.Token, error) {
		blocked.Add(1) // ReuseTokenSource calls through only on a caller's path
		return base.Token()
	})
	ts := oauth2.ReuseTokenSourceWithExpiry(nil, counting, 10*time.Second/scale)
	var res soakResult
	deadline := time.Now().Add(run)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				tok, err := ts.Token()
				atomic.AddInt64(&res.calls, 1)
				switch {
				case err != nil:
					atomic.AddInt64(&res.errors, 1)
				case time.Until(tok.Expiry) < margin/scale:
					atomic.AddInt64(&res.short, 1)
				}
			}
		})
	}
	wg.Wait()
	res.refreshes = int64(srv.Counts().Refresh)
	res.blocked = blocked.Load()
	return res
}

type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }
