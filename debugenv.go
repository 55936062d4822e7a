package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"

	"github.com/portview/portview/gui"
)

// Variables for measuring the app from outside (scripts/idle-cpu.sh);
// users never need them, so -help does not list them.
//
//	PORTVIEW_SANDBOX_PUSH_RATE  the sandbox's quote pushes a second (0: none)
//	PORTVIEW_CPUPROFILE         a file to write a CPU profile of the run to
//	PORTVIEW_MEMPROFILE         a file to write a heap profile to at the end
//	PORTVIEW_COUNT_REFRESHES    log the canvas refreshes of every 5 s, by type
//	PORTVIEW_SANDBOX_CLOCK      the sandbox servers' clock at launch, RFC 3339
//	                            (it runs on from there): measure a market's
//	                            open hours whatever the time of day

// sandboxFromEnv is the sandbox's options as the environment tunes them.
func sandboxFromEnv(log *slog.Logger) gui.SandboxOptions {
	var o gui.SandboxOptions
	if v := os.Getenv("PORTVIEW_SANDBOX_PUSH_RATE"); v != "" {
		rate, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil:
			log.Warn("PORTVIEW_SANDBOX_PUSH_RATE is not a number; ignored", "value", v)
		case rate <= 0:
			o.PushRate = -1 // none
		default:
			o.PushRate = rate
		}
	}
	if v := os.Getenv("PORTVIEW_SANDBOX_CLOCK"); v != "" {
		start, err := time.Parse(time.RFC3339, v)
		if err != nil {
			log.Warn("PORTVIEW_SANDBOX_CLOCK is not an RFC 3339 time; ignored", "value", v)
		} else {
			launched := time.Now()
			o.Now = func() time.Time { return start.Add(time.Since(launched)) }
		}
	}
	return o
}

// startProfile starts a CPU profile when PORTVIEW_CPUPROFILE names a file,
// and readies a heap profile for PORTVIEW_MEMPROFILE; the function it
// returns ends the one and writes the other.
func startProfile(log *slog.Logger) (stop func()) {
	stopCPU := startCPUProfile(log, os.Getenv("PORTVIEW_CPUPROFILE"))
	heap := os.Getenv("PORTVIEW_MEMPROFILE")
	if heap == "" && stopCPU == nil {
		return func() {}
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			if stopCPU != nil {
				stopCPU()
			}
			if heap != "" {
				writeHeapProfile(log, heap)
			}
		})
	}
	// A measuring script ends the app with SIGTERM, which skips deferred
	// calls: the profiles are written first.
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM)
	go func() {
		<-term
		stop()
		os.Exit(0)
	}()
	return stop
}

// startCPUProfile starts a CPU profile into path, and returns what ends
// it; nil when there is none.
func startCPUProfile(log *slog.Logger, path string) func() {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		log.Warn("cannot write the CPU profile", "err", err)
		return nil
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		log.Warn("cannot start the CPU profile", "err", err)
		f.Close()
		return nil
	}
	log.Info("CPU profile", "path", path)
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// writeHeapProfile writes what the Go heap holds, after a collection, to
// path.
func writeHeapProfile(log *slog.Logger, path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Warn("cannot write the heap profile", "err", err)
		return
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		log.Warn("cannot write the heap profile", "err", err)
	}
}

// countRefreshes logs, every 5 s, what asked the canvas to repaint, when
// PORTVIEW_COUNT_REFRESHES is set. Every Fyne refresh ends in
// canvas.Refresh, which asks the current app's driver for the object's
// canvas: an app whose driver hands out a counting canvas sees them all,
// and Fyne's GL driver repaints the whole window after any of them.
func countRefreshes(a fyne.App, log *slog.Logger) {
	if os.Getenv("PORTVIEW_COUNT_REFRESHES") == "" {
		return
	}
	d := &countingDriver{Driver: a.Driver(), what: map[string]int{}}
	fyne.SetCurrentApp(countingApp{a, d})
	go func() {
		for range time.Tick(5 * time.Second) {
			d.mu.Lock()
			what := d.what
			d.what = map[string]int{}
			d.mu.Unlock()
			total := 0
			for _, n := range what {
				total += n
			}
			log.Info("canvas refreshes in 5 s", "total", total, "by_type", fmt.Sprint(what))
		}
	}()
}

type countingApp struct {
	fyne.App
	d *countingDriver
}

func (a countingApp) Driver() fyne.Driver { return a.d }

type countingDriver struct {
	fyne.Driver
	mu   sync.Mutex
	what map[string]int
}

func (d *countingDriver) CanvasForObject(o fyne.CanvasObject) fyne.Canvas {
	if c := d.Driver.CanvasForObject(o); c != nil {
		return countingCanvas{c, d}
	}
	return nil
}

type countingCanvas struct {
	fyne.Canvas
	d *countingDriver
}

func (c countingCanvas) Refresh(o fyne.CanvasObject) {
	c.d.mu.Lock()
	c.d.what[fmt.Sprintf("%T", o)]++
	c.d.mu.Unlock()
	c.Canvas.Refresh(o)
}
