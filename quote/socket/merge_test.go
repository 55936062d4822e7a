package socket

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portview/portview/quote/socket/pb"
)

func TestASnapshotNeverHidesANewerPushButCatchesUpAfterAReconnect(t *testing.T) {
	now := time.Now()
	sec := now.Unix()
	push := &pb.PushQuote{LastDone: "101.00", Timestamp: sec}
	snap := &pb.SecurityQuote{LastDone: "100.00", PrevClose: "99.00", Timestamp: sec}
	tests := []struct {
		name     string
		pushLink int
		snapLink int
		want     string
	}{
		// A snapshot asked for on subscribing can arrive after a push of
		// the same second: the push is the newer price.
		{"a push of the same link and second wins", 3, 3, "101"},
		// After a reconnect the snapshot is how a price missed while away
		// is caught up, whatever the seconds say.
		{"a push of an earlier link loses", 2, 3, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q Quote
			q.applyPush(push, now, tt.pushLink)
			q.applySnapshot(snap, now, tt.snapLink)
			if !q.Last.Equal(decimal.RequireFromString(tt.want)) || !q.PrevClose.Equal(decimal.RequireFromString("99")) {
				t.Errorf("last %s prev %s; want last %s over prev 99", q.Last, q.PrevClose, tt.want)
			}
		})
	}
}
