package oauthtest

import "net/http"

// handleRevoke serves RFC 7009 revocation. Any token, even an unknown or
// already revoked one, gets 200 so the endpoint reveals nothing about it; a
// token of another client is likewise left alone without an error. Revoking
// a refresh token ends its whole grant, the access tokens issued with it
// included; revoking an access token ends that token only.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	form, terr := readForm(r)
	if terr != nil {
		terr.write(w)
		return
	}
	token := form.Get("token")
	if token == "" {
		badRequest("invalid_request", "token is required").write(w)
		return
	}
	c, terr := s.authenticate(r, form)
	if terr != nil {
		terr.write(w)
		return
	}
	// token_type_hint is only a hint (RFC 7009 section 2.1): both kinds are searched.
	s.mu.Lock()
	if a := s.access[token]; a != nil && a.grant.clientID == c.id {
		a.revoked = true
	}
	if rt := s.refresh[token]; rt != nil && rt.grant.clientID == c.id {
		rt.grant.revoked = true
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
