package oauth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"al.essio.dev/pkg/shellescape"
	"github.com/zalando/go-keyring"
)

// limitedKeyring enforces the item limits of Windows and macOS as go-keyring
// checks them, so a value that passes here stores on every OS.
type limitedKeyring struct {
	mu        sync.Mutex
	items     map[string]string
	sets      int
	block     chan struct{} // if not nil, every call waits on it
	failSetOf string        // Set of this user fails, as a crash mid-write would
}

func newLimitedKeyring() *limitedKeyring { return &limitedKeyring{items: map[string]string{}} }

func (k *limitedKeyring) wait() {
	if k.block != nil {
		<-k.block
	}
}

func (k *limitedKeyring) Set(service, user, password string) error {
	k.wait()
	if user == k.failSetOf {
		return errors.New("interrupted")
	}
	// Windows: the credential blob holds at most 2560 bytes.
	if len(password) > 2560 || len(service) >= 512 {
		return fmt.Errorf("windows: %w", keyring.ErrSetDataTooBig)
	}
	// macOS: go-keyring base64-encodes the password into one security(1)
	// command line of at most 4096 bytes.
	pw := "go-keyring-base64:" + encodeBase64(password)
	cmd := fmt.Sprintf("add-generic-password -U -s %s -a %s -w %s\n", shellescape.Quote(service), shellescape.Quote(user), shellescape.Quote(pw))
	if len(cmd) > 4096 {
		return fmt.Errorf("macos: %w", keyring.ErrSetDataTooBig)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.items[service+"\x00"+user] = password
	k.sets++
	return nil
}

func (k *limitedKeyring) Get(service, user string) (string, error) {
	k.wait()
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.items[service+"\x00"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (k *limitedKeyring) Delete(service, user string) error {
	k.wait()
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.items[service+"\x00"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(k.items, service+"\x00"+user)
	return nil
}

func (k *limitedKeyring) len() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.items)
}

func bigToken(n int) string {
	// JWT-like access tokens are base64url text; a 4 KB pair is realistic.
	return (&Token{
		AccessToken:  strings.Repeat("eyJhbGciOiJSUzI1NiJ9", n/40),
		RefreshToken: strings.Repeat("rt_0123456789abcdef", n/38),
		Expiry:       time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC),
	}).mustMarshal()
}

func (t *Token) mustMarshal() string {
	s, err := t.marshal()
	if err != nil {
		panic(err)
	}
	return s
}

func TestLimitedKeyringRefusesWhatOSesRefuse(t *testing.T) {
	k := newLimitedKeyring()
	if err := k.Set("Portview", "global/token", strings.Repeat("x", 4000)); !errors.Is(err, keyring.ErrSetDataTooBig) {
		t.Fatalf("a 4000-byte item was accepted (err %v): the fake does not enforce the limits", err)
	}
	if err := k.Set("Portview", "global/token", strings.Repeat("x", 2561)); !errors.Is(err, keyring.ErrSetDataTooBig) {
		t.Fatalf("a 2561-byte item was accepted (err %v): the fake does not enforce Windows' limit", err)
	}
	if err := k.Set("Portview", strings.Repeat("u", 1500), strings.Repeat("x", 2000)); !errors.Is(err, keyring.ErrSetDataTooBig) {
		t.Fatalf("a 4.2 KB security(1) command was accepted (err %v): the fake does not enforce macOS's limit", err)
	}
}

func TestKeyringStoresValuesOfAnySizeWithinOSLimits(t *testing.T) {
	tests := []struct {
		name  string
		value string
	}{
		{"an empty value", ""},
		{"a short client secret", "s3cr3t"},
		{"a value exactly one chunk long", strings.Repeat("a", keyringChunk)},
		{"a value one byte over a chunk", strings.Repeat("b", keyringChunk+1)},
		{"a 4 KB token pair", bigToken(4096)},
		{"a 20 KB token pair", bigToken(20000)},
		{"non-ASCII text", strings.Repeat("特斯拉", 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			backend := newLimitedKeyring()
			k := &Keyring{Backend: backend}
			if err := k.Set("global/token", tt.value); err != nil {
				t.Fatalf("Set: %v", err)
			}
			got, err := k.Get("global/token")
			if err != nil || got != tt.value {
				t.Fatalf("Get = %d bytes, %v; want the %d bytes stored", len(got), err, len(tt.value))
			}
			if err := k.Delete("global/token"); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if n := backend.len(); n != 0 {
				t.Fatalf("%d items left after Delete", n)
			}
			if _, err := k.Get("global/token"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
			}
		})
	}
}

func TestKeyringShrinkingValueLeavesNoStaleParts(t *testing.T) {
	backend := newLimitedKeyring()
	k := &Keyring{Backend: backend}
	if err := k.Set("t", strings.Repeat("x", 5*keyringChunk)); err != nil {
		t.Fatal(err)
	}
	if err := k.Set("t", "small"); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Get("t"); got != "small" {
		t.Fatalf("Get = %q", got)
	}
	if n := backend.len(); n != 1 {
		t.Fatalf("%d items after shrinking to one part, want 1", n)
	}
}

func TestKeyringKeepsTheOldValueWhenAWriteIsCutShort(t *testing.T) {
	backend := newLimitedKeyring()
	k := &Keyring{Backend: backend}
	old := strings.Repeat("o", 3*keyringChunk)
	if err := k.Set("t", old); err != nil {
		t.Fatal(err)
	}
	// The next write dies after its parts: the head item is never switched.
	backend.failSetOf = "t"
	if err := k.Set("t", strings.Repeat("n", 3*keyringChunk)); err == nil {
		t.Fatal("the cut-short write reported success")
	}
	backend.failSetOf = ""
	if got, err := k.Get("t"); err != nil || got != old {
		t.Fatalf("after a cut-short write: %d bytes, %v; want the old value", len(got), err)
	}
}

func TestADamagedItemCountsAsMissing(t *testing.T) {
	backend := newLimitedKeyring()
	_ = backend.Set("Portview", "t", "no header here")
	k := &Keyring{Backend: backend}
	if _, err := k.Get("t"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a damaged item = %v, want ErrNotFound", err)
	}
	s := NewFallbackStore(k, quietLog, nil)
	_, _ = s.Get("t")
	if s.Degraded() != nil {
		t.Fatalf("one damaged item turned the keyring off: %v", s.Degraded())
	}
}

func TestKeyringCallsTimeOut(t *testing.T) {
	backend := newLimitedKeyring()
	backend.block = make(chan struct{})
	defer close(backend.block)
	k := &Keyring{Backend: backend, Timeout: 50 * time.Millisecond}
	start := time.Now()
	_, err := k.Get("t")
	if !errors.Is(err, ErrKeyringTimeout) || time.Since(start) > time.Second {
		t.Fatalf("Get on a locked keyring = %v after %v, want ErrKeyringTimeout promptly", err, time.Since(start))
	}
}

func TestFallbackStoreKeepsWorkingWithoutKeyring(t *testing.T) {
	broken := &Keyring{Backend: brokenBackend{}}
	var notified []error
	s := NewFallbackStore(broken, quietLog, func(err error) { notified = append(notified, err) })
	if _, err := s.Get("global/token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound from the memory fallback", err)
	}
	if err := s.Set("global/token", "tok"); err != nil {
		t.Fatalf("Set = %v, want the value kept in memory", err)
	}
	if v, err := s.Get("global/token"); v != "tok" || err != nil {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if len(notified) != 1 || !errors.Is(notified[0], ErrNoKeyring) || !errors.Is(s.Degraded(), ErrNoKeyring) {
		t.Fatalf("notified %v, Degraded %v; want one ErrNoKeyring", notified, s.Degraded())
	}
	if !strings.Contains(s.Degraded().Error(), "sign in again the next time") {
		t.Fatalf("message %q does not tell the user what it means", s.Degraded())
	}
	if err := s.Delete("global/token"); err == nil {
		t.Fatal("Delete reported success although the keyring could not be asked")
	}
	if _, err := s.Get("global/token"); !errors.Is(err, ErrNotFound) {
		t.Fatal("Delete left the value in memory")
	}
}

func TestFallbackStoreSaysWhyTheKeyringFailed(t *testing.T) {
	backend := newLimitedKeyring()
	backend.block = make(chan struct{})
	defer close(backend.block)
	s := NewFallbackStore(&Keyring{Backend: backend, Timeout: 20 * time.Millisecond}, quietLog, nil)
	_ = s.Set("k", "v")
	if err := s.Degraded(); !errors.Is(err, ErrNoKeyring) || !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Degraded = %v, want both ErrNoKeyring and ErrKeyringTimeout", err)
	}
}

func TestFallbackStoreDeleteReachesTheKeyringAfterAFallback(t *testing.T) {
	backend := newLimitedKeyring()
	k := &Keyring{Backend: backend, Timeout: 50 * time.Millisecond}
	if err := k.Set("global/token", "from an earlier run"); err != nil {
		t.Fatal(err)
	}
	s := NewFallbackStore(k, quietLog, nil)
	backend.failSetOf = "other"
	_ = s.Set("other", "x") // the keyring fails once: memory from now on
	if s.Degraded() == nil {
		t.Fatal("no fallback")
	}
	if err := s.Delete("global/token"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get("global/token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the keyring still holds the token after sign-out: %v", err)
	}
}

func TestFallbackStoreTreatsMissingKeysAsNormal(t *testing.T) {
	s := NewFallbackStore(&Keyring{Backend: newLimitedKeyring()}, quietLog, nil)
	if _, err := s.Get("nothing"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	if s.Degraded() != nil {
		t.Fatalf("a missing key degraded the store: %v", s.Degraded())
	}
}

type brokenBackend struct{}

func (brokenBackend) Get(string, string) (string, error) {
	return "", errors.New("org.freedesktop.DBus.Error.ServiceUnknown")
}
func (brokenBackend) Set(string, string, string) error {
	return errors.New("org.freedesktop.DBus.Error.ServiceUnknown")
}
func (brokenBackend) Delete(string, string) error {
	return errors.New("org.freedesktop.DBus.Error.ServiceUnknown")
}

// TestKeyringOnTheRealSecretService stores a 4 KB token pair in the OS
// keyring. make test runs the suite inside a throwaway gnome-keyring; in CI a
// missing keyring is a failure, not a skip.
func TestKeyringOnTheRealSecretService(t *testing.T) {
	if os.Getenv("PORTVIEW_SECRET_SERVICE") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no Secret Service: run the tests through make test (scripts/with-keyring.sh)")
		}
		t.Skip("no Secret Service here; make test provides one")
	}
	k := &Keyring{Service: "Portview test " + t.Name()}
	value := bigToken(4096)
	if err := k.Set("global/token", value); err != nil {
		t.Fatalf("Set on the Secret Service: %v", err)
	}
	t.Cleanup(func() { _ = k.Delete("global/token") })
	got, err := k.Get("global/token")
	if err != nil || got != value {
		t.Fatalf("Get = %d bytes, %v", len(got), err)
	}
	if err := k.Delete("global/token"); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get("global/token"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
}

func encodeBase64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
