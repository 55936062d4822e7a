package oauth

import (
	"errors"
	"syscall"
)

// wsaeaddrinuse is WSAEADDRINUSE, the Windows code for a taken port.
const wsaeaddrinuse = 10048

// isAddrInUse reports whether a listen failed because the port is taken.
func isAddrInUse(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == syscall.EADDRINUSE || errno == wsaeaddrinuse)
}
