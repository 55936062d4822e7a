package oauthtest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Approve plays the user's browser on authURL: it GETs it, submits Allow if a
// consent page comes, then GETs the redirect URI (the app's loopback
// callback) and returns an error unless that callback answered 2xx or the
// server redirected with an error. No redirect is followed automatically, so
// an error page of the server is reported, never skipped.
func Approve(ctx context.Context, authURL string) error {
	return answer(ctx, authURL, "allow")
}

// Deny plays the user's browser like Approve but presses Deny, so the
// callback receives error=access_denied. It fails without calling the
// callback when the server approves without asking (AutoApprove).
func Deny(ctx context.Context, authURL string) error {
	return answer(ctx, authURL, "deny")
}

// browserLimit bounds the pages the browser reads.
const browserLimit = 1 << 20

var (
	formAction = regexp.MustCompile(`<form[^>]*\baction="([^"]*)"`)
	consentID  = regexp.MustCompile(`name="consent" value="([^"]*)"`)
	errMessage = regexp.MustCompile(`(?s)<p class="message">(.*?)</p>`)
)

func answer(ctx context.Context, authURL, decision string) error {
	// A fresh transport without keep-alives leaves no idle connection, and
	// so no goroutine, behind.
	transport := &http.Transport{DisableKeepAlives: true}
	defer transport.CloseIdleConnections()
	browser := &http.Client{
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}

	resp, page, err := fetch(ctx, browser, http.MethodGet, authURL, nil)
	if err != nil {
		return fmt.Errorf("authorization request: %w", err)
	}
	if resp.StatusCode == http.StatusOK {
		resp, page, err = submitConsent(ctx, browser, resp, page, decision)
		if err != nil {
			return err
		}
	} else if decision == "deny" && isRedirect(resp.StatusCode) {
		if loc, err := resp.Location(); err == nil && loc.Query().Get("error") == "" {
			return errors.New("authorization request: approved without a consent page (AutoApprove?), nothing to deny")
		}
	}
	if !isRedirect(resp.StatusCode) {
		return fmt.Errorf("authorization request: %s: %s", resp.Status, pageText(page))
	}
	callback, err := resp.Location()
	if err != nil {
		return fmt.Errorf("authorization response: bad Location: %w", err)
	}
	if callback.Scheme != "http" && callback.Scheme != "https" {
		return fmt.Errorf("authorization response: cannot open redirect URI %s", callback.Redacted())
	}

	resp, page, err = fetch(ctx, browser, http.MethodGet, callback.String(), nil)
	if err != nil {
		return fmt.Errorf("callback: %w", err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("callback answered %s: %s", resp.Status, pageText(page))
	}
	params := callback.Query()
	switch code := params.Get("error"); {
	case code == "" && decision == "deny":
		return errors.New("authorization response: denied, but the redirect carries no error")
	case code != "" && (decision == "allow" || code != "access_denied"):
		return fmt.Errorf("authorization response: error=%s: %s", code, params.Get("error_description"))
	}
	return nil
}

// submitConsent posts the decision through the consent page's form.
func submitConsent(ctx context.Context, browser *http.Client, resp *http.Response, page []byte, decision string) (*http.Response, []byte, error) {
	action := formAction.FindSubmatch(page)
	id := consentID.FindSubmatch(page)
	if action == nil || id == nil {
		return nil, nil, errors.New("authorization request: 200 without a consent form")
	}
	target, err := resp.Request.URL.Parse(html.UnescapeString(string(action[1])))
	if err != nil {
		return nil, nil, fmt.Errorf("consent form: bad action: %w", err)
	}
	form := url.Values{"consent": {html.UnescapeString(string(id[1]))}, "decision": {decision}}
	resp, page, err = fetch(ctx, browser, http.MethodPost, target.String(), form)
	if err != nil {
		return nil, nil, fmt.Errorf("consent: %w", err)
	}
	if !isRedirect(resp.StatusCode) {
		return nil, nil, fmt.Errorf("consent: %s: %s", resp.Status, pageText(page))
	}
	return resp, page, nil
}

// fetch does one request and reads the body, closed before it returns.
func fetch(ctx context.Context, browser *http.Client, method, target string, form url.Values) (*http.Response, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := browser.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(io.LimitReader(resp.Body, browserLimit))
	if err != nil {
		return nil, nil, err
	}
	return resp, page, nil
}

func isRedirect(status int) bool {
	return status == http.StatusFound || status == http.StatusSeeOther ||
		status == http.StatusMovedPermanently || status == http.StatusTemporaryRedirect
}

// pageText extracts the message of an error page, or a short plain excerpt
// of any other body, for error messages.
func pageText(page []byte) string {
	if m := errMessage.FindSubmatch(page); m != nil {
		return html.UnescapeString(string(m[1]))
	}
	text := strings.Join(strings.Fields(string(page)), " ")
	if len(text) > 200 {
		text = text[:200] + "…"
	}
	return text
}
