package oauth

import "slices"

// scopeNames are the labels of the digest's scope table (LongPort's own
// tools give them); discovery lists numbers only. 0 is granted at login.
var scopeNames = map[string]string{
	"0":  "General (quotes and market data)",
	"4":  "Watchlist",
	"6":  "Account and positions",
	"10": "Order lookup",
	"11": "Trade execution",
}

// UsedScopes are the scopes Portview reads with: the watchlist (4), the
// account and positions (6) and the order lookup (10). It asks for these
// by default and for nothing else that a server lists.
var UsedScopes = []string{"4", "6", "10"}

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

// IsUsedScope reports whether Portview reads with scope (UsedScopes).
func IsUsedScope(scope string) bool { return slices.Contains(UsedScopes, scope) }

// DefaultScopes are the scopes asked for when the user chooses none:
//
//   - those of UsedScopes that discovery lists, when it lists any;
//   - otherwise every listed scope except those that trade, since the one
//     that grants quotes is not documented and may be among them;
//   - the seed example's "3" when discovery lists nothing usable.
func DefaultScopes(md *Metadata) []string {
	if md == nil || len(md.ScopesSupported) == 0 {
		return []string{seedScope}
	}
	var used, other []string
	for _, s := range md.ScopesSupported {
		switch {
		case IsUsedScope(s):
			used = append(used, s)
		case !IsWriteScope(s):
			other = append(other, s)
		}
	}
	switch {
	case len(used) > 0:
		return used
	case len(other) > 0:
		return other
	}
	return []string{seedScope}
}
