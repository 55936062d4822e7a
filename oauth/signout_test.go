package oauth

import (
	"context"
	"testing"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestARenewalThatLandsAfterSignOutKeepsNothing(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	old, _ := s.Token(context.Background())
	f.srv.SetDelay(oauthtest.EndpointToken, 300*time.Millisecond)
	s.Invalidate(old.AccessToken)
	go func() { _, _ = s.Token(context.Background()) }()
	waitFor(t, "the renewal to start", func() bool { return s.State().Kind == Refreshing })
	// Sign out as the renewal is on the wire; SignOut waits for it, so
	// force the race by marking the state first, as a sign-out in the
	// other order would.
	s.mu.Lock()
	s.setStateLocked(State{Kind: SignedOut})
	s.mu.Unlock()
	waitFor(t, "the renewal to end", func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.inflight == nil })
	if tok := f.storedToken(); tok != nil && tok.AccessToken != old.AccessToken {
		t.Fatal("a token that arrived after sign-out was saved")
	}
	if st := s.State(); st.Kind != SignedOut {
		t.Fatalf("state %v after a late renewal, want signed out", st.Kind)
	}
	if c := f.srv.Counts(); c.Revoke != 1 {
		t.Fatalf("%d revocations, want the late refresh token revoked", c.Revoke)
	}
}
