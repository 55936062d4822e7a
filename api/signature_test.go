package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// The vectors of longport-api.md 4.4, computed with Python's hashlib and
// hmac from the documented algorithm; D, float seconds as the docs send
// them, computed the same way by us.
func TestSignatureVectors(t *testing.T) {
	common := SignatureInput{Token: "test_access_token", AppKey: "test_app_key"}
	get := common
	get.Method, get.Path, get.Query = "GET", "/v1/asset/account", "currency=HKD"
	post := common
	post.Method, post.Path = "POST", "/v1/watchlist/groups"
	post.Body = []byte(`{"name":"Tech","securities":["AAPL.US","700.HK"]}`)
	tests := []struct {
		name    string
		in      SignatureInput
		ts      string
		toSign  string
		signHex string
	}{
		{"A: a GET with a query and seconds", get, "1700000000",
			"HMAC-SHA256|e1312023a70daaad11d481db1e2a071e425d9a16",
			"1da65b59a4ee7d346ccaeb43c4181eb8c44cfbfca4843cea902d546d5f11836f"},
		{"B: a POST with a body hashes the body", post, "1700000000",
			"HMAC-SHA256|499d38f0c765752e3af2fe51040d459c4be33444",
			"f51b07eaaeacd731355033b74dfdeac57b430642d050f8b8c461b14c8c79f0ac"},
		{"C: the milliseconds Portview sends", get, "1700000000123",
			"HMAC-SHA256|948ecb8cc7ac0ce1852efd02348f542e88a6b5dd",
			"5267c09d38be936d98f7d57350510aabdedf8aed77cf14a862fea7fa3924cab3"},
		{"D: the docs' float seconds", get, "1700000000.123",
			"HMAC-SHA256|7783edd15a11b50ce81488a0c372d2cde2e8b390",
			"c9195979ac7fac4d3f4cfa8615a4f9fbed1c463e6d19c1eeec0e50d75d664f60"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Timestamp = tt.ts
			if got := stringToSign(in); got != tt.toSign {
				t.Errorf("string to sign = %q, want %q", got, tt.toSign)
			}
			want := "HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp, Signature=" + tt.signHex
			if got := Signature("test_app_secret", in); got != want {
				t.Errorf("Signature = %q, want %q", got, want)
			}
		})
	}
}

type fixedKeys struct {
	key     APIKey
	refused []string
}

func (f *fixedKeys) APIKey(context.Context) (APIKey, error) { return f.key, nil }
func (f *fixedKeys) Refused(token string) bool {
	f.refused = append(f.refused, token)
	return false
}

func TestAPIKeySignerSignsWhatIsSent(t *testing.T) {
	var mu sync.Mutex
	var got []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"code":0,"message":"success","data":{}}`))
	}))
	defer srv.Close()
	keys := &fixedKeys{key: APIKey{AppKey: "test_app_key", AppSecret: "test_app_secret", Token: "test_access_token"}}
	now := time.UnixMilli(1700000000123)
	signer := &APIKeySigner{Keys: keys, Now: func() time.Time { return now }}
	c, err := New("test", Config{BaseURL: srv.URL, Auth: signer}, QuoteLimit)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(context.Context, time.Duration) error { return nil }
	for range 2 {
		if _, err := GetData[struct{}](context.Background(), c, "/v1/asset/account", map[string][]string{"currency": {"HKD"}}); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 2 {
		t.Fatalf("%d requests, want 2", len(got))
	}
	first, second := got[0].Header, got[1].Header
	if v := first.Get("Authorization"); v != "test_access_token" {
		t.Errorf("Authorization = %q, want the raw token", v)
	}
	if v := first.Get("X-Api-Key"); v != "test_app_key" {
		t.Errorf("X-Api-Key = %q", v)
	}
	if v := first.Get("X-Timestamp"); v != "1700000000123" {
		t.Errorf("X-Timestamp = %q, want unix milliseconds", v)
	}
	if v := first.Get("X-Api-Signature"); !strings.HasSuffix(v, "5267c09d38be936d98f7d57350510aabdedf8aed77cf14a862fea7fa3924cab3") {
		t.Errorf("X-Api-Signature = %q, want vector C", v)
	}
	if v := second.Get("X-Timestamp"); v != "1700000000124" {
		t.Errorf("the second request in the same millisecond has X-Timestamp %q, want one later", v)
	}
	if first.Get("x-dc-region") != "ap" {
		t.Errorf("x-dc-region = %q", first.Get("x-dc-region"))
	}
}

func TestAPIKeyRefusedTokenNeedsNewCredentials(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"code":401003,"message":"token expired","data":null}`))
	}))
	defer srv.Close()
	keys := &fixedKeys{key: APIKey{AppKey: "k", AppSecret: "s", Token: "t"}}
	c, err := New("test", Config{BaseURL: srv.URL, Auth: &APIKeySigner{Keys: keys}}, QuoteLimit)
	if err != nil {
		t.Fatal(err)
	}
	_, err = GetData[struct{}](context.Background(), c, "/v1/asset/account", nil)
	if !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("err = %v, want ErrSignInRequired", err)
	}
	if len(keys.refused) != 1 {
		t.Errorf("the source was told %d times, want once", len(keys.refused))
	}
}
