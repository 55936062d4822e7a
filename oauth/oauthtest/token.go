package oauthtest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// grant is one authorization: the code exchange and every refresh after it.
// Revoking it ends all of its tokens at once (RFC 6749 section 4.1.2,
// RFC 7009 section 2.1).
type grant struct {
	clientID string
	scope    string
	revoked  bool
}

// accessToken is an issued access token.
type accessToken struct {
	grant     *grant
	scope     string // what the token response said: a refresh may narrow it
	expiresAt time.Time
	expired   bool // set by ExpireAccessTokens
	revoked   bool
}

// refreshToken is an issued refresh token; spent says why it no longer
// works ("" while it does).
type refreshToken struct {
	grant     *grant
	expiresAt time.Time
	spent     string
}

// tokenResponse is the successful token response of RFC 6749 section 5.1.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    any    `json:"expires_in"` // a number, or a string with ExpiresInAsString
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope,omitempty"`
}

// tokenError is an error response of RFC 6749 section 5.2.
type tokenError struct {
	status      int
	code        string
	description string
}

func badRequest(code, description string) *tokenError {
	return &tokenError{http.StatusBadRequest, code, description}
}

func (e *tokenError) write(w http.ResponseWriter) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="oauthtest"`)
	}
	writeOAuthError(w, e.status, e.code, e.description)
}

// handleToken serves the token endpoint. State changes happen under s.mu
// but responses are written after it is released.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	form, terr := readForm(r)
	if terr != nil {
		terr.write(w)
		return
	}
	grantType := form.Get("grant_type")
	if grantType == "" {
		badRequest("invalid_request", "grant_type is required").write(w)
		return
	}
	if grantType != "authorization_code" && grantType != "refresh_token" {
		badRequest("unsupported_grant_type", "grant_type must be authorization_code or refresh_token").write(w)
		return
	}
	c, terr := s.authenticate(r, form)
	if terr != nil {
		terr.write(w)
		return
	}
	if !slices.Contains(c.grantTypes, grantType) {
		badRequest("unauthorized_client", "the client is not registered for "+grantType).write(w)
		return
	}
	var resp tokenResponse
	if grantType == "authorization_code" {
		resp, terr = s.exchange(c, form)
	} else {
		resp, terr = s.rotate(c, form)
	}
	if terr != nil {
		terr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// readForm parses a form body, rejecting repeated parameters (RFC 6749
// section 3.2). Parameters in the URL query are ignored: credentials belong
// in the body.
func readForm(r *http.Request) (url.Values, *tokenError) {
	if err := r.ParseForm(); err != nil {
		return nil, badRequest("invalid_request", "the body is not a valid form")
	}
	for name, values := range r.PostForm {
		if len(values) > 1 {
			return nil, badRequest("invalid_request", "parameter "+name+" is repeated")
		}
	}
	return r.PostForm, nil
}

// authenticate identifies the client by client_secret_basic, client_secret_post
// or, for a public client, client_id alone (RFC 6749 section 2.3). HTTP Basic
// with an empty password is accepted for public clients because that is what
// golang.org/x/oauth2 tries first when the auth style is not set.
func (s *Server) authenticate(r *http.Request, form url.Values) (*client, *tokenError) {
	unauthorized := func(description string) *tokenError {
		return &tokenError{http.StatusUnauthorized, "invalid_client", description}
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if user, pass, ok := r.BasicAuth(); ok {
		// Basic credentials are form-encoded first (RFC 6749 section 2.3.1).
		user, uerr := url.QueryUnescape(user)
		pass, perr := url.QueryUnescape(pass)
		switch {
		case uerr != nil || perr != nil:
			return nil, unauthorized("malformed Basic credentials")
		case secret != "":
			return nil, badRequest("invalid_request", "use one client authentication method, not both")
		case id != "" && id != user:
			return nil, badRequest("invalid_request", "client_id differs from the Basic credentials")
		}
		id, secret = user, pass
	}
	if id == "" {
		return nil, unauthorized("client_id is required")
	}
	c := s.client(id)
	switch {
	case c == nil:
		return nil, unauthorized("unknown client")
	case c.secret == "" && secret != "":
		return nil, unauthorized("a public client must not send a client_secret")
	case c.secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(c.secret)) != 1:
		return nil, unauthorized("client authentication failed")
	}
	return c, nil
}

// exchange redeems an authorization code (RFC 6749 section 4.1.3, RFC 7636 section 4.6).
func (s *Server) exchange(c *client, form url.Values) (tokenResponse, *tokenError) {
	code := form.Get("code")
	if code == "" {
		return tokenResponse{}, badRequest("invalid_request", "code is required")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ac := s.codes[code]
	switch {
	case ac == nil:
		return tokenResponse{}, badRequest("invalid_grant", "unknown authorization code")
	case ac.req.clientID != c.id:
		return tokenResponse{}, badRequest("invalid_grant", "the code was issued to another client")
	case ac.used:
		// A replayed code may have been stolen: end what it bought.
		if ac.grant != nil {
			ac.grant.revoked = true
		}
		return tokenResponse{}, badRequest("invalid_grant", "the code was already used; tokens issued for it are revoked")
	}
	// Spent by any attempt from its client, so a verifier cannot be guessed.
	ac.used = true
	switch {
	case !now.Before(ac.expiresAt):
		return tokenResponse{}, badRequest("invalid_grant", "the code has expired")
	case form.Get("redirect_uri") != ac.req.redirectURI:
		return tokenResponse{}, badRequest("invalid_grant", "redirect_uri differs from the authorization request")
	case !verifierMatches(form.Get("code_verifier"), ac.req.challenge):
		return tokenResponse{}, badRequest("invalid_grant", "code_verifier does not match code_challenge")
	}
	ac.grant = &grant{clientID: c.id, scope: ac.req.scope}
	return s.issueLocked(ac.grant, ac.grant.scope, now), nil
}

// verifierMatches checks BASE64URL(SHA256(verifier)) == challenge, and the
// verifier's shape (RFC 7636 section 4.1).
func verifierMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	for _, r := range verifier {
		if !strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", r) {
			return false
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

// rotate redeems a refresh token for a new pair; the old refresh token stops
// working, as LongPort's do (RFC 6749 section 6).
func (s *Server) rotate(c *client, form url.Values) (tokenResponse, *tokenError) {
	presented := form.Get("refresh_token")
	if presented == "" {
		return tokenResponse{}, badRequest("invalid_request", "refresh_token is required")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rt := s.refresh[presented]
	switch {
	case rt == nil:
		return tokenResponse{}, badRequest("invalid_grant", "unknown refresh token")
	case rt.grant.clientID != c.id:
		return tokenResponse{}, badRequest("invalid_grant", "the refresh token was issued to another client")
	case rt.grant.revoked:
		return tokenResponse{}, badRequest("invalid_grant", "the refresh token was revoked")
	case rt.spent != "":
		return tokenResponse{}, badRequest("invalid_grant", "the refresh token was "+rt.spent)
	case !now.Before(rt.expiresAt):
		return tokenResponse{}, badRequest("invalid_grant", "the refresh token has expired")
	}
	scope := rt.grant.scope
	if requested := form.Get("scope"); requested != "" {
		granted := strings.Fields(scope)
		for _, sc := range strings.Fields(requested) {
			if !slices.Contains(granted, sc) {
				return tokenResponse{}, badRequest("invalid_scope", "scope "+sc+" was not granted")
			}
		}
		scope = strings.Join(strings.Fields(requested), " ")
	}
	rt.spent = "already used (rotated)"
	return s.issueLocked(rt.grant, scope, now), nil
}

// issueLocked mints an access and refresh token pair for g. The caller holds s.mu.
func (s *Server) issueLocked(g *grant, scope string, now time.Time) tokenResponse {
	access := s.opts.AccessTokenPrefix + randomToken()
	refresh := randomToken()
	s.access[access] = &accessToken{grant: g, scope: scope, expiresAt: now.Add(s.opts.TokenLifetime)}
	s.refresh[refresh] = &refreshToken{grant: g, expiresAt: now.Add(s.opts.RefreshLifetime)}

	// Round up so that a sub-second test lifetime is not sent as 0, which
	// clients read as "no expiry".
	secs := int64((s.opts.TokenLifetime + time.Second - 1) / time.Second)
	var expiresIn any = secs
	if s.opts.ExpiresInAsString {
		expiresIn = strconv.FormatInt(secs, 10)
	}
	return tokenResponse{
		AccessToken:  access,
		TokenType:    "Bearer",
		ExpiresIn:    expiresIn,
		RefreshToken: refresh,
		Scope:        scope,
	}
}

// IssueTokens mints a token pair for clientID and scope directly, for tests
// that skip the browser. An unknown clientID is registered on the fly as a
// public client, so that the refresh token can be used at the token endpoint.
func (s *Server) IssueTokens(clientID string, scope string) (accessToken, refreshToken string) {
	if clientID == "" {
		panic("oauthtest: IssueTokens needs a client id")
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients[clientID] == nil {
		s.clients[clientID] = &client{
			id:                clientID,
			grantTypes:        []string{"authorization_code", "refresh_token"},
			responseTypes:     []string{"code"},
			authMethod:        "none",
			issuedAt:          now,
			registrationToken: randomToken(),
		}
	}
	scope = strings.Join(strings.Fields(scope), " ")
	resp := s.issueLocked(&grant{clientID: clientID, scope: scope}, scope, now)
	return resp.AccessToken, resp.RefreshToken
}
