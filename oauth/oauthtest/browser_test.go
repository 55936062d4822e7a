package oauthtest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/portview/portview/oauth/oauthtest"
)

func TestBrowserHelpers(t *testing.T) {
	tests := []struct {
		name           string
		opts           oauthtest.Options
		callbackStatus int
		deny           bool
		clientID       string // overrides the registered client
		wantErr        string // substring; "" for success
		wantCallback   string // "code", "access_denied" or "" for not called
	}{
		{name: "Approve delivers a code through the consent page", callbackStatus: http.StatusOK, wantCallback: "code"},
		{name: "Approve delivers a code with auto-approval", opts: oauthtest.Options{AutoApprove: true}, callbackStatus: http.StatusOK, wantCallback: "code"},
		{name: "Deny delivers access_denied", deny: true, callbackStatus: http.StatusOK, wantCallback: "access_denied"},
		{name: "Deny delivers access_denied with iss", opts: oauthtest.Options{IssParameter: true}, deny: true, callbackStatus: http.StatusOK, wantCallback: "access_denied"},
		{name: "Approve fails when the callback answers 500", callbackStatus: http.StatusInternalServerError, wantErr: "callback answered 500", wantCallback: "code"},
		{name: "Approve reports the error page of an unknown client", clientID: "nobody", callbackStatus: http.StatusOK, wantErr: "not registered"},
		{name: "Deny fails when nothing asks for consent", opts: oauthtest.Options{AutoApprove: true}, deny: true, callbackStatus: http.StatusOK, wantErr: "nothing to deny"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startServer(t, tt.opts)
			cb := newCallback(t, tt.callbackStatus)
			id, _ := s.RegisterClient([]string{cb.URL}, false)
			if tt.clientID != "" {
				id = tt.clientID
			}
			authURL := config(s, id, "", cb.URL).AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))

			answer := oauthtest.Approve
			if tt.deny {
				answer = oauthtest.Deny
			}
			err := answer(context.Background(), authURL)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}

			switch tt.wantCallback {
			case "":
				if n := cb.count(); n != 0 {
					t.Errorf("callback called %d times, want 0", n)
				}
			case "code":
				if q := cb.last(t); q.Get("code") == "" || q.Get("state") != "st" {
					t.Errorf("callback query = %v", q)
				}
			default:
				q := cb.last(t)
				if q.Get("error") != tt.wantCallback || q.Get("error_description") == "" || q.Get("state") != "st" || q.Has("code") {
					t.Errorf("callback query = %v, want error=%s", q, tt.wantCallback)
				}
				if tt.opts.IssParameter && q.Get("iss") != s.Issuer() {
					t.Errorf("iss = %q", q.Get("iss"))
				}
			}
		})
	}
}

func TestConsentIsSingleUse(t *testing.T) {
	s := startServer(t, oauthtest.Options{})
	cb := newCallback(t, http.StatusOK)
	id, _ := s.RegisterClient([]string{cb.URL}, false)
	authURL := config(s, id, "", cb.URL).AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	page := get(t, authURL)
	i := strings.Index(page.body, `name="consent" value="`)
	if i < 0 {
		t.Fatal("no consent id on the page")
	}
	consent := page.body[i+len(`name="consent" value="`):]
	consent = consent[:strings.IndexByte(consent, '"')]

	for i, want := range []int{http.StatusFound, http.StatusBadRequest} {
		r := post(t, s.URL+"/oauth2/authorize", map[string][]string{"consent": {consent}, "decision": {"allow"}}, "", "", "")
		if r.status != want {
			t.Errorf("submission %d: status %d, want %d", i+1, r.status, want)
		}
	}
}
