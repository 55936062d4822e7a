package table

import (
	"testing"
	"time"
)

func TestFlashesEndTogetherOnAGrid(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		start time.Duration // after base, a grid step
		want  time.Duration
	}{
		{"a flash on the grid lasts to the step after its 300 ms", 0, 500 * time.Millisecond},
		{"a flash 100 ms later ends with it", 100 * time.Millisecond, 400 * time.Millisecond},
		{"a flash 200 ms later ends a step later", 200 * time.Millisecond, 550 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := flashEnd(base.Add(tc.start))
			if got != tc.want {
				t.Fatalf("flashEnd = %v, want %v", got, tc.want)
			}
			if got < flashTime {
				t.Fatalf("a flash of %v is shorter than flashTime", got)
			}
		})
	}
}
