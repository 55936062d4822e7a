package console

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is AttachConsole's ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

var attachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// Attach gives stdout and stderr, where the program was started without
// them (a GUI program typed in a console gets none), the console of the
// process that started it, if it has one. A handle the program was given (a
// pipe, a file, portview.com's relay) is kept. It reports whether it
// attached. Call it before os.Stdout and os.Stderr are first used.
//
// A console that does not wait for the program (cmd.exe typed at, which
// never waits for a GUI program) prints its prompt before the program's
// output: portview.com, which cmd.exe waits for, is the way to type the
// commands; this is for callers that start Portview.exe themselves.
func Attach() bool {
	outMissing := missing(windows.STD_OUTPUT_HANDLE)
	errMissing := missing(windows.STD_ERROR_HANDLE)
	if !outMissing && !errMissing {
		return false
	}
	if ok, _, _ := attachConsole.Call(uintptr(attachParentProcess)); ok == 0 {
		return false // no parent console: started from Explorer, say
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return false
	}
	if outMissing {
		windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, windows.Handle(con.Fd()))
		os.Stdout = con
	}
	if errMissing {
		windows.SetStdHandle(windows.STD_ERROR_HANDLE, windows.Handle(con.Fd()))
		os.Stderr = con
	}
	return true
}

// missing reports whether the standard handle std is absent or unusable.
func missing(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return true
	}
	t, err := windows.GetFileType(h)
	return t == windows.FILE_TYPE_UNKNOWN && err != nil
}
