package oauth

import (
	"context"
	"errors"
	"sync"
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
	// The window closes during the sign-out: SignOut cannot wait for the
	// renewal on the wire, which lands after the tokens were forgotten.
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.SignOut(done)
	waitFor(t, "the renewal to end", func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.inflight == nil })
	if tok := f.storedToken(); tok != nil {
		t.Fatal("a token that arrived after sign-out was kept in the store")
	}
	if st := s.State(); st.Kind != SignedOut {
		t.Fatalf("state %v after a late renewal, want signed out", st.Kind)
	}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("Token after sign-out = %v", err)
	}
	f.srv.SetDelay(oauthtest.EndpointToken, 0)
	waitFor(t, "the late refresh token to be revoked", func() bool { return f.srv.Counts().Revoke == 1 })
}

func TestSignOutDuringRenewalsNeverCrashesOrComesBack(t *testing.T) {
	for i := range 40 {
		f := newFixture(t, oauthtest.Options{})
		s := f.signIn(SignInOptions{})
		old, _ := s.Token(context.Background())
		s.Invalidate(old.AccessToken)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { _, _ = s.Token(context.Background()) })
		}
		if i%2 == 0 {
			time.Sleep(time.Duration(i) * 100 * time.Microsecond)
		}
		_ = s.SignOut(context.Background())
		wg.Wait()
		s.Close()
		if st := s.State(); st.Kind != SignedOut {
			t.Fatalf("round %d: state %v after sign-out", i, st.Kind)
		}
		if tok := f.storedToken(); tok != nil {
			t.Fatalf("round %d: a token is stored after sign-out", i)
		}
	}
}

func TestSignOutSaysWhatFailed(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	f.srv.FailNext(oauthtest.EndpointRevoke, 1, oauthtest.Failure{Status: 503})
	err := s.SignOut(context.Background())
	if !errors.Is(err, ErrRevokeFailed) {
		t.Fatalf("SignOut = %v, want ErrRevokeFailed", err)
	}
	if f.storedToken() != nil {
		t.Fatal("the tokens were kept because revocation failed")
	}
}
