package gui

import (
	"os"
	"testing"
	"time"
)

// TestMain pins the locale the tests start in, whatever the machine's.
// Fyne picks its language from LANGUAGE, then LC_ALL, then LC_MESSAGES,
// then LANG (github.com/jeandeaual/go-locale), so the first three are
// removed and LANG set: a test that wants another locale then sets LANG
// alone (t.Setenv), and plain `go test ./gui` passes on a machine set to
// Chinese, as the Makefile's TEST_LOCALE does for make test.
func TestMain(m *testing.M) {
	for _, name := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES"} {
		os.Unsetenv(name)
	}
	os.Setenv("LANG", "C.UTF-8")
	// The views show times in the computer's zone and name it in their
	// column titles; the snapshots are drawn in one zone, whatever the
	// machine's.
	time.Local = time.FixedZone("HKT", 8*3600)
	os.Exit(m.Run())
}
