package oauth

import "slices"

// scopeNames are the labels LongPort's own tools give its numeric scopes;
// discovery lists numbers only.
var scopeNames = map[string]string{
	"4":  "Watchlist",
	"6":  "Account and positions",
	"10": "Order lookup",
	"11": "Trade execution",
}

// writeScopes let the app act for the user; Portview only reads, so they are
// never chosen by default.
var writeScopes = []string{"11"}

// seedScope is the scope of LongPort's OAuth example, used when discovery
// lists none.
const seedScope = "3"

// ScopeName is a scope's label for people, or "Scope N" for one without a
// known name.
func ScopeName(scope string) string {
	if n, ok := scopeNames[scope]; ok {
		return n
	}
	return "Scope " + scope
}

// IsWriteScope reports whether scope lets the app change things (trade).
func IsWriteScope(scope string) bool { return slices.Contains(writeScopes, scope) }

// DefaultScopes are the scopes asked for when the user chooses none: every
// listed scope except those that trade, or the seed example's "3" when
// discovery lists none. Scopes without a known name are kept, since the one
// that grants quotes is not documented.
func DefaultScopes(md *Metadata) []string {
	if md == nil || len(md.ScopesSupported) == 0 {
		return []string{seedScope}
	}
	var out []string
	for _, s := range md.ScopesSupported {
		if !IsWriteScope(s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{seedScope}
	}
	return out
}
