// Package apikey is Portview's legacy API-key mode, the fallback that
// LongPort keeps for apps made before OAuth: an App Key, an App Secret and
// an Access Token from the developer centre. The App Key is not secret and
// lives in the preferences; the secret and the token live in the keyring
// only (an oauth.Store). A Session signs every request through
// api.APIKeySigner and renews the token through the legacy refresh
// endpoint from 14 days before it expires, saving the new token to the
// keyring before using it. It knows nothing of Fyne.
package apikey

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Credentials are the three values of the developer centre, and when the
// token expires.
type Credentials struct {
	AppKey      string
	AppSecret   string
	AccessToken string
	// Expiry is when AccessToken stops working; zero when not known.
	Expiry time.Time
	// FromEnv says they came from the environment (the SDKs' variables).
	FromEnv bool
}

// ErrIncomplete reports credentials with a value missing.
var ErrIncomplete = errors.New("the API key is incomplete")

// Check returns an error wrapping ErrIncomplete that names the values
// missing, or nil.
func (c Credentials) Check() error {
	var missing []string
	if strings.TrimSpace(c.AppKey) == "" {
		missing = append(missing, "App Key")
	}
	if strings.TrimSpace(c.AppSecret) == "" {
		missing = append(missing, "App Secret")
	}
	if strings.TrimSpace(c.AccessToken) == "" {
		missing = append(missing, "Access Token")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: no %s", ErrIncomplete, strings.Join(missing, ", "))
	}
	if strings.HasPrefix(strings.TrimSpace(c.AccessToken), "Bearer ") {
		return fmt.Errorf("%w: the Access Token starts with \"Bearer \", which is an OAuth token", ErrIncomplete)
	}
	return nil
}

// trimmed returns c with the spaces a paste brings removed.
func (c Credentials) trimmed() Credentials {
	c.AppKey = strings.TrimSpace(c.AppKey)
	c.AppSecret = strings.TrimSpace(c.AppSecret)
	c.AccessToken = strings.TrimSpace(c.AccessToken)
	return c
}

// String shows the app key only; the secret and the token never print.
func (c Credentials) String() string {
	return fmt.Sprintf("API key %s (secret and token hidden)", c.AppKey)
}

// GoString is String, so %#v does not print the secret either.
func (c Credentials) GoString() string { return c.String() }

// LogValue keeps the secret and the token out of slog.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("app_key", c.AppKey), slog.Bool("from_env", c.FromEnv), slog.Time("expiry", c.Expiry))
}

// The variables the SDKs read, newest brand first (longport-api.md 4.5).
var envPrefixes = []string{"LONGBRIDGE_", "LONGPORT_"}

// FromEnv returns the credentials in the environment, read as the SDKs
// read them: LONGBRIDGE_APP_KEY, _APP_SECRET and _ACCESS_TOKEN, each
// falling back to its LONGPORT_ name. ok is true when all three are set;
// names are the variables found, for the user to see where they came from.
// getenv is os.Getenv outside tests.
func FromEnv(getenv func(string) string) (c Credentials, names []string, ok bool) {
	read := func(name string) string {
		for _, p := range envPrefixes {
			if v := strings.TrimSpace(getenv(p + name)); v != "" {
				names = append(names, p+name)
				return v
			}
		}
		return ""
	}
	c = Credentials{
		AppKey:      read("APP_KEY"),
		AppSecret:   read("APP_SECRET"),
		AccessToken: read("ACCESS_TOKEN"),
		FromEnv:     true,
	}
	c.Expiry = TokenExpiry(c.AccessToken)
	return c, names, c.Check() == nil
}

// TokenExpiry reads the expiry from a legacy token that carries a JWT
// (such as m_eyJ...), from its "exp" claim; zero when it has none. The
// token's format is not documented, so this is a guess that only helps.
func TokenExpiry(token string) time.Time {
	i := strings.Index(token, "eyJ")
	if i < 0 {
		return time.Time{}
	}
	parts := strings.Split(token[i:], ".")
	if len(parts) < 2 {
		return time.Time{}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return time.Time{}
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return time.Time{}
	}
	n, err := claims.Exp.Int64()
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}
