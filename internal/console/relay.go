// Package console gives the Windows program, which is linked for the GUI and
// so has no console of its own, a way to answer in a console:
//
//   - Relay is the whole of portview.com, the console companion installed
//     beside Portview.exe. A console program is what cmd.exe and PowerShell
//     wait for and take the exit status of, and `portview` finds it first
//     (PATHEXT lists .COM before .EXE). It runs Portview.exe with the same
//     arguments, copies its output through pipes, and exits with its
//     status.
//   - Attach is the fallback for a caller that starts Portview.exe itself
//     (CreateProcess appends .exe, so Python's subprocess.run(["portview",
//     ...]) does): a command given no standard handles writes to the
//     parent's console.
//
// Elsewhere Attach does nothing, and Relay works the same (its tests run on
// every system).
package console

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Target is the program a companion at self runs: the file beside it with
// the same name and .exe (portview.com runs portview.exe, which the
// case-blind Windows file system finds as Portview.exe).
func Target(self string) string {
	return strings.TrimSuffix(self, filepath.Ext(self)) + ".exe"
}

// Relay runs exe with args and waits for it, its output copied to stdout
// and stderr, and returns its exit status: 1, with a line on stderr, when it
// cannot be started. The output goes through pipes even when stdout is the
// console: a console handle is not one a GUI program can write to on every
// Windows (before Windows 8 it was no real handle) nor under Wine, a pipe
// is. An interrupt (Ctrl+C, which only the console program receives) ends
// exe too, as it would end the program in a terminal on Linux or macOS.
func Relay(exe string, args []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(exe, args...)
	// Wrapped, so that exec copies through a pipe rather than handing the
	// program the handle itself.
	cmd.Stdout = struct{ io.Writer }{stdout}
	cmd.Stderr = struct{ io.Writer }{stderr}
	// Caught before the program starts, so that no interrupt falls between.
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	defer signal.Stop(interrupt)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "portview: cannot start %s: %v\n", exe, err)
		return 1
	}
	done := make(chan struct{})
	var interrupted atomic.Bool
	go func() {
		select {
		case <-interrupt:
			interrupted.Store(true)
			cmd.Process.Kill()
		case <-done:
		}
	}()
	err := cmd.Wait()
	close(done)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case interrupted.Load():
		return 1
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	default:
		fmt.Fprintf(stderr, "portview: %s: %v\n", exe, err)
		return 1
	}
}
