package gui

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"os"
	"syscall"
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/api"
	"github.com/portview/portview/oauth"
)

// The oauth and API packages (api, quote, trade) speak English, for the log. What the user
// reads is chosen here, by error value, code or state, in the language of
// the UI; the English detail goes to the log.

// regionLabel is a region's name for people: the built-in regions are
// translated, a custom one is its host name.
func regionLabel(r oauth.Region) string {
	switch {
	case r.ID == oauth.Global.ID:
		return lang.X("region.global", "Global")
	case r.ID == oauth.China.ID:
		return lang.X("region.china", "China")
	case isSandbox(r):
		return lang.X("region.sandbox", "Sandbox")
	}
	return r.Name
}

// signInNeededText says why a session needs a new sign-in, from the
// session's typed reason.
func signInNeededText(st oauth.State) string {
	region := map[string]any{"Region": regionLabel(st.Region)}
	switch st.Reason {
	case oauth.ReasonSignedOut:
		return lang.X("session.signed_out", "You are signed out of {{.Region}}. Sign in to continue.", region)
	case oauth.ReasonNoRefreshToken:
		return lang.X("session.ran_out", "Your sign-in to {{.Region}} has expired and cannot be renewed. Sign in again to continue.", region)
	case oauth.ReasonClientUnknown:
		return lang.X("session.client_unknown", "LongPort no longer knows this app's registration for {{.Region}} (it expired or was deleted). Sign in again: Portview registers anew, or check the client ID under Advanced if you entered one.", region)
	}
	return lang.X("session.refused", "LongPort no longer accepts your sign-in to {{.Region}}. Please sign in again.", region)
}

// renewReasonText names why a renewal failed, from the session's reasons.
func renewReasonText(reason oauth.Reason) string {
	switch reason {
	case oauth.ReasonServerError:
		return lang.X("renew.server_error", "server error")
	case oauth.ReasonNetwork:
		return lang.X("renew.network_error", "network error")
	case oauth.ReasonSlowDown:
		return lang.X("renew.slow_down", "LongPort asked to slow down")
	case oauth.ReasonClientLimit:
		return lang.X("renew.too_many", "too many renewals in 10 minutes")
	}
	return lang.X("renew.unexpected", "unexpected answer from LongPort")
}

// renewRetryText says that a renewal failed and when the session tries
// again: "Could not renew access (server error), retrying in 30 s." A
// moment that has passed is never shown: the try is under way. capped says
// the server asked for a longer wait than Portview accepts.
func renewRetryText(reason oauth.Reason, wait time.Duration, capped bool) string {
	data := map[string]any{"Reason": renewReasonText(reason), "Time": secondsText(wait)}
	switch {
	case wait <= 0:
		return lang.X("renew.retrying_now", "Could not renew access ({{.Reason}}), trying again now…", data)
	case capped:
		return lang.X("renew.retrying_capped", "Could not renew access ({{.Reason}}). LongPort asked to wait longer than 10 minutes; retrying in {{.Time}}.", data)
	}
	return lang.X("renew.retrying", "Could not renew access ({{.Reason}}), retrying in {{.Time}}.", data)
}

// logText points to the log for the details: to its file when there is one.
func logText(logPath string) string {
	if logPath == "" {
		return lang.X("log.details", "the details are in the log")
	}
	return lang.X("log.details_at", "the details are in the log, {{.Path}}", map[string]any{"Path": logPath})
}

// quoteErrorText is a failed API call in words, by
// the error's kind and LongPort's code; now counts down a session's retry,
// and logPath is where the log is, for an error without words of its own.
func quoteErrorText(err error, now time.Time, logPath string) string {
	var renewErr *oauth.RenewError
	var apiErr *api.Error
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, oauth.ErrSignInRequired):
		return lang.X("quote.sign_in", "Your session has expired. Sign in again.")
	case errors.As(err, &renewErr):
		// Before the network cases: a renewal that timed out is still a
		// renewal, which the session retries by itself.
		return renewRetryText(renewErr.Reason, renewErr.RetryAt.Sub(now), renewErr.Capped)
	case errors.Is(err, context.Canceled):
		return lang.X("quote.cancelled", "The request was cancelled.")
	case errors.Is(err, context.DeadlineExceeded):
		return lang.X("quote.timeout", "LongPort took too long to answer. Try again.")
	case errors.As(err, &apiErr):
		return apiErrorText(apiErr)
	case errors.As(err, &netErr):
		return lang.X("quote.network", "Cannot reach LongPort. Check the internet connection.")
	}
	return lang.X("quote.other", "Something went wrong. Try again; {{.Log}}.", map[string]any{"Log": logText(logPath)})
}

// reachedLongPort reports whether a finished API call got an answer from
// LongPort (any answer, even a refusal), as opposed to finding no server:
// a network error or no answer in time. A call the app cancelled says
// nothing either way, and neither does a renewal that is backing off.
func reachedLongPort(err error) (reached, known bool) {
	var apiErr *api.Error
	var renewErr *oauth.RenewError
	var netErr net.Error
	switch {
	case err == nil, errors.As(err, &apiErr):
		return true, true
	case errors.Is(err, context.Canceled), errors.As(err, &renewErr), errors.Is(err, oauth.ErrSignInRequired):
		return false, false
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr):
		return false, true
	}
	return false, false
}

// apiErrorText is a sentence for each documented code of api.Error, then
// one by its kind.
func apiErrorText(e *api.Error) string {
	status := map[string]any{"Status": e.Status, "Code": e.Code}
	var msg string
	switch e.Code {
	case api.CodeTokenEmpty:
		msg = lang.X("quote.401001", "You are not signed in. Sign in to LongPort to continue.")
	case api.CodeTokenExpired:
		msg = lang.X("quote.401003", "Your session has expired. Sign in again.")
	case api.CodeTokenInvalid:
		msg = lang.X("quote.401004", "Your session is no longer valid. Sign in again.")
	case api.CodeTokenVerifyFailed:
		msg = lang.X("quote.401102", "LongPort could not verify your session. Sign in again.")
	case api.CodeSignatureInvalid:
		msg = lang.X("quote.403201", "LongPort rejected the request signature. Check the app secret.")
	case api.CodeDuplicateRequest:
		msg = lang.X("quote.403202", "LongPort rejected the request as a duplicate. Check that this computer's clock is right.")
	case api.CodeAppKeyIllegal:
		msg = lang.X("quote.403203", "LongPort does not recognise this app. Register it again in the settings.")
	case api.CodeIPNotAllowed:
		msg = lang.X("quote.403205", "LongPort does not accept requests from this network (IP address not allowed).")
	case api.CodeTooManyFromIP:
		msg = lang.X("quote.429001", "Too many requests from this network. Wait a moment and try again.")
	case api.CodeTooManyOnAPI:
		msg = lang.X("quote.429002", "Too many requests to this LongPort service. Wait a moment and try again.")
	case api.CodeInternal:
		msg = lang.X("quote.500000", "LongPort had an internal error. Try again later.")
	case api.CodeBadParameter:
		msg = lang.X("quote.310010", "This market or category is not supported.")
	case api.CodeBadParameterValue:
		msg = lang.X("quote.310011", "LongPort rejected a parameter of the request.")
	default:
		switch {
		case e.Unauthorized():
			msg = lang.X("quote.401004", "Your session is no longer valid. Sign in again.")
		case e.TooManyRequests():
			msg = lang.X("quote.429", "Too many requests. Wait a moment and try again.")
		case e.Forbidden():
			msg = lang.X("quote.403", "LongPort did not allow Portview to read this. If you did not tick it when signing in, sign in again and allow it.")
		case e.ServerFault():
			msg = lang.X("quote.5xx", "LongPort has a problem (HTTP {{.Status}}). Try again later.", status)
		case e.Err != nil:
			msg = lang.X("quote.unreadable", "LongPort sent an answer Portview cannot read (HTTP {{.Status}}).", status)
		default:
			msg = lang.X("quote.refused", "LongPort refused the request (HTTP {{.Status}}, code {{.Code}}).", status)
		}
	}
	if e.TooManyRequests() {
		if e.Attempts > 1 {
			msg += " " + lang.X("quote.attempts", "Portview tried {{.N}} times.", map[string]any{"N": e.Attempts})
		}
		if e.RetryAfter > 0 {
			msg += " " + lang.X("quote.retry_after", "LongPort asks to wait {{.Wait}}.", map[string]any{"Wait": secondsText(e.RetryAfter)})
		}
	}
	return msg
}

// addressProblemText says what is wrong with a server address the user
// typed, which oauth.CustomRegion refused; oauth decides, this only words
// its rules for the user.
func addressProblemText(err error) string {
	var ae *oauth.AddressError
	if !errors.As(err, &ae) {
		return lang.X("address.other", "This address cannot be used.")
	}
	addr := map[string]any{"URL": ae.Input}
	switch ae.Problem {
	case oauth.AddressEmpty:
		return lang.X("wizard.custom_hint", "Enter the server's address.")
	case oauth.AddressNoScheme:
		return lang.X("address.no_scheme", "“{{.URL}}” needs a scheme: write https://{{.URL}}", addr)
	case oauth.AddressInvalid:
		return lang.X("address.invalid", "“{{.URL}}” is not a valid address.", addr)
	case oauth.AddressNoHost:
		return lang.X("address.no_host", "“{{.URL}}” has no host name.", addr)
	case oauth.AddressUserInfo:
		return lang.X("address.user", "The address must not contain a user name or password.")
	case oauth.AddressQuery:
		return lang.X("address.query", "Give only the server's address, without “?” or “#”.")
	case oauth.AddressPlainHTTP:
		return lang.X("address.plain_http", "Use https: plain http is allowed only for 127.0.0.1, ::1 or localhost.")
	case oauth.AddressScheme:
		return lang.X("address.scheme", "The address must start with https://")
	case oauth.AddressPort:
		return lang.X("address.port", "“{{.URL}}” has an invalid port: a port is a number from 1 to 65535.", addr)
	}
	return lang.X("address.other", "This address cannot be used.")
}

// discoveryText says why a region could not be used, in a line:
// "Could not reach openapi.longportapp.cn: timeout after 10 s", or, for a
// server that answered, what it answered.
func discoveryText(err error) string {
	var de *oauth.DiscoveryError
	if !errors.As(err, &de) {
		return lang.X("wizard.discovery_failed", "This server's sign-in settings could not be read")
	}
	host := de.URL
	if u, perr := url.Parse(de.URL); perr == nil && u.Host != "" {
		host = u.Host
	}
	where := map[string]any{"Host": host, "Path": oauth.WellKnownPath, "Status": de.Status, "Field": de.Field}
	switch de.Problem {
	case oauth.DiscoveryBadField:
		return lang.X("wizard.unusable", "{{.Host}} sent unusable sign-in settings ({{.Field}})", where)
	case oauth.DiscoveryNotFound:
		return lang.X("wizard.not_longport", "{{.Host}} answered, but not as a LongPort OpenAPI server (no sign-in information at {{.Path}})", where)
	case oauth.DiscoveryStatus:
		return lang.X("wizard.http_status", "{{.Host}} answered with an error (HTTP {{.Status}}) instead of its sign-in information", where)
	case oauth.DiscoveryWebPage:
		return lang.X("wizard.web_page", "{{.Host}} answered with a web page instead of sign-in information (a proxy or captive portal may be in the way)", where)
	case oauth.DiscoveryUnreadable:
		return lang.X("wizard.unreadable", "{{.Host}} answered, but its sign-in information cannot be read", where)
	}
	return lang.X("wizard.unreachable", "Could not reach {{.Host}}: {{.Why}}", map[string]any{"Host": host, "Why": netErrorText(de.Err)})
}

// netErrorText names a transport failure in a few words; the full error
// goes to the log.
func netErrorText(err error) string {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	switch {
	case err == nil:
		return lang.X("net.no_answer", "no answer")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return lang.X("net.timeout", "timeout after {{.Time}}", map[string]any{"Time": secondsText(oauth.DiscoveryTimeout)})
	case errors.As(err, &dns):
		return lang.X("net.dns", "the name was not found (is this computer online?)")
	case errors.Is(err, syscall.ECONNREFUSED):
		return lang.X("net.refused", "connection refused")
	case errors.Is(err, syscall.ECONNRESET):
		return lang.X("net.reset", "connection reset")
	case errors.As(err, &cert):
		return lang.X("net.certificate", "the server's certificate is not trusted")
	}
	return lang.X("net.other", "network error")
}

// scopesUnknownText stands in the Permissions row while the chosen region
// has not told its scopes: why, and what to do.
func scopesUnknownText(choice string, c regionCheck, checked bool) string {
	switch {
	case !checked && choice == choiceCustom:
		return lang.X("wizard.scopes_no_address", "Shown once you enter the server's address.")
	case !checked || c.pending:
		return lang.X("wizard.scopes_pending", "Shown once the server answers.")
	}
	var ae *oauth.AddressError
	if errors.As(c.err, &ae) {
		return lang.X("wizard.scopes_bad_address", "Not known: the address above cannot be used.")
	}
	return lang.X("wizard.scopes_unreachable", "Not known: the server's sign-in information could not be read ({{.Problem}}).", map[string]any{"Problem": discoveryText(c.err)})
}

// browserNote says, before Continue, what the browser will show.
func browserNote(sandbox bool) string {
	if sandbox {
		return lang.X("wizard.browser_sandbox", "Continue opens your browser at the sandbox's demo sign-in page, served by Portview on this computer; it is not LongPort's.")
	}
	return lang.X("wizard.browser", "Continue opens your browser at LongPort's sign-in page.")
}
