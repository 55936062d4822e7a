package oauth

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// WellKnownPath is where RFC 8414 puts the authorization server metadata.
const WellKnownPath = "/.well-known/oauth-authorization-server"

// Region is one LongPort deployment: a name for people and a base URL that is
// both the API host and the OAuth issuer.
type Region struct {
	ID      string // stable key for settings and the keyring: "global", "china", "sandbox" or "custom:<base URL>"
	Name    string // what the user reads: "Global", "China"
	BaseURL string // scheme and host, no trailing slash
}

// The built-in regions, with the hosts of LongPort's OAuth document.
var (
	Global = Region{ID: "global", Name: "Global", BaseURL: "https://openapi.longportapp.com"}
	China  = Region{ID: "china", Name: "China", BaseURL: "https://openapi.longportapp.cn"}
)

// BuiltinRegions lists the regions offered without typing a URL.
func BuiltinRegions() []Region { return []Region{Global, China} }

// ErrUnknownRegion means a region's name is neither global, china nor a
// server's URL.
var ErrUnknownRegion = errors.New("unknown region")

// RegionByName is the region a command line or the preferences name:
// "global", "china", or a server's URL, with the "custom:" prefix the
// preferences keep it under or without.
func RegionByName(name string) (Region, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case Global.ID:
		return Global, nil
	case China.ID:
		return China, nil
	}
	raw := strings.TrimPrefix(strings.TrimSpace(name), "custom:")
	if !strings.Contains(raw, "://") {
		return Region{}, fmt.Errorf("%w %q", ErrUnknownRegion, name)
	}
	return CustomRegion(raw)
}

// CustomRegion turns what a user typed into a Region. It accepts a base URL or
// the full discovery URL, and refuses anything but https, except plain http on
// a loopback host so that local sandboxes work.
func CustomRegion(raw string) (Region, error) {
	base, err := ParseBaseURL(raw)
	if err != nil {
		return Region{}, err
	}
	for _, r := range BuiltinRegions() {
		if r.BaseURL == base {
			return r, nil
		}
	}
	u, _ := url.Parse(base)
	return Region{ID: "custom:" + base, Name: u.Host, BaseURL: base}, nil
}

// AddressProblem says what is wrong with a server address.
type AddressProblem int

// The problems ParseBaseURL finds.
const (
	AddressEmpty     AddressProblem = iota + 1 // nothing typed
	AddressNoScheme                            // "openapi.example.com"
	AddressInvalid                             // not a URL at all
	AddressNoHost                              // "https://"
	AddressUserInfo                            // "https://user:pw@host"
	AddressQuery                               // a query or fragment
	AddressPlainHTTP                           // http off loopback
	AddressScheme                              // ftp:// and the like
	AddressPort                                // a port that is not a number from 1 to 65535
)

// AddressError is a server address that cannot be used, with the problem
// for a GUI to put in its own words.
type AddressError struct {
	Input   string
	Problem AddressProblem
}

func (e *AddressError) Error() string {
	s := e.Input
	switch e.Problem {
	case AddressEmpty:
		return fmt.Sprintf("enter the server's address, such as %s", Global.BaseURL)
	case AddressNoScheme:
		return fmt.Sprintf("%q needs a scheme: write https://%s", s, s)
	case AddressNoHost:
		return fmt.Sprintf("%q has no host name", s)
	case AddressUserInfo:
		return fmt.Sprintf("%q must not contain a user name or password", s)
	case AddressQuery:
		return fmt.Sprintf("%q must not have a query or fragment: give only the server's address", s)
	case AddressPlainHTTP:
		return fmt.Sprintf("%q uses plain http: use https (plain http is allowed only for 127.0.0.1, ::1 or localhost)", s)
	case AddressScheme:
		return fmt.Sprintf("%q must start with https://", s)
	case AddressPort:
		return fmt.Sprintf("%q has an invalid port: a port is a number from 1 to 65535", s)
	}
	return fmt.Sprintf("%q is not a valid URL", s)
}

// ParseBaseURL normalises a base URL or a discovery URL to "scheme://host[:port][/path]"
// without a trailing slash. Its errors are *AddressError.
func ParseBaseURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	bad := func(p AddressProblem) (string, error) { return "", &AddressError{Input: s, Problem: p} }
	if s == "" {
		return bad(AddressEmpty)
	}
	if !strings.Contains(s, "://") {
		// Suggest https:// only when that makes a usable address, so that
		// the hint never shows one that is not.
		if _, err := ParseBaseURL("https://" + s); err != nil {
			var ae *AddressError
			if errors.As(err, &ae) && ae.Problem == AddressPort {
				return bad(AddressPort)
			}
			return bad(AddressInvalid)
		}
		return bad(AddressNoScheme)
	}
	if !validPort(s) {
		return bad(AddressPort)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return bad(AddressInvalid)
	case u.Host == "" || u.Hostname() == "":
		return bad(AddressNoHost)
	case u.User != nil:
		return bad(AddressUserInfo)
	case u.RawQuery != "" || u.Fragment != "":
		return bad(AddressQuery)
	case u.Scheme == "http" && !IsLoopbackHost(u.Hostname()):
		return bad(AddressPlainHTTP)
	case u.Scheme != "https" && u.Scheme != "http":
		return bad(AddressScheme)
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	path = strings.TrimSuffix(path, WellKnownPath)
	return u.Scheme + "://" + strings.ToLower(u.Host) + strings.TrimSuffix(path, "/"), nil
}

// validPort reports whether the port of the URL s, if it has one, is a
// number from 1 to 65535; url.Parse accepts any digits.
func validPort(s string) bool {
	authority := s[strings.Index(s, "://")+3:]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	authority = authority[strings.LastIndex(authority, "@")+1:]
	i := strings.LastIndex(authority, ":")
	if i < 0 || strings.Contains(authority[i:], "]") {
		return true // no port; "[::1]" is an address, not a port
	}
	port := authority[i+1:]
	if port == "" {
		return true // "host:" means the scheme's port, as url.Parse reads it
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535 && port[0] != '+'
}

// IsLoopbackHost reports whether host names this machine: 127.0.0.0/8, ::1 or localhost.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
