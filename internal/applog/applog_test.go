package applog

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/oauth"
)

func openTemp(t *testing.T) (*Log, *bytes.Buffer, string) {
	t.Helper()
	dir := t.TempDir()
	var stderr bytes.Buffer
	l, err := Open(dir, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, &stderr, dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEveryLineGoesToStderrTheFileAndTheTail(t *testing.T) {
	l, stderr, dir := openTemp(t)
	log := slog.New(l.Handler())
	log.Info("sign-in started", "region", "global")
	log.Debug("not at the default level")

	if want := filepath.Join(dir, FileName); l.Path() != want {
		t.Errorf("Path() = %q, want %q", l.Path(), want)
	}
	file := readFile(t, l.Path())
	if file != stderr.String() {
		t.Errorf("the file and stderr differ:\nfile   %q\nstderr %q", file, stderr.String())
	}
	if !strings.Contains(file, `msg="sign-in started" region=global`) || strings.Contains(file, "default level") {
		t.Errorf("file = %q", file)
	}
	if tail := l.Tail(10); len(tail) != 1 || !strings.Contains(tail[0], "sign-in started") {
		t.Errorf("Tail(10) = %q", tail)
	}
	if info, err := os.Stat(l.Path()); err != nil || info.Mode().Perm()&0o077 != 0 {
		t.Errorf("the log file is readable by others: %v %v", info.Mode(), err)
	}
}

func TestAFullFileMovesToDot1AndANewOneStarts(t *testing.T) {
	l, _, _ := openTemp(t)
	l.max = 100
	line := func(i int) string { return fmt.Sprintf("line %02d %s\n", i, strings.Repeat("x", 20)) } // 30 bytes
	for i := range 7 {
		fmt.Fprint(l, line(i))
	}
	// 3 lines fill 90 bytes; the 4th would pass 100, so it starts a new
	// file, and so does the 7th. The older file is replaced, not kept.
	if got, want := readFile(t, l.Path()), line(6); got != want {
		t.Errorf("portview.log = %q, want %q", got, want)
	}
	if got, want := readFile(t, l.Path()+".1"), line(3)+line(4)+line(5); got != want {
		t.Errorf("portview.log.1 = %q, want %q", got, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(l.Path())); len(entries) != 2 {
		t.Errorf("the folder holds %d files, want 2", len(entries))
	}
	if tail := l.Tail(2); len(tail) != 2 || tail[0]+"\n" != line(5) || tail[1]+"\n" != line(6) {
		t.Errorf("Tail(2) = %q", tail)
	}
}

func TestALineLargerThanTheLimitIsStillWritten(t *testing.T) {
	l, _, _ := openTemp(t)
	l.max = 10
	fmt.Fprintln(l, "a line of more than ten bytes")
	if got := readFile(t, l.Path()); got != "a line of more than ten bytes\n" {
		t.Errorf("portview.log = %q", got)
	}
}

func TestTailHasTheLinesOfThePreviousStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName+".1"), []byte("oldest\nolder\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("previous start\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := Open(dir, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	fmt.Fprintln(l, "this start")

	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"the last two lines span both starts", 2, []string{"previous start", "this start"}},
		{"more than there are gives all, the rotated file first", 50, []string{"oldest", "older", "previous start", "this start"}},
		{"zero gives none", 0, []string{}},
		{"a negative count gives none", -1, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Tail(tt.n); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Tail(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
	if got := readFile(t, l.Path()); got != "previous start\nthis start\n" {
		t.Errorf("the file is appended to, not replaced: %q", got)
	}
}

func TestTheTailKeepsOnlyTheLastLines(t *testing.T) {
	l, _, _ := openTemp(t)
	for i := range ringLines + 5 {
		fmt.Fprintf(l, "line %d\n", i)
	}
	tail := l.Tail(ringLines + 100)
	if len(tail) != ringLines || tail[0] != "line 5" || tail[len(tail)-1] != fmt.Sprintf("line %d", ringLines+4) {
		t.Errorf("Tail kept %d lines, %q .. %q", len(tail), tail[0], tail[len(tail)-1])
	}
}

func TestAFolderThatCannotBeUsedLeavesStderrAndTheTail(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "a file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, dir string }{
		{"no folder at all", ""},
		{"a folder under a file", filepath.Join(blocker, "portview")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			l, err := Open(tt.dir, &stderr)
			if err == nil {
				t.Fatal("Open succeeded")
			}
			slog.New(l.Handler()).Info("still logged")
			if !strings.Contains(stderr.String(), "still logged") || len(l.Tail(1)) != 1 || l.Path() != "" {
				t.Errorf("stderr %q, tail %q, path %q", stderr.String(), l.Tail(1), l.Path())
			}
			if err := l.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
}

func TestNoSecretReachesTheLog(t *testing.T) {
	const access, refresh = "fake-access-8e1f3c", "fake-refresh-92ab7d"
	tok := &oauth.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		log  func(*slog.Logger)
		want string // what is logged instead
	}{
		{"a token as a value logs its expiry", func(l *slog.Logger) { l.Info("renewed", "session", tok) }, "token(expires 2025-03-14T10:00:00Z)"},
		{"a token in a group logs its expiry", func(l *slog.Logger) { l.WithGroup("g").Info("renewed", "t", tok) }, `g.t="token(expires`},
		{"a token formatted into the message logs its expiry", func(l *slog.Logger) { l.Info(fmt.Sprint("renewed ", tok)) }, "renewed token(expires"},
		{"a plain string under a secret's key is blanked", func(l *slog.Logger) { l.Info("oops", "access_token", access, "client_secret", refresh) }, "access_token=[redacted] client_secret=[redacted]"},
		{"a key named in capitals is blanked too", func(l *slog.Logger) { l.Info("oops", "RefreshToken", refresh) }, "RefreshToken=[redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, stderr, _ := openTemp(t)
			tt.log(slog.New(l.Handler()))
			for where, text := range map[string]string{
				"stderr": stderr.String(), "file": readFile(t, l.Path()), "tail": strings.Join(l.Tail(10), "\n"),
			} {
				if strings.Contains(text, "fake-") {
					t.Errorf("a secret reached the %s (not shown here)", where)
				}
				if !strings.Contains(text, tt.want) {
					t.Errorf("the %s lacks %q", where, tt.want)
				}
			}
		})
	}
}
