// Command fakeregion serves a fake LongPort region (package regiontest) on
// this computer until interrupted, for trying Portview's real window
// against a server shaped like one a user meets, and for the scripts that
// run the built program (scripts/check-wine.sh):
//
//		go run ./regiontest/fakeregion -scopes 3 -auto-approve
//		portview -region http://127.0.0.1:PORT
//
//	 1. It starts the region and writes its base URL, one line, to stdout.
//	    -scopes 3 is a server like LongPort's OAuth example, which lists
//	    scope 3 alone; the default lists LongPort's "4 5 6 7 10 11".
//	 2. With -browse DIR it plays the user's browser: every file NAME.url
//	    that appears in DIR holds a page the program asked the browser to
//	    open (a script's stand-in for xdg-open writes it); fakeregion
//	    approves it, as a user pressing Allow would (oauthtest.Approve), and
//	    renames it NAME.done, or NAME.failed with the reason inside.
//	 3. It runs until it is interrupted or terminated.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/portview/portview/oauth/oauthtest"
	"github.com/portview/portview/quote/socket/sockettest"
	"github.com/portview/portview/regiontest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	scopes := flag.String("scopes", strings.Join(oauthtest.DefaultScopes, " "), "scopes_supported, space-separated")
	rows := flag.Int("rows", 2000, "size of the security list")
	auto := flag.Bool("auto-approve", false, "approve sign-ins without a consent page")
	pushes := flag.Float64("push-rate", 8, "quote pushes a second on the socket (0: none)")
	browse := flag.String("browse", "", "folder of the pages to open (NAME.url files), approved as a user would")
	flag.Parse()
	fake, err := regiontest.Start(regiontest.Options{
		Rows:   *rows,
		Auth:   oauthtest.Options{Addr: *addr, Scopes: strings.Fields(*scopes), AutoApprove: *auto, IssParameter: true},
		Socket: sockettest.Options{PushRate: *pushes},
	})
	if err != nil {
		log.Fatal("fakeregion: ", err)
	}
	defer fake.Close()
	fmt.Println(fake.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *browse == "" {
		<-ctx.Done()
		return
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			approveAll(ctx, *browse)
		}
	}
}

// approveAll approves each page waiting in dir.
func approveAll(ctx context.Context, dir string) {
	pages, _ := filepath.Glob(filepath.Join(dir, "*.url"))
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			continue
		}
		url := strings.TrimSpace(string(data))
		if url == "" {
			continue // still being written
		}
		base := strings.TrimSuffix(page, ".url")
		approveCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err = oauthtest.Approve(approveCtx, url)
		cancel()
		if err != nil {
			log.Printf("fakeregion: %s: %v", filepath.Base(page), err)
			_ = os.WriteFile(base+".failed", []byte(err.Error()+"\n"), 0o600)
			_ = os.Remove(page)
			continue
		}
		log.Printf("fakeregion: %s: approved", filepath.Base(page))
		_ = os.Rename(page, base+".done")
	}
}
