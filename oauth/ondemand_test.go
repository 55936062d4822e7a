package oauth

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portview/portview/internal/filelock"
	"github.com/portview/portview/oauth/oauthtest"
)

func TestTokenForRenewsOnlyATokenTooShortForTheCaller(t *testing.T) {
	tests := []struct {
		name         string
		age          time.Duration // of the one-hour token when asked
		life         time.Duration
		wantRenewals int
	}{
		{"a token with more than the life asked for is handed out as it is", 40 * time.Minute, 5 * time.Minute, 0},
		{"a token with less than the life asked for is renewed first", 56 * time.Minute, 5 * time.Minute, 1},
		{"more life than a token has is capped at a quarter of its life", 40 * time.Minute, 2 * time.Hour, 0},
		{"a token with less than a quarter of its life left is renewed", 50 * time.Minute, 2 * time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, oauthtest.Options{})
			f.signIn(SignInOptions{}).Close()
			f.clock.Advance(tt.age)
			s, err := f.account().RestoreOnDemand(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			tok, err := s.TokenFor(context.Background(), tt.life)
			if err != nil {
				t.Fatal(err)
			}
			if n := f.srv.Counts().Refresh; n != tt.wantRenewals {
				t.Errorf("%d renewals, want %d", n, tt.wantRenewals)
			}
			if err := f.srv.CheckAccessToken(tok.AccessToken); err != nil {
				t.Errorf("the token handed out is refused: %v", err)
			}
			if stored := f.storedToken(); stored.AccessToken != tok.AccessToken {
				t.Error("the token handed out is not the one in the store")
			}
		})
	}
}

func TestAnOnDemandSessionNeverRenewsInTheBackground(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	f.signIn(SignInOptions{}).Close()
	s, err := f.account().RestoreOnDemand(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f.clock.Advance(55 * time.Minute) // past the 80% a window renews at
	time.Sleep(100 * time.Millisecond)
	if n := f.srv.Counts().Refresh; n != 0 {
		t.Fatalf("%d renewals with no caller waiting", n)
	}
	if _, err := s.TokenFor(context.Background(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := f.srv.Counts().Refresh; n != 1 {
		t.Fatalf("%d renewals for a caller that needed one", n)
	}
}

// lockedStore is a MemoryStore shared by processes, as the keyring is, with
// the renewal lock of Keyring.
type lockedStore struct {
	*MemoryStore
	dir string
}

func (s lockedStore) LockRenewal(ctx context.Context, regionID string) (func(), error) {
	return filelock.Lock(ctx, filepath.Join(s.dir, lockFileName("test", regionID)))
}

// Two sessions renewing the same token at once, as a window and the token
// command do: under the renewal lock the second one finds the first one's
// token in the store and spends no refresh token at all.
func TestTheRenewalLockKeepsTwoSessionsFromSpendingOneRefreshToken(t *testing.T) {
	for range 5 {
		f := newFixture(t, oauthtest.Options{})
		f.env.Store = lockedStore{f.store, t.TempDir()}
		a := f.signIn(SignInOptions{})
		b, err := f.account().RestoreOnDemand(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		old, _ := a.Token(context.Background())
		a.Invalidate(old.AccessToken)
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := a.Token(context.Background()); err != nil {
				t.Errorf("the window: %v", err)
			}
		})
		wg.Go(func() {
			b.Invalidate(old.AccessToken)
			if _, err := b.Token(context.Background()); err != nil {
				t.Errorf("the command: %v", err)
			}
		})
		wg.Wait()
		b.Close()
		a.Close()
		if c := f.srv.Counts(); c.Refresh != 1 || c.TokenErrors != 0 {
			t.Fatalf("%d renewals and %d refused token requests, want 1 and 0", c.Refresh, c.TokenErrors)
		}
	}
}

func TestTheKeyringsRenewalLockIsHeldThroughTheFallbackStore(t *testing.T) {
	dir := t.TempDir()
	store := NewFallbackStore(&Keyring{Backend: newLimitedKeyring(), LockDir: dir}, quietLog, nil)
	release, err := store.LockRenewal(context.Background(), "custom:https://example.com:8443/api")
	if err != nil {
		t.Fatal(err)
	}
	other := &Keyring{LockDir: dir} // another process's, with the same folder
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := other.LockRenewal(ctx, "custom:https://example.com:8443/api"); err == nil {
		t.Fatal("a second process took the lock while the first held it")
	}
	if r, err := other.LockRenewal(context.Background(), "global"); err != nil {
		t.Errorf("another region's lock is not free: %v", err)
	} else {
		r()
	}
	release()
	r, err := other.LockRenewal(context.Background(), "custom:https://example.com:8443/api")
	if err != nil {
		t.Fatalf("the lock is not free once released: %v", err)
	}
	r()
}

func TestStoredDescribesTheSignInWithoutTheNetworkOrItsSecrets(t *testing.T) {
	f := newFixture(t, oauthtest.Options{})
	if _, err := f.account().Stored(); err != ErrNoSession {
		t.Fatalf("before any sign-in: %v, want ErrNoSession", err)
	}
	f.signIn(SignInOptions{Scopes: []string{"4", "6"}}).Close()
	counts := f.srv.Counts()
	st, err := f.account().Stored()
	if err != nil {
		t.Fatal(err)
	}
	if st.ClientID == "" || !st.Renewable || !st.AccessExpiry.Equal(st.RenewedAt.Add(time.Hour)) || st.RenewedAt.After(f.clock.Now()) {
		t.Errorf("stored = %+v", st)
	}
	if strings.Join(st.Granted, " ") != "4 6" || strings.Join(st.Requested, " ") != "4 6" {
		t.Errorf("granted %v, requested %v, want 4 6 both", st.Granted, st.Requested)
	}
	if f.srv.Counts() != counts {
		t.Error("Stored used the network")
	}
	if text := fmt.Sprintf("%+v", st); strings.Contains(text, f.storedToken().AccessToken) || strings.Contains(text, f.storedToken().RefreshToken) {
		t.Error("a token is in the description")
	}
}
