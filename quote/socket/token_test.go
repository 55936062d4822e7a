package socket

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth"
	"github.com/portview/portview/quote/socket/sockettest"
)

// rotatingTokens hands out "old" until it is invalidated, then "new".
type rotatingTokens struct {
	mu          sync.Mutex
	invalidated []string
}

func (r *rotatingTokens) Token(context.Context) (*oauth2.Token, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.invalidated) > 0 {
		return &oauth2.Token{AccessToken: "new"}, nil
	}
	return &oauth2.Token{AccessToken: "old"}, nil
}

func (r *rotatingTokens) Invalidate(tok string) {
	r.mu.Lock()
	r.invalidated = append(r.invalidated, tok)
	r.mu.Unlock()
}

// acceptOnly is a TokenChecker that knows one access token.
type acceptOnly string

func (a acceptOnly) CheckAccessToken(tok string) error {
	if tok != string(a) {
		return errors.New("expired")
	}
	return nil
}

func TestHTTPTokens(t *testing.T) {
	t.Run("an access token refused with 401 is renewed once through the session", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{Auth: acceptOnly("new")})
		rt := &rotatingTokens{}
		h := &HTTPTokens{BaseURL: srv.URL, ClientID: "c", Tokens: rt}
		tok, err := h.SocketToken(context.Background())
		if err != nil || tok.OTP == "" || tok.Limit != 10 {
			t.Fatalf("SocketToken = %+v, %v", tok, err)
		}
		if len(rt.invalidated) != 1 || rt.invalidated[0] != "old" {
			t.Errorf("invalidated %v, want [old]", rt.invalidated)
		}
	})
	t.Run("a second 401 means sign in again", func(t *testing.T) {
		srv := newServer(t, sockettest.Options{Auth: acceptOnly("never")})
		h := &HTTPTokens{BaseURL: srv.URL, ClientID: "c", Tokens: &rotatingTokens{}}
		if _, err := h.SocketToken(context.Background()); !errors.Is(err, oauth.ErrSignInRequired) {
			t.Fatalf("err = %v, want ErrSignInRequired", err)
		}
	})
}

func TestCallsInFlightFailWhenTheLinkDrops(t *testing.T) {
	srv := newServer(t, sockettest.Options{})
	c := newClient(t, fastConfig(srv))
	waitKind(t, c, Live)
	srv.SetResponseDelay(time.Second)
	errc := make(chan error, 1)
	go func() {
		_, err := c.Quotes(context.Background(), []string{"AAPL.US"})
		errc <- err
	}()
	waitFor(t, "the request on the server", func() bool { return srv.Count(11) == 1 })
	srv.DropAll()
	if err := <-errc; !errors.Is(err, ErrNotConnected) {
		t.Fatalf("err = %v, want ErrNotConnected", err)
	}
	srv.SetResponseDelay(0)
	waitKind(t, c, Live)
	if _, err := c.Quotes(context.Background(), []string{"AAPL.US"}); err != nil {
		t.Fatalf("after the reconnect: %v", err)
	}
}
