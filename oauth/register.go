package oauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrNoRegistration means the server offers no dynamic registration, so the
// user has to bring a client ID.
var ErrNoRegistration = errors.New("this server does not offer automatic registration: enter your client ID under Advanced")

// Registration is an OAuth client registered for Portview (RFC 7591), kept
// per region so the app registers once, not at every sign-in.
type Registration struct {
	ClientID                string `json:"client_id"`
	ClientSecret            string `json:"client_secret,omitempty"` // only a confidential client has one
	ClientSecretExpiresAt   int64  `json:"client_secret_expires_at,omitempty"`
	RegistrationAccessToken string `json:"registration_access_token,omitempty"` // RFC 7592
	RegistrationClientURI   string `json:"registration_client_uri,omitempty"`
	RedirectURI             string `json:"-"`
}

type registrationRequest struct {
	ClientName              string   `json:"client_name"`
	RedirectURIs            []string `json:"redirect_uris"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
}

// register asks the server for a public client whose redirect URI is
// redirectURI. A reply with a client secret is accepted too.
func register(ctx context.Context, hc *http.Client, md *Metadata, redirectURI string) (*Registration, error) {
	if md.RegistrationEndpoint == "" {
		return nil, ErrNoRegistration
	}
	body, _ := json.Marshal(registrationRequest{
		ClientName:              "Portview",
		RedirectURIs:            []string{redirectURI},
		GrantTypes:              []string{"authorization_code", "refresh_token"},
		ResponseTypes:           []string{"code"},
		TokenEndpointAuthMethod: "none",
	})
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, md.RegistrationEndpoint, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("register Portview with the server: %w", plainNetError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataBytes))
	if err != nil {
		return nil, fmt.Errorf("register Portview with the server: %w", plainNetError(err))
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error != "" {
			return nil, fmt.Errorf("the server refused to register Portview: %s %s", e.Error, e.Description)
		}
		return nil, fmt.Errorf("the server refused to register Portview: HTTP %d (%s)", resp.StatusCode, excerpt(data))
	}
	var reg Registration
	if err := json.Unmarshal(data, &reg); err != nil {
		return nil, fmt.Errorf("the server's registration answer is %s", describeBody(resp.Header.Get("Content-Type"), data))
	}
	if reg.ClientID == "" {
		return nil, errors.New("the server's registration answer has no client_id")
	}
	reg.RedirectURI = redirectURI
	return &reg, nil
}
