package oauth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// Store keeps secrets: tokens, client secrets, registration access tokens.
// Get returns an error wrapping ErrNotFound when key holds nothing.
type Store interface {
	Get(key string) (string, error)
	Set(key, value string) error
	Delete(key string) error
}

// RenewalLocker is a Store shared with other processes (another Portview
// window, the token command) that can keep them from renewing a region's
// token at the same moment. A Session renews under the lock: it reads the
// store, spends the refresh token and saves the new one, so the next
// process reads that one instead of spending the old refresh token a
// second time, which the provider would refuse. Without a lock the sessions
// still recover by adopting the token the winner saved (renew.go), at the
// cost of one refused request.
type RenewalLocker interface {
	// LockRenewal waits until no other process renews regionID's token, or
	// ctx ends, and holds that until release is called.
	LockRenewal(ctx context.Context, regionID string) (release func(), err error)
}

// ErrNotFound means the store holds nothing under a key.
var ErrNotFound = errors.New("not found in the keyring")

// MemoryStore is a Store that forgets everything when the app quits.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]string{}} }

// Get returns the value under key.
func (s *MemoryStore) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", fmt.Errorf("%s: %w", key, ErrNotFound)
	}
	return v, nil
}

// Set stores value under key.
func (s *MemoryStore) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = value
	return nil
}

// Delete forgets key; deleting a missing key is not an error.
func (s *MemoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// FallbackStore uses a primary store (the OS keyring) and, the first time that
// fails for a reason other than a missing key, moves to memory for the rest
// of the run, so a machine without a keyring still lets the user work.
type FallbackStore struct {
	primary Store
	memory  *MemoryStore
	log     *slog.Logger

	mu       sync.Mutex
	degraded error // why the keyring is not used; nil while it is
	notify   func(error)
}

// NewFallbackStore wraps primary. notify, if not nil, is called once, from the
// goroutine that hit the failure, when the store falls back to memory.
func NewFallbackStore(primary Store, log *slog.Logger, notify func(error)) *FallbackStore {
	if log == nil {
		log = slog.Default()
	}
	return &FallbackStore{primary: primary, memory: NewMemoryStore(), log: log, notify: notify}
}

// ErrNoKeyring is the user-facing reason given when secrets can only be kept in memory.
var ErrNoKeyring = errors.New("the system keyring is not available, so you will have to sign in again the next time you open Portview")

// Degraded returns why the keyring is not in use, or nil while it is.
func (s *FallbackStore) Degraded() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.degraded
}

func (s *FallbackStore) active() Store {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.degraded != nil {
		return s.memory
	}
	return s.primary
}

func (s *FallbackStore) fallBack(cause error) {
	s.mu.Lock()
	first := s.degraded == nil
	if first {
		s.degraded = fmt.Errorf("%w (%w)", ErrNoKeyring, cause)
	}
	notify := s.notify
	s.mu.Unlock()
	if first {
		s.log.Warn("keyring unavailable, keeping secrets in memory for this run", "err", cause)
		if notify != nil {
			notify(s.Degraded())
		}
	}
}

// Get reads from the keyring, or from memory after a fallback.
func (s *FallbackStore) Get(key string) (string, error) {
	st := s.active()
	v, err := st.Get(key)
	if err == nil || errors.Is(err, ErrNotFound) || st == Store(s.memory) {
		return v, err
	}
	s.fallBack(err)
	return s.memory.Get(key)
}

// Set writes to the keyring; if that fails the value is kept in memory, so
// the token that just arrived is never lost for this run.
func (s *FallbackStore) Set(key, value string) error {
	st := s.active()
	err := st.Set(key, value)
	if err == nil || st == Store(s.memory) {
		return err
	}
	s.fallBack(err)
	return s.memory.Set(key, value)
}

// LockRenewal is the primary store's, when it has one; without one it
// holds nothing. The lock is kept after a fallback to memory: it costs
// nothing, and the other processes still share the keyring.
func (s *FallbackStore) LockRenewal(ctx context.Context, regionID string) (func(), error) {
	if l, ok := s.primary.(RenewalLocker); ok {
		return l.LockRenewal(ctx, regionID)
	}
	return func() {}, nil
}

// Delete removes key from both places. The keyring is asked even after a
// fallback: what it held from an earlier run must not outlive a sign-out. A
// keyring that fails here is as unusable as one that fails a Set, so the
// store falls back to memory, and the error says the keyring may still
// hold the value.
func (s *FallbackStore) Delete(key string) error {
	_ = s.memory.Delete(key)
	err := s.primary.Delete(key)
	if err == nil || errors.Is(err, ErrNotFound) {
		return nil
	}
	s.fallBack(err)
	return err
}
