package oauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/portview/portview/internal/filelock"
)

// KeyringBackend is the go-keyring API; tests swap in one that enforces the
// limits of each OS.
type KeyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (osKeyring) Set(service, user, password string) error {
	return keyring.Set(service, user, password)
}
func (osKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }

// keyringChunk is the most secret bytes one keyring item holds. Windows
// refuses passwords over 2560 bytes; macOS refuses a security(1) command over
// 4096 bytes, and go-keyring base64-encodes the password into it (4/3 larger).
const keyringChunk = 1800

// Keyring is a Store in the OS keyring (Keychain, Credential Manager, Secret
// Service). Values of any size are split across items that fit every OS, and
// no call waits longer than Timeout, since a locked keyring on Linux can
// block forever.
type Keyring struct {
	Service string         // the keyring's service name; default "Portview"
	Timeout time.Duration  // per call; default 5 s
	Backend KeyringBackend // default: the OS keyring through go-keyring
	// LockDir is the folder of the renewal locks shared by every process
	// that uses this keyring (LockRenewal); "" means no lock is held.
	LockDir string
}

// LockRenewal takes the lock file of regionID's renewals in LockDir, so that
// two Portview processes never spend the same refresh token.
func (k *Keyring) LockRenewal(ctx context.Context, regionID string) (func(), error) {
	if k.LockDir == "" {
		return func() {}, nil
	}
	return filelock.Lock(ctx, filepath.Join(k.LockDir, lockFileName(k.service(), regionID)))
}

// lockFileName names the renewal lock of a region in a file name any system
// accepts: a custom region's ID holds a URL, so it is hashed.
func lockFileName(service, regionID string) string {
	sum := sha256.Sum256([]byte(service + "\x00" + regionID))
	return "renew-" + hex.EncodeToString(sum[:8]) + ".lock"
}

func (k *Keyring) service() string {
	if k.Service == "" {
		return "Portview"
	}
	return k.Service
}

func (k *Keyring) backend() KeyringBackend {
	if k.Backend == nil {
		return osKeyring{}
	}
	return k.Backend
}

// ErrKeyringTimeout means the keyring did not answer in time, as a locked
// keyring waiting for a password prompt does.
var ErrKeyringTimeout = errors.New("the system keyring did not answer (is it locked?)")

// call runs f with a deadline. A backend that never returns keeps its
// goroutine, but the caller is free.
func (k *Keyring) call(f func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		if errors.Is(err, keyring.ErrNotFound) {
			return ErrNotFound
		}
		return err
	case <-t.C:
		return fmt.Errorf("%w: no answer within %v", ErrKeyringTimeout, timeout)
	}
}

func (k *Keyring) get(user string) (string, error) {
	var v string
	err := k.call(func() (err error) { v, err = k.backend().Get(k.service(), user); return err })
	return v, err
}

func (k *Keyring) set(user, v string) error {
	return k.call(func() error { return k.backend().Set(k.service(), user, v) })
}

func (k *Keyring) del(user string) error {
	return k.call(func() error { return k.backend().Delete(k.service(), user) })
}

// A value is one head item under key and, when it is larger than a chunk,
// parts under "key#generation#i". The head holds "count generation\n" and
// the first chunk. A write puts the parts of a new generation first and
// switches the head last, so a write cut short (a crash, a timeout) leaves
// the previous value readable; the old generation's parts are removed after.
func partKey(key, gen string, i int) string { return key + "#" + gen + "#" + strconv.Itoa(i) }

// Set stores value under key, overwriting what was there.
func (k *Keyring) Set(key, value string) error {
	var parts []string
	for len(value) > keyringChunk {
		parts = append(parts, value[:keyringChunk])
		value = value[keyringChunk:]
	}
	parts = append(parts, value)
	gen := newGeneration()
	oldCount, oldGen := k.head(key)
	for i := 1; i < len(parts); i++ {
		if err := k.set(partKey(key, gen, i), parts[i]); err != nil {
			return fmt.Errorf("keyring: save %s: %w", key, err)
		}
	}
	if err := k.set(key, strconv.Itoa(len(parts))+" "+gen+"\n"+parts[0]); err != nil {
		return fmt.Errorf("keyring: save %s: %w", key, err)
	}
	for i := 1; i < oldCount; i++ {
		_ = k.del(partKey(key, oldGen, i))
	}
	return nil
}

// head returns how many items the value under key spans and their
// generation; 0 if there is none or it cannot be read.
func (k *Keyring) head(key string) (count int, gen string) {
	h, err := k.get(key)
	if err != nil {
		return 0, ""
	}
	count, gen, _, err = parseHead(h)
	if err != nil {
		return 1, ""
	}
	return count, gen
}

func parseHead(head string) (count int, gen, first string, err error) {
	meta, first, ok := strings.Cut(head, "\n")
	countText, gen, ok2 := strings.Cut(meta, " ")
	count, convErr := strconv.Atoi(countText)
	if !ok || !ok2 || convErr != nil || count < 1 || count > 64 || gen == "" {
		return 0, "", "", errors.New("unrecognised keyring item")
	}
	return count, gen, first, nil
}

// Get returns the value under key, or an error wrapping ErrNotFound. A
// damaged item counts as missing: it says nothing about whether the keyring
// works, and the user can sign in again.
func (k *Keyring) Get(key string) (string, error) {
	head, err := k.get(key)
	if err != nil {
		return "", fmt.Errorf("keyring: read %s: %w", key, err)
	}
	count, gen, first, err := parseHead(head)
	if err != nil {
		return "", fmt.Errorf("keyring: read %s: %v: %w", key, err, ErrNotFound)
	}
	var b strings.Builder
	b.WriteString(first)
	for i := 1; i < count; i++ {
		part, err := k.get(partKey(key, gen, i))
		if errors.Is(err, ErrNotFound) {
			return "", fmt.Errorf("keyring: read %s: part %d is missing: %w", key, i, ErrNotFound)
		}
		if err != nil {
			return "", fmt.Errorf("keyring: read %s part %d: %w", key, i, err)
		}
		b.WriteString(part)
	}
	return b.String(), nil
}

// Delete removes key and all its parts; a missing key is not an error.
func (k *Keyring) Delete(key string) error {
	n, gen := k.head(key)
	for i := 1; i < n; i++ {
		if err := k.del(partKey(key, gen, i)); err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("keyring: delete %s: %w", key, err)
		}
	}
	if err := k.del(key); err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("keyring: delete %s: %w", key, err)
	}
	return nil
}

func newGeneration() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
