package socket

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// linkError is why a link ended, with the reason for the status.
type linkError struct {
	reason    Reason
	closeCode int
	err       error
}

func (e *linkError) Error() string { return e.reason.String() + ": " + e.err.Error() }
func (e *linkError) Unwrap() error { return e.err }

// link is one WebSocket connection: it matches responses to requests by id,
// hands pushes to onPush from its reader, and watches the heartbeat.
type link struct {
	ws      *websocket.Conn
	cfg     *Config
	onPush  func(packet.Packet)
	nextID  atomic.Uint32
	last    atomic.Int64 // unix ns of the last frame of any kind
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	endOnce sync.Once
	endErr  *linkError

	mu      sync.Mutex
	pending map[uint32]chan packet.Packet
}

// dial opens a link to cfg.URL with the handshake query.
func dial(ctx context.Context, cfg *Config, onPush func(packet.Packet)) (*link, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, &linkError{ReasonDialFailed, 0, err}
	}
	u.RawQuery = "version=1&codec=1&platform=9"
	l := &link{cfg: cfg, onPush: onPush, done: make(chan struct{}), pending: map[uint32]chan packet.Packet{}}
	l.touch()
	dctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	h := http.Header{}
	h.Set("Accept-Language", cfg.Language)
	ws, resp, err := websocket.Dial(dctx, u.String(), &websocket.DialOptions{
		HTTPClient:     cfg.HTTPClient,
		HTTPHeader:     h,
		OnPingReceived: func(context.Context, []byte) bool { l.touch(); return true },
		OnPongReceived: func(context.Context, []byte) { l.touch() },
	})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, &linkError{ReasonDialFailed, 0, err}
	}
	ws.SetReadLimit(packet.MaxBodyLen + packet.RequestHeaderLen + packet.TrailerLen)
	l.ws = ws
	l.ctx, l.cancel = context.WithCancel(context.Background())
	go l.readLoop()
	go l.watch()
	return l, nil
}

func (l *link) touch() { l.last.Store(time.Now().UnixNano()) }

// end closes the link once, recording why.
func (l *link) end(e *linkError) {
	l.endOnce.Do(func() {
		l.endErr = e
		l.cancel()
		_ = l.ws.CloseNow()
		l.mu.Lock()
		for id, ch := range l.pending {
			close(ch)
			delete(l.pending, id)
		}
		l.mu.Unlock()
		close(l.done)
	})
}

// close ends the link politely, as the client does when it is closed.
func (l *link) close() {
	_ = l.ws.Close(websocket.StatusNormalClosure, "")
	l.end(&linkError{ReasonNone, 0, ErrClosed})
}

func (l *link) readLoop() {
	for {
		typ, b, err := l.ws.Read(l.ctx)
		if err != nil {
			e := &linkError{ReasonConnectionLost, 0, err}
			if code := websocket.CloseStatus(err); code != -1 {
				e.reason, e.closeCode = ReasonServerClosed, int(code)
			}
			l.end(e)
			return
		}
		l.touch()
		if typ != websocket.MessageBinary {
			l.end(&linkError{ReasonProtocolError, 0, errors.New("text frame")})
			return
		}
		p, err := packet.Decode(b)
		if err != nil {
			l.end(&linkError{ReasonProtocolError, 0, err})
			return
		}
		switch p.Type {
		case packet.Response:
			l.mu.Lock()
			ch := l.pending[p.RequestID]
			delete(l.pending, p.RequestID)
			l.mu.Unlock()
			if ch != nil {
				ch <- p
			}
		case packet.Push:
			if p.Cmd == 0 { // Close
				var m pb.Close
				_ = proto.Unmarshal(p.Body, &m)
				l.end(&linkError{ReasonServerClosed, 4000 + int(m.Code), fmt.Errorf("server closed: %s", m.Reason)})
				return
			}
			l.onPush(p)
		default:
			l.end(&linkError{ReasonProtocolError, 0, fmt.Errorf("a %s from the server", p.Type)})
			return
		}
	}
}

// watch pings the server and ends a link that stays silent: no pong within
// PongTimeout, or no frame at all within IdleTimeout.
func (l *link) watch() {
	t := time.NewTicker(l.cfg.PingInterval)
	defer t.Stop()
	idle := time.NewTicker(l.cfg.IdleTimeout / 4)
	defer idle.Stop()
	for {
		select {
		case <-l.done:
			return
		case <-idle.C:
			if since := time.Since(time.Unix(0, l.last.Load())); since > l.cfg.IdleTimeout {
				l.end(&linkError{ReasonHeartbeatTimeout, 0, fmt.Errorf("nothing heard for %v", since.Round(time.Millisecond))})
				return
			}
		case <-t.C:
			ctx, cancel := context.WithTimeout(l.ctx, l.cfg.PongTimeout)
			err := l.ws.Ping(ctx)
			cancel()
			if err != nil && l.ctx.Err() == nil {
				l.end(&linkError{ReasonHeartbeatTimeout, 0, fmt.Errorf("no pong within %v: %w", l.cfg.PongTimeout, err)})
				return
			}
		}
	}
}

// call sends one request and waits for its response. A non-success status
// is an *Error; a lost link is ErrNotConnected.
func (l *link) call(ctx context.Context, cmd uint8, req proto.Message, timeout time.Duration) ([]byte, error) {
	body, err := proto.Marshal(req)
	if err != nil {
		return nil, err
	}
	id := l.nextID.Add(1)
	ms := min(timeout.Milliseconds(), 60000)
	b, err := packet.Packet{Type: packet.Request, Cmd: cmd, RequestID: id, TimeoutMS: uint16(ms), Body: body}.Encode()
	if err != nil {
		return nil, err
	}
	ch := make(chan packet.Packet, 1)
	l.mu.Lock()
	select {
	case <-l.done:
		l.mu.Unlock()
		return nil, ErrNotConnected
	default:
	}
	l.pending[id] = ch
	l.mu.Unlock()
	forget := func() {
		l.mu.Lock()
		delete(l.pending, id)
		l.mu.Unlock()
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := l.ws.Write(tctx, websocket.MessageBinary, b); err != nil {
		forget()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		l.end(&linkError{ReasonConnectionLost, 0, err})
		return nil, ErrNotConnected
	}
	select {
	case p, ok := <-ch:
		if !ok {
			return nil, ErrNotConnected
		}
		if p.Status != packet.StatusOK {
			e := &Error{Cmd: cmd, Status: p.Status}
			var m pb.Error
			if proto.Unmarshal(p.Body, &m) == nil {
				e.Code, e.Msg = m.Code, m.Msg
			}
			return nil, e
		}
		return p.Body, nil
	case <-tctx.Done():
		forget()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, ErrTimeout
	}
}
