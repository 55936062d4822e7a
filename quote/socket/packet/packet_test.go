package packet_test

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func marshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The golden frames of the digest (section 3.12), computed from its layouts.
func TestGoldenFrames(t *testing.T) {
	tests := []struct {
		name   string
		packet packet.Packet
		frame  string
	}{
		{"the auth request of the digest encodes byte for byte", packet.Packet{
			Type: packet.Request, Cmd: 2, RequestID: 1, TimeoutMS: 5000,
			Body: marshal(t, &pb.AuthRequest{Token: "OTP123", Metadata: map[string]string{"accept-language": "en"}}),
		}, "01 02 00 00 00 01 13 88 00 00 1f 0a 06 4f 54 50 31 32 33 12 15 0a 0f 61 63 63 65 70 74 2d 6c 61 6e 67 75 61 67 65 12 02 65 6e"},
		{"the subscribe request of the digest encodes byte for byte", packet.Packet{
			Type: packet.Request, Cmd: 6, RequestID: 3, TimeoutMS: 30000,
			Body: marshal(t, &pb.SubscribeRequest{Symbol: []string{"700.HK", "AAPL.US"}, SubType: []pb.SubType{pb.SubType_QUOTE}, IsFirstPush: true}),
		}, "01 06 00 00 00 03 75 30 00 00 16 0a 06 37 30 30 2e 48 4b 0a 07 41 41 50 4c 2e 55 53 12 01 01 18 01"},
		{"a subscribe success is a response with an empty body", packet.Packet{
			Type: packet.Response, Cmd: 6, RequestID: 3, Status: packet.StatusOK,
		}, "02 06 00 00 00 03 00 00 00 00"},
		{"a subscribe failure carries status 7 and an Error body", packet.Packet{
			Type: packet.Response, Cmd: 6, RequestID: 4, Status: packet.StatusServerInternalError,
			Body: marshal(t, &pb.Error{Code: 301605, Msg: "too many subscriptions"}),
		}, "02 06 00 00 00 04 07 00 00 1c 08 a5 b4 12 12 16 74 6f 6f 20 6d 61 6e 79 20 73 75 62 73 63 72 69 70 74 69 6f 6e 73"},
		{"a quote push has a five-byte header", packet.Packet{
			Type: packet.Push, Cmd: 101,
			Body: marshal(t, &pb.PushQuote{Symbol: "700.HK", Sequence: 1, LastDone: "388.0", Timestamp: 1700000000, Volume: 1000}),
		}, "03 65 00 00 1a 0a 06 37 30 30 2e 48 4b 10 01 1a 05 33 38 38 2e 30 38 80 e2 cf aa 06 40 e8 07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := unhex(t, tt.frame)
			got, err := tt.packet.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("Encode\n got % x\nwant % x", got, want)
			}
			back, err := packet.Decode(want)
			if err != nil {
				t.Fatal(err)
			}
			if back.Type != tt.packet.Type || back.Cmd != tt.packet.Cmd || back.RequestID != tt.packet.RequestID ||
				back.TimeoutMS != tt.packet.TimeoutMS || back.Status != tt.packet.Status || !bytes.Equal(back.Body, tt.packet.Body) {
				t.Fatalf("Decode = %+v, want %+v", back, tt.packet)
			}
		})
	}
}

func TestGoldenHeartbeatPayload(t *testing.T) {
	id := int32(7)
	got := marshal(t, &pb.Heartbeat{Timestamp: 1700000000000, HeartbeatId: &id})
	if want := unhex(t, "08 80 d0 95 ff bc 31 10 07"); !bytes.Equal(got, want) {
		t.Fatalf("got % x, want % x", got, want)
	}
}

// Frames built by hand from the layout tables, field by field.
func TestDecodeHandBuiltFrames(t *testing.T) {
	body := []byte{0x0a, 0x02, 'h', 'i'}
	trailer := append(bytes.Repeat([]byte{0xaa}, 8), bytes.Repeat([]byte{0xbb}, 16)...)
	tests := []struct {
		name  string
		frame []byte
		want  packet.Packet
	}{
		{"a request reads id, timeout and length big-endian",
			append([]byte{0x01, 11, 0x01, 0x02, 0x03, 0x04, 0xea, 0x60, 0x00, 0x00, 0x04}, body...),
			packet.Packet{Type: packet.Request, Cmd: 11, RequestID: 0x01020304, TimeoutMS: 60000, Body: body}},
		{"a response reads its status byte",
			append([]byte{0x02, 19, 0xff, 0xff, 0xff, 0xff, 0x05, 0x00, 0x00, 0x04}, body...),
			packet.Packet{Type: packet.Response, Cmd: 19, RequestID: 0xffffffff, Status: packet.StatusUnauthenticated, Body: body}},
		{"a push with the verify bit carries the nonce and signature after the body",
			append(append([]byte{0x13, 101, 0x00, 0x00, 0x04}, body...), trailer...),
			packet.Packet{Type: packet.Push, Cmd: 101, Body: body, Verify: true,
				Nonce:     [8]byte{0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa},
				Signature: [16]byte{0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb}}},
		{"a gzip push is inflated",
			append([]byte{0x23, 101, 0x00, 0x00, byte(len(gz(t, body)))}, gz(t, body)...),
			packet.Packet{Type: packet.Push, Cmd: 101, Gzip: true, Body: body}},
		{"a push with an empty body is three zero length bytes",
			[]byte{0x03, 102, 0, 0, 0},
			packet.Packet{Type: packet.Push, Cmd: 102, Body: []byte{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := packet.Decode(tt.frame)
			if err != nil {
				t.Fatal(err)
			}
			if got.Type != tt.want.Type || got.Cmd != tt.want.Cmd || got.RequestID != tt.want.RequestID ||
				got.TimeoutMS != tt.want.TimeoutMS || got.Status != tt.want.Status || got.Gzip != tt.want.Gzip ||
				got.Verify != tt.want.Verify || got.Nonce != tt.want.Nonce || got.Signature != tt.want.Signature ||
				!bytes.Equal(got.Body, tt.want.Body) {
				t.Fatalf("Decode = %+v\nwant %+v", got, tt.want)
			}
			again, err := got.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if back, err := packet.Decode(again); err != nil || !bytes.Equal(back.Body, tt.want.Body) {
				t.Fatalf("re-encoded packet decodes to %+v, %v", back, err)
			}
		})
	}
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestDecodeRefusesMalformedFrames(t *testing.T) {
	tests := []struct {
		name  string
		frame []byte
	}{
		{"an empty message is refused", nil},
		{"type 0 is refused", []byte{0x00, 1, 0, 0, 0}},
		{"type 4 is refused", []byte{0x04, 1, 0, 0, 0}},
		{"a reserved bit is refused", []byte{0x43, 101, 0, 0, 0}},
		{"a request cut inside its header is refused", []byte{0x01, 2, 0, 0, 0, 1, 0x13, 0x88, 0}},
		{"a response shorter than its header is refused", []byte{0x02, 6, 0, 0, 0, 3, 0, 0, 0}},
		{"a body shorter than body_len is refused", []byte{0x03, 101, 0, 0, 5, 1, 2, 3}},
		{"a body longer than body_len is refused", []byte{0x03, 101, 0, 0, 1, 1, 2}},
		{"a verify bit without the trailer is refused", []byte{0x13, 101, 0, 0, 1, 1}},
		{"a gzip bit on a body that is not gzip is refused", []byte{0x23, 101, 0, 0, 2, 1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := packet.Decode(tt.frame)
			if !errors.Is(err, packet.ErrMalformed) {
				t.Fatalf("Decode(% x) = %+v, %v; want ErrMalformed", tt.frame, p, err)
			}
		})
	}
}

func TestEncodeGzipRoundTrips(t *testing.T) {
	body := bytes.Repeat([]byte("700.HK "), 400)
	b, err := packet.Packet{Type: packet.Response, Cmd: 11, RequestID: 9, Gzip: true, Body: body}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 0x22 || len(b) >= len(body) {
		t.Fatalf("header 0x%02x, %d bytes for a %d-byte body: not compressed", b[0], len(b), len(body))
	}
	p, err := packet.Decode(b)
	if err != nil || !p.Gzip || !bytes.Equal(p.Body, body) {
		t.Fatalf("Decode = gzip %v, %d bytes, %v", p.Gzip, len(p.Body), err)
	}
}

func TestEncodeRefusesOversizedBodyAndUnknownType(t *testing.T) {
	if _, err := (packet.Packet{Type: packet.Push, Body: make([]byte, packet.MaxBodyLen+1)}).Encode(); err == nil {
		t.Error("a body past 16 MiB - 1 was encoded")
	}
	if _, err := (packet.Packet{Type: 7}).Encode(); err == nil {
		t.Error("type 7 was encoded")
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"01 02 00 00 00 01 13 88 00 00 1f 0a 06 4f 54 50 31 32 33 12 15 0a 0f 61 63 63 65 70 74 2d 6c 61 6e 67 75 61 67 65 12 02 65 6e",
		"02 06 00 00 00 03 00 00 00 00",
		"03 65 00 00 1a 0a 06 37 30 30 2e 48 4b 10 01 1a 05 33 38 38 2e 30 38 80 e2 cf aa 06 40 e8 07",
	} {
		f.Add(unhex(f, s))
	}
	f.Add(append([]byte{0x23, 101, 0, 0, 0x18}, gz(f, []byte("hello"))...))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := packet.Decode(b)
		if err != nil {
			if !errors.Is(err, packet.ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		// What decodes must encode again and decode to the same packet.
		again, err := p.Encode()
		if err != nil {
			t.Fatalf("decoded packet does not encode: %v", err)
		}
		q, err := packet.Decode(again)
		if err != nil {
			t.Fatalf("re-encoded packet does not decode: %v", err)
		}
		if q.Type != p.Type || q.Cmd != p.Cmd || q.RequestID != p.RequestID || q.TimeoutMS != p.TimeoutMS ||
			q.Status != p.Status || q.Verify != p.Verify || q.Nonce != p.Nonce || q.Signature != p.Signature ||
			!bytes.Equal(q.Body, p.Body) {
			t.Fatalf("round trip changed the packet: %+v -> %+v", p, q)
		}
		if !p.Gzip && !bytes.Equal(again, b) {
			t.Fatalf("an uncompressed packet did not re-encode to its own bytes")
		}
	})
}
