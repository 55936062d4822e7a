package oauth

import (
	"slices"
	"testing"
)

func TestDefaultScopes(t *testing.T) {
	tests := []struct {
		name   string
		listed []string
		want   []string
	}{
		{"the live list gives only the scopes Portview reads with", []string{"4", "5", "6", "7", "10", "11"}, []string{"4", "6", "10"}},
		{"a list with one used scope gives that one", []string{"5", "6", "7"}, []string{"6"}},
		{"a list with none of them keeps every scope but trading", []string{"5", "7", "11"}, []string{"5", "7"}},
		{"a list of trading alone falls back to the seed scope", []string{"11"}, []string{"3"}},
		{"no list falls back to the seed scope", nil, []string{"3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DefaultScopes(&Metadata{ScopesSupported: tt.listed})
			if !slices.Equal(got, tt.want) {
				t.Errorf("DefaultScopes(%v) = %v, want %v", tt.listed, got, tt.want)
			}
			if slices.Contains(got, "11") {
				t.Error("trade execution asked for by default")
			}
		})
	}
}

func TestScopeNamesFollowTheDigest(t *testing.T) {
	for scope, want := range map[string]string{"4": "Watchlist", "6": "Account and positions", "10": "Order lookup", "11": "Trade execution", "5": "Scope 5"} {
		if got := ScopeName(scope); got != want {
			t.Errorf("ScopeName(%q) = %q, want %q", scope, got, want)
		}
	}
}
