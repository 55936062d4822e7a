// Command fakeregion serves a fake LongPort region (package regiontest) on
// the loopback interface and plays the user's browser for it, for
// scripts/check-wine.sh, which signs the Windows program in under Wine.
//
//  1. It starts the region and writes its base URL, one line, to stdout.
//  2. Every file NAME.url that appears in the folder -browse names holds a
//     page the program asked the browser to open (the script's stand-in
//     for xdg-open writes it). fakeregion approves it, as a user pressing
//     Allow would (oauthtest.Approve), and renames it NAME.done, or
//     NAME.failed with the reason inside.
//  3. It runs until it is interrupted or terminated.
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
	"github.com/portview/portview/regiontest"
)

func main() {
	browse := flag.String("browse", "", "folder of the pages to open (NAME.url files)")
	flag.Parse()
	if *browse == "" {
		log.Fatal("fakeregion: -browse is required")
	}
	region, err := regiontest.Start(regiontest.Options{})
	if err != nil {
		log.Fatal("fakeregion: ", err)
	}
	defer region.Close()
	fmt.Println(region.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
			os.WriteFile(base+".failed", []byte(err.Error()+"\n"), 0o600)
			os.Remove(page)
			continue
		}
		log.Printf("fakeregion: %s: approved", filepath.Base(page))
		os.Rename(page, base+".done")
	}
}
