package oauth

import (
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header string
		want   time.Duration
		capped bool
	}{
		{"no header gives no delay", "", 0, false},
		{"seconds are read", "3", 3 * time.Second, false},
		{"spaces around seconds are ignored", " 3 ", 3 * time.Second, false},
		{"fractional seconds are read", "0.5", 500 * time.Millisecond, false},
		{"zero means the normal back-off, not now", "0", 0, false},
		{"a negative number means the normal back-off", "-1", 0, false},
		{"garbage means the normal back-off", "soon", 0, false},
		{"NaN means the normal back-off", "NaN", 0, false},
		{"an HTTP date is read", "Wed, 01 Apr 2026 12:00:07 GMT", 7 * time.Second, false},
		{"a date in the past means the normal back-off", "Wed, 01 Apr 2026 11:00:00 GMT", 0, false},
		{"the present moment means the normal back-off", "Wed, 01 Apr 2026 12:00:00 GMT", 0, false},
		{"exactly the cap is not cut", "600", MaxRetryAfter, false},
		{"a huge number is capped", "1e12", MaxRetryAfter, true},
		{"infinity is capped", "+Inf", MaxRetryAfter, true},
		{"a date far ahead is capped", "Thu, 02 Apr 2026 12:00:00 GMT", MaxRetryAfter, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, capped := RetryAfter(tt.header, now)
			if got != tt.want || capped != tt.capped {
				t.Errorf("RetryAfter(%q) = %v, %v; want %v, %v", tt.header, got, capped, tt.want, tt.capped)
			}
		})
	}
}
