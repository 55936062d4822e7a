// Package packet encodes and decodes the packets of LongPort's quote socket,
// one packet per WebSocket binary message. All integers are big-endian.
//
// The first byte holds the packet type (low nibble), a verify bit (0x10:
// an 8-byte nonce and a 16-byte signature follow the body) and a gzip bit
// (0x20: the body is gzip compressed); the two high bits are reserved. Then:
//
//	request  (11 bytes): type, cmd, request_id u32, timeout_ms u16, body_len u24, body
//	response (10 bytes): type, cmd, request_id u32, status u8,      body_len u24, body
//	push      (5 bytes): type, cmd,                                 body_len u24, body
//
// Decode is strict: a packet whose length is not exactly its header plus
// body_len (plus the trailer when verify is set) is refused, as is an
// unknown type or a reserved bit.
package packet

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Type is a packet's kind.
type Type uint8

// The packet types.
const (
	Request  Type = 1
	Response Type = 2
	Push     Type = 3
)

func (t Type) String() string {
	switch t {
	case Request:
		return "request"
	case Response:
		return "response"
	case Push:
		return "push"
	}
	return fmt.Sprintf("type(%d)", uint8(t))
}

// Header bits of the first byte.
const (
	typeMask     = 0x0F
	verifyBit    = 0x10
	gzipBit      = 0x20
	reservedMask = 0xC0
)

// Sizes of the fixed parts, the verify trailer and the largest body.
const (
	RequestHeaderLen  = 11
	ResponseHeaderLen = 10
	PushHeaderLen     = 5
	TrailerLen        = 8 + 16
	MaxBodyLen        = 1<<24 - 1
	// MaxInflatedLen caps a gzip body once inflated, so a small packet
	// cannot make the reader allocate without bound.
	MaxInflatedLen = 64 << 20
)

// Status is a response's status byte.
type Status uint8

// The statuses of the protocol; only 0 is success.
const (
	StatusOK                  Status = 0
	StatusServerTimeout       Status = 1
	StatusClientTimeout       Status = 2
	StatusBadRequest          Status = 3
	StatusBadResponse         Status = 4
	StatusUnauthenticated     Status = 5
	StatusPermissionDenied    Status = 6
	StatusServerInternalError Status = 7
	StatusClientInternalError Status = 8
)

func (s Status) String() string {
	switch s {
	case StatusOK:
		return "success"
	case StatusServerTimeout:
		return "server timeout"
	case StatusClientTimeout:
		return "client timeout"
	case StatusBadRequest:
		return "bad request"
	case StatusBadResponse:
		return "bad response"
	case StatusUnauthenticated:
		return "unauthenticated"
	case StatusPermissionDenied:
		return "permission denied"
	case StatusServerInternalError:
		return "server internal error"
	case StatusClientInternalError:
		return "client internal error"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// Packet is one decoded packet. Fields that a type does not carry are zero.
type Packet struct {
	Type      Type
	Cmd       uint8
	RequestID uint32 // request and response
	TimeoutMS uint16 // request: how long the sender will wait
	Status    Status // response
	// Gzip is whether the body travels compressed: Encode compresses it,
	// Decode sets it when it inflated the body.
	Gzip bool
	// Body is the protobuf message, uncompressed. Decode may return a
	// slice of its input: copy it to keep it past the input's life.
	Body []byte
	// Verify is whether Nonce and Signature follow the body. No client
	// sets it and the signing scheme is not documented; the codec only
	// carries the trailer.
	Verify    bool
	Nonce     [8]byte
	Signature [16]byte
}

// ErrMalformed is wrapped by every error of Decode.
var ErrMalformed = errors.New("malformed packet")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// HeaderLen is the size of t's fixed part, or 0 for an unknown type.
func HeaderLen(t Type) int {
	switch t {
	case Request:
		return RequestHeaderLen
	case Response:
		return ResponseHeaderLen
	case Push:
		return PushHeaderLen
	}
	return 0
}

// Decode parses one packet, inflating a gzip body.
func Decode(b []byte) (Packet, error) {
	if len(b) == 0 {
		return Packet{}, malformed("empty")
	}
	h := b[0]
	p := Packet{
		Type:   Type(h & typeMask),
		Verify: h&verifyBit != 0,
		Gzip:   h&gzipBit != 0,
	}
	if h&reservedMask != 0 {
		return Packet{}, malformed("reserved header bits set (0x%02x)", h)
	}
	fixed := HeaderLen(p.Type)
	if fixed == 0 {
		return Packet{}, malformed("unknown packet type %d", uint8(p.Type))
	}
	if len(b) < fixed {
		return Packet{}, malformed("%s of %d bytes is shorter than its %d-byte header", p.Type, len(b), fixed)
	}
	p.Cmd = b[1]
	switch p.Type {
	case Request:
		p.RequestID = binary.BigEndian.Uint32(b[2:6])
		p.TimeoutMS = binary.BigEndian.Uint16(b[6:8])
	case Response:
		p.RequestID = binary.BigEndian.Uint32(b[2:6])
		p.Status = Status(b[6])
	}
	n := int(b[fixed-3])<<16 | int(b[fixed-2])<<8 | int(b[fixed-1])
	want := fixed + n
	if p.Verify {
		want += TrailerLen
	}
	if len(b) != want {
		return Packet{}, malformed("%s says %d body bytes but carries %d", p.Type, n, len(b)-fixed)
	}
	body := b[fixed : fixed+n]
	if p.Verify {
		copy(p.Nonce[:], b[fixed+n:])
		copy(p.Signature[:], b[fixed+n+8:])
	}
	if p.Gzip {
		var err error
		if body, err = inflate(body); err != nil {
			return Packet{}, malformed("gzip body: %v", err)
		}
	}
	p.Body = body
	return p, nil
}

// Encode lays p out for the wire, compressing the body when p.Gzip is set.
func (p Packet) Encode() ([]byte, error) {
	fixed := HeaderLen(p.Type)
	if fixed == 0 {
		return nil, fmt.Errorf("encode: unknown packet type %d", uint8(p.Type))
	}
	body := p.Body
	if p.Gzip {
		var err error
		if body, err = deflate(body); err != nil {
			return nil, fmt.Errorf("encode: gzip: %w", err)
		}
	}
	if len(body) > MaxBodyLen {
		return nil, fmt.Errorf("encode: body of %d bytes exceeds %d", len(body), MaxBodyLen)
	}
	size := fixed + len(body)
	if p.Verify {
		size += TrailerLen
	}
	b := make([]byte, fixed, size)
	b[0] = byte(p.Type)
	if p.Verify {
		b[0] |= verifyBit
	}
	if p.Gzip {
		b[0] |= gzipBit
	}
	b[1] = p.Cmd
	switch p.Type {
	case Request:
		binary.BigEndian.PutUint32(b[2:6], p.RequestID)
		binary.BigEndian.PutUint16(b[6:8], p.TimeoutMS)
	case Response:
		binary.BigEndian.PutUint32(b[2:6], p.RequestID)
		b[6] = byte(p.Status)
	}
	n := len(body)
	b[fixed-3], b[fixed-2], b[fixed-1] = byte(n>>16), byte(n>>8), byte(n)
	b = append(b, body...)
	if p.Verify {
		b = append(b, p.Nonce[:]...)
		b = append(b, p.Signature[:]...)
	}
	return b, nil
}

var gzipReaders sync.Pool

func inflate(b []byte) ([]byte, error) {
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(b))
	} else {
		err = zr.Reset(bytes.NewReader(b))
	}
	if err != nil {
		return nil, err
	}
	defer gzipReaders.Put(zr)
	out, err := io.ReadAll(io.LimitReader(zr, MaxInflatedLen+1))
	if err != nil {
		return nil, err
	}
	if len(out) > MaxInflatedLen {
		return nil, fmt.Errorf("inflates past %d bytes", MaxInflatedLen)
	}
	return out, nil
}

func deflate(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
