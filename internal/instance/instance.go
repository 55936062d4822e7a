// Package instance keeps Portview to one running copy per user, so that two
// copies never write the same preferences file at once: a second start asks
// the first to bring its window forward, then exits.
//
// The first copy holds an exclusive lock on a file (flock on Unix,
// LockFileEx on Windows). The operating system drops the lock when the
// process ends, however it ends, so a crash leaves nothing that blocks the
// next start. Beside the lock, the first copy writes where it listens on
// the loopback interface and a random key; a second copy, refused the lock,
// sends the key there, and the first calls its show function.
package instance

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/portview/portview/internal/filelock"
)

// ErrAlreadyRunning is returned by Acquire when another copy holds the lock.
// By then the other copy has been asked to show itself, when it could be.
var ErrAlreadyRunning = errors.New("already running")

// File names in the folder given to Acquire.
const (
	lockName = "portview.lock" // locked while a copy runs; never removed
	addrName = "portview.addr" // "127.0.0.1:port key", written by the lock's holder
)

// askTimeout bounds how long a second copy waits for the first to answer,
// and how long the first waits for a request line.
const askTimeout = 3 * time.Second

// Lock is the running copy's hold on the folder. Close releases it.
type Lock struct {
	file     *os.File
	listener net.Listener
	key      string
	addrPath string
	onShow   func()
	wg       sync.WaitGroup

	closeOnce sync.Once
}

// Acquire takes the lock in dir (created if need be) for this process, and
// calls onShow, on a goroutine of its own, each time another copy starts.
// When another copy holds the lock, Acquire asks it to show itself and
// returns ErrAlreadyRunning itself, or an error wrapping it that says why the
// other copy could not be asked.
func Acquire(dir string, onShow func()) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the folder of the lock: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the lock file: %w", err)
	}
	held, err := filelock.TryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	addrPath := filepath.Join(dir, addrName)
	if !held {
		f.Close()
		if err := askToShow(addrPath); err != nil {
			return nil, fmt.Errorf("%w, but its window could not be brought forward: %w", ErrAlreadyRunning, err)
		}
		return nil, ErrAlreadyRunning
	}

	l := &Lock{file: f, addrPath: addrPath, onShow: onShow}
	if err := l.listen(); err != nil {
		// The lock alone still keeps a second copy out; it cannot ask this
		// one to show itself.
		return l, fmt.Errorf("listen for other copies: %w", err)
	}
	return l, nil
}

// listen opens the loopback socket and publishes its address and key.
func (l *Lock) listen() error {
	b := make([]byte, 16)
	rand.Read(b)
	l.key = hex.EncodeToString(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// Written whole under another name, then moved into place, so that a
	// second copy never reads half of it.
	tmp := l.addrPath + ".tmp"
	if err := os.WriteFile(tmp, []byte(ln.Addr().String()+" "+l.key+"\n"), 0o600); err != nil {
		ln.Close()
		return err
	}
	if err := os.Rename(tmp, l.addrPath); err != nil {
		ln.Close()
		return err
	}
	l.listener = ln
	l.wg.Add(1)
	go l.serve()
	return nil
}

func (l *Lock) serve() {
	defer l.wg.Done()
	for {
		conn, err := l.listener.Accept()
		if err != nil {
			return // closed
		}
		l.answer(conn)
	}
}

// answer reads one request; the right key gets the window shown and "ok".
func (l *Lock) answer(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(askTimeout))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "show "+l.key {
		return
	}
	if l.onShow != nil {
		go l.onShow()
	}
	conn.Write([]byte("ok\n"))
}

// askToShow tells the copy that holds the lock to show its window. That
// copy may have only just taken the lock, so a missing address is waited
// for a moment.
func askToShow(addrPath string) error {
	deadline := time.Now().Add(askTimeout)
	for {
		err := ask(addrPath, deadline)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func ask(addrPath string, deadline time.Time) error {
	b, err := os.ReadFile(addrPath)
	if err != nil {
		return fmt.Errorf("find the running copy: %w", err)
	}
	addr, key, ok := strings.Cut(strings.TrimSpace(string(b)), " ")
	if !ok {
		return fmt.Errorf("find the running copy: %s is damaged", addrPath)
	}
	conn, err := net.DialTimeout("tcp", addr, time.Until(deadline))
	if err != nil {
		return fmt.Errorf("reach the running copy: %w", err)
	}
	defer conn.Close()
	conn.SetDeadline(deadline)
	if _, err := conn.Write([]byte("show " + key + "\n")); err != nil {
		return fmt.Errorf("reach the running copy: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || reply != "ok\n" {
		return fmt.Errorf("the running copy did not answer at %s", addr)
	}
	return nil
}

// Close stops listening and releases the lock, so the next start runs.
// Calls after the first do nothing.
func (l *Lock) Close() error {
	var err error
	l.closeOnce.Do(func() { err = l.close() })
	return err
}

func (l *Lock) close() error {
	if l.listener != nil {
		l.listener.Close()
		l.wg.Wait()
		// Only this copy's address: the next holder writes its own.
		if b, err := os.ReadFile(l.addrPath); err == nil && strings.HasSuffix(strings.TrimSpace(string(b)), " "+l.key) {
			os.Remove(l.addrPath)
		}
	}
	err := filelock.Unlock(l.file)
	return errors.Join(err, l.file.Close())
}
