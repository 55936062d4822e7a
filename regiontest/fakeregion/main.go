// Command fakeregion serves a fake LongPort region (package regiontest) on
// this computer until interrupted, for trying Portview's real window
// against a server shaped like one a user meets:
//
//	go run ./regiontest/fakeregion -scopes 3 -auto-approve
//	portview -region http://127.0.0.1:PORT
//
// -scopes 3 is a server like LongPort's OAuth example, which lists scope 3
// alone; the default lists LongPort's "4 5 6 7 10 11". It prints the
// region's URL on the first line of stdout.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

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
	flag.Parse()
	fake, err := regiontest.Start(regiontest.Options{
		Rows:   *rows,
		Auth:   oauthtest.Options{Addr: *addr, Scopes: strings.Fields(*scopes), AutoApprove: *auto, IssParameter: true},
		Socket: sockettest.Options{PushRate: *pushes},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeregion:", err)
		os.Exit(1)
	}
	defer fake.Close()
	fmt.Println(fake.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
