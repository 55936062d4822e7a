package socket

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/portview/portview/quote/socket/packet"
	"github.com/portview/portview/quote/socket/pb"
)

// BenchmarkPushDecode is the reader's whole path for one quote push:
// packet.Decode, proto.Unmarshal, the merge over the symbol's quote and the
// hand-off to its subscriber, for 500 subscribed symbols.
func BenchmarkPushDecode(b *testing.B) {
	for _, gz := range []bool{false, true} {
		b.Run(fmt.Sprintf("gzip=%v", gz), func(b *testing.B) {
			c, err := New(Config{
				URL: "ws://127.0.0.1:1/v2",
				Tokens: TokenFunc(func(context.Context) (SocketToken, error) {
					return SocketToken{}, errors.New("offline")
				}),
			})
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			syms := make([]string, 500)
			frames := make([][]byte, 500)
			for i := range syms {
				syms[i] = fmt.Sprintf("B%03d.US", i)
				body, _ := proto.Marshal(&pb.PushQuote{
					Symbol: syms[i], Sequence: 7, LastDone: "226.51", Open: "225.00", High: "227.10", Low: "224.80",
					Timestamp: 1700000000, Volume: 1234567, Turnover: "279613456.78", CurrentVolume: 300, CurrentTurnover: "67953.00",
				})
				frames[i], _ = packet.Packet{Type: packet.Push, Cmd: packet.CmdPushQuote, Gzip: gz, Body: body}.Encode()
			}
			sub, err := c.Subscribe(syms, func(Quote) {})
			if err != nil {
				b.Fatal(err)
			}
			defer sub.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				p, err := packet.Decode(frames[i%len(frames)])
				if err != nil {
					b.Fatal(err)
				}
				c.onPush(p)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pushes/s")
		})
	}
}
