package console

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The test binary is also the program Relay runs: with childEnv set it
// prints its arguments and exits with the status they name.
const childEnv = "PORTVIEW_CONSOLE_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		child(os.Args[1:])
	}
	os.Exit(m.Run())
}

// child is the program under the relay: "out TEXT", "err TEXT", "exit N",
// "wait" (prints "ready", then sleeps).
func child(args []string) {
	for i := 0; i+1 < len(args) || (i < len(args) && args[i] == "wait"); i += 2 {
		switch args[i] {
		case "out":
			fmt.Fprintln(os.Stdout, args[i+1])
		case "err":
			fmt.Fprintln(os.Stderr, args[i+1])
		case "exit":
			n, _ := strconv.Atoi(args[i+1])
			os.Exit(n)
		case "wait":
			fmt.Println("ready")
			time.Sleep(time.Minute)
			os.Exit(0)
		}
	}
	os.Exit(0)
}

func testExe(t *testing.T) string {
	t.Helper()
	t.Setenv(childEnv, "1")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

func TestTargetIsTheExeBesideTheCompanion(t *testing.T) {
	for self, want := range map[string]string{
		`C:\Users\a\AppData\Local\Programs\Portview\portview.com`: `C:\Users\a\AppData\Local\Programs\Portview\portview.exe`,
		"/opt/portview/portview.com":                              "/opt/portview/portview.exe",
	} {
		if got := Target(self); got != want {
			t.Errorf("Target(%q) = %q, want %q", self, got, want)
		}
	}
}

func TestRelayCopiesTheOutputAndReturnsTheExitStatus(t *testing.T) {
	exe := testExe(t)
	for _, code := range []int{0, 2, 3, 6} {
		var stdout, stderr bytes.Buffer
		got := Relay(exe, []string{"out", "a token", "err", "portview: a reason", "exit", strconv.Itoa(code)}, &stdout, &stderr)
		if got != code {
			t.Errorf("exit status %d, want %d", got, code)
		}
		if stdout.String() != "a token\n" || stderr.String() != "portview: a reason\n" {
			t.Errorf("stdout %q, stderr %q: want each line on its own stream", stdout.String(), stderr.String())
		}
	}
}

func TestRelayOfAMissingProgramSaysSo(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "portview.exe")
	var stdout, stderr bytes.Buffer
	if got := Relay(missing, nil, &stdout, &stderr); got != 1 {
		t.Errorf("exit status %d, want 1", got)
	}
	if !strings.Contains(stderr.String(), "cannot start "+missing) {
		t.Errorf("stderr = %q", stderr.String())
	}
}
