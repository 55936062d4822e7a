package oauth

import (
	"fmt"
	"net"
	"net/url"
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

// ParseBaseURL normalises a base URL or a discovery URL to "scheme://host[:port][/path]"
// without a trailing slash, with errors a user can act on.
func ParseBaseURL(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("enter the server's address, such as %s", Global.BaseURL)
	}
	if !strings.Contains(s, "://") {
		return "", fmt.Errorf("%q needs a scheme: write https://%s", s, s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid URL", s)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", fmt.Errorf("%q has no host name", s)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q must not contain a user name or password", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q must not have a query or fragment: give only the server's address", s)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return "", fmt.Errorf("%q uses plain http: use https (plain http is allowed only for 127.0.0.1, ::1 or localhost)", s)
		}
	default:
		return "", fmt.Errorf("%q must start with https://", s)
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	path = strings.TrimSuffix(path, WellKnownPath)
	return u.Scheme + "://" + strings.ToLower(u.Host) + strings.TrimSuffix(path, "/"), nil
}

// IsLoopbackHost reports whether host names this machine: 127.0.0.0/8, ::1 or localhost.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
