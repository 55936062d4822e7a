// Package fyneprefs reads the preferences file of a Fyne app from another
// process, without Fyne: the token and status commands need the settings
// the window keeps (the last region, each region's client ID and scopes),
// and must run without a display.
//
// The window stays the file's only writer. Fyne rewrites the whole file
// from its memory on every change, so a write from here would be lost on
// the window's next save, or would undo the window's own; what an Account
// sets through Prefs is therefore kept in memory only.
package fyneprefs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"
)

// Path is where Fyne keeps the preferences of the app with appID: the
// folder of fyne.io/fyne/v2/internal/app's rootConfigDir for desktop
// systems, then appID/preferences.json (fyne/v2/app/preferences_other.go).
// A test in package main checks it against Fyne's own.
func Path(appID string) (string, error) {
	var root string
	switch runtime.GOOS {
	case "windows", "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		if runtime.GOOS == "windows" {
			root = filepath.Join(home, "AppData", "Roaming")
		} else {
			root = filepath.Join(home, "Library", "Preferences")
		}
	default:
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		root = dir
	}
	return filepath.Join(root, "fyne", appID, "preferences.json"), nil
}

// Prefs is a read-only snapshot of a preferences file. It satisfies
// oauth.Prefs; its writes change the snapshot only.
type Prefs struct {
	mu     sync.Mutex
	values map[string]any
}

// Fyne writes the file in place, not atomically, so a read can catch it
// half written: Read tries again a few times before it gives up.
const (
	readTries = 5
	readPause = 50 * time.Millisecond
)

// Read loads the preferences file at path. A file that does not exist yet
// is empty preferences, not an error.
func Read(path string) (*Prefs, error) {
	var err error
	for try := 0; try < readTries; try++ {
		if try > 0 {
			time.Sleep(readPause)
		}
		var raw []byte
		raw, err = os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return &Prefs{values: map[string]any{}}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read the preferences: %w", err)
		}
		values := map[string]any{}
		if len(raw) == 0 {
			err = errors.New("the file is empty")
			continue
		}
		if err = json.Unmarshal(raw, &values); err == nil {
			return &Prefs{values: values}, nil
		}
	}
	return nil, fmt.Errorf("read the preferences %s: %w", path, err)
}

// String returns the string under key, or "" when there is none.
func (p *Prefs) String(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, _ := p.values[key].(string)
	return s
}

// SetString changes the snapshot only (see the package comment).
func (p *Prefs) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.values[key] = value
}

// RemoveValue changes the snapshot only (see the package comment).
func (p *Prefs) RemoveValue(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.values, key)
}

// Keys lists the keys of the snapshot, sorted.
func (p *Prefs) Keys() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	keys := make([]string, 0, len(p.values))
	for k := range p.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
