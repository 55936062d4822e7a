package oauthtest

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// client is a registered OAuth client.
type client struct {
	id                string
	secret            string // empty for a public client
	name              string
	redirectURIs      []string
	grantTypes        []string
	responseTypes     []string
	authMethod        string
	issuedAt          time.Time
	registrationToken string
}

// clientMetadata is the part of RFC 7591 client metadata the fake understands;
// other fields are accepted and ignored, as the RFC asks.
type clientMetadata struct {
	RedirectURIs            []string `json:"redirect_uris"`
	ClientName              string   `json:"client_name"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
}

// clientInformation is the RFC 7591 / RFC 7592 registration response.
type clientInformation struct {
	ClientID                string   `json:"client_id"`
	ClientSecret            string   `json:"client_secret,omitempty"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at"`
	ClientSecretExpiresAt   *int64   `json:"client_secret_expires_at,omitempty"`
	ClientName              string   `json:"client_name"`
	RedirectURIs            []string `json:"redirect_uris"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	RegistrationAccessToken string   `json:"registration_access_token"`
	RegistrationClientURI   string   `json:"registration_client_uri"`
}

// RegisterClient registers a client without HTTP and returns its id and, for
// a confidential client, its secret (empty otherwise).
func (s *Server) RegisterClient(redirectURIs []string, confidential bool) (clientID, clientSecret string) {
	c := s.newClient(clientMetadata{RedirectURIs: redirectURIs}, confidential)
	return c.id, c.secret
}

// newClient creates and stores a client from validated metadata.
func (s *Server) newClient(md clientMetadata, confidential bool) *client {
	c := &client{
		id:                randomToken(),
		name:              md.ClientName,
		redirectURIs:      slices.Clone(md.RedirectURIs),
		grantTypes:        md.GrantTypes,
		responseTypes:     md.ResponseTypes,
		authMethod:        md.TokenEndpointAuthMethod,
		issuedAt:          s.now(),
		registrationToken: randomToken(),
	}
	// The LongPort seed registers without grant_types and then refreshes,
	// so omitting them means both, not RFC 7591's authorization_code only.
	if len(c.grantTypes) == 0 {
		c.grantTypes = []string{"authorization_code", "refresh_token"}
	}
	if len(c.responseTypes) == 0 {
		c.responseTypes = []string{"code"}
	}
	if confidential {
		c.secret = randomToken()
		if c.authMethod == "" || c.authMethod == "none" {
			c.authMethod = "client_secret_basic"
		}
	} else {
		c.authMethod = "none"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.id] = c
	return c
}

// information renders c as the registration response.
func (s *Server) information(c *client) clientInformation {
	info := clientInformation{
		ClientID:                c.id,
		ClientSecret:            c.secret,
		ClientIDIssuedAt:        c.issuedAt.Unix(),
		ClientName:              c.name,
		RedirectURIs:            c.redirectURIs,
		GrantTypes:              c.grantTypes,
		ResponseTypes:           c.responseTypes,
		TokenEndpointAuthMethod: c.authMethod,
		RegistrationAccessToken: c.registrationToken,
		RegistrationClientURI:   s.URL + pathRegister + "/" + c.id,
	}
	if c.secret != "" {
		never := int64(0)
		info.ClientSecretExpiresAt = &never
	}
	return info
}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	var md clientMetadata
	if err := json.NewDecoder(r.Body).Decode(&md); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "the body is not a JSON client metadata object")
		return
	}
	if len(md.RedirectURIs) == 0 {
		writeOAuthError(w, http.StatusBadRequest, "invalid_redirect_uri", "redirect_uris is required")
		return
	}
	for _, u := range md.RedirectURIs {
		if !validRedirectURI(u) {
			writeOAuthError(w, http.StatusBadRequest, "invalid_redirect_uri", "not an absolute URI without fragment: "+u)
			return
		}
	}
	for _, g := range md.GrantTypes {
		if g != "authorization_code" && g != "refresh_token" {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "unsupported grant type: "+g)
			return
		}
	}
	for _, rt := range md.ResponseTypes {
		if rt != "code" {
			writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "unsupported response type: "+rt)
			return
		}
	}
	var confidential bool
	switch md.TokenEndpointAuthMethod {
	case "", "none":
		// LongPort registers public clients by default: "may return only client_id".
		confidential = s.opts.ConfidentialClients
	case "client_secret_basic", "client_secret_post":
		confidential = true
	default:
		writeOAuthError(w, http.StatusBadRequest, "invalid_client_metadata", "unsupported token_endpoint_auth_method: "+md.TokenEndpointAuthMethod)
		return
	}
	c := s.newClient(md, confidential)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusCreated, s.information(c))
}

// validRedirectURI accepts absolute URIs without a fragment (RFC 6749 section
// 3.1.2), including the private-use schemes of RFC 8252 native apps.
func validRedirectURI(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Fragment != "" || strings.Contains(raw, "#") {
		return false
	}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host == "" {
		return false
	}
	return true
}

// managedClient authenticates an RFC 7592 request by its registration access
// token. Unknown clients get the same 401 as bad tokens, as RFC 7592 asks.
func (s *Server) managedClient(w http.ResponseWriter, r *http.Request) *client {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	c := s.clients[r.PathValue("client_id")]
	s.mu.Unlock()
	if !ok || c == nil || subtle.ConstantTimeCompare([]byte(token), []byte(c.registrationToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeOAuthError(w, http.StatusUnauthorized, "invalid_token", "unknown client or registration access token")
		return nil
	}
	return c
}

func (s *Server) handleReadClient(w http.ResponseWriter, r *http.Request) {
	c := s.managedClient(w, r)
	if c == nil {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, s.information(c))
}

// handleDeleteClient deregisters a client, which also ends its grants.
func (s *Server) handleDeleteClient(w http.ResponseWriter, r *http.Request) {
	c := s.managedClient(w, r)
	if c == nil {
		return
	}
	s.ForgetClient(c.id)
	w.WriteHeader(http.StatusNoContent)
}

// ForgetClient deregisters a client as if its registration expired or its
// app was deleted in the developer centre: its grants end, and every
// endpoint answers as for a client it never knew (invalid_client).
func (s *Server) ForgetClient(clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, clientID)
	for _, rt := range s.refresh {
		if rt.grant.clientID == clientID {
			rt.grant.revoked = true
		}
	}
}
