package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Limits of discovery: a metadata document is a few kilobytes, and a region
// that takes longer than this to answer is as good as unreachable.
const (
	maxMetadataBytes = 1 << 20
	DiscoveryTimeout = 10 * time.Second
)

// Metadata is the part of an RFC 8414 authorization server metadata document
// that Portview uses.
type Metadata struct {
	Issuer                                     string   `json:"issuer"`
	AuthorizationEndpoint                      string   `json:"authorization_endpoint"`
	TokenEndpoint                              string   `json:"token_endpoint"`
	RegistrationEndpoint                       string   `json:"registration_endpoint,omitempty"`
	RevocationEndpoint                         string   `json:"revocation_endpoint,omitempty"`
	ScopesSupported                            []string `json:"scopes_supported,omitempty"`
	ResponseTypesSupported                     []string `json:"response_types_supported,omitempty"`
	GrantTypesSupported                        []string `json:"grant_types_supported,omitempty"`
	CodeChallengeMethodsSupported              []string `json:"code_challenge_methods_supported,omitempty"`
	AuthorizationResponseIssParameterSupported bool     `json:"authorization_response_iss_parameter_supported,omitempty"`
}

// DiscoveryProblem is the kind of a discovery failure, for a GUI to put in
// its own words.
type DiscoveryProblem int

// The problems Discover finds.
const (
	DiscoveryUnreachable DiscoveryProblem = iota // no answer: the network, DNS, TLS, a timeout (Err)
	DiscoveryNotFound                            // the server answered 404 or 410: not an OAuth server at this address
	DiscoveryStatus                              // another HTTP error status (Status)
	DiscoveryWebPage                             // a web page instead of JSON, as from a proxy or captive portal
	DiscoveryUnreadable                          // a body that is not metadata: empty, broken or too large
	DiscoveryBadField                            // the metadata was read but a field is wrong (Field)
)

// DiscoveryError says why a region's metadata could not be used. Field is set
// when the document was read but one of its fields was wrong.
type DiscoveryError struct {
	URL     string // the discovery URL
	Problem DiscoveryProblem
	Status  int    // the HTTP status, when the server answered
	Field   string // the metadata field at fault, if any
	Got     string
	Want    string
	Err     error // the underlying failure, if any
}

func (e *DiscoveryError) Error() string {
	host := e.URL
	if u, err := url.Parse(e.URL); err == nil && u.Host != "" {
		host = u.Host
	}
	if e.Field != "" {
		got := e.Got
		if got == "" {
			got = "nothing"
		} else {
			got = fmt.Sprintf("%q", got)
		}
		return fmt.Sprintf("%s sent unusable sign-in settings: %s is %s, expected %s", host, e.Field, got, e.Want)
	}
	return fmt.Sprintf("could not reach %s: %v", host, e.Err)
}

func (e *DiscoveryError) Unwrap() error { return e.Err }

// timeoutError reads "timeout after 10s" for people and is
// context.DeadlineExceeded for errors.Is.
type timeoutError struct{}

func (timeoutError) Error() string { return fmt.Sprintf("timeout after %v", DiscoveryTimeout) }
func (timeoutError) Unwrap() error { return context.DeadlineExceeded }

// DiscoveryURL is where base's metadata lives.
func DiscoveryURL(base string) string { return strings.TrimSuffix(base, "/") + WellKnownPath }

// Discover fetches and validates the metadata of the authorization server at
// base (a base URL as returned by ParseBaseURL), giving up after DiscoveryTimeout.
func Discover(ctx context.Context, hc *http.Client, base string) (*Metadata, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	where := DiscoveryURL(base)
	fail := func(err error) error { return &DiscoveryError{URL: where, Err: err} }
	failAs := func(p DiscoveryProblem, status int, err error) error {
		return &DiscoveryError{URL: where, Problem: p, Status: status, Err: err}
	}

	ctx, cancel := context.WithTimeout(ctx, DiscoveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, fail(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fail(timeoutError{})
		}
		return nil, fail(plainNetError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBytes+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fail(timeoutError{})
		}
		return nil, fail(fmt.Errorf("reading the answer: %w", plainNetError(err)))
	}
	status := resp.StatusCode
	if len(body) > maxMetadataBytes {
		return nil, failAs(DiscoveryUnreadable, status, fmt.Errorf("the answer is larger than %d KiB, which no sign-in settings document is", maxMetadataBytes>>10))
	}
	if status != http.StatusOK {
		problem := DiscoveryStatus
		if status == http.StatusNotFound || status == http.StatusGone {
			problem = DiscoveryNotFound
		}
		return nil, failAs(problem, status, fmt.Errorf("the server answered HTTP %d (%s)", status, excerpt(body)))
	}
	var md Metadata
	if err := json.Unmarshal(body, &md); err != nil {
		problem := DiscoveryUnreadable
		if isWebPage(resp.Header.Get("Content-Type"), body) {
			problem = DiscoveryWebPage
		}
		return nil, failAs(problem, status, fmt.Errorf("the answer is not OAuth metadata but %s", describeBody(resp.Header.Get("Content-Type"), body)))
	}
	if err := md.validate(base); err != nil {
		err.URL, err.Problem, err.Status = where, DiscoveryBadField, status
		return nil, err
	}
	return &md, nil
}

// validate applies RFC 8414 section 3.3 and the checks a native app needs.
func (md *Metadata) validate(base string) *DiscoveryError {
	if strings.TrimSuffix(md.Issuer, "/") != strings.TrimSuffix(base, "/") {
		return &DiscoveryError{Field: "issuer", Got: md.Issuer, Want: fmt.Sprintf("%q (the address you chose)", base)}
	}
	issuerLoopback := false
	if u, err := url.Parse(md.Issuer); err == nil {
		issuerLoopback = u.Scheme == "http" && IsLoopbackHost(u.Hostname())
	}
	for _, ep := range []struct{ field, value string }{
		{"authorization_endpoint", md.AuthorizationEndpoint},
		{"token_endpoint", md.TokenEndpoint},
	} {
		if err := checkEndpoint(ep.field, ep.value, issuerLoopback, true); err != nil {
			return err
		}
	}
	for _, ep := range []struct{ field, value string }{
		{"registration_endpoint", md.RegistrationEndpoint},
		{"revocation_endpoint", md.RevocationEndpoint},
	} {
		if err := checkEndpoint(ep.field, ep.value, issuerLoopback, false); err != nil {
			return err
		}
	}
	if md.ResponseTypesSupported != nil && !slices.Contains(md.ResponseTypesSupported, "code") {
		return &DiscoveryError{Field: "response_types_supported", Got: strings.Join(md.ResponseTypesSupported, " "), Want: `a list containing "code"`}
	}
	if md.CodeChallengeMethodsSupported != nil && !slices.Contains(md.CodeChallengeMethodsSupported, "S256") {
		return &DiscoveryError{Field: "code_challenge_methods_supported", Got: strings.Join(md.CodeChallengeMethodsSupported, " "), Want: `a list containing "S256"`}
	}
	return nil
}

func checkEndpoint(field, value string, loopbackOK, required bool) *DiscoveryError {
	if value == "" {
		if required {
			return &DiscoveryError{Field: field, Want: "an https URL"}
		}
		return nil
	}
	u, err := url.Parse(value)
	switch {
	case err != nil || u.Host == "":
		return &DiscoveryError{Field: field, Got: value, Want: "an absolute https URL"}
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && loopbackOK && IsLoopbackHost(u.Hostname()):
		return nil
	default:
		return &DiscoveryError{Field: field, Got: value, Want: "an https URL"}
	}
}

// excerpt quotes at most 200 characters of a body, on one line.
func excerpt(body []byte) string {
	s := strings.Join(strings.Fields(string(body)), " ")
	if s == "" {
		return "empty body"
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// isWebPage reports whether a body is HTML rather than JSON.
func isWebPage(contentType string, body []byte) bool {
	trimmed := strings.TrimSpace(string(body))
	return trimmed != "" && (strings.Contains(contentType, "html") || strings.HasPrefix(trimmed, "<"))
}

func describeBody(contentType string, body []byte) string {
	switch {
	case strings.TrimSpace(string(body)) == "":
		return "an empty body"
	case isWebPage(contentType, body):
		return "a web page (a proxy or captive portal may be in the way): " + excerpt(body)
	default:
		return "unreadable JSON: " + excerpt(body)
	}
}

// plainNetError strips the URL that net/http puts in front of transport
// errors, since the caller already names the host.
func plainNetError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
