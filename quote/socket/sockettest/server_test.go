package sockettest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"
	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
	"github.com/portview/portview/quote/socket/sockettest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// raw is a bare socket that sends exactly the packets a test builds.
type raw struct {
	t  *testing.T
	ws *websocket.Conn
	id uint32
}

func newServer(t *testing.T, opts sockettest.Options) *sockettest.Server {
	t.Helper()
	srv, err := sockettest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func dialRaw(t *testing.T, srv *sockettest.Server) *raw {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, srv.WSURL+"?platform=9&version=1&codec=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	ws.SetReadLimit(packet.MaxBodyLen)
	t.Cleanup(func() { ws.CloseNow() })
	return &raw{t: t, ws: ws}
}

func (r *raw) sendBytes(b []byte) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.ws.Write(ctx, websocket.MessageBinary, b); err != nil {
		r.t.Fatal(err)
	}
}

// call sends a request and returns the response packet.
func (r *raw) call(cmd uint8, m proto.Message) packet.Packet {
	r.t.Helper()
	r.id++
	body, _ := proto.Marshal(m)
	b, _ := packet.Packet{Type: packet.Request, Cmd: cmd, RequestID: r.id, Body: body}.Encode()
	r.sendBytes(b)
	return r.next()
}

// next reads packets until a response; pushes are skipped.
func (r *raw) next() packet.Packet {
	r.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, b, err := r.ws.Read(ctx)
		cancel()
		if err != nil {
			r.t.Fatalf("read: %v", err)
		}
		p, err := packet.Decode(b)
		if err != nil {
			r.t.Fatalf("the fake sent a bad packet: %v", err)
		}
		if p.Type == packet.Response {
			return p
		}
	}
}

// closed waits for the server to close the socket and returns its code.
func (r *raw) closed() websocket.StatusCode {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		if _, _, err := r.ws.Read(ctx); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

func errorOf(t *testing.T, p packet.Packet) (packet.Status, uint64) {
	t.Helper()
	var e pb.Error
	if err := proto.Unmarshal(p.Body, &e); err != nil {
		t.Fatal(err)
	}
	return p.Status, e.Code
}

func (r *raw) auth(srv *sockettest.Server) {
	r.t.Helper()
	p := r.call(packet.CmdAuth, &pb.AuthRequest{Token: srv.IssueToken().OTP})
	if p.Status != packet.StatusOK {
		r.t.Fatalf("auth: status %v", p.Status)
	}
}

func TestTheHandshakeNeedsItsThreeValues(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	for _, q := range []string{"", "?version=1&codec=1", "?version=2&codec=1&platform=9", "?version=1&codec=2&platform=9"} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, resp, err := websocket.Dial(ctx, srv.WSURL+q, nil)
		cancel()
		if err == nil || resp == nil || resp.StatusCode != http.StatusBadRequest {
			t.Errorf("query %q: err %v, response %v; want HTTP 400", q, err, resp)
		}
	}
}

func TestRequestsBeforeAuthAreRefusedAndTheSocketClosed(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	r := dialRaw(t, srv)
	p := r.call(packet.CmdQuote, &pb.MultiSecurityRequest{Symbol: []string{"AAPL.US"}})
	if p.Status != packet.StatusUnauthenticated {
		t.Fatalf("status %v, want unauthenticated", p.Status)
	}
	if code := r.closed(); code != 4000+websocket.StatusCode(pb.Close_AuthError) {
		t.Errorf("close code %d, want %d (AuthError)", code, 4000+pb.Close_AuthError)
	}
}

func TestAOneTimeTokenIsSpentByItsFirstUse(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	tok := srv.IssueToken()
	r := dialRaw(t, srv)
	if p := r.call(packet.CmdAuth, &pb.AuthRequest{Token: tok.OTP}); p.Status != packet.StatusOK {
		t.Fatalf("first use: %v", p.Status)
	}
	r2 := dialRaw(t, srv)
	if p := r2.call(packet.CmdAuth, &pb.AuthRequest{Token: tok.OTP}); p.Status != packet.StatusUnauthenticated {
		t.Fatalf("second use: %v, want unauthenticated", p.Status)
	}
}

func TestAnExpiredTokenIsRefused(t *testing.T) {
	srv := newServer(t, sockettest.Options{TokenTTL: time.Millisecond})
	tok := srv.IssueToken()
	time.Sleep(5 * time.Millisecond)
	r := dialRaw(t, srv)
	if p := r.call(packet.CmdAuth, &pb.AuthRequest{Token: tok.OTP}); p.Status != packet.StatusUnauthenticated {
		t.Fatalf("status %v, want unauthenticated", p.Status)
	}
}

func TestMalformedFramesCloseTheSocket(t *testing.T) {
	tests := []struct {
		name  string
		frame []byte
	}{
		{"a length longer than the body", []byte{0x01, 2, 0, 0, 0, 1, 0, 0, 0, 0, 9, 1}},
		{"a length shorter than the body", []byte{0x01, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}},
		{"a reserved header bit", []byte{0x81, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0}},
		{"an unknown packet type", []byte{0x05, 2, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, sockettest.Options{})
			r := dialRaw(t, srv)
			r.sendBytes(tt.frame)
			if code := r.closed(); code != 4000+websocket.StatusCode(pb.Close_UnpackError) {
				t.Errorf("close code %d, want UnpackError", code)
			}
		})
	}
	t.Run("a text frame", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{})
		r := dialRaw(t, srv)
		_ = r.ws.Write(context.Background(), websocket.MessageText, []byte("hello"))
		if code := r.closed(); code != 4000+websocket.StatusCode(pb.Close_UnpackError) {
			t.Errorf("close code %d, want UnpackError", code)
		}
	})
}

func TestStrictAnswers(t *testing.T) {
	many := make([]string, 501)
	for i := range many {
		many[i] = "S" + string(rune('A'+i%26)) + ".US"
	}
	tests := []struct {
		name   string
		opts   sockettest.Options
		cmd    uint8
		req    proto.Message
		status packet.Status
		code   uint64
	}{
		{"an unknown command", sockettest.Options{}, 99, &pb.SecurityRequest{}, packet.StatusBadRequest, 301600},
		{"more than 500 symbols in one subscribe", sockettest.Options{}, packet.CmdSubscribe,
			&pb.SubscribeRequest{Symbol: many, SubType: []pb.SubType{pb.SubType_QUOTE}}, packet.StatusBadRequest, 301600},
		{"an unknown sub_type", sockettest.Options{}, packet.CmdSubscribe,
			&pb.SubscribeRequest{Symbol: []string{"AAPL.US"}, SubType: []pb.SubType{9}}, packet.StatusServerInternalError, 301600},
		{"a subscription past the limit", sockettest.Options{SubscribeLimit: 1}, packet.CmdSubscribe,
			&pb.SubscribeRequest{Symbol: []string{"AAPL.US", "TSLA.US"}, SubType: []pb.SubType{pb.SubType_QUOTE}}, packet.StatusServerInternalError, 301605},
		{"a market without access", sockettest.Options{NoAccess: []string{"HK"}}, packet.CmdQuote,
			&pb.MultiSecurityRequest{Symbol: []string{"700.HK"}}, packet.StatusServerInternalError, 301604},
		{"an intraday line of a market without access", sockettest.Options{NoAccess: []string{"HK"}}, packet.CmdIntraday,
			&pb.SecurityIntradayRequest{Symbol: "700.HK"}, packet.StatusServerInternalError, 301604},
		{"a count of 0 bars", sockettest.Options{}, packet.CmdCandlestick,
			&pb.SecurityCandlestickRequest{Symbol: "AAPL.US", Period: pb.Period_DAY}, packet.StatusServerInternalError, 301600},
		{"a trading-day range over a month", sockettest.Options{}, packet.CmdTradeDay,
			&pb.MarketTradeDayRequest{Market: "US", BegDay: time.Now().AddDate(0, -3, 0).Format("20060102"), EndDay: time.Now().Format("20060102")},
			packet.StatusServerInternalError, 301600},
		{"a second history symbol past a quota of one", sockettest.Options{HistoryLimit: 1}, packet.CmdHistory,
			&pb.SecurityHistoryCandlestickRequest{Symbol: "TSLA.US", Period: pb.Period_DAY, QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_DATE},
			packet.StatusServerInternalError, 301607},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			srv := newServer(t, tt.opts)
			r := dialRaw(t, srv)
			r.auth(srv)
			if tt.cmd == packet.CmdHistory {
				first := r.call(tt.cmd, &pb.SecurityHistoryCandlestickRequest{Symbol: "AAPL.US", Period: pb.Period_DAY, QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_DATE})
				if first.Status != packet.StatusOK {
					t.Fatalf("the first history symbol: %v", first.Status)
				}
			}
			status, code := errorOf(t, r.call(tt.cmd, tt.req))
			if status != tt.status || code != tt.code {
				t.Errorf("status %v code %d, want %v %d", status, code, tt.status, tt.code)
			}
		})
	}
}

func TestADuplicateRequestIDIsRefused(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	r := dialRaw(t, srv)
	r.auth(srv)
	body, _ := proto.Marshal(&pb.MultiSecurityRequest{Symbol: []string{"AAPL.US"}})
	b, _ := packet.Packet{Type: packet.Request, Cmd: packet.CmdQuote, RequestID: r.id, Body: body}.Encode()
	r.sendBytes(b)
	if status, code := errorOf(t, r.next()); status != packet.StatusBadRequest || code != 301600 {
		t.Errorf("status %v code %d, want bad request 301600", status, code)
	}
}

func TestABurstPastTheAnnouncedRateIsRefused(t *testing.T) {
	srv := newServer(t, sockettest.Options{RateLimits: []sockettest.RateLimit{{Cmd: packet.CmdQuote, Limit: 1, Burst: 2}}})
	r := dialRaw(t, srv)
	r.auth(srv)
	body, _ := proto.Marshal(&pb.MultiSecurityRequest{Symbol: []string{"AAPL.US"}})
	for range 5 {
		r.id++
		b, _ := packet.Packet{Type: packet.Request, Cmd: packet.CmdQuote, RequestID: r.id, Body: body}.Encode()
		r.sendBytes(b)
	}
	ok, limited := 0, 0
	for range 5 {
		p := r.next()
		if p.Status == packet.StatusOK {
			ok++
		} else if _, code := errorOf(t, p); code == 301606 {
			limited++
		}
	}
	// The burst of 2 plus the fake's one token of slack.
	if ok != 3 || limited != 2 {
		t.Errorf("%d answered, %d rate limited; want 3 and 2", ok, limited)
	}
}

func TestTheTokenEndpointNeedsABearer(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	resp, err := http.Get(srv.URL + "/v1/socket/token")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no bearer: HTTP %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/socket/token", nil)
	req.Header.Set("Authorization", "Bearer x")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Code int              `json:"code"`
		Data sockettest.Token `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.Code != 0 || env.Data.OTP == "" || env.Data.Limit != 10 {
		t.Errorf("answer = %+v, %v; want an otp with limit 10", env, err)
	}
}

func TestThePushGeneratorWalksInDecimals(t *testing.T) {
	srv := newServer(t, sockettest.Options{PushRate: 200})
	r := dialRaw(t, srv)
	r.auth(srv)
	if p := r.call(packet.CmdSubscribe, &pb.SubscribeRequest{Symbol: []string{"700.HK"}, SubType: []pb.SubType{pb.SubType_QUOTE}}); p.Status != packet.StatusOK {
		t.Fatalf("subscribe: %v", p.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var last int64
	for n := 0; n < 10; {
		_, b, err := r.ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p, err := packet.Decode(b)
		if err != nil || p.Type != packet.Push {
			continue
		}
		var q pb.PushQuote
		if err := proto.Unmarshal(p.Body, &q); err != nil {
			t.Fatal(err)
		}
		if q.Symbol != "700.HK" || q.Sequence <= last || len(q.LastDone) < 5 || q.LastDone[len(q.LastDone)-4] != '.' {
			t.Fatalf("push %+v: want 700.HK, rising sequence, a price with 3 places", &q)
		}
		last = q.Sequence
		n++
	}
}

func TestAFrozenLinkAnswersNoPing(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	r := dialRaw(t, srv)
	r.auth(srv)
	go func() { _, _, _ = r.ws.Read(context.Background()) }() // Ping needs a reader
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := r.ws.Ping(ctx); err != nil {
		t.Fatalf("a live link: %v", err)
	}
	srv.Freeze()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	if err := r.ws.Ping(ctx2); err == nil {
		t.Fatal("a frozen link answered a ping")
	}
}

func TestOnlyLoopbackAddresses(t *testing.T) {
	if _, err := sockettest.NewServer(sockettest.Options{Addr: "0.0.0.0:0"}); err == nil {
		t.Fatal("the fake listened beyond loopback")
	}
}

// pushesWithin counts the quote pushes a subscribed socket gets in d.
func pushesWithin(t *testing.T, r *raw, d time.Duration) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	n := 0
	for {
		_, b, err := r.ws.Read(ctx)
		if err != nil {
			return n
		}
		if p, err := packet.Decode(b); err == nil && p.Type == packet.Push {
			n++
		}
	}
}

func TestWithMarketHoursNothingMovesAtTheWeekend(t *testing.T) {
	tests := []struct {
		name   string
		now    time.Time
		pushes bool
	}{
		{"a Sunday is quiet", time.Date(2026, 12, 6, 15, 0, 0, 0, time.UTC), false},
		{"US pre-market is quiet (the path is the regular session's)", time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC), false},
		{"a Monday's session streams", time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, sockettest.Options{PushRate: 100, MarketHours: true, Now: func() time.Time { return tt.now }})
			r := dialRaw(t, srv)
			r.auth(srv)
			if p := r.call(packet.CmdSubscribe, &pb.SubscribeRequest{Symbol: []string{"AAPL.US"}, SubType: []pb.SubType{pb.SubType_QUOTE}}); p.Status != packet.StatusOK {
				t.Fatalf("subscribe: %v", p.Status)
			}
			if n := pushesWithin(t, r, 300*time.Millisecond); (n > 0) != tt.pushes {
				t.Errorf("%d pushes in 300 ms; want pushes %v", n, tt.pushes)
			}
		})
	}
}

func TestHistoryByDateHasNoBarsOnClosedDays(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	srv := newServer(t, sockettest.Options{Now: func() time.Time { return now }})
	r := dialRaw(t, srv)
	r.auth(srv)
	p := r.call(packet.CmdHistory, &pb.SecurityHistoryCandlestickRequest{
		Symbol: "AAPL.US", Period: pb.Period_DAY, QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_DATE,
		DateRequest: &pb.SecurityHistoryCandlestickRequest_DateQuery{StartDate: "20261120", EndDate: "20261204"},
	})
	var resp pb.SecurityCandlestickResponse
	if p.Status != packet.StatusOK || proto.Unmarshal(p.Body, &resp) != nil {
		t.Fatalf("history: status %v", p.Status)
	}
	ny, _ := time.LoadLocation("America/New_York")
	var got []string
	for _, c := range resp.Candlesticks {
		got = append(got, time.Unix(c.Timestamp, 0).In(ny).Format("01-02"))
	}
	// 21-22 and 28-29 are weekends, 26 Thanksgiving.
	want := "11-20 11-23 11-24 11-25 11-27 11-30 12-01 12-02 12-03 12-04"
	if strings.Join(got, " ") != want {
		t.Errorf("daily bars on %v, want %s", got, want)
	}
}

func TestStaticInfoNamesTheSecurityListsWellKnownSymbols(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	r := dialRaw(t, srv)
	r.auth(srv)
	p := r.call(packet.CmdStaticInfo, &pb.MultiSecurityRequest{Symbol: []string{"TSM.US", "ZZZQ.US"}})
	var resp pb.SecurityStaticInfoResponse
	if p.Status != packet.StatusOK || proto.Unmarshal(p.Body, &resp) != nil || len(resp.SecuStaticInfo) != 2 {
		t.Fatalf("static info: status %v, %d answers", p.Status, len(resp.SecuStaticInfo))
	}
	if got := resp.SecuStaticInfo[0]; got.NameCn != "台积电" || !strings.HasPrefix(got.NameEn, "Taiwan Semiconductor") {
		t.Errorf("TSM.US is named %q, %q", got.NameEn, got.NameCn)
	}
	if got := resp.SecuStaticInfo[1]; got.NameEn != "ZZZQ.US" {
		t.Errorf("an unknown symbol is named %q, want its code", got.NameEn)
	}
}

func TestHistoryByOffsetWalksTradingMinutesFromADate(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	srv := newServer(t, sockettest.Options{Now: func() time.Time { return now }})
	r := dialRaw(t, srv)
	r.auth(srv)
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		name        string
		dir         pb.Direction
		first, last string
	}{
		// Friday 27 November is a half day: it closes at 13:00.
		{"older bars end at the minute asked", pb.Direction_BACKWARD, "11-27 12:57", "11-27 12:59"},
		{"newer bars cross the night to the next open", pb.Direction_FORWARD, "11-27 12:59", "11-30 09:31"},
	}
	for _, tt := range tests {
		p := r.call(packet.CmdHistory, &pb.SecurityHistoryCandlestickRequest{
			Symbol: "AAPL.US", Period: pb.Period_ONE_MINUTE, QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_OFFSET,
			OffsetRequest: &pb.SecurityHistoryCandlestickRequest_OffsetQuery{Direction: tt.dir, Date: "20261127", Minute: "1259", Count: 3},
		})
		var resp pb.SecurityCandlestickResponse
		if p.Status != packet.StatusOK || proto.Unmarshal(p.Body, &resp) != nil || len(resp.Candlesticks) != 3 {
			t.Fatalf("%s: status %v, %d bars", tt.name, p.Status, len(resp.Candlesticks))
		}
		at := func(c *pb.Candlestick) string { return time.Unix(c.Timestamp, 0).In(ny).Format("01-02 15:04") }
		if got := at(resp.Candlesticks[0]) + " " + at(resp.Candlesticks[2]); got != tt.first+" "+tt.last {
			t.Errorf("%s: bars %s, want %s to %s", tt.name, got, tt.first, tt.last)
		}
	}
}

func TestAllSessionsBringPreAndPostMarketBars(t *testing.T) {
	now := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC) // Monday 10:00 in New York
	srv := newServer(t, sockettest.Options{Now: func() time.Time { return now }})
	r := dialRaw(t, srv)
	r.auth(srv)
	ny, _ := time.LoadLocation("America/New_York")
	sessionsOf := func(list []*pb.Candlestick) string {
		var s []string
		for _, c := range list {
			s = append(s, time.Unix(c.Timestamp, 0).In(ny).Format("01-02 15:04")+"/"+c.TradeSession.String())
		}
		return strings.Join(s, " ")
	}
	for _, tt := range []struct {
		name string
		cmd  uint8
		req  proto.Message
		want string
	}{
		{"recent bars with all sessions", packet.CmdCandlestick,
			&pb.SecurityCandlestickRequest{Symbol: "AAPL.US", Period: pb.Period_SIXTY_MINUTE, Count: 10, TradeSession: 100},
			"12-04 17:00/POST_TRADE 12-04 18:00/POST_TRADE 12-04 19:00/POST_TRADE 12-07 04:00/PRE_TRADE 12-07 05:00/PRE_TRADE " +
				"12-07 06:00/PRE_TRADE 12-07 07:00/PRE_TRADE 12-07 08:00/PRE_TRADE 12-07 09:00/PRE_TRADE 12-07 09:30/NORMAL_TRADE"},
		{"recent bars of the regular session", packet.CmdCandlestick,
			&pb.SecurityCandlestickRequest{Symbol: "AAPL.US", Period: pb.Period_SIXTY_MINUTE, Count: 3},
			"12-04 14:30/NORMAL_TRADE 12-04 15:30/NORMAL_TRADE 12-07 09:30/NORMAL_TRADE"},
		{"older bars by offset with all sessions", packet.CmdHistory,
			&pb.SecurityHistoryCandlestickRequest{Symbol: "AAPL.US", Period: pb.Period_SIXTY_MINUTE, QueryType: pb.HistoryCandlestickQueryType_QUERY_BY_OFFSET,
				OffsetRequest: &pb.SecurityHistoryCandlestickRequest_OffsetQuery{Direction: pb.Direction_BACKWARD, Date: "20261204", Minute: "1000", Count: 3}, TradeSession: 100},
			"12-04 08:00/PRE_TRADE 12-04 09:00/PRE_TRADE 12-04 09:30/NORMAL_TRADE"},
	} {
		p := r.call(tt.cmd, tt.req)
		var resp pb.SecurityCandlestickResponse
		if p.Status != packet.StatusOK || proto.Unmarshal(p.Body, &resp) != nil {
			t.Fatalf("%s: status %v", tt.name, p.Status)
		}
		if got := sessionsOf(resp.Candlesticks); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
