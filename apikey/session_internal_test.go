package apikey

import (
	"testing"
	"time"
)

func TestAShortGrantIsNotRenewedInALoop(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		expiry time.Time
		want   time.Time
	}{
		{"90 days: 14 days before", now.Add(90 * 24 * time.Hour), now.Add(76 * 24 * time.Hour)},
		{"5 days: halfway", now.Add(5 * 24 * time.Hour), now.Add(60 * time.Hour)},
		{"a minute: not before the first retry", now.Add(time.Minute), now.Add(firstRetry)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renewAt(tt.expiry, now); !got.Equal(tt.want) {
				t.Errorf("renewAt = %v, want %v", got, tt.want)
			}
		})
	}
}
