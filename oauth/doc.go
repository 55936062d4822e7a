// Package oauth is Portview's OAuth 2.0 client for native apps, written for
// LongPort OpenAPI.
//
// It discovers a region's authorization server (RFC 8414), registers the app
// dynamically when the user brings no client ID (RFC 7591), signs the user in
// through the system browser and a loopback redirect (RFC 8252) with PKCE
// (RFC 7636) and issuer checks (RFC 9207), and keeps a Session that refreshes
// its tokens in the background, saves every new token to the OS keyring before
// anyone uses it, and never floods the provider.
//
// The package knows nothing of Fyne: the GUI drives it through Account and
// watches a Session's State.
package oauth
