package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/portview/portview/oauth/internal/locale"
)

// DefaultPort is the loopback port tried first, the one LongPort's own SDKs
// use; a registered client keeps the port it was registered with.
const DefaultPort = 60355

// callbackPath is the redirect URI's path.
const callbackPath = "/callback"

// Errors of the authorization response, for errors.Is.
var (
	// ErrIssuerMismatch means the response named another authorization
	// server than the one asked, or none where one is required (RFC 9207):
	// a mix-up attack, or a misconfigured server. The attempt is aborted.
	ErrIssuerMismatch = errors.New("the sign-in response could not be verified and was ignored")
	// ErrPortInUse means the loopback port is taken by another program.
	ErrPortInUse = errors.New("port in use")
)

// AuthorizationError is an error the authorization server sent back to the
// redirect URI, such as access_denied when the user pressed Deny.
type AuthorizationError struct {
	Code        string
	Description string
}

func (e *AuthorizationError) Error() string {
	switch e.Code {
	case "access_denied":
		return "You declined access."
	case "":
		return "The sign-in page sent back no authorization code."
	}
	msg := "The sign-in failed: " + e.Code
	if e.Description != "" {
		msg += " (" + e.Description + ")"
	}
	return msg
}

// loopback is the short-lived HTTP server on 127.0.0.1 that catches the
// browser's redirect (RFC 8252 section 7.3).
type loopback struct {
	ln          net.Listener
	srv         *http.Server
	lang        string // of the pages shown in the browser
	state       string
	issuer      string
	issRequired bool

	once   sync.Once
	result chan callbackResult
}

type callbackResult struct {
	code string
	err  error
}

// listenLoopback binds 127.0.0.1:port (0 for any free port). Only the IP
// literal is used: "localhost" may resolve to ::1 or be hijacked by a hosts file.
func listenLoopback(port int, state, issuer string, issRequired bool, tag string) (*loopback, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		if isAddrInUse(err) {
			return nil, fmt.Errorf("port %d on 127.0.0.1: %w", port, ErrPortInUse)
		}
		return nil, fmt.Errorf("listen on 127.0.0.1:%d: %w", port, err)
	}
	l := &loopback{ln: ln, lang: locale.Written(tag), state: state, issuer: issuer, issRequired: issRequired, result: make(chan callbackResult, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+callbackPath, l.serveCallback)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		l.writePage(w, http.StatusNotFound, pageNotFound)
	})
	l.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

func (l *loopback) port() int { return l.ln.Addr().(*net.TCPAddr).Port }

func (l *loopback) redirectURI() string {
	return "http://127.0.0.1:" + strconv.Itoa(l.port()) + callbackPath
}

func (l *loopback) serveCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	// A request without our state is not the answer to our request: it may
	// be a stale tab or a forged link. Say so, and keep waiting.
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(l.state)) != 1 {
		l.writePage(w, http.StatusBadRequest, pageBadState)
		return
	}
	var res callbackResult
	iss, hasIss := q["iss"]
	switch {
	case hasIss && (len(iss) != 1 || iss[0] != l.issuer):
		res.err = fmt.Errorf("%w: it came from %q, not %q", ErrIssuerMismatch, q.Get("iss"), l.issuer)
	case !hasIss && l.issRequired:
		res.err = fmt.Errorf("%w: it did not say which server sent it", ErrIssuerMismatch)
	case q.Get("error") != "":
		res.err = &AuthorizationError{Code: q.Get("error"), Description: q.Get("error_description")}
	case q.Get("code") == "":
		res.err = &AuthorizationError{}
	default:
		res.code = q.Get("code")
	}
	delivered := false
	l.once.Do(func() {
		l.result <- res
		delivered = true
	})
	var ae *AuthorizationError
	switch {
	case !delivered:
		l.writePage(w, http.StatusOK, pageAlreadyDone)
	case errors.As(res.err, &ae) && ae.Code == "access_denied":
		// The provider answered as it should; the user's choice is no
		// failure of this request.
		l.writePage(w, http.StatusOK, pageDeclined)
	case ae != nil:
		l.writePage(w, http.StatusOK, pageProviderError)
	case errors.Is(res.err, ErrIssuerMismatch):
		l.writePage(w, http.StatusBadRequest, pageUnverified)
	default:
		l.writePage(w, http.StatusOK, pageSuccess)
	}
}

// wait returns the code, or why there is none.
func (l *loopback) wait(ctx context.Context) (string, error) {
	select {
	case res := <-l.result:
		return res.code, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// close stops the listener; the page being served, if any, is finished first.
func (l *loopback) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := l.srv.Shutdown(ctx); err != nil {
		_ = l.srv.Close()
	}
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Portview</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f6f9;color:#1d2733;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:12px;box-shadow:0 2px 16px rgba(0,0,0,.08);padding:2em 2.5em;max-width:32em}
h1{font-size:1.4em;margin:0 0 .6em}p{line-height:1.5;margin:0}
</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Message}}</p></main></body></html>
`))

// writePage serves a small self-contained page: no external resources, no
// referrer (the URL holds the code), no caching, no scripts.
func (l *loopback) writePage(w http.ResponseWriter, status int, id pageID) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	p := pageTexts[l.lang][id]
	_ = pageTemplate.Execute(w, struct{ Lang, Title, Message string }{l.lang, p.title, p.message})
}
