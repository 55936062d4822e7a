package oauthtest

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authRequest is a validated authorization request waiting for consent.
type authRequest struct {
	clientID    string
	redirectURI string
	scope       string
	state       string
	challenge   string
	uiLocale    string // the first tag of ui_locales, for the consent page
	expiresAt   time.Time
}

// authCode is an issued authorization code.
type authCode struct {
	req       authRequest
	expiresAt time.Time
	used      bool
	grant     *grant // the tokens issued for the code, revoked if it is replayed
}

// handleAuthorize validates an authorization request (RFC 6749 section
// 4.1.1, RFC 7636) and shows the consent page or, with AutoApprove, answers
// with a code at once.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	q := r.URL.Query()

	// Until client_id and redirect_uri are known to be good, errors must be
	// shown to the user and never redirected (RFC 6749 section 4.1.2.1):
	// redirecting to an unchecked URI makes an open redirector.
	clientID := q.Get("client_id")
	if len(q["client_id"]) != 1 || clientID == "" {
		writeErrorPage(w, http.StatusBadRequest, "The request does not name exactly one client_id.")
		return
	}
	c := s.client(clientID)
	if c == nil {
		writeErrorPage(w, http.StatusBadRequest, "The application asking to sign in is not registered (unknown client_id).")
		return
	}
	redirectURI := q.Get("redirect_uri")
	if len(q["redirect_uri"]) != 1 || !slices.Contains(c.redirectURIs, redirectURI) {
		writeErrorPage(w, http.StatusBadRequest, "The redirect_uri is missing or does not exactly match one registered for this application.")
		return
	}

	req := authRequest{
		clientID:    clientID,
		redirectURI: redirectURI,
		scope:       strings.Join(strings.Fields(q.Get("scope")), " "),
		state:       q.Get("state"),
		challenge:   q.Get("code_challenge"),
	}
	if tags := strings.Fields(q.Get("ui_locales")); len(tags) > 0 {
		req.uiLocale = tags[0]
	}
	for name, values := range q {
		if len(values) > 1 {
			s.redirectError(w, r, req, "invalid_request", "parameter "+name+" is repeated")
			return
		}
	}
	switch {
	case q.Get("response_type") != "code":
		s.redirectError(w, r, req, "unsupported_response_type", "response_type must be code")
	case !slices.Contains(c.grantTypes, "authorization_code"):
		s.redirectError(w, r, req, "unauthorized_client", "the client is not registered for authorization_code")
	case req.challenge == "":
		s.redirectError(w, r, req, "invalid_request", "code_challenge is required (PKCE)")
	case q.Get("code_challenge_method") != "S256":
		s.redirectError(w, r, req, "invalid_request", "code_challenge_method must be S256")
	case !validChallenge(req.challenge):
		s.redirectError(w, r, req, "invalid_request", "code_challenge is not a base64url SHA-256 hash")
	case s.opts.AutoApprove:
		s.redirectCode(w, r, req)
	default:
		s.showConsent(w, c, req)
	}
}

// validChallenge reports whether challenge has the shape of
// BASE64URL(SHA256(verifier)): 43 characters, no padding.
func validChallenge(challenge string) bool {
	b, err := base64.RawURLEncoding.DecodeString(challenge)
	return err == nil && len(b) == 32
}

// showConsent stores the request under a single-use consent id and renders
// the page whose form posts that id back.
func (s *Server) showConsent(w http.ResponseWriter, c *client, req authRequest) {
	now := s.now()
	req.expiresAt = now.Add(codeLifetime)
	id := randomToken()
	s.mu.Lock()
	pruneExpired(s.consents, now, func(a *authRequest) time.Time { return a.expiresAt })
	s.consents[id] = &req
	s.mu.Unlock()
	writeConsentPage(w, c, req, id)
}

// handleConsent takes the user's decision from the consent page.
func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := r.ParseForm(); err != nil {
		writeErrorPage(w, http.StatusBadRequest, "The consent form could not be read.")
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "allow" && decision != "deny" {
		writeErrorPage(w, http.StatusBadRequest, "Choose Allow or Deny.")
		return
	}
	now := s.now()
	id := r.PostForm.Get("consent")
	s.mu.Lock()
	req, ok := s.consents[id]
	delete(s.consents, id) // single use: a replayed form must not mint a second code
	s.mu.Unlock()
	if !ok || !now.Before(req.expiresAt) {
		writeErrorPage(w, http.StatusBadRequest, "This sign-in request has expired or was already answered.")
		return
	}
	if decision == "deny" {
		s.redirectError(w, r, *req, "access_denied", "the user denied the request")
		return
	}
	s.redirectCode(w, r, *req)
}

// redirectCode issues a code for req and sends the browser back with it.
func (s *Server) redirectCode(w http.ResponseWriter, r *http.Request, req authRequest) {
	now := s.now()
	code := randomToken()
	s.mu.Lock()
	pruneExpired(s.codes, now, func(c *authCode) time.Time { return c.expiresAt })
	s.codes[code] = &authCode{req: req, expiresAt: now.Add(codeLifetime)}
	s.mu.Unlock()
	s.redirect(w, r, req, url.Values{"code": {code}})
}

// redirectError sends an error authorization response (RFC 6749 section 4.1.2.1).
func (s *Server) redirectError(w http.ResponseWriter, r *http.Request, req authRequest, code, description string) {
	s.redirect(w, r, req, url.Values{"error": {code}, "error_description": {description}})
}

// redirect sends the browser to the client's redirect URI with params, the
// state and, with IssParameter, the issuer (RFC 9207, on errors too).
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, req authRequest, params url.Values) {
	u, err := url.Parse(req.redirectURI)
	if err != nil { // registered URIs were validated; this is a bug
		writeErrorPage(w, http.StatusInternalServerError, "The registered redirect_uri cannot be parsed.")
		return
	}
	// A query the client registered must be kept (RFC 6749 section 3.1.2).
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	if s.opts.IssParameter {
		q.Set("iss", s.URL)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// client returns the registered client with id, or nil.
func (s *Server) client(id string) *client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clients[id]
}

// pruneExpired drops entries that expired before now, so that a long-running
// sandbox does not grow without bound. The caller holds s.mu.
func pruneExpired[V any](m map[string]V, now time.Time, expiry func(V) time.Time) {
	for k, v := range m {
		if !now.Before(expiry(v)) {
			delete(m, k)
		}
	}
}
