package oauth

import "sync"

// MemoryPrefs is a Prefs that forgets everything when the app quits: for
// tests and for the offline sandbox, whose settings must not outlive it.
type MemoryPrefs struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryPrefs returns empty MemoryPrefs.
func NewMemoryPrefs() *MemoryPrefs { return &MemoryPrefs{m: map[string]string{}} }

// String returns the value under key, or "".
func (p *MemoryPrefs) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[key]
}

// SetString stores value under key.
func (p *MemoryPrefs) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = value
}

// RemoveValue forgets key.
func (p *MemoryPrefs) RemoveValue(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, key)
}
