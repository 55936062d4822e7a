package socket

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/sockettest"
)

func TestConnectAuthenticatesThenReadsTheProfile(t *testing.T) {
	srv := newServer(t, sockettest.Options{SubscribeLimit: 321, HistoryLimit: 42})
	c := newClient(t, fastConfig(srv))
	st := waitKind(t, c, Live)
	if st.Limit != 321 || st.MaxOnline != 10 || st.Online != 1 {
		t.Errorf("live status = %+v; want limit 321, 1 of 10 online", st)
	}
	p := c.Profile()
	if p.SubscribeLimit != 321 || p.HistoryLimit != 42 || len(p.RateLimits) != len(sockettest.DefaultRateLimits) {
		t.Errorf("profile = %+v", p)
	}
	if len(p.Markets["US"].Packages) == 0 {
		t.Errorf("the profile has no US package: %+v", p.Markets)
	}
	reqs := srv.Requests()
	if len(reqs) < 2 || reqs[0].Cmd != 2 || reqs[1].Cmd != 4 {
		t.Fatalf("first requests %+v; want auth (2) then the profile (4)", reqs)
	}
	if reqs[0].RequestID != 1 || reqs[1].RequestID != 2 {
		t.Errorf("request ids %d, %d; want 1, 2", reqs[0].RequestID, reqs[1].RequestID)
	}
}

func TestSubscribeDeliversTheSnapshotThenEachPush(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	c := newClient(t, fastConfig(srv))
	var rec recorder
	sub, err := c.Subscribe([]string{"aapl.us"}, rec.add)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	waitFor(t, "the snapshot", func() bool { q, ok := rec.latest("AAPL.US"); return ok && q.FromSnapshot })
	q, _ := rec.latest("AAPL.US")
	prev := q.PrevClose
	if prev.IsZero() || q.Last.IsZero() {
		t.Errorf("snapshot = %+v; want a prev close and a last price", q)
	}
	// 1.66 % above the previous close, to the cent.
	moved := prev.Mul(decimal.RequireFromString("1.0166")).Round(2)
	if err := srv.SetPrice("AAPL.US", moved.String()); err != nil {
		t.Fatal(err)
	}
	if n := srv.Push("AAPL.US"); n != 1 {
		t.Fatalf("the push reached %d sockets, want 1", n)
	}
	waitFor(t, "the push", func() bool { q, ok := rec.latest("AAPL.US"); return ok && !q.FromSnapshot })
	q, _ = rec.latest("AAPL.US")
	if !q.Last.Equal(moved) || !q.PrevClose.Equal(prev) {
		t.Errorf("after the push = last %s prev %s; want %s over the snapshot's %s", q.Last, q.PrevClose, moved, prev)
	}
	if ch, ok := q.ChangePercent(); !ok || !ch.Equal(decimal.RequireFromString("1.66")) {
		t.Errorf("change %% = %s, %v; want 1.66", ch, ok)
	}
	st := c.Status()
	if st.Symbols != 1 || st.LastUpdate.IsZero() {
		t.Errorf("status = %+v; want 1 symbol and a last update", st)
	}
}

func TestOwnersShareOneServerSubscription(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	c := newClient(t, fastConfig(srv))
	waitKind(t, c, Live)
	var r1, r2 recorder
	watchlist, err := c.Subscribe([]string{"AAPL.US", "700.HK"}, r1.add)
	if err != nil {
		t.Fatal(err)
	}
	positions, err := c.Subscribe([]string{"AAPL.US", "TSLA.US"}, r2.add)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"700.HK", "AAPL.US", "TSLA.US"}
	waitFor(t, "three symbols on the server", func() bool { return sameSet(srv.Subscribed(), want) })
	srv.Push("AAPL.US")
	waitFor(t, "the push in both views", func() bool {
		a, ok1 := r1.latest("AAPL.US")
		b, ok2 := r2.latest("AAPL.US")
		return ok1 && ok2 && !a.FromSnapshot && !b.FromSnapshot
	})

	watchlist.Close()
	waitFor(t, "700.HK unsubscribed", func() bool { return sameSet(srv.Subscribed(), []string{"AAPL.US", "TSLA.US"}) })
	if got := c.Status().Wanted; got != 2 {
		t.Errorf("wanted = %d after one owner left, want 2", got)
	}
	positions.Close()
	waitFor(t, "nothing subscribed", func() bool { return len(srv.Subscribed()) == 0 })
	if n := timesAsked(srv, 6, "AAPL.US"); n != 1 {
		t.Errorf("AAPL.US was subscribed %d times, want once", n)
	}
	if n := timesAsked(srv, 7, "AAPL.US"); n != 1 {
		t.Errorf("AAPL.US was unsubscribed %d times, want once", n)
	}
}

func TestSubscriptionPastTheLimitIsRefusedWhole(t *testing.T) {
	srv := newServer(t, sockettest.Options{SubscribeLimit: 3})
	c := newClient(t, fastConfig(srv))
	waitKind(t, c, Live)
	waitFor(t, "the profile", func() bool { return c.Profile().SubscribeLimit == 3 })
	a, err := c.Subscribe([]string{"A.US", "B.US"}, func(Quote) {})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = c.Subscribe([]string{"B.US", "C.US", "D.US"}, func(Quote) {})
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != 3 || le.Subscribed != 2 || le.Asked != 2 {
		t.Fatalf("err = %v; want a LimitError of 2 more past 3 with 2 subscribed", err)
	}
	if got := c.Status().Wanted; got != 2 {
		t.Errorf("wanted = %d; the refused subscription must add nothing", got)
	}
	b, err := c.Subscribe([]string{"B.US", "C.US"}, func(Quote) {})
	if err != nil {
		t.Fatalf("up to the limit is allowed: %v", err)
	}
	b.Close()
}

// Every way of losing the link must end with every subscription back on
// the server and a fresh snapshot delivered: a price that moved while the
// client was away is shown, not the stale one.
func TestEveryReconnectPathRestoresSubscriptionsAndSnapshots(t *testing.T) {
	tests := []struct {
		name    string
		opts    sockettest.Options
		break_  func(srv *sockettest.Server)
		reason  Reason
		resumed bool // the session was resumed rather than authenticated afresh
	}{
		{"a dropped connection is resumed", sockettest.Options{},
			func(srv *sockettest.Server) { srv.DropAll() }, ReasonConnectionLost, true},
		{"a frozen link is noticed by its heartbeat and resumed", sockettest.Options{},
			func(srv *sockettest.Server) { srv.Freeze() }, ReasonHeartbeatTimeout, true},
		{"a server close frame is reported with its code", sockettest.Options{},
			func(srv *sockettest.Server) { srv.CloseAll(2, "server shutdown") }, ReasonServerClosed, true},
		{"an expired session falls back to a fresh token", sockettest.Options{},
			func(srv *sockettest.Server) { srv.ExpireSessions(); srv.DropAll() }, ReasonConnectionLost, false},
		{"a refused resume falls back to a fresh token", sockettest.Options{},
			func(srv *sockettest.Server) { srv.RefuseResume(true); srv.DropAll() }, ReasonConnectionLost, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, tt.opts)
			c := newClient(t, fastConfig(srv))
			var rec recorder
			syms := []string{"AAPL.US", "700.HK", "TSLA.US"}
			sub, err := c.Subscribe(syms, rec.add)
			if err != nil {
				t.Fatal(err)
			}
			defer sub.Close()
			waitFor(t, "three snapshots", func() bool { return len(rec.all()) >= 3 })
			waitFor(t, "all on the server", func() bool { return sameSet(srv.Subscribed(), syms) })
			auths, resumes := srv.Auths(), srv.Resumes()
			var mu sync.Mutex
			var seen []Status
			stop := c.SubscribeStatus(func(st Status) { mu.Lock(); seen = append(seen, st); mu.Unlock() })
			defer stop()

			tt.break_(srv)
			if err := srv.SetPrice("700.HK", "401.200"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the fresh snapshot", func() bool {
				q, ok := rec.latest("700.HK")
				return ok && q.FromSnapshot && q.Last.Equal(decimal.RequireFromString("401.2"))
			})
			st := waitKind(t, c, Live)
			waitFor(t, "all back on the server", func() bool { return sameSet(srv.Subscribed(), syms) })
			if st.Reconnects != 1 {
				t.Errorf("reconnects = %d, want 1", st.Reconnects)
			}
			if tt.resumed && (srv.Resumes() != resumes+1 || srv.Auths() != auths) {
				t.Errorf("resumes %d->%d, auths %d->%d; want one resume", resumes, srv.Resumes(), auths, srv.Auths())
			}
			if !tt.resumed && srv.Auths() != auths+1 {
				t.Errorf("auths %d->%d; want one fresh authentication", auths, srv.Auths())
			}
			// States are coalesced: a reconnect that is over at once may
			// never be seen as Reconnecting, but the loss stays in the status.
			loss := st.LastLoss
			if loss.Reason != tt.reason || loss.At.IsZero() {
				t.Errorf("the last loss is %v at %v, want %v (%v)", loss.Reason, loss.At, tt.reason, loss.Err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, s := range seen {
				if s.Kind == Reconnecting && s.Reason != tt.reason {
					t.Errorf("reconnecting because %v, want %v (%v)", s.Reason, tt.reason, s.Err)
				}
			}
			if tt.reason == ReasonServerClosed && loss.CloseCode != 4002 {
				t.Errorf("close code %d, want 4002 (ServerShutdown)", loss.CloseCode)
			}
		})
	}
}

func TestAnExpiredOneTimeTokenIsReplacedByAFreshOne(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	cfg := fastConfig(srv)
	http := cfg.Tokens
	fetched := 0
	cfg.Tokens = TokenFunc(func(ctx context.Context) (SocketToken, error) {
		tok, err := http.SocketToken(ctx)
		fetched++
		if fetched == 1 {
			srv.ExpireTokens() // it expires between the fetch and its use
		}
		return tok, err
	})
	c := newClient(t, cfg)
	waitKind(t, c, Live)
	if srv.Auths() != 1 || srv.Issued() != 2 {
		t.Errorf("auths %d, tokens issued %d; want the second token to authenticate", srv.Auths(), srv.Issued())
	}
}

func TestRefusals(t *testing.T) {
	t.Run("the connection limit is a refusal, retried", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{ConnectionLimit: 2})
		srv.SetOtherConnections(2)
		c := newClient(t, fastConfig(srv))
		st := waitKind(t, c, Refused)
		if st.Reason != ReasonConnectionLimit || st.RetryAt.IsZero() {
			t.Fatalf("status = %+v; want refused for the connection limit with a retry time", st)
		}
		srv.SetOtherConnections(1) // the other program closed one
		waitKind(t, c, Live)
	})
	t.Run("a second app of the same account past the limit is refused by the server", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{ConnectionLimit: 1})
		first := newClient(t, fastConfig(srv))
		waitKind(t, first, Live)
		cfg := fastConfig(srv)
		// This one ignores the token's counts, so the server must refuse it.
		inner := cfg.Tokens
		cfg.Tokens = TokenFunc(func(ctx context.Context) (SocketToken, error) {
			tok, err := inner.SocketToken(ctx)
			tok.Limit = 0
			return tok, err
		})
		second := newClient(t, cfg)
		st := waitKind(t, second, Refused)
		if st.Reason != ReasonConnectionLimit {
			t.Fatalf("second app: %+v; want refused for the connection limit", st)
		}
		if got := first.Status().Kind; got != Live {
			t.Errorf("the first app is %v; it must stay live", got)
		}
	})
	t.Run("a market without quote access is a problem of that market only", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{NoAccess: []string{"US"}})
		c := newClient(t, fastConfig(srv))
		var rec recorder
		sub, err := c.Subscribe([]string{"AAPL.US", "700.HK"}, rec.add)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		waitFor(t, "the HK snapshot", func() bool { _, ok := rec.latest("700.HK"); return ok })
		var st Status
		waitFor(t, "the problem", func() bool { st = c.Status(); return len(st.Problems) == 1 })
		p := st.Problems[0]
		if p.Reason != ReasonNoQuoteAccess || p.Market != "US" || join(p.Symbols) != "AAPL.US" {
			t.Errorf("problem = %+v; want no quote access for US (AAPL.US)", p)
		}
		if st.Kind != Live || st.Symbols != 1 {
			t.Errorf("status = %v with %d symbols; want live with 1", st.Kind, st.Symbols)
		}
		if w := c.Profile().Markets["US"].Warning; w == "" {
			t.Error("the profile carries no warning for US")
		}
	})
	t.Run("the monthly history quota is reported", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{HistoryLimit: 1})
		c := newClient(t, fastConfig(srv))
		ctx := context.Background()
		from, to := time.Now().AddDate(0, -1, 0), time.Now()
		if _, err := c.HistoryCandlesticks(ctx, "AAPL.US", Day, NoAdjust, RegularOnly, from, to); err != nil {
			t.Fatal(err)
		}
		_, err := c.HistoryCandlesticks(ctx, "TSLA.US", Day, NoAdjust, RegularOnly, from, to)
		var se *Error
		if !errors.As(err, &se) || se.Reason() != ReasonHistoryQuota || se.Code != CodeHistoryQuotaExhausted {
			t.Fatalf("err = %v; want the 301607 quota error", err)
		}
		st := c.Status()
		if len(st.Problems) != 1 || st.Problems[0].Reason != ReasonHistoryQuota {
			t.Errorf("problems = %+v; want the history quota", st.Problems)
		}
	})
	t.Run("a queued 429-style refusal reaches the caller as rate limited", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{})
		c := newClient(t, fastConfig(srv))
		srv.RefuseNext(11, sockettest.RefuseRateLimited)
		_, err := c.Quotes(context.Background(), []string{"AAPL.US"})
		var se *Error
		if !errors.As(err, &se) || se.Reason() != ReasonRateLimited || se.Status != packet.StatusBadRequest {
			t.Fatalf("err = %v; want rate limited", err)
		}
	})
	t.Run("a token source that needs sign-in is a refusal", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{})
		cfg := fastConfig(srv)
		cfg.Tokens = &HTTPTokens{BaseURL: srv.URL, ClientID: "x", Tokens: refusingTokens{}}
		c := newClient(t, cfg)
		st := waitKind(t, c, Refused)
		if st.Reason != ReasonSignInNeeded {
			t.Fatalf("status = %+v; want sign-in needed", st)
		}
	})
}

func TestRequestsHonourTheProfilesRateLimit(t *testing.T) {
	// The fake refuses more than 20 a second past a burst of 2 (plus one of
	// slack); twelve concurrent callers must all succeed, paced.
	srv := newServer(t, sockettest.Options{RateLimits: []sockettest.RateLimit{{Cmd: 11, Limit: 20, Burst: 2}, {Cmd: 6, Limit: 10, Burst: 5}}})
	c := newClient(t, fastConfig(srv))
	waitKind(t, c, Live)
	waitFor(t, "the profile", func() bool { return len(c.Profile().RateLimits) == 2 })
	start := time.Now()
	errs := make(chan error, 12)
	for range 12 {
		go func() {
			_, err := c.Quotes(context.Background(), []string{"AAPL.US"})
			errs <- err
		}()
	}
	for range 12 {
		if err := <-errs; err != nil {
			t.Errorf("a paced request failed: %v", err)
		}
	}
	// Two from the burst, ten at 50 ms each.
	if elapsed := time.Since(start); elapsed < 450*time.Millisecond {
		t.Errorf("12 requests took %v; at 20/s past a burst of 2 they need at least 0.5 s", elapsed)
	}
}

func TestGzipBodiesAndSlowAnswers(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	cfg := fastConfig(srv)
	cfg.RequestTimeout = 300 * time.Millisecond
	c := newClient(t, cfg)
	waitKind(t, c, Live)
	srv.SetGzip(true)
	qs, err := c.Quotes(context.Background(), []string{"AAPL.US", "700.HK"})
	if err != nil || len(qs) != 2 || qs[1].Symbol != "700.HK" || qs[1].Last.IsZero() {
		t.Fatalf("gzip quotes = %+v, %v", qs, err)
	}
	srv.SetResponseDelay(time.Second)
	if _, err := c.Quotes(context.Background(), []string{"AAPL.US"}); !errors.Is(err, ErrTimeout) {
		t.Fatalf("slow answer: err = %v, want ErrTimeout", err)
	}
}

var newYork, _ = time.LoadLocation("America/New_York")

func TestRequestMethods(t *testing.T) {
	// A Monday of the market's calendar: the week before it has Thanksgiving.
	now := time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC)
	srv := newServer(t, sockettest.Options{Now: func() time.Time { return now }})
	c := newClient(t, fastConfig(srv))
	ctx := context.Background()

	info, err := c.StaticInfo(ctx, []string{"700.HK"})
	if err != nil || len(info) != 1 || info[0].NameEN != "Tencent Holdings" || info[0].LotSize != 100 || info[0].Currency != "HKD" {
		t.Errorf("static info = %+v, %v", info, err)
	}
	bars, err := c.Candlesticks(ctx, "AAPL.US", Minute5, 30, ForwardAdjust, AllSessions)
	if err != nil || len(bars) != 30 {
		t.Fatalf("candlesticks = %d bars, %v", len(bars), err)
	}
	for i, b := range bars {
		if b.High.LessThan(b.Open) || b.High.LessThan(b.Close) || b.Low.GreaterThan(b.Open) || b.Low.GreaterThan(b.Close) {
			t.Errorf("bar %d is not a candle: %+v", i, b)
		}
		// Five minutes apart within a day; the night and the weekend
		// between two days have no bars.
		if i == 0 {
			continue
		}
		if gap := b.Time.Sub(bars[i-1].Time); gap != 5*time.Minute && (gap < 12*time.Hour || b.Time.In(newYork).Format("15:04") != "09:30") {
			t.Errorf("bar %d is %v after the one before, want 5 min or the next day's open", i, gap)
		}
	}
	if _, err := c.Candlesticks(ctx, "AAPL.US", Day, 1001, NoAdjust, RegularOnly); err == nil {
		t.Error("1001 bars were asked for")
	}
	// Older bars by offset, from the oldest bar just fetched: they end at it
	// (the server includes the bar at the minute asked), in the market's time.
	older, err := c.HistoryBefore(ctx, "AAPL.US", Minute5, ForwardAdjust, AllSessions, bars[0].Time.In(newYork), 10)
	if err != nil || len(older) != 10 || !older[9].Time.Equal(bars[0].Time) || !older[0].Time.Before(older[9].Time) {
		t.Errorf("10 bars before %v = %d bars ending %v, %v", bars[0].Time, len(older), older[len(older)-1].Time, err)
	}
	days5, err := c.HistoryBefore(ctx, "AAPL.US", Day, ForwardAdjust, RegularOnly, time.Date(2026, 11, 27, 0, 0, 0, 0, newYork), 3)
	if err != nil || len(days5) != 3 || days5[0].Time.In(newYork).Format("01-02") != "11-24" || days5[2].Time.In(newYork).Format("01-02") != "11-27" {
		t.Errorf("3 days to 27 November = %+v, %v; want 24, 25 and 27 (26 is Thanksgiving)", days5, err)
	}
	if _, err := c.HistoryBefore(ctx, "AAPL.US", Day, NoAdjust, RegularOnly, now, 0); err == nil {
		t.Error("0 bars were asked for")
	}
	lines, err := c.Intraday(ctx, "AAPL.US", RegularOnly)
	if err != nil || len(lines) == 0 || lines[0].Price.IsZero() {
		t.Errorf("intraday = %d lines, %v", len(lines), err)
	}
	lo, hi := lines[0].Price, lines[0].Price
	for _, l := range lines {
		lo, hi = decimal.Min(lo, l.Price), decimal.Max(hi, l.Price)
	}
	if last := lines[len(lines)-1].Average; last.LessThan(lo) || last.GreaterThan(hi) {
		t.Errorf("the day's average %s is outside the prices %s-%s", last, lo, hi)
	}
	sessions, err := c.TradingSessions(ctx)
	if err != nil || len(sessions["US"]) != 3 || sessions["US"][1].Begin != 930 || sessions["US"][1].Session != SessionRegular {
		t.Errorf("sessions = %+v, %v", sessions, err)
	}
	from := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	days, err := c.TradingDays(ctx, "US", from, from.AddDate(0, 0, 6))
	if err != nil || len(days.Full) != 5 || len(days.Half) != 0 {
		t.Errorf("a week of trading days = %+v, %v; want 5", days, err)
	}
	days, err = c.TradingDays(ctx, "US", from.AddDate(0, 0, 7), from.AddDate(0, 0, 13))
	if err != nil || len(days.Full) != 3 || len(days.Half) != 1 {
		t.Errorf("Thanksgiving week = %+v, %v; want 3 full days and a half day", days, err)
	}
	if _, err := c.TradingDays(ctx, "US", from.AddDate(0, -2, 0), from); err == nil {
		t.Error("a two-month range was asked for")
	}
}

func TestConfigIsChecked(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"an http URL is refused", Config{URL: "http://127.0.0.1:1/v2", Tokens: TokenFunc(nil)}},
		{"plain ws off loopback is refused", Config{URL: "ws://example.com/v2", Tokens: TokenFunc(nil)}},
		{"no token fetcher is refused", Config{URL: "wss://openapi-quote.longportapp.com/v2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg); err == nil {
				t.Fatal("New accepted it")
			}
		})
	}
}

func TestQuoteURL(t *testing.T) {
	tests := []struct{ base, want string }{
		{"https://openapi.longportapp.com", "wss://openapi-quote.longportapp.com/v2"},
		{"https://openapi.longbridge.cn", "wss://openapi-quote.longbridge.cn/v2"},
		{"http://127.0.0.1:8080", ""},
	}
	for _, tt := range tests {
		got, err := QuoteURL(tt.base)
		if got != tt.want || (tt.want == "") != (err != nil) {
			t.Errorf("QuoteURL(%q) = %q, %v; want %q", tt.base, got, err, tt.want)
		}
	}
}

func TestCallersQueuedWhileOfflineAreStillPaced(t *testing.T) {
	srv := newServer(t, sockettest.Options{RateLimits: []sockettest.RateLimit{{Cmd: 11, Limit: 20, Burst: 1}, {Cmd: 6, Limit: 10, Burst: 5}}})
	srv.FreezeNew(true) // no answer to the auth: the client stays offline
	c := newClient(t, fastConfig(srv))
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.Quotes(context.Background(), []string{"AAPL.US"})
			errs <- err
		}()
	}
	time.Sleep(600 * time.Millisecond) // long enough to fill any bucket
	srv.FreezeNew(false)
	for range 8 {
		if err := <-errs; err != nil {
			t.Errorf("a queued request failed: %v", err)
		}
	}
}
