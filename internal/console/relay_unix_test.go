//go:build unix

package console

import (
	"bytes"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
)

// readyWriter reports its first write: the child is running.
type readyWriter struct {
	once  sync.Once
	ready chan struct{}
}

func (w *readyWriter) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.ready) })
	return len(p), nil
}

func TestAnInterruptEndsTheProgram(t *testing.T) {
	exe := testExe(t)
	out := &readyWriter{ready: make(chan struct{})}
	go func() {
		<-out.ready
		syscall.Kill(os.Getpid(), syscall.SIGINT)
	}()
	start := time.Now()
	var stderr bytes.Buffer
	code := Relay(exe, []string{"wait"}, out, &stderr)
	if code != 1 {
		t.Errorf("exit status %d after an interrupt, want 1", code)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Relay returned after %v: the program was not ended", d)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr after an interrupt: %q", stderr.String())
	}
}
