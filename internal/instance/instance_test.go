package instance

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestASecondCopyIsRefusedAndTheFirstIsAskedToShow(t *testing.T) {
	dir := t.TempDir()
	shown := make(chan struct{}, 4)
	first, err := Acquire(dir, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatalf("first Acquire: %v", err)
	}
	defer first.Close()

	for i := range 2 {
		second, err := Acquire(dir, func() { t.Error("the second copy was asked to show itself") })
		if second != nil || err != ErrAlreadyRunning {
			t.Fatalf("start %d: Acquire = %v, %v; want nil, ErrAlreadyRunning alone", i+2, second, err)
		}
		select {
		case <-shown:
		case <-time.After(5 * time.Second):
			t.Fatalf("start %d: the first copy was not asked to show itself", i+2)
		}
	}
}

func TestTheNextStartRunsOnceTheFirstHasClosed(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, addrName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the address file is still there after Close: %v", err)
	}
	next, err := Acquire(dir, nil)
	if err != nil {
		t.Fatalf("Acquire after Close: %v", err)
	}
	// main closes the lock early before a restart, and again on return: the
	// second Close must not release the next holder's lock.
	if err := first.Close(); err != nil {
		t.Fatalf("a second Close: %v", err)
	}
	if _, err := Acquire(dir, nil); !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("Acquire while the next copy holds the lock = %v, want ErrAlreadyRunning", err)
	}
	next.Close()
}

// A copy that crashed leaves its lock file and an address nobody listens
// on; the lock itself went with the process.
func TestWhatACrashedCopyLeftDoesNotBlockTheNextStart(t *testing.T) {
	tests := []struct{ name, addr string }{
		{"an address nobody listens on", "127.0.0.1:1 0123456789abcdef\n"},
		{"a damaged address file", "garbage"},
		{"an empty address file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range map[string]string{lockName: "", addrName: tt.addr} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			l, err := Acquire(dir, nil)
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			defer l.Close()
			b, _ := os.ReadFile(filepath.Join(dir, addrName))
			if !strings.HasPrefix(string(b), "127.0.0.1:") || strings.Contains(string(b), "0123456789abcdef") {
				t.Errorf("the address file was not replaced: %q", b)
			}
		})
	}
}

func TestARequestWithoutTheKeyShowsNothing(t *testing.T) {
	dir := t.TempDir()
	shown := make(chan struct{}, 1)
	l, err := Acquire(dir, func() { shown <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	b, err := os.ReadFile(filepath.Join(dir, addrName))
	if err != nil {
		t.Fatal(err)
	}
	addr, _, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	wrong := filepath.Join(t.TempDir(), addrName)
	if err := os.WriteFile(wrong, []byte(addr+" not-the-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ask(wrong, time.Now().Add(time.Second)); err == nil {
		t.Error("a request with the wrong key was answered")
	}
	select {
	case <-shown:
		t.Error("a request with the wrong key showed the window")
	case <-time.After(100 * time.Millisecond):
	}
}

// The lock as the operating system sees it: a process that holds it blocks
// another process, and its end, killed without any clean-up, frees it.
func TestALockHeldByAnotherProcessIsFreedWhenItIsKilled(t *testing.T) {
	if dir := os.Getenv("INSTANCE_TEST_HOLD"); dir != "" {
		if _, err := Acquire(dir, nil); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString("holding\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestALockHeldByAnotherProcessIsFreedWhenItIsKilled$")
	cmd.Env = append(os.Environ(), "INSTANCE_TEST_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	buf := make([]byte, 8)
	if n, _ := out.Read(buf); string(buf[:n]) != "holding\n" {
		t.Fatalf("the other process said %q", buf[:n])
	}

	if _, err := Acquire(dir, nil); !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("while the other process holds the lock: %v, want ErrAlreadyRunning", err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	l, err := Acquire(dir, nil)
	if err != nil {
		t.Fatalf("after the other process was killed: %v", err)
	}
	l.Close()
}
