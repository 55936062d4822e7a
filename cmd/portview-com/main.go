// Command portview-com is portview.com, the console companion of the Windows
// program: installed beside Portview.exe, it is what `portview` in cmd.exe
// or PowerShell runs (.COM comes before .EXE on PATHEXT), so that
// `portview token`, `portview status`, -version and -help print in the
// console and return their exit status there, while Portview.exe,
// double-clicked, still opens no console window. See internal/console.
package main

import (
	"fmt"
	"os"

	"github.com/portview/portview/internal/console"
)

func main() {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "portview: cannot find Portview.exe:", err)
		os.Exit(1)
	}
	os.Exit(console.Relay(console.Target(self), os.Args[1:], os.Stdout, os.Stderr))
}
