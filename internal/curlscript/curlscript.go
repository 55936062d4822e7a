// Package curlscript writes the requests of a view as a shell script of
// curl commands, the "Copy as curl" of the app, which a user pastes into a
// POSIX shell or a script.
package curlscript

import "strings"

// Script is urls as one shell script: the first line sets TOKEN from
// tokenWord (a shell word: TokenCommand's, or a demo token), the others are
// the curl commands, joined by && so that a token that cannot be had stops
// the script with its status and message, and --fail-with-body makes a
// refused request a failure too, its answer still printed. clientID, if
// set, goes in X-Api-Key.
func Script(urls []string, tokenWord, clientID string) string {
	var b strings.Builder
	b.WriteString("TOKEN=" + tokenWord)
	for _, u := range urls {
		b.WriteString(" &&\ncurl -sS --fail-with-body -H \"Authorization: Bearer $TOKEN\"")
		if clientID != "" {
			b.WriteString(" -H " + Quote("X-Api-Key: "+clientID))
		}
		b.WriteString(" " + Quote(u))
	}
	b.WriteString("\n")
	return b.String()
}

// TokenCommand is the shell word that prints a region's access token when
// the script runs: portview token, which renews it if need be, so that the
// script holds no secret.
func TokenCommand(region string) string {
	return `"$(portview token -region ` + Quote(region) + `)"`
}

// Quote quotes s for a POSIX shell.
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
