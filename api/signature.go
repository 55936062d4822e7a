package api

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// SignedHeaders are the headers the legacy signature covers, in the order
// the canonical request lists them.
const SignedHeaders = "authorization;x-api-key;x-timestamp"

// SignatureInput is what the legacy API-key signature covers, each field
// exactly as it goes on the wire.
type SignatureInput struct {
	Method    string // upper case, such as GET
	Path      string // the URL path only, such as /v1/asset/account
	Query     string // the encoded query as sent, without "?"; "" for none
	Token     string // the Authorization header: the legacy token, no "Bearer "
	AppKey    string // the X-Api-Key header
	Timestamp string // the X-Timestamp header
	// Body is the request body; its SHA-1 is signed when it is not empty.
	// The Rust SDK also signs the hash of an attached empty body; the Go
	// SDK does not, and neither does this client (it sends only GETs).
	Body []byte
}

// Signature returns the X-Api-Signature header for in, signed with the app
// secret: "HMAC-SHA256 SignedHeaders=authorization;x-api-key;x-timestamp,
// Signature=<hex>", by the algorithm of the SDKs (longport-api.md 4.2):
//
//  1. canonical = METHOD|PATH|QUERY|authorization:TOKEN\nx-api-key:KEY\nx-timestamp:TS\n|SIGNED_HEADERS|
//     followed by hex(sha1(body)) when there is a body;
//  2. string to sign = "HMAC-SHA256|" + hex(sha1(canonical));
//  3. signature = hex(HMAC-SHA256(secret, string to sign)).
func Signature(secret string, in SignatureInput) string {
	return "HMAC-SHA256 SignedHeaders=" + SignedHeaders + ", Signature=" + signatureHex(secret, stringToSign(in))
}

// stringToSign is step 2 of Signature.
func stringToSign(in SignatureInput) string {
	var b strings.Builder
	b.WriteString(in.Method)
	b.WriteByte('|')
	b.WriteString(in.Path)
	b.WriteByte('|')
	b.WriteString(in.Query)
	b.WriteByte('|')
	b.WriteString("authorization:" + in.Token + "\n")
	b.WriteString("x-api-key:" + in.AppKey + "\n")
	b.WriteString("x-timestamp:" + in.Timestamp + "\n")
	b.WriteByte('|')
	b.WriteString(SignedHeaders)
	b.WriteByte('|')
	if len(in.Body) > 0 {
		b.WriteString(sha1Hex(in.Body))
	}
	return "HMAC-SHA256|" + sha1Hex([]byte(b.String()))
}

func signatureHex(secret, toSign string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(toSign))
	return hex.EncodeToString(m.Sum(nil))
}

func sha1Hex(b []byte) string {
	sum := sha1.Sum(b)
	return hex.EncodeToString(sum[:])
}
