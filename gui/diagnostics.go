package gui

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"

	"fyne.io/fyne/v2/lang"
)

// diagnosticLines is how much of the log Copy diagnostics takes.
const diagnosticLines = 200

// onCopyDiagnostics puts what a bug report needs on the clipboard.
func (u *UI) onCopyDiagnostics() {
	u.app.Clipboard().SetContent(u.diagnostics())
	u.status.flash(lang.X("diagnostics.copied", "Diagnostics copied: paste them into your report."))
}

// diagnostics is a plain-text report for a bug report: the version, the
// system, the region, the keyring and the end of the log. It stays in
// English, like the log it quotes, for whoever reads the report. Secrets
// never reach the log; the tail is scrubbed again all the same.
func (u *UI) diagnostics() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Portview %s\n", u.version())
	fmt.Fprintf(&b, "System: %s/%s, %s\n", runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "Language: %s\n", u.lang.Code)
	fmt.Fprintf(&b, "Region: %s\n", u.regionState())
	fmt.Fprintf(&b, "Keyring: %s\n", u.keyringState())
	logPath := u.cfg.LogPath
	if logPath == "" {
		logPath = "none"
	}
	fmt.Fprintf(&b, "Log file: %s\n", logPath)
	if u.cfg.LogTail == nil {
		b.WriteString("\nNo log.\n")
		return b.String()
	}
	lines := u.cfg.LogTail(diagnosticLines)
	fmt.Fprintf(&b, "\nLast %d log lines:\n", len(lines))
	for _, l := range lines {
		b.WriteString(scrubSecrets(l))
		b.WriteByte('\n')
	}
	return b.String()
}

func (u *UI) regionState() string {
	switch {
	case u.session != nil:
		return fmt.Sprintf("%s (%s), signed in", u.session.Region().Name, regionName(u.session.Region()))
	case u.keySession != nil:
		// The app key is not secret and says which key support should look at.
		return fmt.Sprintf("%s (%s), signed in with API key %s", u.keySession.Region().Name, regionName(u.keySession.Region()), u.keySession.State().AppKey)
	case u.account != nil:
		return fmt.Sprintf("%s (%s), not signed in", u.account.Region().Name, regionName(u.account.Region()))
	}
	return "none chosen, not signed in"
}

// keyringState says where secrets are kept, without touching the keyring:
// a store that can fall back to memory says whether it has.
func (u *UI) keyringState() string {
	d, ok := u.cfg.Store.(interface{ Degraded() error })
	switch {
	case !ok:
		return fmt.Sprintf("%T", u.cfg.Store)
	case d.Degraded() != nil:
		return "not in use, secrets kept in memory for this run: " + d.Degraded().Error()
	}
	return "the system keyring"
}

// secretPattern finds what looks like a credential in a log line: a value
// after a token, secret, code or password name, or after "Bearer".
var secretPattern = regexp.MustCompile(`(?i)((?:access_token|refresh_token|id_token|registration_access_token|client_secret|secret|password|token|code|code_verifier)\s*[=:]\s*"?|bearer\s+)([^\s"&,;]+)`)

// scrubSecrets blanks the values secretPattern finds.
func scrubSecrets(line string) string {
	return secretPattern.ReplaceAllString(line, "${1}[redacted]")
}
