package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/portview/portview/quote/quotetest"
)

// Security is a row of the security list, the longest list LongPort sends:
// the shape these tests decode.
type Security struct {
	Symbol string `json:"symbol"`
	NameCN string `json:"name_cn"`
	NameHK string `json:"name_hk"`
	NameEN string `json:"name_en"`
}

func decodeSecurityList(dec *json.Decoder) ([]Security, error) {
	return DecodeRows[Security](dec, "list")
}

func decodeList(body []byte) ([]Security, envelope, error) {
	var rows []Security
	env, err := decodeEnvelope(bytes.NewReader(body), func(dec *json.Decoder) (err error) {
		rows, err = decodeSecurityList(dec)
		return err
	})
	return rows, env, err
}

func TestDecodeEnvelope(t *testing.T) {
	seed := Security{Symbol: "TSLA.US", NameCN: "特斯拉"}
	tests := []struct {
		name     string
		body     string
		wantRows []Security
		wantCode int
		wantErr  string
	}{
		{"the seed document's response is decoded",
			`{"code":0,"message":"success","data":{"list":[{"symbol":"TSLA.US","name_cn":"特斯拉","name_hk":"","name_en":""}]}}`,
			[]Security{seed}, 0, ""},
		{"keys in another order and unknown keys are accepted",
			`{"data":{"total":1,"list":[{"name_cn":"特斯拉","extra":[1,{"a":null}],"symbol":"TSLA.US"}],"more":{}},"trace":"x","message":"ok","code":0}`,
			[]Security{seed}, 0, ""},
		{"a code sent as a string is read", `{"code":"0","data":{"list":[]}}`, []Security{}, 0, ""},
		{"an empty list is no rows, not an error", `{"code":0,"data":{"list":[]}}`, []Security{}, 0, ""},
		{"a null list is no rows", `{"code":0,"data":{"list":null}}`, []Security{}, 0, ""},
		{"data without a list is no rows", `{"code":0,"data":{}}`, []Security{}, 0, ""},
		{"an error code skips the data", `{"code":401003,"message":"token expired","data":{"list":"not a list"}}`, nil, 401003, ""},
		{"an error code with data null is read", `{"code":310010,"message":"bad market","data":null}`, nil, 310010, ""},
		{"data null on success is refused", `{"code":0,"data":null}`, nil, 0, `"data" is null`},
		{"a row of the wrong type is refused", `{"code":0,"data":{"list":[42]}}`, nil, 0, "cannot unmarshal"},
		{"a list of the wrong type is refused", `{"code":0,"data":{"list":{}}}`, nil, 0, `where "[" was expected`},
		{"a fractional code is refused", `{"code":1.5}`, nil, 0, "not an integer"},
		{"a code of the wrong type is refused", `{"code":true}`, nil, 0, "not a number"},
		{"an array body is refused", `[]`, nil, 0, `where "{" was expected`},
		{"an HTML body is refused", `<html>`, nil, 0, "invalid character"},
		{"an empty body is refused", ``, nil, 0, "empty body"},
		{"a truncated body is refused", `{"code":0,"data":{"list":[{"symbol":"TS`, nil, 0, "unexpected EOF"},
		{"data after the envelope is refused", `{"code":0,"data":{"list":[]}} {}`, nil, 0, "data after the envelope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, env, err := decodeList([]byte(tt.body))
			if tt.wantErr == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if env.code != tt.wantCode {
				t.Errorf("code = %d, want %d", env.code, tt.wantCode)
			}
			if tt.wantErr == "" && !equalRows(rows, tt.wantRows) {
				t.Errorf("rows = %+v, want %+v", rows, tt.wantRows)
			}
		})
	}
}

func equalRows(a, b []Security) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func response(status int, header http.Header, body []byte) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(bytes.NewReader(body))}
}

func gzipped(t testing.TB, parts ...[]byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	for _, p := range parts {
		if _, err := zw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadResponse(t *testing.T) {
	c := &Client{maxBody: 1 << 20}
	gz := http.Header{"Content-Encoding": {"gzip"}}
	tests := []struct {
		name     string
		resp     *http.Response
		wantErr  error
		wantText string
	}{
		{"a gzip body is decoded",
			response(200, gz, gzipped(t, []byte(`{"code":0,"data":{"list":[]}}`))), nil, ""},
		{"a body over the cap after gunzip is refused",
			response(200, gz, gzipped(t, []byte(`{"code":0,"data":{"list":[],"pad":"`), bytes.Repeat([]byte("a"), 2<<20), []byte(`"}}`))),
			ErrUnexpectedResponse, "over the size cap"},
		{"a body of exactly the cap is read",
			response(200, nil, append([]byte(`{"code":0,"data":{"list":[]}}`), bytes.Repeat([]byte(" "), 1<<20-29)...)), nil, ""},
		{"a corrupt gzip body is refused, not retried as a network error",
			response(200, gz, []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff")), ErrUnexpectedResponse, "flate: corrupt input"},
		{"an empty body that claims gzip is an empty body",
			response(200, gz, nil), ErrUnexpectedResponse, "empty body"},
		{"the request ID comes from x-request-id when x-trace-id is absent",
			response(500, http.Header{"X-Request-Id": {"req-7"}}, []byte(`{"code":500000,"message":"internal error","data":null}`)),
			nil, "(request req-7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.readResponse(tt.resp, func(dec *json.Decoder) error {
				_, err := decodeSecurityList(dec)
				return err
			})
			if tt.wantErr == nil && tt.wantText == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantText != "" && (err == nil || !strings.Contains(err.Error(), tt.wantText)) {
				t.Errorf("err = %v, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func TestTheDefaultsAreTheDocumentedLimits(t *testing.T) {
	c, err := New("quote", Config{BaseURL: "https://openapi.longportapp.com/", ClientID: "id", Tokens: nopTokens{}}, QuoteLimit)
	if err != nil {
		t.Fatal(err)
	}
	if l := c.limits; l.all.within != 110*time.Millisecond || l.all.n != 1 || cap(l.inFlight) != 5 || l.pathLog("/v1/x") != nil {
		t.Errorf("%d calls in %v, %d at once; want 1 in 110 ms (100 ms and a margin), 5, and no budget per path", l.all.n, l.all.within, cap(l.inFlight))
	}
	if c.maxBody != 32<<20 {
		t.Errorf("body cap %d, want 32 MiB", c.maxBody)
	}
	if c.baseURL != "https://openapi.longportapp.com" || c.userAgent != "Portview" {
		t.Errorf("base URL %q, user agent %q", c.baseURL, c.userAgent)
	}
}

type nopTokens struct{ TokenSource }

// FuzzDecodeEnvelope feeds the decoder arbitrary bodies: it must never
// panic, and a success must come with rows.
func FuzzDecodeEnvelope(f *testing.F) {
	for _, s := range []string{
		`{"code":0,"message":"success","data":{"list":[{"symbol":"TSLA.US","name_cn":"特斯拉","name_hk":"","name_en":""}]}}`,
		`{"code":401003,"message":"token expired","data":null}`,
		`{"code":"0","data":{"list":null}}`,
		`{"data":{"list":[{},null]},"code":0}`,
		`{"code":0,"data":null}`,
		quotetest.BodyHTML, quotetest.BodyTruncated, quotetest.BodyEmpty,
		`[[[[{"code":`, `{"code":0,"message":{"a":[1,2]},"data":{"list":[]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rows, env, err := decodeList(body)
		if err == nil && env.code == 0 && env.hasData && rows == nil {
			t.Errorf("success without rows for %q", body)
		}
		c := &Client{maxBody: 1 << 10}
		_ = c.readResponse(response(200, nil, body), func(dec *json.Decoder) error {
			_, err := decodeSecurityList(dec)
			return err
		})
	})
}

func securityListBody(tb testing.TB, n int) []byte {
	body, err := json.Marshal(map[string]any{
		"code": 0, "message": "success", "data": map[string]any{"list": quotetest.Rows(n)},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// BenchmarkDecodeSecurityList100k measures the decoder alone on a
// 100,000-row body.
func BenchmarkDecodeSecurityList100k(b *testing.B) {
	body := securityListBody(b, quotetest.MaxRows)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		rows, _, err := decodeList(body)
		if err != nil || len(rows) != quotetest.MaxRows {
			b.Fatalf("%d rows, err %v", len(rows), err)
		}
	}
}
