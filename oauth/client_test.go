package oauth

import (
	"context"
	"errors"
	"net"
	"strconv"
	"testing"

	"github.com/portview/portview/oauth/oauthtest"
)

// A client the server no longer knows (its registration expired, or the app
// was deleted in the developer centre) must not be a dead end.

func TestARenewalRefusedForAnUnknownClientRegistersAgain(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	dead := f.account().Client().ID
	f.srv.ForgetClient(dead)

	old, _ := s.Token(context.Background())
	s.Invalidate(old.AccessToken)
	_, err := s.Token(context.Background())
	var sie *SignInError
	if !errors.As(err, &sie) || sie.Reason != ReasonClientUnknown {
		t.Fatalf("Token = %v, want a SignInError for an unknown client", err)
	}
	if st := s.State(); st.Kind != SignInNeeded || st.Reason != ReasonClientUnknown {
		t.Fatalf("state %v (%v)", st.Kind, st.Reason)
	}
	if id := f.account().Client().ID; id != "" {
		t.Fatalf("the dead client ID %q is still kept", id)
	}
	// The next sign-in registers anew, and works.
	before := f.srv.Counts().Register
	s2 := f.signIn(SignInOptions{})
	if n := f.srv.Counts().Register - before; n != 1 {
		t.Fatalf("%d registrations for the new sign-in, want 1", n)
	}
	if id := s2.ClientID(); id == dead || id == "" {
		t.Fatalf("signed in with client %q", id)
	}
}

func TestASignInAfterTheServerForgotTheClientRegistersAgain(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	dead := s.ClientID()
	// Signed out while the registration was still good; then it expired.
	if err := s.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.srv.ForgetClient(dead)

	// Without the check the browser would show "not registered" and the
	// app would wait five minutes; the fake's consent page refuses it too.
	before := f.srv.Counts().Register
	s2 := f.signIn(SignInOptions{})
	if s2.ClientID() == dead || f.srv.Counts().Register-before != 1 {
		t.Fatalf("signed in with %q after %d registrations; want a new client", s2.ClientID(), f.srv.Counts().Register-before)
	}
}

func TestSignOutWithAnUnknownClientForgetsIt(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	s := f.signIn(SignInOptions{})
	f.srv.ForgetClient(s.ClientID())
	if err := s.SignOut(context.Background()); !errors.Is(err, ErrRevokeFailed) {
		t.Fatalf("SignOut = %v, want ErrRevokeFailed (the tokens are forgotten all the same)", err)
	}
	if id := f.account().Client().ID; id != "" {
		t.Fatalf("the dead client ID %q is still kept", id)
	}
	if f.storedToken() != nil {
		t.Fatal("the tokens were kept")
	}
}

func TestAUserClientThatIsRefusedIsKept(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	probe, _ := net.Listen("tcp", "127.0.0.1:0")
	port := probe.Addr().(*net.TCPAddr).Port
	probe.Close()
	id, _ := f.srv.RegisterClient([]string{"http://127.0.0.1:" + strconv.Itoa(port) + "/callback"}, false)
	s := f.signIn(SignInOptions{ClientID: id, Port: port})
	f.srv.ForgetClient(id)
	old, _ := s.Token(context.Background())
	s.Invalidate(old.AccessToken)
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("Token = %v", err)
	}
	if c := f.account().Client(); c.ID != id || !c.UserSupplied {
		t.Fatalf("the user's client ID was dropped: %+v", c)
	}
	if st := s.State(); st.Reason != ReasonClientUnknown {
		t.Fatalf("reason %v, want ReasonClientUnknown (the GUI tells the user to check it)", st.Reason)
	}
}
