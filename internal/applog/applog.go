// Package applog is Portview's log: every line goes to stderr, to a file in
// the user's cache folder, kept to two files of at most MaxSize bytes, and to
// a ring of the last lines in memory for "Copy diagnostics".
//
// A desktop-launched Linux app and every Windows build have no stderr anyone
// reads, so the file is where "the details are in the log" can be found.
// Secrets are kept out the way they are everywhere else: the types that hold
// them (oauth.Token) log themselves without them, and the handler also blanks
// any attribute whose key names a secret, in case a string slips through.
package applog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileName is the log file's name in the folder given to Open; the previous
// one is FileName + ".1".
const FileName = "portview.log"

// MaxSize is how large the log file grows before it is moved to
// FileName.1 (replacing the older one) and a new one starts.
const MaxSize = 1 << 20

// ringLines is how many of the last lines Tail can return.
const ringLines = 1000

// seedBytes is how much of the end of an existing file Open reads into the
// ring, so that Tail also has the lines of the previous start.
const seedBytes = 64 << 10

// Log writes each line to stderr, the file (when it could be opened) and the
// ring. It is safe for concurrent use.
type Log struct {
	stderr io.Writer
	path   string // empty when there is no file

	mu   sync.Mutex
	file *os.File
	size int64
	ring []string // the last lines, oldest first, at most ringLines
	max  int64    // MaxSize, smaller in tests
}

// Open starts the log in dir (created if need be), appending to FileName.
// It always returns a usable Log: when the file cannot be opened, the error
// says why and the Log writes to stderr and memory only.
func Open(dir string, stderr io.Writer) (*Log, error) {
	l := &Log{stderr: stderr, max: MaxSize}
	if dir == "" {
		return l, errors.New("no folder for the log file")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return l, fmt.Errorf("create the log folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return l, fmt.Errorf("open the log file: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return l, fmt.Errorf("open the log file: %w", err)
	}
	l.file, l.size, l.path = f, info.Size(), path
	l.seed()
	return l, nil
}

// seed fills the ring with the last lines of the files already there.
func (l *Log) seed() {
	var lines []string
	for _, p := range []string{l.path + ".1", l.path} {
		lines = append(lines, lastLines(p, seedBytes)...)
	}
	l.remember(lines)
}

// lastLines returns the whole lines in the last n bytes of the file at path.
func lastLines(path string, n int64) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	off := max(info.Size()-n, 0)
	buf := make([]byte, info.Size()-off)
	if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
		return nil
	}
	if off > 0 {
		// The first line is cut unless the byte before it is a newline.
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
		}
	}
	return splitLines(buf)
}

func splitLines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Path is the log file's path, or "" when the log has no file.
func (l *Log) Path() string { return l.path }

// Handler is an slog handler that writes text lines at level Info and above
// to the log, with attributes that name a secret blanked.
func (l *Log) Handler() slog.Handler {
	return slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: redact})
}

// secretKeys are attribute keys, or parts of them, whose values are never
// logged: a token or secret passed as a plain string would otherwise go out
// as it is. The app logs none under such a key today; this is the net under
// a future mistake.
var secretKeys = []string{"token", "secret", "password", "verifier", "authorization"}

func redact(_ []string, a slog.Attr) slog.Attr {
	key := strings.ToLower(a.Key)
	for _, s := range secretKeys {
		if strings.Contains(key, s) {
			return slog.String(a.Key, "[redacted]")
		}
	}
	return a
}

// Write writes p, one or more whole lines, to stderr, the file and the ring.
// slog handlers and the standard log package write a whole record at a
// time. A failure of the file does not fail the write: stderr has the line.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.stderr.Write(p)
	if l.file != nil {
		l.writeFile(p)
	}
	l.remember(splitLines(p))
	return n, err
}

// writeFile appends p to the file, first moving a full file to FileName.1.
func (l *Log) writeFile(p []byte) {
	if l.size > 0 && l.size+int64(len(p)) > l.max {
		l.rotate()
		if l.file == nil {
			return
		}
	}
	n, _ := l.file.Write(p)
	l.size += int64(n)
}

// rotate moves the file to FileName.1 and opens a new one. Closing first
// lets the rename work on Windows, where an open file cannot be moved.
func (l *Log) rotate() {
	l.file.Close()
	l.file = nil
	if err := os.Rename(l.path, l.path+".1"); err != nil {
		fmt.Fprintf(l.stderr, "portview: the log file could not be rotated (%v); it starts again\n", err)
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_TRUNC|os.O_CREATE, 0o600)
	if err != nil {
		fmt.Fprintf(l.stderr, "portview: the log file could not be reopened (%v); logging to stderr only\n", err)
		return
	}
	l.file, l.size = f, 0
}

// remember appends lines to the ring, dropping the oldest past ringLines.
func (l *Log) remember(lines []string) {
	l.ring = append(l.ring, lines...)
	if extra := len(l.ring) - ringLines; extra > 0 {
		l.ring = append(l.ring[:0], l.ring[extra:]...)
	}
}

// Tail returns the last n lines logged, oldest first, those of the previous
// start included (from the file); fewer when there are fewer.
func (l *Log) Tail(n int) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	n = max(min(n, len(l.ring)), 0)
	return append([]string(nil), l.ring[len(l.ring)-n:]...)
}

// Close closes the file; later lines go to stderr and memory only.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Close()
	l.file = nil
	return err
}
