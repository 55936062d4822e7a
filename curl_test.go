package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portview/portview/internal/curlscript"
	"github.com/portview/portview/regiontest"
)

// The commands "Copy as curl" copies for a signed-in region run as they are
// in a shell: portview token gives the stored sign-in's token, and curl
// gets the data with status 0. Without a sign-in the script stops at the
// token with its status and message, and curl does not run.
func TestCopiedCurlCommandsRunAgainstTheRegion(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("curl is needed to run the copied commands (make test installs it)")
	}
	fake, err := regiontest.Start(regiontest.Options{Rows: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	f := newScriptFixtureOn(t, fake.Auth) // signed in with scopes 4 and 6
	bin := f.portviewOnPath()
	urls := []string{fake.URL + "/v1/watchlist/groups", fake.URL + "/v1/asset/account"}

	script := curlscript.Script(urls, curlscript.TokenCommand(f.srv.URL), f.window.ClientID())
	out, code := f.shell(bin, script)
	if code != 0 || strings.Count(out, `"code":0`) != 2 {
		t.Fatalf("exit %d, output:\n%s\nscript:\n%s", code, out, script)
	}
	noSecretIn(t, "the script", script, f.storedSecrets())

	// A region with no sign-in: portview token's status 3, and no request.
	before := len(fake.API.Requests())
	out, code = f.shell(bin, curlscript.Script(urls, curlscript.TokenCommand("http://127.0.0.1:9"), ""))
	if code != 3 || !strings.Contains(out, "portview") {
		t.Errorf("without a sign-in: exit %d, output %q; want 3 and portview token's message", code, out)
	}
	if n := len(fake.API.Requests()) - before; n != 0 {
		t.Errorf("curl ran %d requests without a token", n)
	}
}

// portviewOnPath writes a portview command into a folder of its own that
// runs this test binary as the program, with the fixture's keyring and
// folders, and returns the folder for PATH.
func (f *scriptFixture) portviewOnPath() string {
	f.t.Helper()
	self, err := filepath.Abs(os.Args[0])
	if err != nil {
		f.t.Fatal(err)
	}
	env := append([]string{"PORTVIEW_TEST_MAIN=1",
		"XDG_CONFIG_HOME=" + filepath.Join(f.home, "config"), "XDG_CACHE_HOME=" + filepath.Join(f.home, "cache")}, f.env...)
	var quoted []string
	for _, kv := range env {
		quoted = append(quoted, curlscript.Quote(kv))
	}
	dir := f.t.TempDir()
	sh := fmt.Sprintf("#!/bin/sh\nexec env %s %s \"$@\"\n", strings.Join(quoted, " "), curlscript.Quote(self))
	if err := os.WriteFile(filepath.Join(dir, "portview"), []byte(sh), 0o755); err != nil {
		f.t.Fatal(err)
	}
	return dir
}

// shell runs script with sh, bin first on PATH, and returns its output
// and exit status.
func (f *scriptFixture) shell(bin, script string) (string, int) {
	f.t.Helper()
	cmd := exec.Command("sh", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		f.t.Fatal(err)
	}
	return string(out), cmd.ProcessState.ExitCode()
}
