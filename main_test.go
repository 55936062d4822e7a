package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestBadCommandLinesExitWithStatus2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the one line on stderr
	}{
		{"an unknown flag is refused", []string{"-colour"}, "flag provided but not defined: -colour"},
		{"an unknown region is refused", []string{"-region", "mars"}, `unknown region "mars"`},
		{"a URL without https is refused", []string{"-region", "http://example.com"}, "plain http"},
		{"a URL with a query is refused", []string{"-region", "https://example.com/?a=b"}, "must not have a query"},
		{"a stray argument is refused", []string{"global"}, `unexpected argument "global"`},
		{"a region flag without a value is refused", []string{"-region"}, "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != 2 {
				t.Fatalf("exit status %d, want 2", code)
			}
			out := stderr.String()
			if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "portview: ") {
				t.Errorf("stderr is not one line starting with portview: %q", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", out, tt.want)
			}
		})
	}
}

func TestHelpPrintsUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-h"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	if !strings.Contains(stdout.String(), "-region") {
		t.Errorf("usage = %q", stdout.String())
	}
}

func TestVersionPrintsTheVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-version"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit status %d, want 0; stderr %q", code, stderr.String())
	}
	// go test runs in the module's directory, where FyneApp.toml is.
	if got := stdout.String(); got != "portview 0.1.0\n" {
		t.Errorf("stdout = %q, want %q", got, "portview 0.1.0\n")
	}
}
