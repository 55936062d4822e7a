package oauth

import (
	"errors"
	"strings"
	"testing"
)

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		name, in, want, errHas string
	}{
		{"a plain https base URL is kept", "https://openapi.longportapp.com", "https://openapi.longportapp.com", ""},
		{"a trailing slash is dropped", "https://openapi.longportapp.com/", "https://openapi.longportapp.com", ""},
		{"the full discovery URL gives its base", "https://openapi.longportapp.cn/.well-known/oauth-authorization-server", "https://openapi.longportapp.cn", ""},
		{"a path prefix survives", "https://gw.example.com/longport/", "https://gw.example.com/longport", ""},
		{"spaces around are ignored", "  https://example.com  ", "https://example.com", ""},
		{"the host is lower-cased", "https://OpenAPI.Example.COM", "https://openapi.example.com", ""},
		{"http on 127.0.0.1 is allowed for sandboxes", "http://127.0.0.1:8080", "http://127.0.0.1:8080", ""},
		{"http on another loopback address is allowed", "http://127.3.2.1:8080", "http://127.3.2.1:8080", ""},
		{"http on ::1 is allowed", "http://[::1]:9000", "http://[::1]:9000", ""},
		{"http on localhost is allowed", "http://localhost:9000/", "http://localhost:9000", ""},
		{"http elsewhere is refused", "http://openapi.longportapp.com", "", "use https"},
		{"a missing scheme is explained", "openapi.longportapp.com", "", "needs a scheme"},
		{"an empty entry asks for an address", "", "", "enter the server's address"},
		{"another scheme is refused", "ftp://example.com", "", "must start with https://"},
		{"a query is refused", "https://example.com/?x=1", "", "query"},
		{"credentials are refused", "https://user:pw@example.com", "", "user name"},
		{"a URL without a host is refused", "https://", "", "no host"},
		{"a port above 65535 is refused", "http://localhost:99999", "", "invalid port"},
		{"port 0 is refused", "https://example.com:0/", "", "invalid port"},
		{"a port that is not a number is refused", "https://example.com:http", "", "invalid port"},
		{"a typed port above 65535 without a scheme is named as the port", "localhost:99999", "", "invalid port"},
		{"a host with spaces is not given a scheme to try", "not a url", "", "not a valid URL"},
		{"an IPv6 literal without a port is kept", "http://[::1]/", "http://[::1]", ""},
		{"port 65535 is allowed", "http://127.0.0.1:65535", "http://127.0.0.1:65535", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBaseURL(tt.in)
			if tt.errHas != "" {
				var ae *AddressError
				if !errors.As(err, &ae) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("ParseBaseURL(%q) error = %v, want an *AddressError containing %q", tt.in, err, tt.errHas)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseBaseURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCustomRegionRecognisesBuiltInHosts(t *testing.T) {
	r, err := CustomRegion("https://openapi.longportapp.cn/")
	if err != nil || r.ID != China.ID {
		t.Fatalf("CustomRegion = %+v, %v; want the China region", r, err)
	}
	r, err = CustomRegion("https://openapi.longbridge.com")
	if err != nil || r.ID != "custom:https://openapi.longbridge.com" || r.Name != "openapi.longbridge.com" {
		t.Fatalf("CustomRegion = %+v, %v", r, err)
	}
}

func TestRegionByName(t *testing.T) {
	tests := []struct {
		name, in string
		wantID   string
		unknown  bool
	}{
		{"global", " Global ", Global.ID, false},
		{"china", "china", China.ID, false},
		{"a URL as the preferences keep it", "custom:https://openapi.example.com", "", false},
		{"a plain URL", "https://openapi.example.com", "", false},
		{"a word that is no region", "europe", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := RegionByName(tt.in)
			if tt.unknown != errors.Is(err, ErrUnknownRegion) {
				t.Fatalf("RegionByName(%q) = %v, %v", tt.in, r, err)
			}
			if tt.wantID != "" && r.ID != tt.wantID {
				t.Errorf("RegionByName(%q) = %q, want %q", tt.in, r.ID, tt.wantID)
			}
			if !tt.unknown && tt.wantID == "" && (err != nil || r.BaseURL != "https://openapi.example.com") {
				t.Errorf("RegionByName(%q) = %+v, %v", tt.in, r, err)
			}
		})
	}
}
