package gui

import (
	"strings"

	"fyne.io/fyne/v2/lang"
)

// curlCommands are the requests of a view as shell commands a user can run
// as they are: the access token comes from `portview token` when the
// command runs, so what is copied never holds a secret.
func curlCommands(urls []string, region, clientID string) string {
	var b strings.Builder
	for _, u := range urls {
		b.WriteString("curl -sS -H \"Authorization: Bearer $(portview token -region " + shellQuote(region) + ")\"")
		if clientID != "" {
			b.WriteString(" -H " + shellQuote("X-Api-Key: "+clientID))
		}
		b.WriteString(" " + shellQuote(u) + "\n")
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// onCopyCurl copies the requests the view on screen made, as curl commands.
func (u *UI) onCopyCurl() {
	v := u.currentView()
	if v == nil || u.session == nil || u.account == nil {
		return
	}
	reqs := v.requests()
	if len(reqs) == 0 {
		u.status.flash(lang.X("curl.none", "This view has made no request yet."))
		return
	}
	u.app.Clipboard().SetContent(curlCommands(reqs, regionName(u.account.Region()), u.session.ClientID()))
	u.status.flash(plural("curl.copied", len(reqs), "Copied 1 request as curl.", "Copied {{.N}} requests as curl.", map[string]any{"N": len(reqs)}))
}
