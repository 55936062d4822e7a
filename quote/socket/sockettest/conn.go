package sockettest

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"
	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// conn is one client socket.
type conn struct {
	s   *Server
	ws  *websocket.Conn
	id  int
	ctx context.Context
	end context.CancelFunc

	authed   atomic.Bool
	lastPong atomic.Int64
	frozen   chan struct{} // closed when the socket freezes
	once     sync.Once

	out chan []byte // frames for the writer, in order

	mu       sync.Mutex
	seen     map[uint32]bool
	subs     map[string]subTypes
	tapeAt   map[string]time.Time // the newest trade pushed, by symbol
	limiters map[uint8]*rate.Limiter
	rr       int // round-robin position of the push generator
}

func newConn(s *Server, ws *websocket.Conn, id int) *conn {
	ctx, end := context.WithCancel(s.ctx)
	c := &conn{
		s: s, ws: ws, id: id, ctx: ctx, end: end,
		frozen:   make(chan struct{}),
		out:      make(chan []byte, 4096),
		seen:     map[uint32]bool{},
		subs:     map[string]subTypes{},
		tapeAt:   map[string]time.Time{},
		limiters: map[uint8]*rate.Limiter{},
	}
	c.lastPong.Store(time.Now().UnixNano())
	// One token of slack over the announced burst absorbs the network's
	// jitter between a client that keeps to the pace and the fake's clock.
	for _, l := range s.opts.RateLimits {
		c.limiters[l.Cmd] = rate.NewLimiter(rate.Limit(l.Limit), l.Burst+1)
	}
	ws.SetReadLimit(packet.MaxBodyLen + packet.RequestHeaderLen + packet.TrailerLen)
	return c
}

func (c *conn) run() {
	defer c.ws.CloseNow()
	defer c.end()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.writeLoop() }()
	go func() { defer wg.Done(); c.pingLoop() }()
	c.readLoop()
	c.end()
	wg.Wait()
}

func (c *conn) isFrozen() bool {
	select {
	case <-c.frozen:
		return true
	default:
		return false
	}
}

func (c *conn) freeze() { c.once.Do(func() { close(c.frozen) }) }

func (c *conn) drop() { c.end(); _ = c.ws.CloseNow() }

func (c *conn) close(code pb.Close_Code, reason string) {
	_ = c.ws.Close(websocket.StatusCode(4000+int(code)), reason)
	c.end()
}

func (c *conn) readLoop() {
	for {
		if c.isFrozen() {
			<-c.ctx.Done()
			return
		}
		typ, b, err := c.ws.Read(c.ctx)
		if err != nil {
			return
		}
		if c.isFrozen() {
			continue // swallowed by the half-open link
		}
		if typ != websocket.MessageBinary {
			c.close(pb.Close_UnpackError, "text frame")
			return
		}
		p, err := packet.Decode(b)
		if err != nil {
			c.close(pb.Close_UnpackError, err.Error())
			return
		}
		syms, types := symbolsOf(p)
		c.s.record(Request{Cmd: p.Cmd, RequestID: p.RequestID, At: time.Now(), Conn: c.id, Symbols: syms, SubTypes: types})
		if p.Type != packet.Request || p.Verify {
			c.fail(p, packet.StatusBadRequest, 301600, "only plain requests are accepted")
			continue
		}
		c.mu.Lock()
		dup := c.seen[p.RequestID]
		c.seen[p.RequestID] = true
		c.mu.Unlock()
		if dup {
			c.fail(p, packet.StatusBadRequest, 301600, "duplicate request id")
			continue
		}
		if !c.authed.Load() {
			// Authentication is answered in order, before anything else.
			if !c.authenticate(p) {
				return
			}
			continue
		}
		p.Body = slices.Clone(p.Body)
		go c.serve(p)
	}
}

func (c *conn) writeLoop() {
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.frozen:
			<-c.ctx.Done()
			return
		case b := <-c.out:
			if err := c.ws.Write(c.ctx, websocket.MessageBinary, b); err != nil {
				c.end()
				return
			}
		}
	}
}

func (c *conn) pingLoop() {
	t := time.NewTicker(c.s.opts.PingInterval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-c.frozen:
			<-c.ctx.Done()
			return
		case <-t.C:
		}
		if time.Since(time.Unix(0, c.lastPong.Load())) > c.s.opts.PongTimeout {
			c.close(pb.Close_HeartbeatTimeout, "heartbeat timeout")
			return
		}
		// Ping waits for the pong; the answer is recorded by OnPongReceived.
		go func() {
			ctx, cancel := context.WithTimeout(c.ctx, c.s.opts.PongTimeout)
			defer cancel()
			_ = c.ws.Ping(ctx)
		}()
	}
}

// send queues a frame; a socket whose queue is full is too slow and is
// dropped, as a server would rather than buffer without end.
func (c *conn) send(p packet.Packet) {
	c.s.mu.Lock()
	p.Gzip = c.s.gzip
	c.s.mu.Unlock()
	b, err := p.Encode()
	if err != nil {
		panic("sockettest: " + err.Error())
	}
	select {
	case c.out <- b:
	case <-c.ctx.Done():
	default:
		c.drop()
	}
}

func (c *conn) reply(req packet.Packet, m proto.Message) {
	var body []byte
	if m != nil {
		var err error
		if body, err = proto.Marshal(m); err != nil {
			panic("sockettest: " + err.Error())
		}
	}
	c.send(packet.Packet{Type: packet.Response, Cmd: req.Cmd, RequestID: req.RequestID, Body: body})
}

func (c *conn) fail(req packet.Packet, status packet.Status, code uint64, msg string) {
	body, _ := proto.Marshal(&pb.Error{Code: code, Msg: msg})
	c.send(packet.Packet{Type: packet.Response, Cmd: req.Cmd, RequestID: req.RequestID, Status: status, Body: body})
}

// authenticate answers the first request, which must be auth or resume.
func (c *conn) authenticate(p packet.Packet) bool {
	meta := map[string]string{}
	var ok, resume bool
	var reason pb.Close_Code = pb.Close_AuthError
	switch p.Cmd {
	case packet.CmdAuth:
		var req pb.AuthRequest
		ok = proto.Unmarshal(p.Body, &req) == nil && c.s.spendToken(req.Token)
		meta = req.Metadata
	case packet.CmdReconnect:
		var req pb.ReconnectRequest
		resume = true
		reason = pb.Close_SessExpired
		if proto.Unmarshal(p.Body, &req) == nil {
			c.s.mu.Lock()
			exp, known := c.s.sessions[req.SessionId]
			ok = known && time.Now().Before(exp) && !c.s.noResume
			if ok {
				delete(c.s.sessions, req.SessionId)
			}
			c.s.mu.Unlock()
		}
	}
	_ = meta
	if !ok {
		c.fail(p, packet.StatusUnauthenticated, 0, "unauthenticated")
		c.flushAndClose(reason, "auth error")
		return false
	}
	s := c.s
	s.mu.Lock()
	if s.onlineLocked() >= s.opts.ConnectionLimit {
		s.mu.Unlock()
		c.fail(p, packet.StatusPermissionDenied, 403, "connections limitation is hit")
		c.flushAndClose(pb.Close_AuthError, "connections limitation is hit")
		return false
	}
	id, exp := s.newSessionLocked()
	online := s.onlineLocked() + 1
	if resume {
		s.resumes++
	} else {
		s.auths++
	}
	s.mu.Unlock()
	c.authed.Store(true)
	resp := &pb.AuthResponse{SessionId: id, Expires: exp.UnixMilli(), Limit: uint32(s.opts.ConnectionLimit), Online: uint32(online)}
	if resume {
		c.reply(p, &pb.ReconnectResponse{SessionId: resp.SessionId, Expires: resp.Expires, Limit: resp.Limit, Online: resp.Online})
	} else {
		c.reply(p, resp)
	}
	return true
}

// flushAndClose gives the writer a moment to send the refusal, then closes.
func (c *conn) flushAndClose(code pb.Close_Code, reason string) {
	deadline := time.Now().Add(time.Second)
	for len(c.out) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond)
	c.close(code, reason)
}

// subscribed reports whether symbol's quote is subscribed.
func (c *conn) subscribed(symbol string) bool { return c.subscribedTo(symbol, pb.SubType_QUOTE) }

func (c *conn) subscribedTo(symbol string, t pb.SubType) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.subs[symbol].has(t)
}

func (c *conn) subList() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.subs))
	for s := range c.subs {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func (c *conn) pushQuote(q *pb.PushQuote) {
	body, err := proto.Marshal(q)
	if err != nil {
		panic("sockettest: " + err.Error())
	}
	if f := c.s.opts.OnPush; f != nil {
		f(q.Symbol, q.Sequence, time.Now())
	}
	c.send(packet.Packet{Type: packet.Push, Cmd: packet.CmdPushQuote, Body: body})
}

// pushSome sends n pushes, round-robin over the subscribed symbols.
func (c *conn) pushSome(n int) {
	if !c.authed.Load() || c.isFrozen() {
		return
	}
	syms := c.subList()
	if len(syms) == 0 {
		return
	}
	c.mu.Lock()
	start := c.rr
	c.rr = (c.rr + n) % len(syms)
	c.mu.Unlock()
	for i := range n {
		sym := syms[(start+i)%len(syms)]
		if c.s.opts.MarketHours && !c.s.market.trading(sym) {
			continue
		}
		c.pushFor(sym)
	}
}

// pushFor sends symbol's pushes of each kind subscribed: the quote, the
// book, and the trades since the last trade push.
func (c *conn) pushFor(sym string) {
	c.mu.Lock()
	types := c.subs[sym]
	c.mu.Unlock()
	if types.has(pb.SubType_QUOTE) {
		c.pushQuote(c.s.market.tick(sym))
	}
	if types.has(pb.SubType_DEPTH) {
		c.pushDepth(sym)
	}
	if types.has(pb.SubType_TRADE) {
		c.pushTrades(sym)
	}
}

func (c *conn) pushDepth(sym string) {
	c.pushBody(packet.CmdPushDepth, c.s.market.depthPush(sym, c.s.depthLevels(marketOf(sym))))
}

func (c *conn) pushTrades(sym string) {
	c.mu.Lock()
	from := c.tapeAt[sym]
	c.mu.Unlock()
	m := c.s.market.tradePush(sym, from)
	if len(m.Trade) == 0 {
		return
	}
	c.mu.Lock()
	c.tapeAt[sym] = time.Unix(m.Trade[len(m.Trade)-1].Timestamp, 0)
	c.mu.Unlock()
	c.pushBody(packet.CmdPushTrade, m)
}

func (c *conn) pushBody(cmd uint8, m proto.Message) {
	body, err := proto.Marshal(m)
	if err != nil {
		panic("sockettest: " + err.Error())
	}
	c.send(packet.Packet{Type: packet.Push, Cmd: cmd, Body: body})
}

// symbolsOf reads the symbols of the requests that carry a list of them.
// and the sub types of a subscribe or unsubscribe.
func symbolsOf(p packet.Packet) ([]string, []pb.SubType) {
	switch p.Cmd {
	case packet.CmdSubscribe:
		var m pb.SubscribeRequest
		if proto.Unmarshal(p.Body, &m) == nil {
			return m.Symbol, m.SubType
		}
	case packet.CmdUnsubscribe:
		var m pb.UnsubscribeRequest
		if proto.Unmarshal(p.Body, &m) == nil {
			return m.Symbol, m.SubType
		}
	case packet.CmdQuote, packet.CmdStaticInfo:
		var m pb.MultiSecurityRequest
		if proto.Unmarshal(p.Body, &m) == nil {
			return m.Symbol, nil
		}
	case packet.CmdDepth:
		var m pb.SecurityRequest
		if proto.Unmarshal(p.Body, &m) == nil {
			return []string{m.Symbol}, nil
		}
	case packet.CmdTrades:
		var m pb.SecurityTradeRequest
		if proto.Unmarshal(p.Body, &m) == nil {
			return []string{m.Symbol}, nil
		}
	}
	return nil, nil
}

// subTypes is the set of sub types a symbol is subscribed for.
type subTypes uint8

func typesOf(list []pb.SubType) subTypes {
	var s subTypes
	for _, t := range list {
		s |= 1 << t
	}
	return s
}

func (s subTypes) has(t pb.SubType) bool { return s&(1<<t) != 0 }

func (s subTypes) list() []pb.SubType {
	var out []pb.SubType
	for t := pb.SubType_QUOTE; t <= pb.SubType_TRADE; t++ {
		if s.has(t) {
			out = append(out, t)
		}
	}
	return out
}
