package socketload

import (
	"context"
	"flag"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var seconds = flag.Int("load.seconds", 3, "how long TestLoad pushes")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// TestLoad runs the load: 500 symbols, 5,000 pushes a second. Run
// longer with: go test ./quote/socket/socketload -run Load -v -load.seconds=60
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a load test")
	}
	r, err := Run(context.Background(), Options{Duration: time.Duration(*seconds) * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
	if r.Reconnects != 0 {
		t.Errorf("the client fell behind and was dropped %d times", r.Reconnects)
	}
	if r.Sent < 4000**seconds || r.Delivered == 0 {
		t.Errorf("only %d pushes sent, %d delivered", r.Sent, r.Delivered)
	}
	// The target is p95 under 100 ms to the screen; the socket's
	// share of it must be well under that, even under -race.
	if r.P95 > 100*time.Millisecond {
		t.Errorf("p95 latency %v, want under 100 ms", r.P95)
	}
}
