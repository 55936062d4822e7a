package curlscript

import "testing"

func TestScript(t *testing.T) {
	got := Script([]string{"http://127.0.0.1:1/v1/asset/account", "http://h/v1/x?a=1&b=2"}, TokenCommand("it's"), "client 1")
	want := `TOKEN="$(portview token -region 'it'\''s')" &&
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'X-Api-Key: client 1' http://127.0.0.1:1/v1/asset/account &&
curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'X-Api-Key: client 1' 'http://h/v1/x?a=1&b=2'
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Script(nil, "demo", ""); got != "TOKEN=demo\n" {
		t.Errorf("no request: %q", got)
	}
}
