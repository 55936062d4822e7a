package oauthtest

import (
	"net/http"
	"slices"
)

// EditDiscovery registers edit to mutate the discovery document before every
// response, after any earlier edits; tests use it to serve a bad issuer, drop
// an endpoint and so on. The document is rebuilt for each request, so edit
// may change it freely. edit runs without the server's lock held.
func (s *Server) EditDiscovery(edit func(doc map[string]any)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.discoveryEdit = append(s.discoveryEdit, edit)
}

// discoveryDocument builds the RFC 8414 metadata the fake advertises.
func (s *Server) discoveryDocument() map[string]any {
	doc := map[string]any{
		"issuer":                                s.URL,
		"authorization_endpoint":                s.URL + pathAuthorize,
		"token_endpoint":                        s.URL + pathToken,
		"registration_endpoint":                 s.URL + pathRegister,
		"device_authorization_endpoint":         s.URL + pathDevice,
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
	}
	if !s.opts.DisableRevocation {
		doc["revocation_endpoint"] = s.URL + pathRevoke
		doc["revocation_endpoint_auth_methods_supported"] = []string{"client_secret_basic", "client_secret_post", "none"}
	}
	if !s.opts.OmitScopes {
		doc["scopes_supported"] = append([]string(nil), s.opts.Scopes...)
	}
	if s.opts.IssParameter {
		doc["authorization_response_iss_parameter_supported"] = true
	}
	return doc
}

func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	doc := s.discoveryDocument()
	s.mu.Lock()
	edits := slices.Clone(s.discoveryEdit)
	s.mu.Unlock()
	for _, edit := range edits {
		edit(doc)
	}
	writeJSON(w, http.StatusOK, doc)
}
