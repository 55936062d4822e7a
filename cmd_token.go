package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/portview/portview/gui"
	"github.com/portview/portview/oauth"
)

// tokenLife is the life a token printed by portview token keeps at least
// (or a quarter of a shorter token's life, see oauth.Session.TokenFor):
// long enough for the script's call, and shorter than the fifth of an hour
// a running window keeps, so that with the window open the command never
// renews by itself.
const tokenLife = 5 * time.Minute

// runToken is portview token [-region R]: it prints a valid access token of
// the region's stored sign-in, and nothing else, on stdout.
//
//  1. It reads the window's settings (read-only) and the keyring; no
//     window, no display, no single-instance lock.
//  2. A token with less than tokenLife left is renewed, under the renewal
//     lock it shares with a running window, or taken from the keyring when
//     the window renewed it meanwhile.
//  3. A renewed token is saved to the keyring before it is printed; one
//     that could not be saved is not printed.
//  4. It never signs in: without a stored sign-in it says which command does.
func runToken(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portview token", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	region := fs.String("region", "", "")
	if code, ok := parseCommand(fs, args, stdout, stderr); !ok {
		return code
	}
	tok, err := token(*region)
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprintln(stdout, tok)
	return exitOK
}

// parseCommand parses a command's flags; ok false means the command is done
// with status code (help, or a usage error already reported).
func parseCommand(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, gui.Usage)
		return exitOK, false
	case err != nil:
		return report(stderr, fail(exitUsage, "%s: %v (see -h)", fs.Name(), err)), false
	case fs.NArg() > 0:
		return report(stderr, fail(exitUsage, "%s: unexpected argument %q (see -h)", fs.Name(), fs.Arg(0))), false
	}
	return 0, true
}

func token(regionName string) (_ string, err error) {
	env, err := newCmdEnv()
	if err != nil {
		return "", err
	}
	region, err := env.region(regionName)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	s, err := env.account(region).RestoreOnDemand(ctx)
	switch {
	case errors.Is(err, oauth.ErrNoSession):
		return "", fail(exitSignedOut, "not signed in to %s; sign in with: %s", region.Name, signInCommand(region))
	case env.store.Failed() != nil:
		return "", keyringError(env.store.Failed())
	case err != nil:
		return "", fail(exitUnreached, "cannot reach %s: %v", region.Name, err)
	}
	defer func() {
		s.Close()
		// A renewal cut short by the deadline may still be saving its
		// token: the process must not exit before it is in the keyring.
		wait, cancel := context.WithTimeout(context.Background(), saveWait)
		defer cancel()
		if werr := s.WaitSaves(wait); werr != nil && err == nil {
			err = fail(exitNoKeyring, "the renewed sign-in could not be saved to the keyring in time")
		}
	}()
	tok, err := s.TokenFor(ctx, tokenLife)
	// A renewal that could not be saved spent the stored refresh token:
	// printing the new access token would hide that the sign-in is lost.
	if failed := env.store.Failed(); failed != nil {
		return "", keyringError(failed)
	}
	var renewErr *oauth.RenewError
	switch {
	case errors.Is(err, oauth.ErrSignInRequired):
		return "", fail(exitRefused, "%s no longer accepts the stored sign-in (%v); sign in again with: %s", region.Name, err, signInCommand(region))
	case errors.As(err, &renewErr):
		return "", fail(exitUnreached, "could not renew access to %s (%v); try again later", region.Name, renewErr.Reason)
	case err != nil:
		return "", fail(exitUnreached, "could not renew access to %s: %v", region.Name, err)
	}
	return tok.AccessToken, nil
}
