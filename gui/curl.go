package gui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/portview/portview/internal/curlscript"
)

// onCopyCurl copies the requests the view on screen made, as curl commands.
//
//   - A real region's commands get their token from portview token, which
//     reads the stored sign-in, so they work in a script as long as it does.
//   - The sandbox keeps no sign-in for portview token to read; its commands
//     carry its demo token, which is no secret and which its API takes for as
//     long as this window runs it.
//   - An API key's requests are each signed with the app secret at the
//     moment they are sent (LongPort refuses a signature it has seen, or an
//     old one), which a copied command cannot do: it says so.
func (u *UI) onCopyCurl() {
	if u.keySession != nil {
		d := dialog.NewInformation(lang.X("curl.api_key_title", "Copy as curl"),
			lang.X("curl.api_key", "Copy as curl needs an OAuth sign-in: with an API key each request must be signed with your app secret as it is sent, which a copied curl command cannot do. LongPort's SDKs sign for you."), u.win)
		d.Show()
		return
	}
	v := u.currentView()
	if v == nil || u.session == nil || u.account == nil {
		u.status.flash(lang.X("curl.signed_out", "Sign in first: Copy as curl copies the requests of the view on screen."))
		return
	}
	reqs := v.requests()
	if len(reqs) == 0 {
		u.status.flash(lang.X("curl.none", "This view has made no request yet."))
		return
	}
	n := map[string]any{"N": len(reqs)}
	if isSandbox(u.account.Region()) {
		u.app.Clipboard().SetContent(curlscript.Script(reqs, sandboxBearer, u.session.ClientID()))
		u.status.flash(plural("curl.copied_sandbox", len(reqs),
			"Copied 1 request as curl, with the sandbox's demo token: it runs while this window runs the sandbox.",
			"Copied {{.N}} requests as curl, with the sandbox's demo token: they run while this window runs the sandbox.", n))
		return
	}
	u.app.Clipboard().SetContent(curlscript.Script(reqs, curlscript.TokenCommand(regionName(u.account.Region())), u.session.ClientID()))
	u.status.flash(plural("curl.copied", len(reqs), "Copied 1 request as curl.", "Copied {{.N}} requests as curl.", n))
}
