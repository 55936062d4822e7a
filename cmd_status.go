package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/portview/portview/oauth"
)

// refreshLifeEstimate is how long LongPort's refresh tokens live after their
// last rotation, as a maintainer said (longbridge-terminal#322); the token
// endpoint does not say, so status reports it as an estimate only.
const refreshLifeEstimate = 30 * 24 * time.Hour

// regionStatus is one region in portview status -json. Times are RFC 3339;
// null when unknown. No field ever holds a token.
type regionStatus struct {
	Region   string `json:"region"`   // as -region takes it
	Name     string `json:"name"`     // as the window shows it
	BaseURL  string `json:"base_url"` // the server
	SignedIn bool   `json:"signed_in"`
	ClientID string `json:"client_id,omitempty"`
	// Scopes are those the stored token was granted, or, when the token
	// response did not list them, those the sign-in asked for
	// (ScopesSource "requested").
	Scopes       []string `json:"scopes"`
	ScopesSource string   `json:"scopes_source,omitempty"` // "granted" or "requested"
	// AccessExpires may have passed: the next portview token or the window
	// renews it.
	AccessExpires *time.Time `json:"access_expires,omitempty"`
	// RefreshExpires is always null: the server does not say.
	RefreshExpires *time.Time `json:"refresh_expires"`
	// RefreshExpiresEstimate is 30 days after the last renewal, LongPort's
	// usual rolling life, not a promise; null without a refresh token.
	RefreshExpiresEstimate *time.Time `json:"refresh_expires_estimate"`
	SignInCommand          string     `json:"sign_in_command"`
}

// runStatus is portview status [-json]: per region, whether a sign-in is
// stored and what it holds, never its tokens. It reads the settings and the
// keyring only: no network, no renewal.
func runStatus(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portview status", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	asJSON := fs.Bool("json", false, "")
	if code, ok := parseCommand(fs, args, stdout, stderr); !ok {
		return code
	}
	list, err := statuses()
	if err != nil {
		return report(stderr, err)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(list); err != nil {
			return report(stderr, err)
		}
		return exitOK
	}
	writeStatus(stdout, list, time.Now())
	return exitOK
}

func statuses() ([]regionStatus, error) {
	env, err := newCmdEnv()
	if err != nil {
		return nil, err
	}
	var list []regionStatus
	for _, r := range knownRegions(env.prefs.Keys()) {
		st := regionStatus{Region: r.ID, Name: r.Name, BaseURL: r.BaseURL, Scopes: []string{}, SignInCommand: signInCommand(r)}
		if strings.HasPrefix(r.ID, "custom:") {
			st.Region = r.BaseURL
		}
		stored, err := env.account(r).Stored()
		switch {
		case errors.Is(err, oauth.ErrNoSession):
		case err != nil:
			return nil, keyringError(err)
		default:
			st.SignedIn = true
			st.ClientID = stored.ClientID
			st.Scopes, st.ScopesSource = stored.Granted, "granted"
			if len(st.Scopes) == 0 {
				st.Scopes, st.ScopesSource = stored.Requested, "requested"
			}
			if st.Scopes == nil {
				st.Scopes = []string{}
			}
			st.AccessExpires = &stored.AccessExpiry
			if stored.Renewable && !stored.RenewedAt.IsZero() {
				at := stored.RenewedAt.Add(refreshLifeEstimate)
				st.RefreshExpiresEstimate = &at
			}
		}
		list = append(list, st)
	}
	return list, nil
}

// knownRegions are the built-in regions and every custom region the
// preferences hold a client for ("region.custom:<URL>.client_id").
func knownRegions(keys []string) []oauth.Region {
	regions := oauth.BuiltinRegions()
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, "region.custom:")
		if !ok {
			continue
		}
		base, ok := strings.CutSuffix(id, ".client_id")
		if !ok {
			continue
		}
		if r, err := oauth.CustomRegion(base); err == nil && strings.HasPrefix(r.ID, "custom:") {
			regions = append(regions, r)
		}
	}
	return regions
}

func writeStatus(w io.Writer, list []regionStatus, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, st := range list {
		if !st.SignedIn {
			fmt.Fprintf(tw, "%s (%s)\tnot signed in; sign in with: %s\n", st.Name, st.BaseURL, st.SignInCommand)
			continue
		}
		fmt.Fprintf(tw, "%s (%s)\tsigned in\n", st.Name, st.BaseURL)
		fmt.Fprintf(tw, "  client ID\t%s\n", st.ClientID)
		scopes := strings.Join(st.Scopes, " ")
		if scopes == "" {
			scopes = "none listed"
		}
		fmt.Fprintf(tw, "  scopes\t%s (%s)\n", scopes, st.ScopesSource)
		fmt.Fprintf(tw, "  access token\t%s\n", expiryText(*st.AccessExpires, now, "renewed on the next use"))
		if st.RefreshExpiresEstimate == nil {
			fmt.Fprintf(tw, "  refresh token\tnone stored: access ends when the access token expires\n")
		} else {
			fmt.Fprintf(tw, "  refresh token\texpiry not given by the server; about %s if LongPort's 30 days from the last renewal hold (an estimate)\n",
				st.RefreshExpiresEstimate.Local().Format("2006-01-02"))
		}
	}
	tw.Flush()
}

// expiryText says when t is, next to how long from now.
func expiryText(t, now time.Time, afterExpiry string) string {
	at := t.Local().Format("2006-01-02 15:04:05 MST")
	if d := t.Sub(now); d > 0 {
		return fmt.Sprintf("expires %s (in %s)", at, d.Round(time.Second))
	}
	return fmt.Sprintf("expired %s (%s ago; %s)", at, now.Sub(t).Round(time.Second), afterExpiry)
}
